import { bufferAllocator } from './buffer-allocator.ts';
import type { Mesh } from './mesh.ts';

/** One slab of a mesh from `splitMeshSlabs` / `meshSlab`, with local vertex indices. */
export interface MeshSlab {
  readonly mesh: Mesh;
  /** per local vertex: 1 when another slab uses it too (a seam) */
  readonly locked: Uint8Array;
  /** input index of every local vertex */
  readonly globalIds: Uint32Array;
}

/**
 * Where `slabCuts` cuts a mesh: slab s holds the triangles whose centroid (times 3) along
 * `axis` lies in [cuts[s - 1], cuts[s]) (open ends at the first and last slab).
 */
export interface SlabCuts {
  readonly axis: number;
  readonly cuts: readonly number[];
}

/**
 * Cuts for `parts` slabs of (about) equal triangle count along the longest axis of the
 * bounding box: quantiles of the triangle centroids, estimated from an even sample of 8191
 * triangles (whose corners also give the box). Pure; O(1) in the mesh size.
 */
export function slabCuts(mesh: Mesh, parts: number): SlabCuts {
  const P = mesh.positions;
  const T = mesh.triangles;
  const nt = T.length / 3;
  const n = Math.min(8191, nt);
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  const picks = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const t = Math.floor(((i + 0.5) * nt) / n);
    picks[i] = t;
    for (let k = 0; k < 3; k++) {
      const v = 3 * T[3 * t + k];
      for (let r = 0; r < 3; r++) {
        const x = P[v + r];
        if (x < lo[r]) lo[r] = x;
        if (x > hi[r]) hi[r] = x;
      }
    }
  }
  const [sx, sy, sz] = [hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]];
  const axis = sx >= sy && sx >= sz ? 0 : sy >= sz ? 1 : 2;
  const sample = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = picks[i];
    sample[i] = P[3 * T[3 * t] + axis] + P[3 * T[3 * t + 1] + axis] + P[3 * T[3 * t + 2] + axis];
  }
  sample.sort();
  const cuts = Array.from({ length: parts - 1 }, (_, i) =>
    n ? sample[Math.floor(((i + 1) * n) / parts)] : 0,
  );
  return { axis, cuts };
}

/** The slab of every triangle by `cuts` (one byte a triangle). Pure. */
export function triangleSlabs(mesh: Mesh, { axis, cuts }: SlabCuts): Uint8Array {
  const P = mesh.positions;
  const T = mesh.triangles;
  const nt = T.length / 3;
  const side = new Uint8Array(nt);
  const nc = cuts.length;
  for (let t = 0; t < nt; t++) {
    const x = P[3 * T[3 * t] + axis] + P[3 * T[3 * t + 1] + axis] + P[3 * T[3 * t + 2] + axis];
    let s = 0;
    while (s < nc && x >= cuts[s]) s++;
    side[t] = s;
  }
  return side;
}

/**
 * The triangles with `side[t] === s` as a mesh of their own: local vertices numbered by first
 * use, locked where a triangle of another side uses the vertex too. Two passes over the
 * triangles and one over the used vertices; per-vertex scratch of 5 bytes times the input's
 * vertices. Pure; the mesh is not mutated.
 */
export function meshSide(
  mesh: Mesh,
  side: Uint8Array,
  s: number,
  options: { readonly shared?: boolean } = {},
): MeshSlab {
  const bytes = bufferAllocator(options.shared === true);
  const P = mesh.positions;
  const T = mesh.triangles;
  const nv = P.length / 3;
  const nt = T.length / 3;
  const other = new Uint8Array(nv); // used by a triangle of another side
  let count = 0;
  for (let t = 0; t < nt; t++) {
    if (side[t] === s) count++;
    else {
      other[T[3 * t]] = 1;
      other[T[3 * t + 1]] = 1;
      other[T[3 * t + 2]] = 1;
    }
  }
  const local = new Int32Array(nv).fill(-1);
  // input index by local index: at most nv entries, the untouched tail never paged in
  const ids = new Uint32Array(nv);
  const triangles = new Uint32Array(bytes(12 * count));
  let n = 0;
  let m = 0;
  for (let t = 0; t < nt; t++) {
    if (side[t] !== s) continue;
    for (let k = 0; k < 3; k++) {
      const v = T[3 * t + k];
      let l = local[v];
      if (l < 0) {
        l = local[v] = m++;
        ids[l] = v;
      }
      triangles[n++] = l;
    }
  }
  return gatherSlab(P, ids.slice(0, m), other, triangles, bytes);
}

/**
 * One slab of `slabCuts(mesh, parts)`'s cuts, as `meshSide` of the triangles whose centroid
 * falls into slab `s` gives it, in one pass over the triangles: each thread of a parallel run
 * cuts its own slab from the shared input this way. The triangles are written into an array
 * with room for all (its untouched tail is never paged in) and handed out as a view of it.
 * Pure.
 */
