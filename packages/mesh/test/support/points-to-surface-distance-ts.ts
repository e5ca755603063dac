// The TypeScript pointsToSurfaceDistance that wasm/points-to-surface-distance.c replaced
// (session 8), kept as the tests' reference: the kernel must give its max and mean bit for bit.
import type { RunControl } from '@anatomodel/imaging';
import type { DirectedDistance } from '../../src/hausdorff-distance.ts';
import { pointTriangleSquared } from '../../src/point-triangle-distance.ts';
import type { Mesh } from '../../src/mesh.ts';
import { cellSlot, popcount, queryCells, type QueryCells } from './query-cells-ts.ts';
import { triangleSizes } from '../../src/points-to-surface-distance.ts';

/** Cells of pass 2 per mean point box (edge / half-size). */
const CELL_FACTOR = 3;
/** Pass 1 takes the first corner of every CORNER_STRIDE-th triangle. */
const CORNER_STRIDE = 2;

/**
 * Distance of every point (xyz triples, mm) to the surface of `mesh` (its triangles): max and
 * mean, the same exact point-to-triangle distances as `directedDistance` over a
 * `buildTriangleGrid`, without a grid over the mesh's triangles: cheaper when the points are
 * few next to the triangles (a decimated mesh's vertices against the raw surface). In two
 * passes over the mesh:
 * 1. an upper bound of each point's distance: the nearest first corner of a triangle within
 *    a box about the point (points hashed into a grid of twice the box's size; the box grows
 *    for the points that found none, rarely needed);
 * 2. each point's box of that half-size, padded by the half-size of the mesh's usual
 *    triangle, is registered in the cells it overlaps; one pass over the triangles looks up
 *    the cell of each triangle's bounding-box centre only (the padding makes that cell hold
 *    every point whose box the triangle's bounding box reaches, each once; larger triangles
 *    look up a few cells) and tests those points: the distance to the triangle's bounding
 *    box first, then the exact distance.
 * The nearest triangle lies within the bound, so its box reaches it: the minimum is exact.
 * Points referenced by no triangle count as well. Non-finite points give NaN. The mesh is
 * not mutated. Cost: O(V + T + points · k), k the triangles per point box.
 */
export function pointsToSurfaceDistanceTs(
  points: Float32Array,
  mesh: Mesh,
  run?: RunControl,
): DirectedDistance {
  const n = points.length / 3;
  if (n === 0) return { max: 0, mean: 0 };
  const P = mesh.positions;
  const T = mesh.triangles;
  if (T.length === 0) return { max: Infinity, mean: Infinity };
  // the finite points and their bounds
  const box = [Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity];
  const bound = new Float64Array(n).fill(Infinity);
  const list = new Int32Array(n);
  const np = finitePoints(points, list, box, bound);
  const size = triangleSizes(P, T);
  // pass 1: upper bounds from the triangles' first corners within boxes of half-size h (the
  // mean edge; x4 for the points that found none); the points with a bound are ready for
  // pass 2 with boxes of half-size a little above the bound, so that the nearest triangle
  // always improves on it
  const best = new Float64Array(n).fill(NaN);
  const half = new Float64Array(n);
  const sized = new Float64Array(n);
  const ready = new Int32Array(np);
  const acc = new Float64Array(3); // ready points, sum and max of their half-sizes
  let pending = list.subarray(0, np);
  // no padding, in an array of doubles as pass 2's (one element kind: no deoptimization)
  const noPad = [0.5, 0.5, 0.5].fill(0);
  let h = size[3];
  while (pending.length > 0 && h < Infinity) {
    run?.signal?.throwIfAborted();
    sized.fill(h);
    cornerBounds(points, P, T, queryCells(points, pending, sized, 2 * h, noPad, box, h), bound);
    pending = pending.subarray(0, readyPoints(pending, bound, best, half, ready, acc));
    h *= 4;
  }
  for (const q of pending) best[q] = Infinity; // no finite corner anywhere
  const nq = acc[0];
  const rmax = acc[2];
  if (nq > 0) {
    // the usual triangle's half-size per axis, and a little more for the registration
    const pad = [size[0], size[1], size[2]];
    const padded = pad.map((p) => p * (1 + 1e-6) + 1e-9);
    const cell = Math.max(CELL_FACTOR * (acc[1] / nq), 1e-6);
    const g = queryCells(points, ready.subarray(0, nq), half, cell, padded, box, rmax);
    triangleQueries(points, P, T, g, pad, best, run);
  }
  return maxAndMean(best);
}

