import type { Vec3 } from '@anatomodel/imaging';
import { measureMesh } from './measure-mesh.ts';
import type { Mesh } from './mesh.ts';
import { sameTriangles } from './same-triangles.ts';
import { unionFind } from './union-find.ts';

/** Topology and measurements of a triangle mesh. Lengths mm, areas mm², volumes mm³ (LPS). */
export interface MeshAnalysis {
  /** vertices referenced by at least one triangle */
  readonly vertexCount: number;
  readonly triangleCount: number;
  /** undirected edges (vertex-index pairs) */
  readonly edgeCount: number;
  /** edges used by one triangle only (holes) */
  readonly boundaryEdges: number;
  /** edges used by three or more triangles */
  readonly nonManifoldEdges: number;
  /** two-triangle edges traversed in the same direction by both (flipped neighbour) */
  readonly misorientedEdges: number;
  /** vertices whose triangles form more than one fan (pinch points) */
  readonly nonManifoldVertices: number;
  /** triangles with a repeated vertex index */
  readonly degenerateTriangles: number;
  /** edge-connected components */
  readonly shells: number;
  /** V - E + F */
  readonly eulerCharacteristic: number;
  /** sum of the shells' genera, shells - χ/2 (meaningful when closed and manifold) */
  readonly genus: number;
  /** closed (no boundary edges), manifold edges and vertices, consistently oriented */
  readonly watertight: boolean;
  /** divergence-theorem volume, positive when triangles are counter-clockwise from outside */
  readonly signedVolume: number;
  readonly area: number;
  readonly bounds: { readonly min: Vec3; readonly max: Vec3 };
}

/** Options of `analyzeMesh`. */
export interface AnalyzeMeshOptions {
  /**
   * the analysis of a mesh with the same triangles (e.g. the mesh before smoothing moved its
   * vertices, possibly made on another thread): its topology (all counts, shells, genus,
   * watertight) is reused and only volume, area and bounds are measured. Used only when the
   * triangle lists are equal (the same array, else compared element by element, O(T)); the
   * full analysis runs otherwise.
   */
  readonly sameTriangles?: {
    readonly triangles: Uint32Array;
    readonly vertexCount: number;
    readonly analysis: MeshAnalysis;
  };
}

/**
 * Counts edges, shells, Euler characteristic and genus, and measures volume, area and bounds.
 * Topology is by vertex index (coincident vertices with different indices are distinct); an
 * edge is a pair of distinct vertices, so a degenerate triangle contributes at most one edge.
 *
 * One linear pass: triangle corners are bucketed by vertex (CSR), then each vertex's short
 * corner list gives the edges to its higher-numbered neighbours (uses and direction), the
 * union-find of shells and the fan walk that finds pinched vertices. Cost: O(V + T) time,
 * about 20 bytes per triangle and 12 per vertex of scratch. The mesh is not mutated.
 */
export function analyzeMesh(mesh: Mesh, options: AnalyzeMeshOptions = {}): MeshAnalysis {
  return analyzeMeshShells(mesh, options).analysis;
}

/**
 * `analyzeMesh` plus the shell root of every vertex (internal, for `repairMesh`): vertices of
 * one edge-connected shell share a root vertex; null when the topology was reused
 * (`sameTriangles`). Unused vertices are their own roots.
 */
