// Points as boxes registered in the cells of a uniform grid: part of the TypeScript
// pointsToSurfaceDistance kept as the tests' reference (points-to-surface-distance-ts.ts).

/**
 * Query boxes registered in the cells of a uniform grid: a bit per cell marks the cells that
 * some box overlaps, and the occupied cells, numbered in cell order (`rank` counts them per
 * 32 cells), hold CSR lists of query ids.
 */
export interface QueryCells {
  readonly cell: number;
  readonly x0: number;
  readonly y0: number;
  readonly z0: number;
  readonly dx: number;
  readonly dy: number;
  readonly dz: number;
  readonly bits: Int32Array;
  /** occupied cells before each word of `bits` */
  readonly rank: Int32Array;
  /** entries of occupied cell s: start[s] .. start[s + 1] */
  readonly start: Int32Array;
  /** per entry: the query */
  readonly ids: Int32Array;
}

/** Most cells of a query grid (a bit and 1/8 byte each); larger cells beyond that. */
const MAX_CELLS = 1 << 24;

/** Set bits of a 32-bit word. */
export function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** First entry of occupied cell `c` (`start[slot + 1]` ends them), or -1 when empty. */
export function cellSlot(bits: Int32Array, rank: Int32Array, c: number): number {
  const word = bits[c >>> 5];
  const bit = c & 31;
  if (((word >>> bit) & 1) === 0) return -1;
  return rank[c >>> 5] + popcount(word & ((1 << bit) - 1));
}

/**
 * The points `list` as boxes of half-size `half[q] + pad[axis]` registered in every cell of
 * `cell` mm (larger when more than MAX_CELLS would be needed) that they overlap; the grid
 * spans `box` (the points' bounds, min xyz then max xyz) grown by `reach` plus the padding.
 * Each step is a small function of one loop (each compiles once, quickly).
 */
export function queryCells(
  points: Float32Array,
  list: Int32Array,
  half: Float64Array,
  cell: number,
  pad: readonly number[],
  box: readonly number[],
  reach: number,
): QueryCells {
  const x0 = box[0] - reach - pad[0];
  const y0 = box[1] - reach - pad[1];
  const z0 = box[2] - reach - pad[2];
  const ex = box[3] + reach + pad[0] - x0;
  const ey = box[4] + reach + pad[1] - y0;
  const ez = box[5] + reach + pad[2] - z0;
  let size = cell;
  const cellsOf = (s: number): number =>
    (Math.floor(ex / s) + 1) * (Math.floor(ey / s) + 1) * (Math.floor(ez / s) + 1);
  while (cellsOf(size) > MAX_CELLS) size *= 1.25;
  const inv = 1 / size;
  const dims = [Math.floor(ex * inv) + 1, Math.floor(ey * inv) + 1, Math.floor(ez * inv) + 1];
  const words = (dims[0] * dims[1] * dims[2] + 31) >>> 5;
  const bits = new Int32Array(words);
  const range = new Int32Array(6 * list.length);
  const entries = markBoxes(points, list, half, pad, [x0, y0, z0], inv, dims, range, bits);
  const rank = new Int32Array(words + 1);
  rankBits(bits, rank);
  const occupied = rank[words];
  const start = new Int32Array(occupied + 1);
  const ids = new Int32Array(entries);
  countEntries(list.length, range, dims[0], dims[1], bits, rank, start);
  for (let s = 0; s < occupied; s++) start[s + 1] += start[s];
  fillEntries(list, range, dims[0], dims[1], bits, rank, start, ids);
  start.copyWithin(1, 0, occupied);
  start[0] = 0;
  const [dx, dy, dz] = dims;
  return { cell: size, x0, y0, z0, dx, dy, dz, bits, rank, start, ids };
}

/** Occupied cells before each word of `bits` into `rank` (and the total after the last). */
function rankBits(bits: Int32Array, rank: Int32Array): void {
  for (let w = 0; w < bits.length; w++) rank[w + 1] = rank[w] + popcount(bits[w]);
}