/**
 * The points of `pending` that have a bound: best = the bound a little raised, half = its
 * square root, appended to `ready` (acc: count, sum and max of the half-sizes); the others
 * move to the front of `pending` (returns their count).
 */
function readyPoints(
  pending: Int32Array,
  bound: Float64Array,
  best: Float64Array,
  half: Float64Array,
  ready: Int32Array,
  acc: Float64Array,
): number {
  let left = 0;
  let nq = acc[0];
  let rsum = acc[1];
  let rmax = acc[2];
  for (let e = 0; e < pending.length; e++) {
    const q = pending[e];
    const b = bound[q];
    if (b === Infinity) {
      pending[left++] = q;
      continue;
    }
    const d = b * (1 + 1e-6) + 1e-12;
    const r = Math.sqrt(d);
    best[q] = d;
    half[q] = r;
    ready[nq++] = q;
    rsum += r;
    if (r > rmax) rmax = r;
  }
  acc[0] = nq;
  acc[1] = rsum;
  acc[2] = rmax;
  return left;
}

/** The finite points' ids into `list` (returns their count), their bounds into `box`. */
function finitePoints(
  points: Float32Array,
  list: Int32Array,
  box: number[],
  bound: Float64Array,
): number {
  let x0 = Infinity, y0 = Infinity, z0 = Infinity; // prettier-ignore
  let x1 = -Infinity, y1 = -Infinity, z1 = -Infinity; // prettier-ignore
  let np = 0;
  for (let q = 0; q < list.length; q++) {
    const x = points[3 * q];
    const y = points[3 * q + 1];
    const z = points[3 * q + 2];
    const sum = x + y + z;
    if (sum - sum !== 0) {
      bound[q] = NaN;
      continue;
    }
    list[np++] = q;
    // (plain compares: this runs mostly before the optimizing compiler, where builtin
    // calls such as Math.min are slow)
    if (x < x0) x0 = x;
    if (y < y0) y0 = y;
    if (z < z0) z0 = z;
    if (x > x1) x1 = x;
    if (y > y1) y1 = y;
    if (z > z1) z1 = z;
  }
  box.splice(0, 6, x0, y0, z0, x1, y1, z1);
  return np;
}

/** Max and mean of the square roots (in order, as `directedDistance` sums them). */
function maxAndMean(squared: Float64Array): DirectedDistance {
  let max = 0;
  let sum = 0;
  for (let q = 0; q < squared.length; q++) {
    const d = Math.sqrt(squared[q]);
    if (d > max) max = d;
    sum += d;
  }
  return { max, mean: sum / squared.length };
}

/**
 * Pass 1: each point's squared distance to the nearest first corner of a triangle among those
 * in its cell of `g` into `bound` (when smaller).
 */
function cornerBounds(
  points: Float32Array,
  P: Float32Array,
  T: Uint32Array,
  g: QueryCells,
  bound: Float64Array,
): void {
  const { cell, x0, y0, z0, dx, dy, dz, bits, rank, start, ids } = g;
  const inv = 1 / cell;
  for (let t = 0; t < T.length; t += 3 * CORNER_STRIDE) {
    const o = 3 * T[t];
    const x = P[o];
    const y = P[o + 1];
    const z = P[o + 2];
    const fi = (x - x0) * inv;
    const fj = (y - y0) * inv;
    const fk = (z - z0) * inv;
    if (!(fi >= 0 && fi < dx && fj >= 0 && fj < dy && fk >= 0 && fk < dz)) continue;
    const s = cellSlot(bits, rank, (fi | 0) + dx * ((fj | 0) + dy * (fk | 0)));
    if (s < 0) continue;
    for (let e = start[s], end = start[s + 1]; e < end; e++) {
      const q = ids[e];
      const ex = points[3 * q] - x;
      const ey = points[3 * q + 1] - y;
      const ez = points[3 * q + 2] - z;
      const d = ex * ex + ey * ey + ez * ez;
      if (d < bound[q]) bound[q] = d;
    }
  }
}

