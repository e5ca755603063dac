import type { RunControl, Volume } from '@anatomodel/imaging';
import type { LabelMap } from './label-map.ts';
import { createProgress } from './create-progress.ts';
import { labelMapFromMask, type SegmentSpec } from './label-map-from-mask.ts';
import { thresholdBounds } from './threshold-bounds.ts';
import { thresholdSlices } from './threshold-slices.ts';

/** Options of {@link thresholdVolume}. Give either `preset` or both bounds. */
export interface ThresholdOptions extends SegmentSpec {
  /** inclusive lower bound, in the volume's unit (HU for CT) */
  readonly lower?: number;
  /** inclusive upper bound, in the volume's unit (HU for CT) */
  readonly upper?: number;
  /** name of a THRESHOLD_PRESETS entry (HU presets need a volume with unit 'HU') */
  readonly preset?: string;
}

/**
 * Binary threshold: voxels with `lower <= value <= upper` become segment `label` (default 1) of a
 * new Uint8Array LabelMap on the volume's grid. Cost: one pass, one output array.
 * @throws SegmentationError UNKNOWN_PRESET, INVALID_OPTION (missing or reversed bounds, an HU
 *   preset on a non-HU volume)
 */
export function thresholdVolume(
  volume: Volume,
  options: ThresholdOptions,
  run?: RunControl,
): LabelMap {
  const { lower, upper, name } = thresholdBounds(volume, options);
  const src = volume.data;
  const [ni, nj, nk] = volume.geometry.dims;
  const slice = ni * nj;
  const mask = new Uint8Array(src.length);
  const tick = createProgress(run, nk);
  for (let k = 0; k < nk; k++) {
    tick(k);
    thresholdSlices(src, mask, lower, upper, slice, k, k + 1);
  }
  tick(nk);
  return labelMapFromMask(volume.geometry, mask, { ...options, name });
}
