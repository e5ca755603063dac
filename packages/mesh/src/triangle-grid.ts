import { measureMesh } from './measure-mesh.ts';
import type { Mesh } from './mesh.ts';

/**
 * A uniform grid over a mesh's triangles for nearest-surface queries: only occupied cells are
 * stored (open-addressing hash of the cell index, CSR lists of triangle indices), so memory is
 * O(triangles) whatever the extent. Plain data; build with {@link buildTriangleGrid}.
 */
export interface TriangleGrid {
  readonly mesh: Mesh;
  /** cell edge, mm */
  readonly cell: number;
  /** LPS of the grid's (0,0,0) corner, mm */
  readonly origin: readonly [number, number, number];
  /** cells along x, y, z */
  readonly dims: readonly [number, number, number];
  readonly mask: number;
  /**
   * true when every cell index fits in the table: a cell's slot is its index (no hashing, no
   * collisions, neighbouring cells in neighbouring slots); else the hash of (i, j, k)
   */
  readonly dense?: boolean;
  /** linear cell index per hash slot, -1 empty; empty when `dense` (slot = cell index) */
  readonly keys: Float64Array;
  /** CSR start per hash slot (triangle ids of slot s: ids[start[s] .. start[s+1])) */
  readonly start: Int32Array;
  readonly ids: Int32Array;
  /** per triangle: bounding sphere centre xyz and radius (mm), for cheap rejection */
  readonly spheres: Float32Array;
  /** per triangle: id of the last query that tested it (scratch, mutated by queries) */
  readonly seen: Int32Array;
  /** [0]: nearest triangle of the last query (scratch: seeds the next, nearby query's bound) */
  readonly last: Int32Array;
}

const hash = (i: number, j: number, k: number, mask: number): number =>
  (Math.imul(i, 73856093) ^ Math.imul(j, 19349663) ^ Math.imul(k, 83492791)) & mask;

/**
 * Builds the grid with cells about three times the mean triangle size (so a cell holds a handful of
 * triangles); each triangle is listed in every cell its bounding box overlaps. A counting sort:
 * bounds and area from `measureMesh`, one pass over the triangles that takes each one's
 * bounding sphere and cell range (kept as its first cell and three small extents) and counts
 * the entries, then the entries per cell and the lists from the kept ranges; a grid whose cells fit the table
 * needs no keys (a cell's slot is its index). Cost: O(T), about 35 bytes per triangle plus 4 per
 * cell (dense) or 12 per table slot (hashed). The mesh is not mutated.
 */
