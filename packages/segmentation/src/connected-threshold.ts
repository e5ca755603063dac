import type { RunControl, Vec3, Volume } from '@anatomodel/imaging';
import { growRegion } from './grow-region.ts';
import type { LabelMap } from './label-map.ts';
import { labelMapFromMask, type SegmentSpec } from './label-map-from-mask.ts';
import type { Connectivity } from './neighbour-offsets.ts';
import { SegmentationError } from './segmentation-error.ts';

/** Options of {@link connectedThreshold}. */
export interface ConnectedThresholdOptions extends SegmentSpec {
  /** seed voxels, integer indices (i, j, k) */
  readonly seeds: readonly Vec3[];
  /** inclusive lower bound, volume unit */
  readonly lower: number;
  /** inclusive upper bound, volume unit */
  readonly upper: number;
  /** 6, 18 or 26 (default 6) */
  readonly connectivity?: Connectivity;
}

/**
 * Region growing, "connected threshold" (ITK ConnectedThresholdImageFilter; Mimics' region
 * growing): the voxels in [lower, upper] connected to a seed. Returns a one-segment LabelMap.
 * @throws SegmentationError SEED_OUTSIDE, INVALID_OPTION
 */
export function connectedThreshold(
  volume: Volume,
  options: ConnectedThresholdOptions,
  run?: RunControl,
): LabelMap {
  if (!(options.lower <= options.upper)) {
    throw new SegmentationError('INVALID_OPTION', 'connected threshold needs lower <= upper');
  }
  const mask = growRegion(
    volume.data,
    volume.geometry.dims,
    options.seeds,
    options.lower,
    options.upper,
    options.connectivity ?? 6,
    run,
  );
  return labelMapFromMask(volume.geometry, mask, { ...options, name: options.name ?? 'Region' });
}
