import type { VoxelArray } from '@anatomodel/imaging';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Integer bounds equivalent to lower <= v <= upper for integer v, kept within int32 reach. */
function integerBounds(lower: number, upper: number): [number, number] {
  const lo = Math.max(-65537, Math.min(65537, Math.ceil(lower)));
  const hi = Math.max(-65537, Math.min(65537, Math.floor(upper)));
  return [lo, hi];
}

/**
 * Voxels [start, start + count) of Int16 `src` (count and start multiples of 4, little-endian)
 * into `mask`: the sign bit of (v - lo) | (hi - v) is set exactly when v is out of range.
 */
function thresholdInt16(
  src: Int16Array,
  mask: Uint8Array,
  lower: number,
  upper: number,
  start: number,
  count: number,
): void {
  const [lo, hi] = integerBounds(lower, upper);
  const s32 = new Int32Array(src.buffer, src.byteOffset + start * 2, count >> 1);
  const m32 = new Int32Array(mask.buffer, mask.byteOffset + start, count >> 2);
  for (let q = 0, w = 0; q < m32.length; q++, w += 2) {
    const v0 = s32[w];
    const v1 = s32[w + 1];
    const a = (v0 << 16) >> 16;
    const b = v0 >> 16;
    const c = (v1 << 16) >> 16;
    const d = v1 >> 16;
    m32[q] =
      (~((a - lo) | (hi - a)) >>> 31) |
      ((~((b - lo) | (hi - b)) >>> 31) << 8) |
      ((~((c - lo) | (hi - c)) >>> 31) << 16) |
      ((~((d - lo) | (hi - d)) >>> 31) << 24);
  }
}

/** As thresholdInt16, for Uint16 voxels. */
function thresholdUint16(
  src: Uint16Array,
  mask: Uint8Array,
  lower: number,
  upper: number,
  start: number,
  count: number,
): void {
  const [lo, hi] = integerBounds(lower, upper);
  const s32 = new Int32Array(src.buffer, src.byteOffset + start * 2, count >> 1);
  const m32 = new Int32Array(mask.buffer, mask.byteOffset + start, count >> 2);
  for (let q = 0, w = 0; q < m32.length; q++, w += 2) {
    const v0 = s32[w];
    const v1 = s32[w + 1];
    const a = v0 & 0xffff;
    const b = v0 >>> 16;
    const c = v1 & 0xffff;
    const d = v1 >>> 16;
    m32[q] =
      (~((a - lo) | (hi - a)) >>> 31) |
      ((~((b - lo) | (hi - b)) >>> 31) << 8) |
      ((~((c - lo) | (hi - c)) >>> 31) << 16) |
      ((~((d - lo) | (hi - d)) >>> 31) << 24);
  }
}

/**
 * Thresholds slices [k0, k1) of `src` (slices of `sliceSize` voxels) into `mask` at the same
 * voxel offsets: 1 where `lower <= value <= upper`, else 0. The slab kernel of
 * `thresholdVolume` (one thread) and of `SegmentationPool.thresholdVolume` (slabs per worker),
 * so both give identical masks. 16-bit integer voxels go two per 32-bit read and four mask bytes
 * per 32-bit write with a branch-free range test when the slice size and offsets are multiples
 * of 4 on a little-endian host; other voxels use the scalar loop.
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
    !(src instanceof Float32Array);
  if (packed && src instanceof Int16Array) {
    for (let k = k0; k < k1; k++) thresholdInt16(src, mask, lower, upper, k * sliceSize, sliceSize);
  } else if (packed && src instanceof Uint16Array) {
    for (let k = k0; k < k1; k++)
      thresholdUint16(src, mask, lower, upper, k * sliceSize, sliceSize);
  } else {
    const end = k1 * sliceSize;
    for (let p = k0 * sliceSize; p < end; p++) {
      const v = src[p];
      mask[p] = v >= lower && v <= upper ? 1 : 0;
    }
  }
}