export function meshSlab(
  mesh: Mesh,
  { axis, cuts }: SlabCuts,
  s: number,
  options: { readonly shared?: boolean } = {},
): MeshSlab {
  const bytes = bufferAllocator(options.shared === true);
  const P = mesh.positions;
  const T = mesh.triangles;
  const nv = P.length / 3;
  const nt = T.length / 3;
  // slab s: cuts[s - 1] <= x < cuts[s], as triangleSlabs counts the cuts at or below x
  const first = s === 0;
  const last = s === cuts.length;
  const lo = first ? 0 : cuts[s - 1];
  const hi = last ? 0 : cuts[s];
  const other = new Uint8Array(nv); // used by a triangle of another slab
  const local = new Int32Array(nv).fill(-1);
  const ids = new Uint32Array(nv); // input index by local index
  const all = new Uint32Array(bytes(12 * nt));
  let n = 0;
  let m = 0;
  for (let t = 0; t < 3 * nt; t += 3) {
    const a = T[t];
    const b = T[t + 1];
    const c = T[t + 2];
    const x = P[3 * a + axis] + P[3 * b + axis] + P[3 * c + axis];
    if ((first || x >= lo) && (last || !(x >= hi))) {
      for (let k = 0; k < 3; k++) {
        const v = T[t + k];
        let l = local[v];
        if (l < 0) {
          l = local[v] = m++;
          ids[l] = v;
        }
        all[n++] = l;
      }
    } else {
      other[a] = 1;
      other[b] = 1;
      other[c] = 1;
    }
  }
  return gatherSlab(P, ids.subarray(0, m), other, all.subarray(0, n), bytes);
}

/**
 * A slab's mesh from its local-to-input vertex ids: the positions gathered from `P`, and each
 * vertex locked where `other` marks it as used by another slab's triangle.
 */
function gatherSlab(
  P: Float32Array,
  globalIds: Uint32Array,
  other: Uint8Array,
  triangles: Uint32Array,
  bytes: (n: number) => ArrayBuffer | SharedArrayBuffer,
): MeshSlab {
  const m = globalIds.length;
  const positions = new Float32Array(bytes(12 * m));
  const locked = new Uint8Array(bytes(m));
  for (let l = 0; l < m; l++) {
    const v = globalIds[l];
    positions[3 * l] = P[3 * v];
    positions[3 * l + 1] = P[3 * v + 1];
    positions[3 * l + 2] = P[3 * v + 2];
    locked[l] = other[v];
  }
  return { mesh: { kind: 'Mesh', positions, triangles }, locked, globalIds };
}

/**
 * Splits a mesh's triangles into `parts` slabs of (about) equal count by quantiles of their
 * centroids along the longest axis of the bounding box (`slabCuts`); vertices used by more
 * than one slab are marked locked, so the slabs can be decimated independently (on several
 * threads) and joined again by `joinMeshSlabs` without cracks. Pure; the mesh is not mutated.
 * Cost: O(V + T · parts).
 */
export function splitMeshSlabs(
  mesh: Mesh,
  parts: number,
  options: {
    /** allocate the slabs' meshes and locks in SharedArrayBuffers (to share with workers) */
    readonly shared?: boolean;
  } = {},
): MeshSlab[] {
  const cuts = slabCuts(mesh, parts);
  return Array.from({ length: parts }, (_, s) => meshSlab(mesh, cuts, s, options));
}

/**
 * Joins sub-meshes whose vertex `i` is input vertex `globalIds[i]` (e.g. the slabs of
 * `splitMeshSlabs` after decimation, their ids composed with the slab's): vertices with the
 * same input index (the locked seams) become one. Returns the mesh, the input index of each
 * of its vertices and, per vertex, 1 where it came from more than one part (a seam). Pure.
 */
export function joinMeshSlabs(
  inputVertices: number,
  parts: ReadonlyArray<{ readonly mesh: Mesh; readonly globalIds: Uint32Array }>,
): { mesh: Mesh; vertexIds: Uint32Array; seam: Uint8Array } {
  const index = new Int32Array(inputVertices).fill(-1);
  let nv = 0;
  let nt = 0;
  for (const p of parts) {
    nt += p.mesh.triangles.length;
    for (let i = 0; i < p.globalIds.length; i++) {
      const g = p.globalIds[i];
      if (index[g] < 0) index[g] = nv++;
    }
  }
  const positions = new Float32Array(3 * nv);
  const vertexIds = new Uint32Array(nv);
  const triangles = new Uint32Array(nt);
  const seen = new Uint8Array(nv);
  let n = 0;
  for (const p of parts) {
    const map = new Uint32Array(p.globalIds.length);
    for (let i = 0; i < p.globalIds.length; i++) {
      const g = p.globalIds[i];
      const o = index[g];
      map[i] = o;
      vertexIds[o] = g;
      if (seen[o] < 2) seen[o]++;
      positions[3 * o] = p.mesh.positions[3 * i];
      positions[3 * o + 1] = p.mesh.positions[3 * i + 1];
      positions[3 * o + 2] = p.mesh.positions[3 * i + 2];
    }
    const t = p.mesh.triangles;
    for (let k = 0; k < t.length; k++) triangles[n++] = map[t[k]];
  }
  for (let o = 0; o < nv; o++) seen[o] = seen[o] > 1 ? 1 : 0;
  return { mesh: { kind: 'Mesh', positions, triangles }, vertexIds, seam: seen };
}

