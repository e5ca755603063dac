import type { RunControl } from '@anatomodel/imaging';
import type { LabelMap } from './label-map.ts';
import { morphMask, type MorphOperation } from './morph-mask.ts';
import { replaceSegment } from './replace-segment.ts';
import { segmentMask } from './segment-mask.ts';

/** Options of {@link morphologySegment}. */
export interface MorphologyOptions {
  /** 'dilate' | 'erode' | 'open' | 'close' */
  readonly operation: MorphOperation;
  /** radius of the Euclidean ball, mm (anisotropic spacing is respected) */
  readonly radiusMm: number;
  /** segment to process (default 1) */
  readonly label?: number;
  /** whether growth may overwrite other segments (default false: background only) */
  readonly overwrite?: boolean;
}

/**
 * Morphology on one segment of a LabelMap with a ball of `radiusMm` (exact, via the Euclidean
 * distance transform; see morphMask). Returns a new LabelMap; the input is not mutated.
 * @throws SegmentationError UNKNOWN_SEGMENT, INVALID_OPTION
 */
export function morphologySegment(
  labelMap: LabelMap,
  options: MorphologyOptions,
  run?: RunControl,
): LabelMap {
  const label = options.label ?? 1;
  const mask = segmentMask(labelMap, label);
  const res = morphMask(mask, labelMap.geometry, options.operation, options.radiusMm, run);
  return replaceSegment(labelMap, label, res, options.overwrite ?? false);
}

/**
 * 3D Slicer's "Margin" effect: grows (marginMm > 0, dilation) or shrinks (marginMm < 0,
 * erosion) segment `label` by |marginMm| mm.
 */
export function marginSegment(
  labelMap: LabelMap,
  options: { marginMm: number; label?: number; overwrite?: boolean },
  run?: RunControl,
): LabelMap {
  const { marginMm } = options;
  return morphologySegment(
    labelMap,
    {
      operation: marginMm >= 0 ? 'dilate' : 'erode',
      radiusMm: Math.abs(marginMm),
      label: options.label,
      overwrite: options.overwrite,
    },
    run,
  );
}