export function analyzeMeshShells(
  mesh: Mesh,
  options: AnalyzeMeshOptions = {},
): { analysis: MeshAnalysis; vertexRoot: Int32Array | null } {
  const { positions: P, triangles: T } = mesh;
  const nv = P.length / 3;
  const nt = T.length / 3;
  const known = options.sameTriangles;
  if (known && known.vertexCount === nv && sameTriangles(known.triangles, T)) {
    // topology depends on the triangles only: measure the new positions
    const m = measureMesh(mesh);
    return {
      analysis: { ...known.analysis, signedVolume: m.signedVolume, area: m.area, bounds: m.bounds },
      vertexRoot: null,
    };
  }
  let degenerateTriangles = 0;
  const start = new Uint32Array(nv + 1);
  for (let t = 0; t < T.length; t += 3) {
    const a = T[t];
    const b = T[t + 1];
    const c = T[t + 2];
    if (a === b || b === c || a === c) degenerateTriangles++;
    start[a + 1]++;
    start[b + 1]++;
    start[c + 1]++;
  }
  let maxDegree = 0;
  for (let v = 0; v < nv; v++) {
    const d = start[v + 1];
    if (d > maxDegree) maxDegree = d;
    start[v + 1] += start[v];
  }
  // corner list per vertex: the two other vertices of each triangle, in winding order
  const from = new Uint32Array(T.length); // vertex after v (v -> from is a half-edge)
  const to = new Uint32Array(T.length); // vertex before v (to -> v is a half-edge)
  const fill = start.slice(0, nv);
  for (let t = 0; t < T.length; t += 3) {
    const a = T[t];
    const b = T[t + 1];
    const c = T[t + 2];
    let at = fill[a]++;
    from[at] = b;
    to[at] = c;
    at = fill[b]++;
    from[at] = c;
    to[at] = a;
    at = fill[c]++;
    from[at] = a;
    to[at] = b;
  }
  const { parent, find } = unionFind(nv);
  const visited = new Uint8Array(maxDegree);
  const stamp = new Int32Array(nv).fill(-1);
  const uses = new Int32Array(nv);
  let edgeCount = 0;
  let boundaryEdges = 0;
  let nonManifoldEdges = 0;
  let misorientedEdges = 0;
  let nonManifoldVertices = 0;
  let vertexCount = 0;
  for (let v = 0; v < nv; v++) {
    const s = start[v];
    const e = start[v + 1];
    if (e === s) continue;
    vertexCount++;
    let rv = find(v);
    // edges {v, u} with u > v: half-edges v -> u are `from` entries, u -> v are `to` entries.
    // Each neighbour's uses are counted in `uses` (forward + 65536 · backward), valid while
    // `stamp[u] === v`; its edge is classified once, after which the stamp becomes ~v. (The
    // forward count has 16 bits: an edge used 65536 times by one vertex's triangles would be
    // misread, far beyond any mesh; such a vertex is caught as non-manifold regardless.)
    for (let j = s; j < e; j++) {
      const u = from[j];
      if (stamp[u] !== v) {
        stamp[u] = v;
        uses[u] = 1;
      } else uses[u] += 1;
    }
    for (let j = s; j < e; j++) {
      const u = to[j];
      if (stamp[u] !== v) {
        stamp[u] = v;
        uses[u] = 0x10000;
      } else uses[u] += 0x10000;
    }
    for (let k = s; k < 2 * e - s; k++) {
      const u = k < e ? from[k] : to[k - e + s];
      if (u <= v || stamp[u] !== v) continue;
      stamp[u] = ~v;
      const fwd = uses[u] & 0xffff;
      const total = fwd + (uses[u] >>> 16);
      edgeCount++;
      if (total === 1) boundaryEdges++;
      else if (total > 2) nonManifoldEdges++;
      else if (fwd !== 1) misorientedEdges++;
      // union towards the lower root (v's root is kept across its edges: one find each)
      const ru = find(u);
      if (ru > rv) parent[ru] = rv;
      else if (ru < rv) {
        parent[rv] = ru;
        rv = ru;
      }
    }
    // fan walk: corners linked by to[i] === from[j] (the triangle after i about v)
    if (e - s > 1 && fanCount(from, to, s, e, visited) > 1) nonManifoldVertices++;
  }
  let shells = 0;
  for (let v = 0; v < nv; v++) {
    const r = find(v);
    parent[v] = r; // fully compressed: the vertex roots for the caller
    if (r === v && start[v + 1] > start[v]) shells++;
  }
  const m = measureMesh(mesh);
  const eulerCharacteristic = vertexCount - edgeCount + nt;
  const watertight =
    nt > 0 &&
    boundaryEdges === 0 &&
    nonManifoldEdges === 0 &&
    misorientedEdges === 0 &&
    nonManifoldVertices === 0 &&
    degenerateTriangles === 0;
  const analysis: MeshAnalysis = {
    vertexCount,
    triangleCount: nt,
    edgeCount,
    boundaryEdges,
    nonManifoldEdges,
    misorientedEdges,
    nonManifoldVertices,
    degenerateTriangles,
    shells,
    eulerCharacteristic,
    genus: shells - eulerCharacteristic / 2,
    watertight,
    signedVolume: m.signedVolume,
    area: m.area,
    bounds: m.bounds,
  };
  return { analysis, vertexRoot: parent };
}

/** Equal contents (the same array, or element by element). */
/**
 * Number of fans among the corners [s, e) of one vertex: walks forward (to -> from) and then
 * backward from each unvisited corner. `visited` is scratch of at least e - s entries.
 */
function fanCount(
  from: Uint32Array,
  to: Uint32Array,
  s: number,
  e: number,
  visited: Uint8Array,
): number {
  visited.fill(0, 0, e - s);
  let fans = 0;
  for (let seed = s; seed < e; seed++) {
    if (visited[seed - s]) continue;
    fans++;
    visited[seed - s] = 1;
    let cur = seed;
    for (;;) {
      const target = to[cur];
      let nxt = -1;
      for (let j = s; j < e; j++) {
        if (from[j] === target && !visited[j - s]) {
          nxt = j;
          break;
        }
      }
      if (nxt < 0) break;
      visited[nxt - s] = 1;
      cur = nxt;
    }
    cur = seed;
    for (;;) {
      const source = from[cur];
      let prv = -1;
      for (let j = s; j < e; j++) {
        if (to[j] === source && !visited[j - s]) {
          prv = j;
          break;
        }
      }
      if (prv < 0) break;
      visited[prv - s] = 1;
      cur = prv;
    }
  }
  return fans;
}
