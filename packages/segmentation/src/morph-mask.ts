import type { RunControl, VolumeGeometry } from '@anatomodel/imaging';
import { subRun } from './create-progress.ts';
import { squaredDistanceTransform } from './squared-distance-transform.ts';
import { ballRows, isSmallBall, morphSmallBall } from './morph-small-ball.ts';
import { SegmentationError } from './segmentation-error.ts';

/** A binary morphological operation with a Euclidean ball of radius r mm. */
export type MorphOperation = 'dilate' | 'erode' | 'open' | 'close';

const MORPH_OPERATIONS: readonly string[] = ['dilate', 'erode', 'open', 'close'];

/**
 * The squared radius (mm^2) morphology compares distances with: r^2 with a relative tolerance,
 * so that voxels at exactly r mm count as inside the ball.
 * @throws SegmentationError INVALID_OPTION for a negative or non-finite radius
 */
export function morphBallRadius2(radiusMm: number): number {
  if (!(radiusMm >= 0) || !Number.isFinite(radiusMm)) {
    throw new SegmentationError('INVALID_OPTION', `radius must be a finite number >= 0 mm`);
  }
  return radiusMm * radiusMm * (1 + 1e-9) + 1e-12;
}

/**
 * The distance cap (mm) morphology passes to the EDT for a ball of squared radius r2: a hair
 * above sqrt(r2), so that the EDT's cap^2 is never below r2 and every distance compared is exact.
 */
export function morphCapMm(r2: number): number {
  return Math.sqrt(r2) * (1 + 1e-12);
}

/**
 * Dilation / erosion / opening / closing of a 0/1 mask by the ball of radius `radiusMm` (all
 * voxel centres within radiusMm of the centre, on the true anisotropic spacing), computed
 * exactly through the Euclidean distance transform instead of repeated 3x3x3 passes:
 * dilate(A) = { x : d(x, A) <= r }, erode(A) = { x in A : d(x, not A) > r }.
 * Voxels outside the grid are ignored (neither foreground nor background), so erosion does not
 * eat in from the grid border. `buffer` (optional, Float32Array of the grid size) is reused as
 * the distance map. Memory: the result mask plus one Float32Array; the input is not mutated.
 * @throws SegmentationError INVALID_OPTION for a negative or non-finite radius
 */
export function morphMask(
  mask: Uint8Array,
  geometry: VolumeGeometry,
  operation: MorphOperation,
  radiusMm: number,
  run?: RunControl,
  buffer?: Float32Array,
): Uint8Array {
  const r2 = morphBallRadius2(radiusMm);
  const rows = ballRows(geometry.spacing, r2);
  if (isSmallBall(rows) && MORPH_OPERATIONS.includes(operation)) {
    // a ball of a few rows (e.g. 2 mm on a 1 x 1 x 3 mm CT grid: 3 x 3 x 1 voxels) is
    // cheaper shifted and OR-ed directly than through the distance transform; same voxels
    const first = operation === 'dilate' || operation === 'close';
    if (operation === 'dilate' || operation === 'erode') {
      return morphSmallBall(mask, geometry.dims, rows, first, run);
    }
    const res = morphSmallBall(mask, geometry.dims, rows, first, subRun(run, 0, 0.5));
    return morphSmallBall(res, geometry.dims, rows, !first, subRun(run, 0.5, 1));
  }
  const out = buffer ?? new Float32Array(mask.length);
  const step = (src: Uint8Array, dilate: boolean, part: RunControl): Uint8Array => {
    const d = squaredDistanceTransform(
      src,
      geometry,
      // only "within r or not" matters: farther sites are dropped from the passes
      { feature: dilate ? 1 : 0, out, maxDistanceMm: morphCapMm(r2) },
      part,
    );
    const res = new Uint8Array(src.length);
    if (dilate) for (let p = 0; p < res.length; p++) res[p] = d[p] <= r2 ? 1 : 0;
    else for (let p = 0; p < res.length; p++) res[p] = src[p] !== 0 && d[p] > r2 ? 1 : 0;
    return res;
  };
  switch (operation) {
    case 'dilate':
      return step(mask, true, subRun(run, 0, 1));
    case 'erode':
      return step(mask, false, subRun(run, 0, 1));
    case 'open':
      return step(step(mask, false, subRun(run, 0, 0.5)), true, subRun(run, 0.5, 1));
    case 'close':
      return step(step(mask, true, subRun(run, 0, 0.5)), false, subRun(run, 0.5, 1));
    default:
      throw new SegmentationError('INVALID_OPTION', `unknown operation '${String(operation)}'`);
  }
}
