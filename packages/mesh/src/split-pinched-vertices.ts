import type { Mesh } from './mesh.ts';

/**
 * Gives each extra fan of a pinched vertex its own vertex (a copy at the same position), so that
 * every vertex's triangles form a single fan. Pinches arise where a segment's surface touches
 * itself at one cell of the grid (two voxel groups sharing only a corner region). Edges and
 * positions are unchanged, so volume and area are exactly preserved. Call after
 * `splitFourWayEdges` (a four-way edge is not a fan). Returns the input itself when nothing was
 * pinched. Cost: O(triangles).
 */
export function splitPinchedVertices(mesh: Mesh): { mesh: Mesh; splits: number } {
  const { positions: P, triangles: T } = mesh;
  const nv = P.length / 3;
  const nt = T.length / 3;
  const start = new Uint32Array(nv + 1);
  for (let i = 0; i < T.length; i++) start[T[i] + 1]++;
  for (let v = 0; v < nv; v++) start[v + 1] += start[v];
  const fill = start.slice(0, nv);
  const corner = new Uint32Array(3 * nt);
  for (let c = 0; c < 3 * nt; c++) corner[fill[T[c]]++] = c;
  let tri: Uint32Array | null = null;
  const extra: number[] = [];
  let splits = 0;
  const from: number[] = [];
  const to: number[] = [];
  const fan: number[] = [];
  for (let v = 0; v < nv; v++) {
    const s = start[v];
    const e = start[v + 1];
    if (e - s < 2) continue;
    from.length = 0;
    to.length = 0;
    fan.length = 0;
    for (let i = s; i < e; i++) {
      const c = corner[i];
      const t = c - (c % 3);
      from.push(T[t + ((c + 1) % 3)]);
      to.push(T[t + ((c + 2) % 3)]);
      fan.push(-1);
    }
    let fans = 0;
    for (let seed = 0; seed < fan.length; seed++) {
      if (fan[seed] >= 0) continue;
      // walk forward, then backward (open fans), marking this fan
      let cur = seed;
      while (cur >= 0 && fan[cur] < 0) {
        fan[cur] = fans;
        const target = to[cur];
        cur = from.findIndex((f, i) => f === target && fan[i] < 0);
      }
      cur = seed;
      for (;;) {
        const source = from[cur];
        const prev = to.findIndex((x, i) => x === source && fan[i] < 0);
        if (prev < 0) break;
        fan[prev] = fans;
        cur = prev;
      }
      fans++;
    }
    if (fans < 2) continue;
    tri ??= T.slice();
    for (let f = 1; f < fans; f++) {
      const id = nv + extra.length / 3;
      extra.push(P[3 * v], P[3 * v + 1], P[3 * v + 2]);
      for (let i = 0; i < fan.length; i++) if (fan[i] === f) tri[corner[s + i]] = id;
      splits++;
    }
  }
  if (!tri) return { mesh, splits: 0 };
  const positions = new Float32Array(P.length + extra.length);
  positions.set(P);
  positions.set(extra, P.length);
  return { mesh: { kind: 'Mesh', positions, triangles: tri }, splits };
}
