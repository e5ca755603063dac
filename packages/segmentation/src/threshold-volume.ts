import type { RunControl, Volume } from '@anatomodel/imaging';
import type { LabelMap } from './label-map.ts';
import { createProgress } from './create-progress.ts';
import { labelMapFromMask, type SegmentSpec } from './label-map-from-mask.ts';
import { SegmentationError } from './segmentation-error.ts';
import { findThresholdPreset } from './threshold-presets.ts';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

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
  const src = volume.data;
  const [ni, nj, nk] = volume.geometry.dims;
  const slice = ni * nj;
  const mask = new Uint8Array(src.length);
  const tick = createProgress(run, nk);
  // Four voxels per 32-bit store when the layout allows it (about 1.5-2x faster in V8);
  // the byte order of the packed word follows the platform's.
  const mask32 = slice % 4 === 0 ? new Uint32Array(mask.buffer) : undefined;
  const [s1, s2, s3] = LITTLE_ENDIAN ? [8, 16, 24] : [16, 8, 0];
  const s0 = LITTLE_ENDIAN ? 0 : 24;
  for (let k = 0; k < nk; k++) {
    tick(k);
    const start = k * slice;
    const end = start + slice;
    if (mask32) {
      for (let p = start, q = start >> 2; p < end; p += 4, q++) {
        const a = src[p];
        const b = src[p + 1];
        const c = src[p + 2];
        const d = src[p + 3];
        mask32[q] =
          ((a >= lower && a <= upper ? 1 : 0) << s0) |
          ((b >= lower && b <= upper ? 1 : 0) << s1) |
          ((c >= lower && c <= upper ? 1 : 0) << s2) |
          ((d >= lower && d <= upper ? 1 : 0) << s3);
      }
    } else {
      for (let p = start; p < end; p++) {
        const v = src[p];
        mask[p] = v >= lower && v <= upper ? 1 : 0;
      }
    }
  }
  tick(nk);
  return labelMapFromMask(volume.geometry, mask, { ...options, name: name ?? 'Threshold' });
}
