import { buildCornerTable, type CornerTable } from './corner-table.ts';
import { extendMesh } from './extend-mesh.ts';
import type { Mesh } from './mesh.ts';

/**
 * Gives each extra fan of a pinched vertex its own vertex (a copy at the same position), so that
 * every vertex's triangles form a single fan. Pinches arise where a segment's surface touches
 * itself at one cell of the grid (two voxel groups sharing only a corner region). Edges and
 * positions are unchanged, so volume and area are exactly preserved. Call after
 * `splitFourWayEdges` (a four-way edge is not a fan). Returns the input itself when nothing was
 * pinched. `corners`: the mesh's {@link CornerTable} when the caller has it (built here
 * otherwise; it needs the corner lists of the candidates only). `candidates`: the only vertices that can be pinched, ascending (all when absent;
 * the result is the same when no other vertex is pinched). Cost: O(triangles), typed scratch.
 * `inPlace`: the mesh's arrays are the caller's to change, with free room past their ends (see
 * `extendMesh`): no copies.
 */
export function splitPinchedVertices(
  mesh: Mesh,
  corners?: CornerTable,
  candidates?: Uint32Array,
  inPlace = false,
): { mesh: Mesh; splits: number } {
  const { positions: P, triangles: T } = mesh;
  const nv = P.length / 3;
  const { start, corner, from, to, maxDegree } = corners ?? buildCornerTable(mesh, candidates);
  let tri: Uint32Array | null = null;
  const extra: number[] = [];
  let splits = 0;
  const fan = new Int32Array(maxDegree);
  const count = candidates ? candidates.length : nv;
  for (let q = 0; q < count; q++) {
    const v = candidates ? candidates[q] : q;
    const s = start[v];
    const e = start[v + 1];
    if (e - s < 2) continue;
    fan.fill(-1, 0, e - s);
    let fans = 0;
    for (let seed = s; seed < e; seed++) {
      if (fan[seed - s] >= 0) continue;
      // walk forward, then backward (open fans), marking this fan
      let cur = seed;
      while (cur >= 0 && fan[cur - s] < 0) {
        fan[cur - s] = fans;
        const target = to[cur];
        cur = -1;
        for (let j = s; j < e; j++) {
          if (from[j] === target && fan[j - s] < 0) {
            cur = j;
            break;
          }
        }
      }
      cur = seed;
      for (;;) {
        const source = from[cur];
        let prev = -1;
        for (let j = s; j < e; j++) {
          if (to[j] === source && fan[j - s] < 0) {
            prev = j;
            break;
          }
        }
        if (prev < 0) break;
        fan[prev - s] = fans;
        cur = prev;
      }
      fans++;
    }
    if (fans < 2) continue;
    tri ??= inPlace ? T : T.slice();
    for (let f = 1; f < fans; f++) {
      const id = nv + extra.length / 3;
      extra.push(P[3 * v], P[3 * v + 1], P[3 * v + 2]);
      for (let j = s; j < e; j++) if (fan[j - s] === f) tri[corner[j]] = id;
      splits++;
    }
  }
  if (!tri) return { mesh, splits: 0 };
  return { mesh: extendMesh(P, tri, extra, [], inPlace), splits };
}
