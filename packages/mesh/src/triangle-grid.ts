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
  /** linear cell index per hash slot, -1 empty */
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
 * triangles); each triangle is listed in every cell its bounding box overlaps.
 * Cost: O(T), about 60 bytes per triangle while building, 30 kept. The mesh is not mutated.
 */
export function buildTriangleGrid(mesh: Mesh): TriangleGrid {
  const P = mesh.positions;
  const T = mesh.triangles;
  const nt = T.length / 3;
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  let area2 = 0;
  for (let t = 0; t < nt; t++) {
    const a = 3 * T[3 * t];
    const b = 3 * T[3 * t + 1];
    const c = 3 * T[3 * t + 2];
    for (let r = 0; r < 3; r++) {
      const x = Math.min(P[a + r], P[b + r], P[c + r]);
      const y = Math.max(P[a + r], P[b + r], P[c + r]);
      if (x < lo[r]) lo[r] = x;
      if (y > hi[r]) hi[r] = y;
    }
    const ux = P[b] - P[a];
    const uy = P[b + 1] - P[a + 1];
    const uz = P[b + 2] - P[a + 2];
    const vx = P[c] - P[a];
    const vy = P[c + 1] - P[a + 1];
    const vz = P[c + 2] - P[a + 2];
    const nx = uy * vz - uz * vy;
    const ny = uz * vx - ux * vz;
    const nz = ux * vy - uy * vx;
    area2 += Math.sqrt(nx * nx + ny * ny + nz * nz);
  }
  if (nt === 0) {
    lo.fill(0);
    hi.fill(1);
  }
  const extent = Math.max(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2], 1e-6);
  // three times the side of a square of the mean triangle area, but at most 2^20 cells per axis
  const cell = Math.max(3 * Math.sqrt(area2 / 2 / Math.max(1, nt)), extent / 2 ** 20, 1e-6);
  const dims: [number, number, number] = [0, 1, 2].map(
    (r) => Math.floor((hi[r] - lo[r]) / cell) + 1,
  ) as [number, number, number];
  const origin: [number, number, number] = [lo[0], lo[1], lo[2]];
  // pass 1: cell range of every triangle's bounding box (kept), entry count to size the hash
  let entries = 0;
  const ranges = new Int32Array(6 * nt);
  const inv = 1 / cell;
  for (let t = 0; t < nt; t++) {
    const a = 3 * T[3 * t];
    const b = 3 * T[3 * t + 1];
    const c = 3 * T[3 * t + 2];
    let n = 1;
    for (let r = 0; r < 3; r++) {
      const pa = P[a + r];
      const pb = P[b + r];
      const pc = P[c + r];
      const x = pa < pb ? (pa < pc ? pa : pc) : pb < pc ? pb : pc;
      const y = pa > pb ? (pa > pc ? pa : pc) : pb > pc ? pb : pc;
      const i0 = Math.min(dims[r] - 1, Math.floor((x - origin[r]) * inv));
      const i1 = Math.min(dims[r] - 1, Math.floor((y - origin[r]) * inv));
      ranges[6 * t + r] = i0;
      ranges[6 * t + r + 3] = i1;
      n *= i1 - i0 + 1;
    }
    entries += n;
  }
  let size = 16;
  while (size < 2 * entries) size *= 2;
  // a slot per cell when the cells fit in the hash table's size: memory order then follows
  // space, as the triangles do, and the table only needs as many slots as cells
  const cells = dims[0] * dims[1] * dims[2];
  const dense = cells <= size;
  if (dense) while (size / 2 >= cells && size > 16) size /= 2;
  const mask = size - 1;
  const keys = new Float64Array(size).fill(-1);
  const count = new Int32Array(size + 1);
  // pass 2: hash slot of every entry (kept) and counts per slot
  const slots = new Int32Array(entries);
  let e = 0;
  for (let t = 0; t < nt; t++) {
    const o = 6 * t;
    for (let k = ranges[o + 2]; k <= ranges[o + 5]; k++)
      for (let j = ranges[o + 1]; j <= ranges[o + 4]; j++)
        for (let i = ranges[o]; i <= ranges[o + 3]; i++) {
          const key = i + dims[0] * (j + dims[1] * k);
          let s = dense ? key : hash(i, j, k, mask);
          while (keys[s] !== key && keys[s] !== -1) s = (s + 1) & mask;
          keys[s] = key;
          slots[e++] = s;
          count[s + 1]++;
        }
  }
  for (let s = 0; s < size; s++) count[s + 1] += count[s];
  const start = count;
  const fill = start.slice(0, size);
  const ids = new Int32Array(entries);
  // pass 3: triangle ids into their slots' lists, in the order of pass 2
  e = 0;
  for (let t = 0; t < nt; t++) {
    const o = 6 * t;
    const n =
      (ranges[o + 3] - ranges[o] + 1) *
      (ranges[o + 4] - ranges[o + 1] + 1) *
      (ranges[o + 5] - ranges[o + 2] + 1);
    for (let m = 0; m < n; m++) ids[fill[slots[e++]]++] = t;
  }
  // bounding spheres about the centroid (radius to the farthest corner, rounded up)
  const spheres = new Float32Array(4 * nt);
  for (let t = 0; t < nt; t++) {
    const a = 3 * T[3 * t];
    const b = 3 * T[3 * t + 1];
    const c = 3 * T[3 * t + 2];
    const cx = (P[a] + P[b] + P[c]) / 3;
    const cy = (P[a + 1] + P[b + 1] + P[c + 1]) / 3;
    const cz = (P[a + 2] + P[b + 2] + P[c + 2]) / 3;
    // farthest corner, unrolled (no per-triangle array)
    let r2 = (P[a] - cx) ** 2 + (P[a + 1] - cy) ** 2 + (P[a + 2] - cz) ** 2;
    const rb = (P[b] - cx) ** 2 + (P[b + 1] - cy) ** 2 + (P[b + 2] - cz) ** 2;
    if (rb > r2) r2 = rb;
    const rc = (P[c] - cx) ** 2 + (P[c + 1] - cy) ** 2 + (P[c + 2] - cz) ** 2;
    if (rc > r2) r2 = rc;
    spheres[4 * t] = cx;
    spheres[4 * t + 1] = cy;
    spheres[4 * t + 2] = cz;
    spheres[4 * t + 3] = Math.sqrt(r2) * (1 + 1e-6) + 1e-6;
  }
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
  let s = g.dense ? key : hash(i, j, k, g.mask);
  for (;;) {
    const kk = g.keys[s];
    if (kk === key) return s;
    if (kk === -1) return -1;
    s = (s + 1) & g.mask;
  }
}
