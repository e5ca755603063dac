import type { RunControl, Vec3, Volume } from '@anatomodel/imaging';
import { subRun } from './create-progress.ts';
import { growRegion } from './grow-region.ts';
import type { LabelMap } from './label-map.ts';
import { labelMapFromMask, type SegmentSpec } from './label-map-from-mask.ts';
import type { Connectivity } from './neighbour-offsets.ts';
import { SegmentationError } from './segmentation-error.ts';

/** Options of {@link confidenceConnected}. */
export interface ConfidenceConnectedOptions extends SegmentSpec {
  /** seed voxels, integer indices (i, j, k) */
  readonly seeds: readonly Vec3[];
  /** width of the accepted range in standard deviations: mean +- multiplier*sd (default 2.5) */
  readonly multiplier?: number;
  /** re-estimations of mean and sd from the grown region (default 4) */
  readonly iterations?: number;
  /** half-size, in voxels, of the cube around each seed used for the first estimate (default 1) */
  readonly initialRadiusVoxels?: number;
  /** 6, 18 or 26 (default 6) */
  readonly connectivity?: Connectivity;
}

/**
 * Region growing, "confidence connected" (ITK ConfidenceConnectedImageFilter): estimate mean and
 * standard deviation in cubes around the seeds, grow through [mean - k*sd, mean + k*sd], then
 * re-estimate from the grown region `iterations` times. Population sd (divides by n).
 * @throws SegmentationError SEED_OUTSIDE, INVALID_OPTION
 */
export function confidenceConnected(
  volume: Volume,
  options: ConfidenceConnectedOptions,
  run?: RunControl,
): LabelMap {
  const k = options.multiplier ?? 2.5;
  const iterations = options.iterations ?? 4;
  const radius = options.initialRadiusVoxels ?? 1;
  const connectivity = options.connectivity ?? 6;
  if (!(k >= 0) || !(iterations >= 0) || !(radius >= 0)) {
    throw new SegmentationError('INVALID_OPTION', 'multiplier, iterations, radius must be >= 0');
  }
  const { data, geometry } = volume;
  const [ni, nj, nk] = geometry.dims;
  let sum = 0;
  let sum2 = 0;
  let n = 0;
  for (const [si, sj, sk] of options.seeds) {
    if (!(si >= 0 && sj >= 0 && sk >= 0 && si < ni && sj < nj && sk < nk)) {
      throw new SegmentationError('SEED_OUTSIDE', `seed (${si}, ${sj}, ${sk}) is off the grid`);
    }
    for (let kk = Math.max(0, sk - radius); kk <= Math.min(nk - 1, sk + radius); kk++) {
      for (let jj = Math.max(0, sj - radius); jj <= Math.min(nj - 1, sj + radius); jj++) {
        for (let ii = Math.max(0, si - radius); ii <= Math.min(ni - 1, si + radius); ii++) {
          const v = data[ii + ni * (jj + nj * kk)];
          sum += v;
          sum2 += v * v;
          n++;
        }
      }
    }
  }
  if (n === 0) throw new SegmentationError('INVALID_OPTION', 'confidence connected needs a seed');
  let mask: Uint8Array = new Uint8Array(0);
  for (let it = 0; it <= iterations; it++) {
    const mean = sum / n;
    const sd = Math.sqrt(Math.max(0, sum2 / n - mean * mean));
    const part = subRun(run, it / (iterations + 1), (it + 1) / (iterations + 1));
    mask = growRegion(
      data,
      geometry.dims,
      options.seeds,
      mean - k * sd,
      mean + k * sd,
      connectivity,
      part,
    );
    if (it === iterations) break;
    sum = 0;
    sum2 = 0;
    n = 0;
    for (let p = 0; p < mask.length; p++) {
      if (mask[p] === 0) continue;
      const v = data[p];
      sum += v;
      sum2 += v * v;
      n++;
    }
    if (n === 0) break;
  }
  return labelMapFromMask(geometry, mask, { ...options, name: options.name ?? 'Region' });
}
