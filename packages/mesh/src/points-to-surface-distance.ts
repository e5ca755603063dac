import type { RunControl } from '@anatomodel/imaging';
import type { DirectedDistance } from './hausdorff-distance.ts';
import { pointTriangleSquared } from './hausdorff-distance.ts';
import type { Mesh } from './mesh.ts';

/** Query boxes registered in the cells of a uniform grid (CSR lists of query ids). */
interface QueryCells {
  readonly cell: number;
  readonly x0: number;
  readonly y0: number;
  readonly z0: number;
  readonly dx: number;
  readonly dy: number;
  readonly dz: number;
  /** ids of cell c: ids[start[c] .. start[c + 1]) */
  readonly start: Int32Array;
  readonly ids: Int32Array;
}

/** Most cells of a query grid (dense table, 4 bytes a cell); larger cells beyond that. */
const MAX_CELLS = 1 << 21;

/**
 * Distance of every point (xyz triples, mm) to the surface of `mesh` (its triangles): max and
 * mean, the same exact point-to-triangle distances as `directedDistance` over a
 * `buildTriangleGrid`, without a grid over the mesh's triangles: cheaper when the points are
 * few next to the triangles (a decimated mesh's vertices against the raw surface). In two
 * passes over the mesh:
 * 1. an upper bound of each point's distance: the nearest vertex used by a triangle within a
 *    box about the point (points hashed into a grid of twice the box's size; the box grows
 *    for the points that found none, rarely needed);
 * 2. each point's box grown to that bound is hashed into a grid, and one pass over the
 *    triangles tests each triangle against the points whose box its bounding box can reach
 *    (the point's distance to the triangle's bounding box first, then the exact distance).
 * The nearest triangle lies within the bound, so its box reaches it: the minimum is exact.
 * Points referenced by no triangle count as well. Non-finite points give NaN. The mesh is
 * not mutated. Cost: O(V + T + points · k), k the triangles per point box.
 */
export function pointsToSurfaceDistance(
  points: Float32Array,
  mesh: Mesh,
  run?: RunControl,
): DirectedDistance {
  const n = points.length / 3;
  if (n === 0) return { max: 0, mean: 0 };
  const P = mesh.positions;
  const T = mesh.triangles;
  if (T.length === 0) return { max: Infinity, mean: Infinity };
  const nv = P.length / 3;
  const used = new Uint8Array(nv);
  for (let e = 0; e < T.length; e++) used[T[e]] = 1;
  // the points' bounds and the mean edge of the mesh's first triangles (the first box)
  let qx0 = Infinity, qy0 = Infinity, qz0 = Infinity; // prettier-ignore
  let qx1 = -Infinity, qy1 = -Infinity, qz1 = -Infinity; // prettier-ignore
  const bound = new Float64Array(n).fill(Infinity);
  let pending = new Int32Array(n);
  let np = 0;
  for (let q = 0; q < n; q++) {
    const x = points[3 * q];
    const y = points[3 * q + 1];
    const z = points[3 * q + 2];
    if (!Number.isFinite(x + y + z)) {
      bound[q] = NaN;
      continue;
    }
    pending[np++] = q;
    if (x < qx0) qx0 = x;
    if (x > qx1) qx1 = x;
    if (y < qy0) qy0 = y;
    if (y > qy1) qy1 = y;
    if (z < qz0) qz0 = z;
    if (z > qz1) qz1 = z;
  }
  let h = meanEdge(P, T);
  // pass 1: upper bounds from the used vertices, boxes of half-size h (x4 for points that
  // found no vertex)
  const half = new Float64Array(n);
  while (np > 0) {
    run?.signal?.throwIfAborted();
    half.fill(h);
    const g = queryCells(points, pending, np, half, 2 * h, qx0, qy0, qz0, qx1, qy1, qz1, h);
    const { cell, x0, y0, z0, dx, dy, dz, start, ids } = g;
    const inv = 1 / cell;
    for (let v = 0, o = 0; v < nv; v++, o += 3) {
      if (used[v] === 0) continue;
      const x = P[o];
      const y = P[o + 1];
      const z = P[o + 2];
      const i = Math.floor((x - x0) * inv);
      const j = Math.floor((y - y0) * inv);
      const k = Math.floor((z - z0) * inv);
      if (!(i >= 0 && i < dx && j >= 0 && j < dy && k >= 0 && k < dz)) continue;
      const c = i + dx * (j + dy * k);
      for (let e = start[c], end = start[c + 1]; e < end; e++) {
        const q = ids[e];
        const ex = points[3 * q] - x;
        const ey = points[3 * q + 1] - y;
        const ez = points[3 * q + 2] - z;
        const d = ex * ex + ey * ey + ez * ez;
        if (d < bound[q]) bound[q] = d;
      }
    }
    let left = 0;
    for (let e = 0; e < np; e++) if (bound[pending[e]] === Infinity) pending[left++] = pending[e];
    np = left;
    h *= 4;
  }
  // pass 2: the triangles against the points whose bound box they reach
  const best = new Float64Array(n);
  let rsum = 0;
  let nq = 0;
  pending = new Int32Array(n);
  for (let q = 0; q < n; q++) {
    const b = bound[q];
    if (b !== b) {
      best[q] = NaN;
      continue;
    }
    // a little above the bound so the nearest triangle always improves on it
    best[q] = b * (1 + 1e-6) + 1e-12;
    half[q] = Math.sqrt(best[q]);
    rsum += half[q];
    pending[nq++] = q;
  }
  if (nq > 0) {
    let rmax = 0;
    for (let e = 0; e < nq; e++) if (half[pending[e]] > rmax) rmax = half[pending[e]];
    const cellSize = Math.max(2 * (rsum / nq), 1e-6);
    const g = queryCells(points, pending, nq, half, cellSize, qx0, qy0, qz0, qx1, qy1, qz1, rmax);
    triangleQueries(points, P, T, g, best, run);
  }
  let max = 0;
  let sum = 0;
  for (let q = 0; q < n; q++) {
    const d = Math.sqrt(best[q]);
    if (d > max) max = d;
    sum += d;
  }
  return { max, mean: sum / n };
}

