import type { RunControl, Vec3 } from '@anatomodel/imaging';
import { subRun } from './create-progress.ts';
import { labelComponents } from './label-components.ts';
import type { LabelMap } from './label-map.ts';
import type { Connectivity } from './neighbour-offsets.ts';
import { replaceSegment } from './replace-segment.ts';
import { segmentMask } from './segment-mask.ts';
import { SegmentationError } from './segmentation-error.ts';

/** Which connected components of a segment survive. Exactly one criterion applies. */
export type ComponentCriterion =
  /** the component with the most voxels (ties: the first in raster order) */
  | { readonly keep: 'largest' }
  /** the component containing this voxel (i, j, k); an empty segment when the seed is outside it */
  | { readonly keep: 'seed'; readonly seed: Vec3 }
  /** every component of at least this volume, mm^3 (voxel count x voxel volume) */
  | { readonly keep: 'min-volume'; readonly minVolumeMm3: number };

/** Options of {@link filterComponents}. */
export type FilterComponentsOptions = ComponentCriterion & {
  /** segment to filter (default 1) */
  readonly label?: number;
  /** 6, 18 or 26 (default 6) */
  readonly connectivity?: Connectivity;
};

/**
 * Keeps some connected components of one segment and clears the rest to background: keep the
 * largest, keep the one under a seed, or remove islands smaller than N mm^3. Other segments are
 * untouched. Memory: the segment mask and the component labels (Int32Array).
 * @throws SegmentationError UNKNOWN_SEGMENT, SEED_OUTSIDE, INVALID_OPTION
 */
export function filterComponents(
  labelMap: LabelMap,
  options: FilterComponentsOptions,
  run?: RunControl,
): LabelMap {
  const label = options.label ?? 1;
  const mask = segmentMask(labelMap, label);
  const { dims, spacing } = labelMap.geometry;
  const { labels, count, sizes } = labelComponents(
    mask,
    dims,
    options.connectivity ?? 6,
    subRun(run, 0, 0.9),
  );
  const keep = new Uint8Array(count + 1);
  if (options.keep === 'largest') {
    let best = 0;
    for (let c = 1; c <= count; c++) if (sizes[c] > sizes[best]) best = c;
    if (best > 0) keep[best] = 1;
  } else if (options.keep === 'seed') {
    const [i, j, k] = options.seed;
    if (!(i >= 0 && j >= 0 && k >= 0 && i < dims[0] && j < dims[1] && k < dims[2])) {
      throw new SegmentationError('SEED_OUTSIDE', `seed (${i}, ${j}, ${k}) is off the grid`);
    }
    const c = labels[Math.round(i) + dims[0] * (Math.round(j) + dims[1] * Math.round(k))];
    if (c > 0) keep[c] = 1;
  } else if (options.keep === 'min-volume') {
    if (!(options.minVolumeMm3 >= 0)) {
      throw new SegmentationError('INVALID_OPTION', 'minVolumeMm3 must be >= 0');
    }
    const voxelMm3 = spacing[0] * spacing[1] * spacing[2];
    // a relative tolerance so that "N voxels' worth" keeps components of exactly N voxels
    const minVoxels = options.minVolumeMm3 / voxelMm3 - 1e-9;
    for (let c = 1; c <= count; c++) if (sizes[c] >= minVoxels) keep[c] = 1;
  } else {
    throw new SegmentationError('INVALID_OPTION', 'unknown component criterion');
  }
  for (let p = 0; p < mask.length; p++) mask[p] = keep[labels[p]] & mask[p];
  run?.onProgress?.(1);
  return replaceSegment(labelMap, label, mask);
}

/** Keeps only the largest connected component of segment `label` (default 1). */
export function keepLargestComponent(
  labelMap: LabelMap,
  options: { label?: number; connectivity?: Connectivity } = {},
  run?: RunControl,
): LabelMap {
  return filterComponents(labelMap, { ...options, keep: 'largest' }, run);
}

/** Removes the connected components of segment `label` smaller than `minVolumeMm3`. */
export function removeSmallIslands(
  labelMap: LabelMap,
  options: { minVolumeMm3: number; label?: number; connectivity?: Connectivity },
  run?: RunControl,
): LabelMap {
  return filterComponents(labelMap, { ...options, keep: 'min-volume' }, run);
}