/**
 * Pass 2: each triangle's exact distance to the points whose box its bounding box reaches,
 * where the points' boxes are padded by `pad` (half-sizes along x, y, z).
 */
function triangleQueries(
  points: Float32Array,
  P: Float32Array,
  T: Uint32Array,
  g: QueryCells,
  pad: readonly number[],
  best: Float64Array,
  run?: RunControl,
): void {
  const { cell, x0, y0, z0, dx, dy, dz, bits, rank, start, ids } = g;
  const [px0, py0, pz0] = pad;
  const inv = 1 / cell;
  const nt = T.length / 3;
  let stamp: Int32Array | null = null;
  for (let t = 0; t < nt; t++) {
    if ((t & 0xfffff) === 0) run?.signal?.throwIfAborted();
    const a = 3 * T[3 * t];
    const b = 3 * T[3 * t + 1];
    const c = 3 * T[3 * t + 2];
    const ax = P[a], ay = P[a + 1], az = P[a + 2]; // prettier-ignore
    const bx = P[b], by = P[b + 1], bz = P[b + 2]; // prettier-ignore
    const cx = P[c], cy = P[c + 1], cz = P[c + 2]; // prettier-ignore
    // the bounding box without branches (min(a, b) = (a + b - |a - b|) / 2, exact for
    // float32 coordinates; no compare sites whose feedback a cold start could lack)
    const sx = ax + bx;
    const tx = Math.abs(ax - bx);
    const lx = 0.5 * (0.5 * (sx - tx) + cx - Math.abs(0.5 * (sx - tx) - cx));
    const hx = 0.5 * (0.5 * (sx + tx) + cx + Math.abs(0.5 * (sx + tx) - cx));
    const sy = ay + by;
    const ty = Math.abs(ay - by);
    const ly = 0.5 * (0.5 * (sy - ty) + cy - Math.abs(0.5 * (sy - ty) - cy));
    const hy = 0.5 * (0.5 * (sy + ty) + cy + Math.abs(0.5 * (sy + ty) - cy));
    const sz = az + bz;
    const tz = Math.abs(az - bz);
    const lz = 0.5 * (0.5 * (sz - tz) + cz - Math.abs(0.5 * (sz - tz) - cz));
    const hz = 0.5 * (0.5 * (sz + tz) + cz + Math.abs(0.5 * (sz + tz) - cz));
    // the bounding box's centre and how far it reaches beyond the padding
    const mx = 0.5 * (lx + hx);
    const my = 0.5 * (ly + hy);
    const mz = 0.5 * (lz + hz);
    const wx = hx - lx;
    const wy = hy - ly;
    const wz = hz - lz;
    const ox = 0.5 * wx - px0;
    const oy = 0.5 * wy - py0;
    const oz = 0.5 * wz - pz0;
    if (ox <= 0 && oy <= 0 && oz <= 0) {
      // the usual case: the centre's cell lists every point whose box the triangle reaches
      const fi = (mx - x0) * inv;
      const fj = (my - y0) * inv;
      const fk = (mz - z0) * inv;
      if (!(fi >= 0 && fi < dx && fj >= 0 && fj < dy && fk >= 0 && fk < dz)) continue;
      const cc = (fi | 0) + dx * ((fj | 0) + dy * (fk | 0));
      const word = bits[cc >>> 5];
      const bit = cc & 31;
      if (((word >>> bit) & 1) === 0) continue;
      const s = rank[cc >>> 5] + popcount(word & ((1 << bit) - 1));
      for (let e = start[s], end = start[s + 1]; e < end; e++) {
        const q = ids[e];
        const px = points[3 * q];
        const py = points[3 * q + 1];
        const pz = points[3 * q + 2];
        // twice the distance to the triangle's bounding box along each axis (no branches):
        // the triangle cannot be nearer than the best
        const ex = Math.abs(px - lx) + Math.abs(px - hx) - wx;
        const ey = Math.abs(py - ly) + Math.abs(py - hy) - wy;
        const ez = Math.abs(pz - lz) + Math.abs(pz - hz) - wz;
        const bq = best[q];
        if (ex * ex + ey * ey + ez * ez >= 4 * bq) continue;
        const d = pointTriangleSquared(px, py, pz, P, a, b, c);
        if (d < bq) best[q] = d;
      }
      continue;
    }
    // a larger triangle: the cells of its centre box grown by the excess
    stamp ??= new Int32Array(best.length).fill(-1);
    const box = [lx, ly, lz, hx, hy, hz, ox, oy, oz];
    largeTriangle(points, P, a, b, c, t, g, box, best, stamp);
  }
}

