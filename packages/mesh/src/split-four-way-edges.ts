import { buildCornerTable, type CornerTable } from './corner-table.ts';
import { extendMesh } from './extend-mesh.ts';
import type { Mesh } from './mesh.ts';

/**
 * Resolves edges shared by exactly four triangles (two in each direction) by splitting one
 * sheet's copy of the edge at a new vertex. Such edges arise where a segment wraps around both
 * sides of a cube face whose other diagonal is background (a one-voxel tunnel through a face);
 * elsewhere the mesh is untouched. The two triangles that stay together are angular
 * neighbours about the edge, so the result is manifold; the new vertex sits a quarter of the
 * way from the edge midpoint towards their far vertices, off the other sheet.
 * Returns the input object itself (with its corner table) when nothing needed splitting.
 * `candidates`: the only vertices a four-way edge can end at (all when absent; the result is
 * the same when no other vertex has one). Cost: O(triangles), typed scratch (corner lists per
 * vertex); the rare four-way edges are resolved afterwards. `inPlace`: the mesh's arrays are
 * the caller's to change, with free room past their ends (see `extendMesh`): no copies.
 */
export function splitFourWayEdges(
  mesh: Mesh,
  candidates?: Uint32Array,
  inPlace = false,
): {
  mesh: Mesh;
  splits: number;
  /**
   * the corner table of the returned mesh when it is the input itself (for the next pass; the
   * candidates' corner lists only when `candidates` are given)
   */
  corners?: CornerTable;
} {
  const { positions: P, triangles: T } = mesh;
  const nv = P.length / 3;
  // corners per vertex (CSR), with the next (from) and previous (to) vertex of each corner
  const table = buildCornerTable(mesh, candidates);
  const { start, from, to } = table;
  const cornerAt = table.corner;
  // four-way edges {lo, hi}: two half-edges lo -> hi and two hi -> lo; each half-edge is
  // named by the corner it starts at
  const found: number[] = []; // lo, hi, four start corners (ascending)
  const group = [0, 0, 0, 0];
  const count = candidates ? candidates.length : nv;
  for (let q = 0; q < count; q++) {
    const lo = candidates ? candidates[q] : q;
    const s = start[lo];
    const e = start[lo + 1];
    if (e - s < 4) continue;
    // a four-way edge leaves lo twice (two half-edges lo -> hi): skip vertices without that
    let twice = false;
    for (let i = s + 1; i < e && !twice; i++) {
      for (let j = s; j < i; j++) {
        if (from[j] === from[i]) {
          twice = true;
          break;
        }
      }
    }
    if (!twice) continue;
    for (let i = s; i < e; i++) {
      const hi = from[i];
      if (hi <= lo) continue;
      let fwd = 0;
      let back = 0;
      let first = true;
      for (let j = s; j < e; j++) {
        if (from[j] === hi) {
          if (j < i) first = false;
          if (fwd < 2) group[fwd] = cornerAt[j];
          fwd++;
        }
        if (to[j] === hi) {
          // half-edge hi -> lo starts at the triangle's corner before this one
          const c = cornerAt[j];
          if (back < 2) group[2 + back] = c - (c % 3) + ((c + 2) % 3);
          back++;
        }
      }
      if (!first || fwd !== 2 || back !== 2) continue;
      group.sort((x, y) => x - y);
      found.push(lo, hi, group[0], group[1], group[2], group[3]);
    }
  }
  if (found.length === 0) return { mesh, splits: 0, corners: table };
  // process in the order of their first half-edge's corner: splits of edges that share a
  // triangle depend on the order, and this one does not depend on the vertex numbering (the
  // same result for a mesh with its vertices renumbered)
  const order = Array.from({ length: found.length / 6 }, (_, k) => k).sort(
    (x, y) => found[6 * x + 2] - found[6 * y + 2],
  );
  const tri = inPlace ? T : T.slice();
  const pos: number[] = [];
  const halves: number[] = [];
  let splits = 0;
  for (const k of order) {
    const lo = found[6 * k];
    const hi = found[6 * k + 1];
    const corners = [found[6 * k + 2], found[6 * k + 3], found[6 * k + 4], found[6 * k + 5]];
    // angular order of the far vertices about the edge lo -> hi
    const ex = P[3 * hi] - P[3 * lo];
    const ey = P[3 * hi + 1] - P[3 * lo + 1];
    const ez = P[3 * hi + 2] - P[3 * lo + 2];
    const el = Math.hypot(ex, ey, ez) || 1;
    const [ux, uy, uz] = [ex / el, ey / el, ez / el];
    let ref: [number, number, number] | null = null;
    const angles = corners.map((c) => {
      const f = T[c - (c % 3) + ((c + 2) % 3)];
      let dx = P[3 * f] - P[3 * lo];
      let dy = P[3 * f + 1] - P[3 * lo + 1];
      let dz = P[3 * f + 2] - P[3 * lo + 2];
      const d = dx * ux + dy * uy + dz * uz;
      dx -= d * ux;
      dy -= d * uy;
      dz -= d * uz;
      if (!ref) ref = [dx, dy, dz];
      const [rx, ry, rz] = ref;
      const cos = dx * rx + dy * ry + dz * rz;
      const sin = ux * (ry * dz - rz * dy) + uy * (rz * dx - rx * dz) + uz * (rx * dy - ry * dx);
      return Math.atan2(sin, cos);
    });
    const byAngle = [0, 1, 2, 3].sort((a, b) => angles[a] - angles[b]);
    const fwd = (c: number) => T[c] === lo;
    // pair the first triangle with an angular neighbour of the other direction
    const a = byAngle[0];
    const b = fwd(corners[byAngle[1]]) !== fwd(corners[a]) ? byAngle[1] : byAngle[3];
    if (fwd(corners[b]) === fwd(corners[a])) continue; // not two-and-two: leave it
    const m = nv + pos.length / 3;
    const fa = T[corners[a] - (corners[a] % 3) + ((corners[a] + 2) % 3)];
    const fb = T[corners[b] - (corners[b] % 3) + ((corners[b] + 2) % 3)];
    for (let r = 0; r < 3; r++) {
      const mid = (P[3 * lo + r] + P[3 * hi + r]) / 2;
      const far = (P[3 * fa + r] + P[3 * fb + r]) / 2;
      pos.push(mid + 0.25 * (far - mid));
    }
    splitTriangle(tri, corners[a], m, halves);
    splitTriangle(tri, corners[b], m, halves);
    splits++;
  }
  if (splits === 0) return { mesh, splits, corners: table };
  return { mesh: extendMesh(P, tri, pos, halves, inPlace), splits };
}

/** Splits the edge starting at corner c at vertex m: (a,b,f) -> (a,m,f), appends (m,b,f). */
function splitTriangle(tri: Uint32Array, c: number, m: number, halves: number[]): void {
  const t = c - (c % 3);
  const a = tri[c];
  const b = tri[t + ((c + 1) % 3)];
  const f = tri[t + ((c + 2) % 3)];
  tri[t] = a;
  tri[t + 1] = m;
  tri[t + 2] = f;
  halves.push(m, b, f);
}
