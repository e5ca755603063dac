import type { RunControl } from '@anatomodel/imaging';
import { subRun } from './create-progress.ts';
import type { LabelMap } from './label-map.ts';
import { morphMask } from './morph-mask.ts';
import { replaceSegment } from './replace-segment.ts';
import { segmentMask } from './segment-mask.ts';
import { SegmentationError } from './segmentation-error.ts';
import { separableMean } from './separable-mean.ts';
import { thicknessMap } from './thickness-map.ts';

/** Options of {@link smoothSegment} (3D Slicer's "Smoothing" effect for label maps). */
export interface SmoothOptions {
  /**
   * 'median': majority vote in a box of half-size round(radiusMm / spacing) voxels per axis;
   * 'open' / 'close': morphological opening (removes spurs) / closing (fills notches) with a
   * Euclidean ball of radiusMm; 'gaussian': Gaussian blur with sigma radiusMm, then >= 0.5
   */
  readonly method: 'median' | 'open' | 'close' | 'gaussian';
  /** kernel radius, or Gaussian sigma, mm (> 0) */
  readonly radiusMm: number;
  /** segment to smooth (default 1) */
  readonly label?: number;
  /**
   * keep every original voxel whose local thickness (thicknessMap) is below this many mm,
   * so thin vessels and walls survive smoothing (default 0: off)
   */
  readonly keepThinnerThanMm?: number;
}

/**
 * Smooths one segment of a label map; other segments are untouched (the smoothed segment only
 * grows into background). Ties of the median and Gaussian votes (exactly half) keep the
 * original voxel. Memory: two masks and one Float32Array (plus the thickness map's when
 * keepThinnerThanMm is set).
 * @throws SegmentationError UNKNOWN_SEGMENT, INVALID_OPTION
 */
export function smoothSegment(
  labelMap: LabelMap,
  options: SmoothOptions,
  run?: RunControl,
): LabelMap {
  const { method, radiusMm } = options;
  if (!(radiusMm > 0) || !Number.isFinite(radiusMm)) {
    throw new SegmentationError('INVALID_OPTION', 'radiusMm must be a finite number > 0');
  }
  const label = options.label ?? 1;
  const keepThin = options.keepThinnerThanMm ?? 0;
  const mask = segmentMask(labelMap, label);
  const g = labelMap.geometry;
  const end = keepThin > 0 ? 0.6 : 1;
  let result: Uint8Array;
  if (method === 'open' || method === 'close') {
    result = morphMask(mask, g, method, radiusMm, subRun(run, 0, end));
  } else if (method === 'median' || method === 'gaussian') {
    const field = new Float32Array(mask.length);
    for (let p = 0; p < mask.length; p++) field[p] = mask[p];
    const kernels = g.spacing.map((s) => {
      if (method === 'median') {
        const h = Math.round(radiusMm / s);
        return new Float64Array(2 * h + 1).fill(1);
      }
      const sigma = radiusMm / s;
      const h = Math.ceil(3 * sigma);
      const w = new Float64Array(2 * h + 1);
      for (let t = -h; t <= h; t++) w[t + h] = Math.exp((-t * t) / (2 * sigma * sigma));
      return w;
    }) as unknown as [Float64Array, Float64Array, Float64Array];
    separableMean(field, g.dims, kernels, subRun(run, 0, end));
    result = new Uint8Array(mask.length);
    for (let p = 0; p < mask.length; p++) {
      const f = field[p];
      result[p] = f > 0.5 + 1e-6 ? 1 : f < 0.5 - 1e-6 ? 0 : mask[p];
    }
  } else {
    throw new SegmentationError('INVALID_OPTION', `unknown smoothing method '${String(method)}'`);
  }
  if (keepThin > 0) {
    const thick = thicknessMap(labelMap, { label }, subRun(run, end, 1));
    for (let p = 0; p < mask.length; p++) {
      if (mask[p] !== 0 && thick[p] < keepThin) result[p] = 1;
    }
  }
  run?.onProgress?.(1);
  return replaceSegment(labelMap, label, result, false);
}