/** Each box's cell range into `range` (i0 j0 k0 i1 j1 k1) and its cells' bits; entries. */
function markBoxes(
  points: Float32Array,
  list: Int32Array,
  half: Float64Array,
  pad: readonly number[],
  origin: readonly number[],
  inv: number,
  dims: readonly number[],
  range: Int32Array,
  bits: Int32Array,
): number {
  const [padX, padY, padZ] = pad;
  const [x0, y0, z0] = origin;
  const [dx, dy, dz] = dims;
  const lastI = dx - 1;
  const lastJ = dy - 1;
  const lastK = dz - 1;
  let entries = 0;
  for (let e = 0; e < list.length; e++) {
    const q = list[e];
    const x = points[3 * q] - x0;
    const y = points[3 * q + 1] - y0;
    const z = points[3 * q + 2] - z0;
    const rx = half[q] + padX;
    const ry = half[q] + padY;
    const rz = half[q] + padZ;
    // the boxes lie inside the grid (but for rounding): truncation is the floor, and the
    // upper cells are clamped (plain operators: cheap before the optimizing compiler)
    const i0 = ((x - rx) * inv) | 0;
    const j0 = ((y - ry) * inv) | 0;
    const k0 = ((z - rz) * inv) | 0;
    const u = ((x + rx) * inv) | 0;
    const v = ((y + ry) * inv) | 0;
    const w = ((z + rz) * inv) | 0;
    const i1 = u < dx ? u : lastI;
    const j1 = v < dy ? v : lastJ;
    const k1 = w < dz ? w : lastK;
    range[6 * e] = i0;
    range[6 * e + 1] = j0;
    range[6 * e + 2] = k0;
    range[6 * e + 3] = i1;
    range[6 * e + 4] = j1;
    range[6 * e + 5] = k1;
    entries += (i1 - i0 + 1) * (j1 - j0 + 1) * (k1 - k0 + 1);
    for (let k = k0; k <= k1; k++) {
      for (let j = j0; j <= j1; j++) {
        for (let c = i0 + dx * (j + dy * k), end = c + i1 - i0; c <= end; c++) {
          bits[c >>> 5] |= 1 << (c & 31);
        }
      }
    }
  }
  return entries;
}

/** Entries per occupied cell into start[slot + 1] (a row's cells have consecutive slots). */
function countEntries(
  count: number,
  range: Int32Array,
  dx: number,
  dy: number,
  bits: Int32Array,
  rank: Int32Array,
  start: Int32Array,
): void {
  for (let e = 0; e < count; e++) {
    const di = range[6 * e + 3] - range[6 * e];
    for (let k = range[6 * e + 2]; k <= range[6 * e + 5]; k++) {
      for (let j = range[6 * e + 1]; j <= range[6 * e + 4]; j++) {
        const s0 = cellSlot(bits, rank, range[6 * e] + dx * (j + dy * k));
        for (let s = s0; s <= s0 + di; s++) start[s + 1]++;
      }
    }
  }
}

/** The query ids into their cells' lists; each slot's start moves to its end. */
function fillEntries(
  list: Int32Array,
  range: Int32Array,
  dx: number,
  dy: number,
  bits: Int32Array,
  rank: Int32Array,
  start: Int32Array,
  ids: Int32Array,
): void {
  for (let e = 0; e < list.length; e++) {
    const q = list[e];
    const di = range[6 * e + 3] - range[6 * e];
    for (let k = range[6 * e + 2]; k <= range[6 * e + 5]; k++) {
      for (let j = range[6 * e + 1]; j <= range[6 * e + 4]; j++) {
        const s0 = cellSlot(bits, rank, range[6 * e] + dx * (j + dy * k));
        for (let s = s0; s <= s0 + di; s++) ids[start[s]++] = q;
      }
    }
  }
}