export function buildTriangleGrid(mesh: Mesh): TriangleGrid {
  const P = mesh.positions;
  const T = mesh.triangles;
  const nt = T.length / 3;
  // bounds of the triangles' vertices and the mean triangle area
  const { area, bounds } = measureMesh(mesh);
  const [lx, ly, lz] = nt === 0 ? [0, 0, 0] : bounds.min;
  const [hx, hy, hz] = nt === 0 ? [1, 1, 1] : bounds.max;
  const extent = Math.max(hx - lx, hy - ly, hz - lz, 1e-6);
  // three times the side of a square of the mean triangle area, but at most 2^20 cells per axis
  const cell = Math.max(3 * Math.sqrt(area / Math.max(1, nt)), extent / 2 ** 20, 1e-6);
  const inv = 1 / cell;
  const dx = Math.floor((hx - lx) * inv) + 1;
  const dy = Math.floor((hy - ly) * inv) + 1;
  const dz = Math.floor((hz - lz) * inv) + 1;
  const dims: [number, number, number] = [dx, dy, dz];
  const origin: [number, number, number] = [lx, ly, lz];
  // cell range of triangle t's bounding box (i0, j0, k0, i1, j1, k1 in r0..r5)
  let r0 = 0;
  let r1 = 0;
  let r2 = 0;
  let r3 = 0;
  let r4 = 0;
  let r5 = 0;
  /** Cells (of `n` along an axis starting at `o`) of the lowest and highest of a, b, c. */
  const lowCell = (a: number, b: number, c: number, o: number, n: number): number =>
    Math.min(n - 1, Math.floor(((a < b ? (a < c ? a : c) : b < c ? b : c) - o) * inv));
  const highCell = (a: number, b: number, c: number, o: number, n: number): number =>
    Math.min(n - 1, Math.floor(((a > b ? (a > c ? a : c) : b > c ? b : c) - o) * inv));
  const cellRange = (t: number): void => {
    const a = 3 * T[3 * t];
    const b = 3 * T[3 * t + 1];
    const c = 3 * T[3 * t + 2];
    r0 = lowCell(P[a], P[b], P[c], lx, dx);
    r3 = highCell(P[a], P[b], P[c], lx, dx);
    r1 = lowCell(P[a + 1], P[b + 1], P[c + 1], ly, dy);
    r4 = highCell(P[a + 1], P[b + 1], P[c + 1], ly, dy);
    r2 = lowCell(P[a + 2], P[b + 2], P[c + 2], lz, dz);
    r5 = highCell(P[a + 2], P[b + 2], P[c + 2], lz, dz);
  };
  // pass 2: every triangle's bounding sphere about its centroid (radius to the farthest
  // corner, rounded up) and cell range, kept as its first cell and the extents (up to 3 cells
  // more per axis in two bits each; 255 marks a larger box, recomputed when needed), and the
  // number of entries
  const spheres = new Float32Array(4 * nt);
  const first = new Int32Array(3 * nt);
  const ext = new Uint8Array(nt);
  let entries = 0;
  for (let t = 0; t < nt; t++) {
    const a = 3 * T[3 * t];
    const b = 3 * T[3 * t + 1];
    const c = 3 * T[3 * t + 2];
    const ax = P[a], ay = P[a + 1], az = P[a + 2]; // prettier-ignore
    const bx = P[b], by = P[b + 1], bz = P[b + 2]; // prettier-ignore
    const qx = P[c], qy = P[c + 1], qz = P[c + 2]; // prettier-ignore
    const cx = (ax + bx + qx) / 3;
    const cy = (ay + by + qy) / 3;
    const cz = (az + bz + qz) / 3;
    // farthest corner, unrolled (no per-triangle array)
    let q2 = (ax - cx) ** 2 + (ay - cy) ** 2 + (az - cz) ** 2;
    const rb = (bx - cx) ** 2 + (by - cy) ** 2 + (bz - cz) ** 2;
    if (rb > q2) q2 = rb;
    const rc = (qx - cx) ** 2 + (qy - cy) ** 2 + (qz - cz) ** 2;
    if (rc > q2) q2 = rc;
    spheres[4 * t] = cx;
    spheres[4 * t + 1] = cy;
    spheres[4 * t + 2] = cz;
    spheres[4 * t + 3] = Math.sqrt(q2) * (1 + 1e-6) + 1e-6;
    r0 = lowCell(ax, bx, qx, lx, dx);
    r3 = highCell(ax, bx, qx, lx, dx);
    r1 = lowCell(ay, by, qy, ly, dy);
    r4 = highCell(ay, by, qy, ly, dy);
    r2 = lowCell(az, bz, qz, lz, dz);
    r5 = highCell(az, bz, qz, lz, dz);
    first[3 * t] = r0;
    first[3 * t + 1] = r1;
    first[3 * t + 2] = r2;
    const ei = r3 - r0;
    const ej = r4 - r1;
    const ek = r5 - r2;
    ext[t] = ei < 4 && ej < 4 && ek < 4 ? ei | (ej << 2) | (ek << 4) : 255;
    entries += (ei + 1) * (ej + 1) * (ek + 1);
  }
  let size = 16;
  while (size < 2 * entries) size *= 2;
  // a slot per cell when the cells fit in the hash table's size: memory order then follows
  // space, as the triangles do, the table only needs as many slots as cells, and no keys
  const cells = dx * dy * dz;
  const dense = cells <= size;
  if (dense) size = cells;
  const mask = dense ? 0 : size - 1;
  const keys = dense ? new Float64Array(0) : new Float64Array(size).fill(-1);
  /** Slot of cell (i, j, k), claimed in the hash table when new. */
  const slotOf = (i: number, j: number, k: number): number => {
    const key = i + dx * (j + dy * k);
    if (dense) return key;
    let s = hash(i, j, k, mask);
    while (keys[s] !== key && keys[s] !== -1) s = (s + 1) & mask;
    keys[s] = key;
    return s;
  };
  /** The kept range of triangle t into r0..r5. */
  const keptRange = (t: number): void => {
    const e = ext[t];
    if (e === 255) {
      cellRange(t);
      return;
    }
    r0 = first[3 * t];
    r1 = first[3 * t + 1];
    r2 = first[3 * t + 2];
    r3 = r0 + (e & 3);
    r4 = r1 + ((e >> 2) & 3);
    r5 = r2 + (e >> 4);
  };
  // pass 3: entries per slot, then their offsets (counting sort)
  const start = new Int32Array(size + 1);
  for (let t = 0; t < nt; t++) {
    keptRange(t);
    if (dense && r0 === r3 && r1 === r4 && r2 === r5) {
      start[r0 + dx * (r1 + dy * r2) + 1]++; // one cell: the usual case
      continue;
    }
    for (let k = r2; k <= r5; k++)
      for (let j = r1; j <= r4; j++) for (let i = r0; i <= r3; i++) start[slotOf(i, j, k) + 1]++;
  }
  for (let s = 0; s < size; s++) start[s + 1] += start[s];
  // pass 4: triangle ids into their slots' lists; each slot's offset moves to its end, i.e.
  // to the next slot's start, so one shift by a slot restores the starts
  const ids = new Int32Array(entries);
  for (let t = 0; t < nt; t++) {
    keptRange(t);
    if (dense && r0 === r3 && r1 === r4 && r2 === r5) {
      ids[start[r0 + dx * (r1 + dy * r2)]++] = t;
      continue;
    }
    for (let k = r2; k <= r5; k++)
      for (let j = r1; j <= r4; j++)
        for (let i = r0; i <= r3; i++) ids[start[slotOf(i, j, k)]++] = t;
  }
  start.copyWithin(1, 0, size);
  start[0] = 0;
  const seen = new Int32Array(nt).fill(-1);
  return {
    mesh,
    cell,
    origin,
    dims,
    mask,
    dense,
    keys,
    start,
    ids,
    spheres,
    seen,
    last: new Int32Array(1),
  };
}

/** Hash slot of cell (i, j, k), or -1 when the cell holds no triangle. */
export function gridSlot(g: TriangleGrid, i: number, j: number, k: number): number {
  const key = i + g.dims[0] * (j + g.dims[1] * k);
  if (g.dense) return g.start[key] < g.start[key + 1] ? key : -1;
  let s = hash(i, j, k, g.mask);
  for (;;) {
    const kk = g.keys[s];
    if (kk === key) return s;
    if (kk === -1) return -1;
    s = (s + 1) & g.mask;
  }
}