/**
 * The triangles within `rings` rings of the marked vertices: per triangle 1 when one of its
 * vertices is at most `rings - 1` edges from a marked vertex (`rings` 1: the triangles of the
 * marked vertices), else 0. `rings` passes over the triangles. Pure.
 */
export function stripAround(mesh: Mesh, marked: Uint8Array, rings: number): Uint8Array {
  const T = mesh.triangles;
  const nt = T.length / 3;
  const nv = mesh.positions.length / 3;
  const level = new Uint8Array(nv).fill(255);
  for (let v = 0; v < nv; v++) if (marked[v]) level[v] = 0;
  const strip = new Uint8Array(nt);
  for (let r = 0; r < rings; r++) {
    // triangles touching ring r join the strip; their other vertices form ring r + 1
    for (let t = 0; t < nt; t++) {
      if (strip[t]) continue;
      const a = T[3 * t];
      const b = T[3 * t + 1];
      const c = T[3 * t + 2];
      if (level[a] !== r && level[b] !== r && level[c] !== r) continue;
      strip[t] = 1;
      if (level[a] > r + 1) level[a] = r + 1;
      if (level[b] > r + 1) level[b] = r + 1;
      if (level[c] > r + 1) level[c] = r + 1;
    }
  }
  return strip;
}

/** `slabWeights` samples every SAMPLE_STRIDE-th vertex. */
const SAMPLE_STRIDE = 8;

/**
 * How many of a decimation's triangles each slab of `cuts` should get: per slab the sum over
 * its vertices of area · sqrt(1 - |mean unit normal|) (area: of the vertex's triangles), a
 * curvature measure (the spread of the normals around a vertex grows with the curvature
 * times the edge length), sampled at every SAMPLE_STRIDE-th vertex. An error-driven
 * decimation keeps triangles in proportion to the integral of the curvature, not to the
 * input's triangle count: on the corpus bone to 10 %, two slabs of equal input counts kept
 * 41.6 % / 58.4 % of the single-threaded result, this measure (all vertices) predicts 42.7 %
 * / 57.3 % (four slabs: 15.5 / 26.1 / 30.4 / 28.0 %, predicted 17.9 / 24.8 / 30.5 / 26.8 %).
 * One pass over the triangles. Pure.
 */
export function slabWeights(mesh: Mesh, { axis, cuts }: SlabCuts): Float64Array {
  const P = mesh.positions;
  const T = mesh.triangles;
  const nv = P.length / 3;
  const nt = T.length / 3;
  const S = SAMPLE_STRIDE;
  // per sampled vertex: summed area-weighted normal (xyz, twice the area each), summed area
  const N = new Float64Array(4 * Math.ceil(nv / S));
  for (let t = 0; t < nt; t++) {
    const a = T[3 * t];
    const b = T[3 * t + 1];
    const c = T[3 * t + 2];
    if (a % S !== 0 && b % S !== 0 && c % S !== 0) continue;
    const ux = P[3 * b] - P[3 * a];
    const uy = P[3 * b + 1] - P[3 * a + 1];
    const uz = P[3 * b + 2] - P[3 * a + 2];
    const vx = P[3 * c] - P[3 * a];
    const vy = P[3 * c + 1] - P[3 * a + 1];
    const vz = P[3 * c + 2] - P[3 * a + 2];
    const nx = uy * vz - uz * vy;
    const ny = uz * vx - ux * vz;
    const nz = ux * vy - uy * vx;
    const len = Math.sqrt(nx * nx + ny * ny + nz * nz);
    for (let k = 0; k < 3; k++) {
      const v = T[3 * t + k];
      if (v % S !== 0) continue;
      const o = (4 * v) / S;
      N[o] += nx;
      N[o + 1] += ny;
      N[o + 2] += nz;
      N[o + 3] += len;
    }
  }
  const weights = new Float64Array(cuts.length + 1);
  const nc = cuts.length;
  for (let v = 0; v < nv; v += S) {
    const o = (4 * v) / S;
    const area = N[o + 3];
    if (!(area > 0)) continue;
    const x = 3 * P[3 * v + axis]; // cuts are on centroid sums
    let s = 0;
    while (s < nc && x >= cuts[s]) s++;
    const n = Math.sqrt(N[o] * N[o] + N[o + 1] * N[o + 1] + N[o + 2] * N[o + 2]);
    weights[s] += area * Math.sqrt(Math.max(0, 1 - n / area));
  }
  return weights;
}
