/** Wall thickness statistics of a segment, mm (from a thickness map). */
export interface WallThicknessSummary {
  /** thinnest voxel of the segment */
  readonly minMm: number;
  /** 5th percentile over the segment's voxels (the thin end without single-voxel noise) */
  readonly p5Mm: number;
  readonly medianMm: number;
  /** share of the segment's volume thinner than the material minimum, % (0 without one) */
  readonly thinVolumePct: number;
  /** the material minimum compared against, mm */
  readonly materialMinMm?: number;
}

/**
 * Summarises a thickness map (segmentation's `thicknessMap`: mm per voxel, 0 outside the
 * segment) against a material's minimum printable wall. Voxels of 0 are ignored. Pure;
 * O(n) plus a sort of a 1-mm-resolution histogram (0.01 mm bins up to 50 mm).
 */
export function summarizeWallThickness(
  thicknessMm: Float32Array,
  materialMinMm?: number,
): WallThicknessSummary | undefined {
  const binMm = 0.01;
  const bins = new Uint32Array(5001); // last bin: >= 50 mm
  let n = 0;
  let min = Infinity;
  let thin = 0;
  for (let i = 0; i < thicknessMm.length; i++) {
    const t = thicknessMm[i];
    if (!(t > 0)) continue;
    n++;
    if (t < min) min = t;
    if (materialMinMm !== undefined && t < materialMinMm) thin++;
    bins[Math.min(5000, Math.floor(t / binMm))]++;
  }
  if (n === 0) return undefined;
  const quantile = (q: number) => {
    const want = Math.max(1, Math.ceil(q * n));
    let acc = 0;
    for (let b = 0; b < bins.length; b++) {
      acc += bins[b];
      if (acc >= want) return (b + 0.5) * binMm;
    }
    return 50;
  };
  return {
    minMm: min,
    p5Mm: quantile(0.05),
    medianMm: quantile(0.5),
    thinVolumePct: (100 * thin) / n,
    materialMinMm,
  };
}