/**
 * Pass 2 for a triangle (corners at offsets a, b, c of P) larger than the padding: its points
 * from the cells of its bounding box's centre grown by how far the box reaches beyond the
 * padding along x, y, z (`box`: min xyz, max xyz, those three); points met in two cells are
 * tested once (`stamp`).
 */
function largeTriangle(
  points: Float32Array,
  P: Float32Array,
  a: number,
  b: number,
  c: number,
  t: number,
  g: QueryCells,
  box: readonly number[],
  best: Float64Array,
  stamp: Int32Array,
): void {
  const { cell, x0, y0, z0, dx, dy, dz, bits, rank, start, ids } = g;
  const inv = 1 / cell;
  const [lx, ly, lz, hx, hy, hz] = box;
  const ox = Math.max(0, box[6]);
  const oy = Math.max(0, box[7]);
  const oz = Math.max(0, box[8]);
  const wx = hx - lx;
  const wy = hy - ly;
  const wz = hz - lz;
  const mx = 0.5 * (lx + hx);
  const my = 0.5 * (ly + hy);
  const mz = 0.5 * (lz + hz);
  const i0 = Math.max(0, Math.floor((mx - ox - x0) * inv));
  const i1 = Math.min(dx - 1, Math.floor((mx + ox - x0) * inv));
  const j0 = Math.max(0, Math.floor((my - oy - y0) * inv));
  const j1 = Math.min(dy - 1, Math.floor((my + oy - y0) * inv));
  const k0 = Math.max(0, Math.floor((mz - oz - z0) * inv));
  const k1 = Math.min(dz - 1, Math.floor((mz + oz - z0) * inv));
  for (let k = k0; k <= k1; k++) {
    for (let j = j0; j <= j1; j++) {
      for (let i = i0; i <= i1; i++) {
        const s = cellSlot(bits, rank, i + dx * (j + dy * k));
        if (s < 0) continue;
        for (let e = start[s], end = start[s + 1]; e < end; e++) {
          const q = ids[e];
          if (stamp[q] === t) continue;
          stamp[q] = t;
          const px = points[3 * q];
          const py = points[3 * q + 1];
          const pz = points[3 * q + 2];
          const fx = Math.abs(px - lx) + Math.abs(px - hx) - wx;
          const fy = Math.abs(py - ly) + Math.abs(py - hy) - wy;
          const fz = Math.abs(pz - lz) + Math.abs(pz - hz) - wz;
          const bq = best[q];
          if (fx * fx + fy * fy + fz * fz >= 4 * bq) continue;
          const d = pointTriangleSquared(px, py, pz, P, a, b, c);
          if (d < bq) best[q] = d;
        }
      }
    }
  }
}
