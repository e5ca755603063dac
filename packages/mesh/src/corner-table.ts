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

/**
 * Builds the {@link CornerTable} of a mesh; with `only`, the corner lists of just those
 * vertices (every other vertex gets an empty list). Cost: O(triangles), four typed arrays
 * (sized to the listed vertices' corners with `only`).
 */
export function buildCornerTable(mesh: Mesh, only?: Uint32Array): CornerTable {
  const T = mesh.triangles;
  const nv = mesh.positions.length / 3;
  const start = new Uint32Array(nv + 1);
  let mark: Uint8Array | null = null;
  if (only) {
    mark = new Uint8Array(nv);
    for (let i = 0; i < only.length; i++) mark[only[i]] = 1;
    for (let i = 0; i < T.length; i++) if (mark[T[i]] === 1) start[T[i] + 1]++;
  } else {
    for (let i = 0; i < T.length; i++) start[T[i] + 1]++;
  }
  let maxDegree = 0;
  for (let v = 0; v < nv; v++) {
    if (start[v + 1] > maxDegree) maxDegree = start[v + 1];
    start[v + 1] += start[v];
  }
  const fill = start.slice(0, nv);
  const total = start[nv];
  const corner = new Uint32Array(total);
  const from = new Uint32Array(total);
  const to = new Uint32Array(total);
  for (let t = 0; t < T.length; t += 3) {
    const a = T[t];
    const b = T[t + 1];
    const c = T[t + 2];
    if (mark === null || mark[a] === 1) {
      const at = fill[a]++;
      corner[at] = t;
      from[at] = b;
      to[at] = c;
    }
    if (mark === null || mark[b] === 1) {
      const at = fill[b]++;
      corner[at] = t + 1;
      from[at] = c;
      to[at] = a;
    }
    if (mark === null || mark[c] === 1) {
      const at = fill[c]++;
      corner[at] = t + 2;
      from[at] = a;
      to[at] = b;
    }
  }
  return { start, corner, from, to, maxDegree };
}
