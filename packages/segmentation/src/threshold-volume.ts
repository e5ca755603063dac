import type { RunControl, Volume } from '@anatomodel/imaging';
import type { LabelMap } from './label-map.ts';
import { createProgress } from './create-progress.ts';
import { labelMapFromMask, type SegmentSpec } from './label-map-from-mask.ts';
import { SegmentationError } from './segmentation-error.ts';
import { findThresholdPreset } from './threshold-presets.ts';

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
  // 16-bit integer voxels, two per 32-bit read and four mask bytes per 32-bit write, with a
  // branch-free integer range test (about 1.5x the scalar loop; the mask allocation is the rest)
  const packed =
    LITTLE_ENDIAN && slice % 4 === 0 && src.byteOffset % 4 === 0 && !(src instanceof Float32Array);
  for (let k = 0; k < nk; k++) {
    tick(k);
    if (packed && src instanceof Int16Array)
      thresholdInt16(src, mask, lower, upper, k * slice, slice);
    else if (packed && src instanceof Uint16Array)
      thresholdUint16(src, mask, lower, upper, k * slice, slice);
    else {
      const end = (k + 1) * slice;
      for (let p = k * slice; p < end; p++) {
        const v = src[p];
        mask[p] = v >= lower && v <= upper ? 1 : 0;
      }
    }
  }
  tick(nk);
  return labelMapFromMask(volume.geometry, mask, { ...options, name: name ?? 'Threshold' });
}
