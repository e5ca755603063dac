import type { RunControl, VoxelArray } from '@anatomodel/imaging';
import { createProgress } from './create-progress.ts';
import { SegmentationError } from './segmentation-error.ts';

/** A histogram with equal-width bins over [min, max]. */
export interface Histogram {
  /** voxel count per bin */
  readonly counts: Float64Array;
  /** smallest value (left edge of bin 0) */
  readonly min: number;
  /** bin width, value units (> 0) */
  readonly binWidth: number;
}

/**
 * Histogram of `data` with `bins` equal bins spanning its min..max (NaN values are skipped).
 * When min === max, every voxel falls in bin 0 and binWidth is 1.
 * @throws SegmentationError EMPTY_INPUT when there is no finite value
 */
export function volumeHistogram(data: VoxelArray, bins: number, run?: RunControl): Histogram {
  if (!Number.isInteger(bins) || bins < 2) {
    throw new SegmentationError('INVALID_OPTION', `bins must be an integer >= 2, got ${bins}`);
  }
  let min = Infinity;
  let max = -Infinity;
  for (let p = 0; p < data.length; p++) {
    const v = data[p];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!(min <= max)) throw new SegmentationError('EMPTY_INPUT', 'histogram of an empty volume');
  const binWidth = max > min ? (max - min) / bins : 1;
  const counts = new Float64Array(bins);
  const chunk = 1 << 20;
  const tick = createProgress(run, data.length);
  for (let start = 0; start < data.length; start += chunk) {
    tick(start);
    const end = Math.min(data.length, start + chunk);
    for (let p = start; p < end; p++) {
      const v = data[p];
      if (v !== v) continue;
      let b = Math.floor((v - min) / binWidth);
      if (b >= bins) b = bins - 1;
      counts[b]++;
    }
  }
  return { counts, min, binWidth };
}
