import type { RunControl, VolumeGeometry } from '@anatomodel/imaging';
import { subRun } from './create-progress.ts';
import { squaredDistanceTransform } from './squared-distance-transform.ts';
import { ballRows, isSmallBall, morphSmallBallSteps } from './morph-small-ball.ts';
import { SegmentationError } from './segmentation-error.ts';

/** A binary morphological operation with a Euclidean ball of radius r mm. */
export type MorphOperation = 'dilate' | 'erode' | 'open' | 'close';

/** Each operation as its steps: true = dilate, false = erode, in order. */
const MORPH_STEPS: Readonly<Record<MorphOperation, readonly boolean[]>> = {
  dilate: [true],
  erode: [false],
  open: [false, true],
  close: [true, false],
};

/**
 * The steps of `operation` (true = dilate, false = erode, in order), as morphMask and the
 * pool's morphMask run them.
 * @throws SegmentationError INVALID_OPTION for an unknown operation
 */
export function morphSteps(operation: MorphOperation): readonly boolean[] {
  const steps = Object.hasOwn(MORPH_STEPS, operation) ? MORPH_STEPS[operation] : undefined;
  if (!steps) {
    throw new SegmentationError('INVALID_OPTION', `unknown operation '${String(operation)}'`);
  }
  return steps;
}

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
  const steps = morphSteps(operation);
  const rows = ballRows(geometry.spacing, r2);
  if (isSmallBall(rows)) {
    // a ball of a few rows (e.g. 2 mm on a 1 x 1 x 3 mm CT grid: 3 x 3 x 1 voxels) is
    // cheaper shifted and OR-ed directly than through the distance transform; same voxels
    return morphSmallBallSteps(mask, geometry.dims, rows, steps, run);
  }
  const out = buffer ?? new Float32Array(mask.length);
  let res = mask;
  for (let s = 0; s < steps.length; s++) {
    const dilate = steps[s];
    const d = squaredDistanceTransform(
      res,
      geometry,
      // only "within r or not" matters: farther sites are dropped from the passes
      { feature: dilate ? 1 : 0, out, maxDistanceMm: morphCapMm(r2) },
      subRun(run, s / steps.length, (s + 1) / steps.length),
    );
    const src = res;
    res = new Uint8Array(src.length);
    morphFinish(src, d, res, dilate, r2, 0, res.length);
  }
  return res;
}

/**
 * The last step of a morphology step on `[from, to)`: from the squared distances `d` (to the
 * foreground when dilating, to the background when eroding) to the 0/1 result in `res`.
 */
export function morphFinish(
  src: Uint8Array,
  d: Float32Array,
  res: Uint8Array,
  dilate: boolean,
  r2: number,
  from: number,
  to: number,
): void {
  if (dilate) for (let p = from; p < to; p++) res[p] = d[p] <= r2 ? 1 : 0;
  else for (let p = from; p < to; p++) res[p] = src[p] !== 0 && d[p] > r2 ? 1 : 0;
}
