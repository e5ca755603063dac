import type { LabelMap } from './label-map.ts';
import { SegmentationError } from './segmentation-error.ts';

/**
 * Binary mask (1 inside, 0 outside) of one segment, or of every labelled voxel when `label` is
 * undefined. Allocates one Uint8Array of the grid size, unless `out` (same length) is given: it
 * is overwritten and returned (for instance a view of a SharedArrayBuffer for worker threads).
 * @throws SegmentationError UNKNOWN_SEGMENT when `label` is given and not in `labelMap.segments`
 */
export function segmentMask(labelMap: LabelMap, label?: number, out?: Uint8Array): Uint8Array {
  const src = labelMap.data;
  if (label !== undefined && !labelMap.segments.has(label)) {
    throw new SegmentationError('UNKNOWN_SEGMENT', `label ${label} is not a segment of the map`);
  }
  const mask = out ?? new Uint8Array(src.length);
  if (mask.length !== src.length) {
    throw new SegmentationError(
      'INVALID_OPTION',
      `out has ${mask.length} voxels, map ${src.length}`,
    );
  }
  let p = 0;
  if (
    src instanceof Uint8Array &&
    (src.byteOffset & 3) === 0 &&
    (mask.byteOffset & 3) === 0 &&
    (label === undefined || label <= 255)
  ) {
    // four voxels per 32-bit word: x = word XOR the label in every byte is 0 in exactly the
    // bytes equal to the label; ((x & 0x7f..) + 0x7f..) | x sets a byte's high bit exactly
    // when the byte is non-zero (no carry crosses bytes), so no false hits
    const words = src.length >> 2;
    const s32 = new Uint32Array(src.buffer, src.byteOffset, words);
    const m32 = new Uint32Array(mask.buffer, mask.byteOffset, words);
    const pattern = label === undefined ? 0 : Math.imul(label, 0x01010101);
    for (let w = 0; w < words; w++) {
      const x = s32[w] ^ pattern;
      const nonZero = (((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x) & 0x80808080;
      // label: 1 where the byte is zero (equal); any label: 1 where the byte is non-zero
      m32[w] = (label === undefined ? nonZero : ~nonZero & 0x80808080) >>> 7;
    }
    p = words << 2;
  }
  if (label === undefined) for (; p < src.length; p++) mask[p] = src[p] !== 0 ? 1 : 0;
  else for (; p < src.length; p++) mask[p] = src[p] === label ? 1 : 0;
  return mask;
}