/** Pass 2: each triangle's exact distance to the points whose box its bounding box reaches. */
function triangleQueries(
  points: Float32Array,
  P: Float32Array,
  T: Uint32Array,
  g: QueryCells,
  best: Float64Array,
  run?: RunControl,
): void {
  const { cell, x0, y0, z0, dx, dy, dz, start, ids } = g;
  const inv = 1 / cell;
  const stamp = new Int32Array(best.length).fill(-1);
  const nt = T.length / 3;
  for (let t = 0; t < nt; t++) {
    if ((t & 0xfffff) === 0) run?.signal?.throwIfAborted();
    const a = 3 * T[3 * t];
    const b = 3 * T[3 * t + 1];
    const c = 3 * T[3 * t + 2];
    const ax = P[a], ay = P[a + 1], az = P[a + 2]; // prettier-ignore
    const bx = P[b], by = P[b + 1], bz = P[b + 2]; // prettier-ignore
    const cx = P[c], cy = P[c + 1], cz = P[c + 2]; // prettier-ignore
    const lx = ax < bx ? (ax < cx ? ax : cx) : bx < cx ? bx : cx;
    const hx = ax > bx ? (ax > cx ? ax : cx) : bx > cx ? bx : cx;
    const ly = ay < by ? (ay < cy ? ay : cy) : by < cy ? by : cy;
    const hy = ay > by ? (ay > cy ? ay : cy) : by > cy ? by : cy;
    const lz = az < bz ? (az < cz ? az : cz) : bz < cz ? bz : cz;
    const hz = az > bz ? (az > cz ? az : cz) : bz > cz ? bz : cz;
    const i0 = Math.max(0, Math.floor((lx - x0) * inv));
    const i1 = Math.min(dx - 1, Math.floor((hx - x0) * inv));
    if (!(i0 <= i1)) continue;
    const j0 = Math.max(0, Math.floor((ly - y0) * inv));
    const j1 = Math.min(dy - 1, Math.floor((hy - y0) * inv));
    if (!(j0 <= j1)) continue;
    const k0 = Math.max(0, Math.floor((lz - z0) * inv));
    const k1 = Math.min(dz - 1, Math.floor((hz - z0) * inv));
    if (!(k0 <= k1)) continue;
    for (let k = k0; k <= k1; k++) {
      for (let j = j0; j <= j1; j++) {
        for (let i = i0; i <= i1; i++) {
          const s = i + dx * (j + dy * k);
          for (let e = start[s], end = start[s + 1]; e < end; e++) {
            const q = ids[e];
            if (stamp[q] === t) continue; // met in another cell of this triangle
            stamp[q] = t;
            const px = points[3 * q];
            const py = points[3 * q + 1];
            const pz = points[3 * q + 2];
            // distance to the triangle's bounding box: cannot be nearer than the best
            const ex = px < lx ? lx - px : px > hx ? px - hx : 0;
            const ey = py < ly ? ly - py : py > hy ? py - hy : 0;
            const ez = pz < lz ? lz - pz : pz > hz ? pz - hz : 0;
            const bq = best[q];
            if (ex * ex + ey * ey + ez * ez >= bq) continue;
            const d = pointTriangleSquared(px, py, pz, P, a, b, c);
            if (d < bq) best[q] = d;
          }
        }
      }
    }
  }
}

