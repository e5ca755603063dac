import type { Mesh } from './mesh.ts';

/**
 * The corners of every vertex (CSR, in triangle order), with the vertex after (`from`: v ->
 * from is a half-edge) and before (`to`: to -> v) each corner. Shared by the topology passes
 * that run one after the other on the same mesh (`splitFourWayEdges`, `splitPinchedVertices`).
 */
export interface CornerTable {
  /** corners of vertex v: entries start[v] .. start[v + 1] */
  readonly start: Uint32Array;
  /** corner index (3 * triangle + k) per entry */
  readonly corner: Uint32Array;
  readonly from: Uint32Array;
  readonly to: Uint32Array;
  /** largest number of corners of one vertex */
  readonly maxDegree: number;
}

/** Builds the {@link CornerTable} of a mesh. Cost: O(triangles), four typed arrays. */
export function buildCornerTable(mesh: Mesh): CornerTable {
  const T = mesh.triangles;
  const nv = mesh.positions.length / 3;
  const start = new Uint32Array(nv + 1);
  for (let i = 0; i < T.length; i++) start[T[i] + 1]++;
  let maxDegree = 0;
  for (let v = 0; v < nv; v++) {
    if (start[v + 1] > maxDegree) maxDegree = start[v + 1];
    start[v + 1] += start[v];
  }
  const fill = start.slice(0, nv);
  const corner = new Uint32Array(T.length);
  const from = new Uint32Array(T.length);
  const to = new Uint32Array(T.length);
  for (let t = 0; t < T.length; t += 3) {
    const a = T[t];
    const b = T[t + 1];
    const c = T[t + 2];
    let at = fill[a]++;
    corner[at] = t;
    from[at] = b;
    to[at] = c;
    at = fill[b]++;
    corner[at] = t + 1;
    from[at] = c;
    to[at] = a;
    at = fill[c]++;
    corner[at] = t + 2;
    from[at] = a;
    to[at] = b;
  }
  return { start, corner, from, to, maxDegree };
}
