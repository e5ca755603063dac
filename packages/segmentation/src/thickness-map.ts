import type { RunControl } from '@anatomodel/imaging';
import { createProgress, subRun } from './create-progress.ts';
import type { LabelMap } from './label-map.ts';
import { segmentMask } from './segment-mask.ts';
import { paintBalls, thicknessRidge } from './thickness-passes.ts';
import { squaredDistanceTransform } from './squared-distance-transform.ts';

/** Options of {@link thicknessMap}. */
export interface ThicknessOptions {
  /** segment to measure (default 1) */
  readonly label?: number;
}

/**
 * Local wall thickness of a segment, mm per voxel (0 outside the segment): the diameter of the
 * largest ball that contains the voxel's centre and fits inside the segment (Hildebrand &
 * Ruegsegger 1997, "A new method for the model-independent assessment of thickness in
 * three-dimensional images", J Microsc 185; BoneJ's "Local Thickness"). Ball centres are the
 * segment's voxel centres; the segment is the union of its voxels' boxes (cuboids of the
 * spacing), so a ball's radius r_c is the distance from its centre to the nearest background
 * voxel box, the grid's outside counting as background. Precisely:
 * thickness(x) = max { 2 r_c : c in segment, |x - c| <= r_c }.
 * On any spacing a flat wall of an odd number n of voxels of size s measures exactly n*s and an
 * even one (n-1)*s (the largest centred ball of an even wall is off-centre by half a voxel): the
 * map does not overstate walls (the safe side for printability).
 *
 * Steps: r_c^2 for every voxel by one exact separable distance transform to background boxes
 * (linear time); the "ridge": centres whose digital ball (the voxel centres it holds) lies in
 * the digital ball of a 26-neighbour with a radius at least theirs are dropped, which changes
 * nothing (memoised row-by-row test); then each ridge ball paints max(2 r_c) over the voxels it
 * holds, row by row. Cost: linear passes plus the summed volume of the ridge balls (about
 * length x R^3 / voxel for a solid cylinder of radius R; walls a few voxels thick are cheap).
 * Memory: the mask, the Float32Array result (first holding r_c^2), and the ridge list (one
 * index and one float per ridge voxel). `SegmentationPool.thicknessMap` (node entry) runs the
 * same phases on worker threads with an identical result.
 * @throws SegmentationError UNKNOWN_SEGMENT
 */
export function thicknessMap(
  labelMap: LabelMap,
  options: ThicknessOptions = {},
  run?: RunControl,
): Float32Array {
  const mask = segmentMask(labelMap, options.label ?? 1);
  const { dims, spacing } = labelMap.geometry;
  const nk = dims[2];
  // r_c^2: squared distance to the nearest background box (0 on background)
  const out = squaredDistanceTransform(
    mask,
    labelMap.geometry,
    { feature: 0, outsideIsFeature: true, featureShape: 'box' },
    subRun(run, 0, 0.3),
  );
  const ridge = thicknessRidge(mask, out, dims, spacing, 0, nk, createProgress(run, nk, 0.3, 0.5));
  // paint: every voxel centre within r_c of a ridge centre c gets max(2 r_c); such voxels are
  // segment voxels (a background centre is farther from c than its own box is)
  const tickPaint = createProgress(run, ridge.count, 0.5, 1);
  paintBalls(out, ridge, dims, spacing, 0, nk, tickPaint);
  tickPaint(ridge.count);
  return out;
}