/**
 * The points `ids[0 .. count)` as boxes of half-size `half[q]` registered in every cell of a
 * dense grid (cells of `cell` mm, larger when more than MAX_CELLS would be needed) that they
 * overlap. The grid spans the points' bounds grown by `reach`, the largest half-size.
 */
function queryCells(
  points: Float32Array,
  list: Int32Array,
  count: number,
  half: Float64Array,
  cell: number,
  qx0: number,
  qy0: number,
  qz0: number,
  qx1: number,
  qy1: number,
  qz1: number,
  reach: number,
): QueryCells {
  const x0 = qx0 - reach;
  const y0 = qy0 - reach;
  const z0 = qz0 - reach;
  const ex = qx1 - qx0 + 2 * reach;
  const ey = qy1 - qy0 + 2 * reach;
  const ez = qz1 - qz0 + 2 * reach;
  let size = cell;
  while ((Math.floor(ex / size) + 1) * (Math.floor(ey / size) + 1) * (Math.floor(ez / size) + 1) > MAX_CELLS) {
    size *= 1.25;
  }
  const inv = 1 / size;
  const dx = Math.floor(ex * inv) + 1;
  const dy = Math.floor(ey * inv) + 1;
  const dz = Math.floor(ez * inv) + 1;
  const start = new Int32Array(dx * dy * dz + 1);
  let ids = new Int32Array(0);
  // two passes over the boxes: count per cell, then fill (counting sort)
  for (let pass = 0; pass < 2; pass++) {
    for (let e = 0; e < count; e++) {
      const q = list[e];
      const r = half[q];
      const x = points[3 * q] - x0;
      const y = points[3 * q + 1] - y0;
      const z = points[3 * q + 2] - z0;
      const i0 = Math.max(0, Math.floor((x - r) * inv));
      const i1 = Math.min(dx - 1, Math.floor((x + r) * inv));
      const j0 = Math.max(0, Math.floor((y - r) * inv));
      const j1 = Math.min(dy - 1, Math.floor((y + r) * inv));
      const k0 = Math.max(0, Math.floor((z - r) * inv));
      const k1 = Math.min(dz - 1, Math.floor((z + r) * inv));
      for (let k = k0; k <= k1; k++)
        for (let j = j0; j <= j1; j++)
          for (let i = i0; i <= i1; i++) {
            const s = i + dx * (j + dy * k);
            if (pass === 0) start[s + 1]++;
            else ids[start[s]++] = q;
          }
    }
    if (pass === 0) {
      for (let s = 0; s < dx * dy * dz; s++) start[s + 1] += start[s];
      ids = new Int32Array(start[dx * dy * dz]);
    }
  }
  start.copyWithin(1, 0, dx * dy * dz);
  start[0] = 0;
  return { cell: size, x0, y0, z0, dx, dy, dz, start, ids };
}

/** Mean edge length of up to the first 4,096 triangles (mm, at least 1e-6). */
function meanEdge(P: Float32Array, T: Uint32Array): number {
  const m = Math.min(T.length, 3 * 4096);
  let sum = 0;
  for (let t = 0; t < m; t += 3) {
    const a = 3 * T[t];
    const b = 3 * T[t + 1];
    const c = 3 * T[t + 2];
    sum += Math.hypot(P[a] - P[b], P[a + 1] - P[b + 1], P[a + 2] - P[b + 2]);
    sum += Math.hypot(P[b] - P[c], P[b + 1] - P[c + 1], P[b + 2] - P[c + 2]);
    sum += Math.hypot(P[c] - P[a], P[c + 1] - P[a + 1], P[c + 2] - P[a + 2]);
  }
  const e = sum / m;
  return e > 1e-6 ? e : 1e-6;
}
