import type { Volume } from '@anatomodel/imaging';
import { SegmentationError } from './segmentation-error.ts';
import { findThresholdPreset } from './threshold-presets.ts';
import type { ThresholdOptions } from './threshold-volume.ts';

/** The inclusive range and segment name a threshold call resolves to. */
export interface ResolvedThreshold {
  readonly lower: number;
  readonly upper: number;
  readonly name: string;
}

/**
 * Resolves `options` (a preset or both bounds) against the volume: the bounds, and the segment
 * name (the given one, else the preset's, else 'Threshold').
 * @throws SegmentationError UNKNOWN_PRESET, INVALID_OPTION (missing or reversed bounds, an HU
 *   preset on a non-HU volume)
 */
export function thresholdBounds(volume: Volume, options: ThresholdOptions): ResolvedThreshold {
  let { lower, upper } = options;
  let name = options.name;
  if (options.preset !== undefined) {
    const preset = findThresholdPreset(options.preset);
    if (!preset) {
      throw new SegmentationError('UNKNOWN_PRESET', `unknown threshold preset '${options.preset}'`);
    }
    if (preset.unit === 'HU' && volume.unit !== 'HU') {
      throw new SegmentationError(
        'INVALID_OPTION',
        `preset '${preset.name}' is in HU but the volume holds ${volume.unit} values`,
      );
    }
    lower = preset.lower;
    upper = preset.upper;
    name ??= preset.name;
  }
  if (lower === undefined || upper === undefined || !(lower <= upper)) {
    throw new SegmentationError('INVALID_OPTION', `threshold needs lower <= upper`);
  }
  return { lower, upper, name: name ?? 'Threshold' };
}
