import type { RunControl, Volume } from '@anatomodel/imaging';
import { SegmentationError } from './segmentation-error.ts';
import { volumeHistogram } from './volume-histogram.ts';

/** Options of {@link otsuThresholds}. */
export interface OtsuOptions {
  /** number of classes, 2..4 (default 2: one threshold) */
  readonly classes?: number;
  /** histogram bins (default 256) */
  readonly bins?: number;
}

/**
 * Otsu's (multi-level) thresholds: the `classes - 1` values that maximise the between-class
 * variance of the volume's histogram (Otsu 1979; Liao, Chen & Chung 2001 for the multi-level
 * search, done here exhaustively over bin edges, O(bins^(classes-1))). Returned in the volume's
 * unit, ascending; each is a bin edge, so class c holds `t[c-1] <= v < t[c]`.
 * Ties keep the lowest thresholds.
 * @throws SegmentationError INVALID_OPTION for classes outside 2..4, EMPTY_INPUT
 */
export function otsuThresholds(
  volume: Volume,
  options: OtsuOptions = {},
  run?: RunControl,
): number[] {
  const classes = options.classes ?? 2;
  const bins = options.bins ?? 256;
  if (!Number.isInteger(classes) || classes < 2 || classes > 4) {
    throw new SegmentationError('INVALID_OPTION', `classes must be 2..4, got ${classes}`);
  }
  const { counts, min, binWidth } = volumeHistogram(volume.data, bins, run);
  // prefix sums of weight and first moment (bin index as the value; the affine map to real
  // values does not change the arg max of the between-class variance)
  const w = new Float64Array(bins + 1);
  const m = new Float64Array(bins + 1);
  for (let b = 0; b < bins; b++) {
    w[b + 1] = w[b] + counts[b];
    m[b + 1] = m[b] + counts[b] * (b + 0.5);
  }
  // between-class variance up to constants: sum over classes of M_c^2 / W_c (classes [a, b) of bins)
  const term = (a: number, b: number): number => {
    const wc = w[b] - w[a];
    if (wc <= 0) return 0;
    const mc = m[b] - m[a];
    return (mc * mc) / wc;
  };
  let best = -1;
  let cuts: number[] = [];
  if (classes === 2) {
    for (let t1 = 1; t1 < bins; t1++) {
      const s = term(0, t1) + term(t1, bins);
      if (s > best + 1e-12 * Math.abs(best)) [best, cuts] = [s, [t1]];
    }
  } else if (classes === 3) {
    for (let t1 = 1; t1 < bins - 1; t1++) {
      run?.signal?.throwIfAborted();
      const a = term(0, t1);
      for (let t2 = t1 + 1; t2 < bins; t2++) {
        const s = a + term(t1, t2) + term(t2, bins);
        if (s > best + 1e-12 * Math.abs(best)) [best, cuts] = [s, [t1, t2]];
      }
    }
  } else {
    for (let t1 = 1; t1 < bins - 2; t1++) {
      run?.signal?.throwIfAborted();
      const a = term(0, t1);
      for (let t2 = t1 + 1; t2 < bins - 1; t2++) {
        const b2 = a + term(t1, t2);
        for (let t3 = t2 + 1; t3 < bins; t3++) {
          const s = b2 + term(t2, t3) + term(t3, bins);
          if (s > best + 1e-12 * Math.abs(best)) [best, cuts] = [s, [t1, t2, t3]];
        }
      }
    }
  }
  run?.onProgress?.(1);
  // bins [0, t) form the lower class: its upper edge is min + t * binWidth
  return cuts.map((t) => min + t * binWidth);
}
