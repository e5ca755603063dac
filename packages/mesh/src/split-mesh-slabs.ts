import type { Mesh } from './mesh.ts';

/** One slab of a mesh from `splitMeshSlabs`, with local vertex indices. */
export interface MeshSlab {
  readonly mesh: Mesh;
  /** per local vertex: 1 when another slab uses it too (a seam) */
  readonly locked: Uint8Array;
  /** input index of every local vertex */
  readonly globalIds: Uint32Array;
}

/**
 * Splits a mesh's triangles into `parts` slabs of (about) equal count by quantiles of their
 * centroids along the longest axis of the bounding box; vertices used by more than one slab
 * are marked locked, so the slabs can be decimated independently (on several threads) and
 * joined again by `joinMeshSlabs` without cracks. Pure; the mesh is not mutated.
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
  const bytes = (n: number): ArrayBuffer | SharedArrayBuffer =>
    options.shared ? new SharedArrayBuffer(n) : new ArrayBuffer(n);
  const P = mesh.positions;
  const T = mesh.triangles;
  const nv = P.length / 3;
  const nt = T.length / 3;
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let v = 0; v < nv; v++) {
    for (let r = 0; r < 3; r++) {
      const x = P[3 * v + r];
      if (x < lo[r]) lo[r] = x;
      if (x > hi[r]) hi[r] = x;
    }
  }
  const spans = [hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]];
  const axis = spans[0] >= spans[1] && spans[0] >= spans[2] ? 0 : spans[1] >= spans[2] ? 1 : 2;
  // quantiles of the centroids (times 3) along the axis, estimated from an even sample
  const sample = new Float64Array(Math.min(8191, nt));
  for (let i = 0; i < sample.length; i++) {
    const t = Math.floor(((i + 0.5) * nt) / sample.length);
    sample[i] = P[3 * T[3 * t] + axis] + P[3 * T[3 * t + 1] + axis] + P[3 * T[3 * t + 2] + axis];
  }
  sample.sort();
  const cuts = Array.from({ length: parts - 1 }, (_, i) =>
    sample.length ? sample[Math.floor(((i + 1) * sample.length) / parts)] : 0,
  );
  const side = new Uint8Array(nt);
  const first = new Int16Array(nv).fill(-1); // first slab using the vertex
  const shared = new Uint8Array(nv); // 1: used by several slabs
  const count = new Int32Array(parts);
  for (let t = 0; t < nt; t++) {
    const a = T[3 * t];
    const b = T[3 * t + 1];
    const c = T[3 * t + 2];
    const x = P[3 * a + axis] + P[3 * b + axis] + P[3 * c + axis];
    let s = 0;
    while (s < cuts.length && x >= cuts[s]) s++;
    side[t] = s;
    count[s]++;
    for (const v of [a, b, c]) {
      if (first[v] < 0) first[v] = s;
      else if (first[v] !== s) shared[v] = 1;
    }
  }
  const local = new Int32Array(nv);
  const slab = (s: number): MeshSlab => {
    local.fill(-1);
    const triangles = new Uint32Array(bytes(12 * count[s]));
    let n = 0;
    let m = 0;
    for (let t = 0; t < nt; t++) {
      if (side[t] !== s) continue;
      for (let k = 0; k < 3; k++) {
        const v = T[3 * t + k];
        if (local[v] < 0) local[v] = m++;
        triangles[n++] = local[v];
      }
    }
    const positions = new Float32Array(bytes(12 * m));
    const globalIds = new Uint32Array(m);
    const locked = new Uint8Array(bytes(m));
    for (let v = 0; v < nv; v++) {
      const l = local[v];
      if (l < 0) continue;
      positions[3 * l] = P[3 * v];
      positions[3 * l + 1] = P[3 * v + 1];
      positions[3 * l + 2] = P[3 * v + 2];
      globalIds[l] = v;
      locked[l] = shared[v];
    }
    return { mesh: { kind: 'Mesh', positions, triangles }, locked, globalIds };
  };
  return Array.from({ length: parts }, (_, s) => slab(s));
}

/**
 * Joins the slabs of `splitMeshSlabs` after each was reduced to a sub-mesh whose vertex `i`
 * is the slab's local vertex `vertexIds[i]` (as `quadricDecimate` reports): vertices with the
 * same input index (the locked seams) become one. Returns the mesh and the input index of
 * each of its vertices. Pure.
 */
export function joinMeshSlabs(
  inputVertices: number,
  parts: ReadonlyArray<{
    readonly slab: MeshSlab;
    readonly mesh: Mesh;
    readonly vertexIds: Uint32Array;
  }>,
): { mesh: Mesh; vertexIds: Uint32Array } {
  const index = new Int32Array(inputVertices).fill(-1);
  let nv = 0;
  let nt = 0;
  for (const p of parts) {
    nt += p.mesh.triangles.length;
    for (let i = 0; i < p.vertexIds.length; i++) {
      const g = p.slab.globalIds[p.vertexIds[i]];
      if (index[g] < 0) index[g] = nv++;
    }
  }
  const positions = new Float32Array(3 * nv);
  const vertexIds = new Uint32Array(nv);
  const triangles = new Uint32Array(nt);
  let n = 0;
  for (const p of parts) {
    const map = new Uint32Array(p.vertexIds.length);
    for (let i = 0; i < p.vertexIds.length; i++) {
      const g = p.slab.globalIds[p.vertexIds[i]];
      const o = index[g];
      map[i] = o;
      vertexIds[o] = g;
      positions[3 * o] = p.mesh.positions[3 * i];
      positions[3 * o + 1] = p.mesh.positions[3 * i + 1];
      positions[3 * o + 2] = p.mesh.positions[3 * i + 2];
    }
    const t = p.mesh.triangles;
    for (let k = 0; k < t.length; k++) triangles[n++] = map[t[k]];
  }
  return { mesh: { kind: 'Mesh', positions, triangles }, vertexIds };
}
