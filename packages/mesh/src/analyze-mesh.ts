import type { Vec3 } from '@anatomodel/imaging';
import type { Mesh } from './mesh.ts';

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

/**
 * Counts edges, shells, Euler characteristic and genus, and measures volume, area and bounds.
 * Topology is by vertex index (coincident vertices with different indices are distinct).
 * Cost: O(V + T) time, about 40 bytes per triangle of scratch memory. The mesh is not mutated.
 */
export function analyzeMesh(mesh: Mesh): MeshAnalysis {
  const { positions: P, triangles: T } = mesh;
  const nv = P.length / 3;
  const nt = T.length / 3;
  // Half-edges bucketed by their smaller vertex (CSR).
  const start = new Uint32Array(nv + 1);
  let degenerateTriangles = 0;
  for (let t = 0; t < nt; t++) {
    const a = T[3 * t];
    const b = T[3 * t + 1];
    const c = T[3 * t + 2];
    if (a === b || b === c || a === c) degenerateTriangles++;
    start[Math.min(a, b) + 1]++;
    start[Math.min(b, c) + 1]++;
    start[Math.min(c, a) + 1]++;
  }
  for (let v = 0; v < nv; v++) start[v + 1] += start[v];
  const fill = start.slice(0, nv);
  const other = new Uint32Array(3 * nt);
  const forward = new Uint8Array(3 * nt);
  for (let t = 0; t < nt; t++) {
    for (let k = 0; k < 3; k++) {
      const a = T[3 * t + k];
      const b = T[3 * t + ((k + 1) % 3)];
      const lo = a < b ? a : b;
      const at = fill[lo]++;
      other[at] = a < b ? b : a;
      forward[at] = a < b ? 1 : 0;
    }
  }
  let edgeCount = 0;
  let boundaryEdges = 0;
  let nonManifoldEdges = 0;
  let misorientedEdges = 0;
  const parent = new Int32Array(nv);
  for (let v = 0; v < nv; v++) parent[v] = v;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  for (let lo = 0; lo < nv; lo++) {
    const s = start[lo];
    const e = start[lo + 1];
    for (let i = s; i < e; i++) {
      const hi = other[i];
      let seen = false;
      for (let j = s; j < i; j++) {
        if (other[j] === hi) {
          seen = true;
          break;
        }
      }
      if (seen) continue;
      let uses = 0;
      let fwd = 0;
      for (let j = i; j < e; j++) {
        if (other[j] === hi) {
          uses++;
          fwd += forward[j];
        }
      }
      edgeCount++;
      if (uses === 1) boundaryEdges++;
      else if (uses > 2) nonManifoldEdges++;
      else if (fwd !== 1) misorientedEdges++;
      const ra = find(lo);
      const rb = find(hi);
      if (ra !== rb) parent[ra] = rb;
    }
  }
  const nonManifoldVertices = countPinchedVertices(T, nv);
  let vertexCount = 0;
  let shells = 0;
  const used = new Uint8Array(nv);
  for (let i = 0; i < T.length; i++) used[T[i]] = 1;
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (let v = 0; v < nv; v++) {
    if (!used[v]) continue;
    vertexCount++;
    if (find(v) === v) shells++;
    for (let r = 0; r < 3; r++) {
      const x = P[3 * v + r];
      if (x < min[r]) min[r] = x;
      if (x > max[r]) max[r] = x;
    }
  }
  // Volume and area in doubles, about the bounding-box centre to limit cancellation.
  const cx = vertexCount ? (min[0] + max[0]) / 2 : 0;
  const cy = vertexCount ? (min[1] + max[1]) / 2 : 0;
  const cz = vertexCount ? (min[2] + max[2]) / 2 : 0;
  let vol6 = 0;
  let area2 = 0;
  for (let t = 0; t < nt; t++) {
    const a = 3 * T[3 * t];
    const b = 3 * T[3 * t + 1];
    const c = 3 * T[3 * t + 2];
    const ax = P[a] - cx;
    const ay = P[a + 1] - cy;
    const az = P[a + 2] - cz;
    const bx = P[b] - cx;
    const by = P[b + 1] - cy;
    const bz = P[b + 2] - cz;
    const qx = P[c] - cx;
    const qy = P[c + 1] - cy;
    const qz = P[c + 2] - cz;
    vol6 += ax * (by * qz - bz * qy) + ay * (bz * qx - bx * qz) + az * (bx * qy - by * qx);
    const ux = bx - ax;
    const uy = by - ay;
    const uz = bz - az;
    const wx = qx - ax;
    const wy = qy - ay;
    const wz = qz - az;
    area2 += Math.hypot(uy * wz - uz * wy, uz * wx - ux * wz, ux * wy - uy * wx);
  }
  const eulerCharacteristic = vertexCount - edgeCount + nt;
  const watertight =
    nt > 0 &&
    boundaryEdges === 0 &&
    nonManifoldEdges === 0 &&
    misorientedEdges === 0 &&
    nonManifoldVertices === 0 &&
    degenerateTriangles === 0;
  return {
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
    signedVolume: vol6 / 6,
    area: area2 / 2,
    bounds: {
      min: vertexCount ? [min[0], min[1], min[2]] : [0, 0, 0],
      max: vertexCount ? [max[0], max[1], max[2]] : [0, 0, 0],
    },
  };
}

/**
 * Vertices whose incident triangles do not form one fan. Walks each vertex's fan through the
 * "next" map a -> b of its triangles (v, a, b); a closed single fan visits every triangle.
 */
function countPinchedVertices(T: Uint32Array, nv: number): number {
  const nt = T.length / 3;
  const start = new Uint32Array(nv + 1);
  for (let i = 0; i < T.length; i++) start[T[i] + 1]++;
  for (let v = 0; v < nv; v++) start[v + 1] += start[v];
  const fill = start.slice(0, nv);
  const corner = new Uint32Array(T.length);
  for (let t = 0; t < nt; t++) {
    for (let k = 0; k < 3; k++) corner[fill[T[3 * t + k]]++] = 3 * t + k;
  }
  let pinched = 0;
  const from: number[] = [];
  const to: number[] = [];
  const visited: number[] = [];
  for (let v = 0; v < nv; v++) {
    const s = start[v];
    const e = start[v + 1];
    if (e - s < 2) continue;
    from.length = 0;
    to.length = 0;
    visited.length = 0;
    for (let i = s; i < e; i++) {
      const c = corner[i];
      const t = c - (c % 3);
      const k = c % 3;
      from.push(T[t + ((k + 1) % 3)]);
      to.push(T[t + ((k + 2) % 3)]);
      visited.push(0);
    }
    // Walk forward from triangle 0 as far as the fan goes (open fans stop at a boundary).
    let count = 0;
    let cur = 0;
    while (cur >= 0 && !visited[cur]) {
      visited[cur] = 1;
      count++;
      const target = to[cur];
      cur = -1;
      for (let i = 0; i < from.length; i++) {
        if (from[i] === target && !visited[i]) {
          cur = i;
          break;
        }
      }
    }
    // Then backward, for open fans.
    cur = 0;
    for (;;) {
      const source = from[cur];
      let prev = -1;
      for (let i = 0; i < to.length; i++) {
        if (to[i] === source && !visited[i]) {
          prev = i;
          break;
        }
      }
      if (prev < 0) break;
      visited[prev] = 1;
      count++;
      cur = prev;
    }
    if (count < from.length) pinched++;
  }
  return pinched;
}
