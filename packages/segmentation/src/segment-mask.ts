import type { LabelMap } from './label-map.ts';
import { SegmentationError } from './segmentation-error.ts';

/**
 * Binary mask (1 inside, 0 outside) of one segment, or of every labelled voxel when `label` is
 * undefined. Allocates one Uint8Array of the grid size.
 * @throws SegmentationError UNKNOWN_SEGMENT when `label` is given and not in `labelMap.segments`
 */
export function segmentMask(labelMap: LabelMap, label?: number): Uint8Array {
  const src = labelMap.data;
  const out = new Uint8Array(src.length);
  if (label === undefined) {
    for (let p = 0; p < src.length; p++) out[p] = src[p] !== 0 ? 1 : 0;
    return out;
  }
  if (!labelMap.segments.has(label)) {
    throw new SegmentationError('UNKNOWN_SEGMENT', `label ${label} is not a segment of the map`);
  }
  for (let p = 0; p < src.length; p++) out[p] = src[p] === label ? 1 : 0;
  return out;
}
