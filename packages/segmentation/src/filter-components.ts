import type { RunControl, Vec3 } from '@anatomodel/imaging';
import { subRun } from './create-progress.ts';
import { floodComponents, isolateComponent, retainComponents } from './flood-components.ts';
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
  /**
   * The caller gives the label map up: when its data is a Uint8Array and `label` is its only
   * segment, that array becomes the kernel's scratch and the result's data (no copy, no second
   * full-size array); the input must not be used afterwards. Ignored for other maps.
   */
  readonly inPlace?: boolean;
};

/**
 * Keeps some connected components of one segment and clears the rest to background: keep the
 * largest, keep the one under a seed, or remove islands smaller than N mm^3. Other segments are
 * untouched. Memory: the segment mask (1 byte per voxel, visited voxels marked in it), 16 bytes
 * per component and a flood queue; no per-voxel component labels (see {@link floodComponents}).
 * @throws SegmentationError UNKNOWN_SEGMENT, SEED_OUTSIDE, INVALID_OPTION
 */
export function filterComponents(
  labelMap: LabelMap,
  options: FilterComponentsOptions,
  run?: RunControl,
): LabelMap {
  const label = options.label ?? 1;
  const reuse =
    options.inPlace === true &&
    labelMap.data instanceof Uint8Array &&
    labelMap.segments.size === 1 &&
    labelMap.segments.has(label);
  // in place: the only segment's voxels become 1 in the input's own array
  const mask = segmentMask(labelMap, label, reuse ? (labelMap.data as Uint8Array) : undefined);
  const finish = () =>
    reuse ? ownSegment(labelMap, label, mask) : withSegment(labelMap, label, mask);
  const { dims, spacing } = labelMap.geometry;
  const connectivity = options.connectivity ?? 6;
  if (options.keep === 'seed') {
    const [i, j, k] = options.seed;
    if (!(i >= 0 && j >= 0 && k >= 0 && i < dims[0] && j < dims[1] && k < dims[2])) {
      throw new SegmentationError('SEED_OUTSIDE', `seed (${i}, ${j}, ${k}) is off the grid`);
    }
    const start = Math.round(i) + dims[0] * (Math.round(j) + dims[1] * Math.round(k));
    isolateComponent(mask, dims, connectivity, start);
    run?.onProgress?.(1);
    return finish();
  }
  let minVoxels = 0;
  if (options.keep === 'min-volume') {
    if (!(options.minVolumeMm3 >= 0)) {
      throw new SegmentationError('INVALID_OPTION', 'minVolumeMm3 must be >= 0');
    }
    minVoxels = minVoxelsOfVolume(options.minVolumeMm3, spacing);
  } else if (options.keep !== 'largest') {
    throw new SegmentationError('INVALID_OPTION', 'unknown component criterion');
  }
  const flooded = floodComponents(mask, dims, connectivity, subRun(run, 0, 0.9));
  const { count, sizes } = flooded;
  const keep = new Uint8Array(count);
  if (options.keep === 'largest') {
    let best = -1;
    let bestSize = 0;
    for (let c = 0; c < count; c++) {
      if (sizes[c] > bestSize) {
        best = c;
        bestSize = sizes[c];
      }
    }
    if (best >= 0) keep[best] = 1;
  } else {
    for (let c = 0; c < count; c++) if (sizes[c] >= minVoxels) keep[c] = 1;
  }
  retainComponents(mask, dims, connectivity, flooded, keep);
  run?.onProgress?.(1);
  return finish();
}

/**
 * The voxel count a component needs to have at least `minVolumeMm3` on a grid of `spacing`
 * (mm), as `filterComponents` 'min-volume' compares it: with a relative tolerance, so that
 * "N voxels' worth" keeps components of exactly N voxels.
 */
export function minVoxelsOfVolume(minVolumeMm3: number, spacing: Vec3): number {
  return minVolumeMm3 / (spacing[0] * spacing[1] * spacing[2]) - 1e-9;
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

/** The result of an in-place filter: the 0/1 `mask` (the input's own array) relabelled. */
function ownSegment(labelMap: LabelMap, label: number, mask: Uint8Array): LabelMap {
  if (label !== 1) for (let p = 0; p < mask.length; p++) if (mask[p] !== 0) mask[p] = label;
  return { kind: 'LabelMap', geometry: labelMap.geometry, data: mask, segments: labelMap.segments };
}

/**
 * `replaceSegment(labelMap, label, mask)` for a mask inside the segment's voxels; for a Uint8
 * map the result is written into `mask` itself (the kernel's own scratch array), so the job holds
 * two full-size byte arrays (input and mask), not three.
 */
function withSegment(labelMap: LabelMap, label: number, mask: Uint8Array): LabelMap {
  const src = labelMap.data;
  if (!(src instanceof Uint8Array)) return replaceSegment(labelMap, label, mask);
  // mask voxels hold `label` in src: they stay `label`; other `label` voxels become 0
  for (let p = 0; p < mask.length; p++) {
    const v = src[p];
    mask[p] = mask[p] !== 0 ? label : v === label ? 0 : v;
  }
  return { kind: 'LabelMap', geometry: labelMap.geometry, data: mask, segments: labelMap.segments };
}
