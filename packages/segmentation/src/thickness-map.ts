import type { RunControl } from '@anatomodel/imaging';
import { createProgress, subRun } from './create-progress.ts';
import type { LabelMap } from './label-map.ts';
import { segmentMask } from './segment-mask.ts';
import { squaredDistanceTransform } from './squared-distance-transform.ts';

/** Options of {@link thicknessMap}. */
export interface ThicknessOptions {
  /** segment to measure (default 1) */
  readonly label?: number;
}

/** Relative and absolute slack of the ball test |x - c|^2 <= r^2 (voxels at exactly r count). */
const BALL_REL = 1e-9;
const BALL_ABS = 1e-12;
/** mm: a ball is dropped only when a neighbour's ball contains it with this much to spare. */
const RIDGE_SLACK = 1e-5;

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
 * (linear time); the "ridge": centres whose ball no 26-neighbour's ball contains (dropping the
 * others changes nothing, their balls are covered by larger ones); then each ridge ball paints
 * max(2 r_c) over the voxels it covers, row by row. Cost: linear passes plus the summed volume
 * of the ridge balls (a long solid cylinder of radius R costs about its length x R^3 / voxel).
 * Memory: the mask, the Float32Array result (first holding r_c^2), and the ridge list (one
 * index and one float per ridge voxel).
 * @throws SegmentationError UNKNOWN_SEGMENT
 */
export function thicknessMap(
  labelMap: LabelMap,
  options: ThicknessOptions = {},
  run?: RunControl,
): Float32Array {
  const mask = segmentMask(labelMap, options.label ?? 1);
  const { dims, spacing } = labelMap.geometry;
  const [ni, nj, nk] = dims;
  const [sx, sy, sz] = spacing;
  const slice = ni * nj;
  // r_c^2: squared distance to the nearest background box (0 on background)
  const out = squaredDistanceTransform(
    mask,
    labelMap.geometry,
    { feature: 0, outsideIsFeature: true, featureShape: 'box' },
    subRun(run, 0, 0.3),
  );
  // the ridge, in a growable list of (voxel index, r^2)
  let ridgeIndex = new Int32Array(1024);
  let ridgeR2 = new Float32Array(1024);
  let nRidge = 0;
  const steps = neighbourSteps(spacing);
  const tickRidge = createProgress(run, nk, 0.3, 0.5);
  for (let k = 0; k < nk; k++) {
    tickRidge(k);
    for (let j = 0; j < nj; j++) {
      for (let i = 0, c = ni * j + slice * k; i < ni; i++, c++) {
        if (mask[c] === 0) continue;
        const r2 = out[c];
        if (!isRidge(mask, out, dims, steps, i, j, k, Math.sqrt(r2))) continue;
        if (nRidge === ridgeIndex.length) {
          const grownIndex = new Int32Array(nRidge * 2);
          grownIndex.set(ridgeIndex);
          ridgeIndex = grownIndex;
          const grownR2 = new Float32Array(nRidge * 2);
          grownR2.set(ridgeR2);
          ridgeR2 = grownR2;
        }
        ridgeIndex[nRidge] = c;
        ridgeR2[nRidge] = r2;
        nRidge++;
      }
    }
  }
  out.fill(0);
  // paint: every voxel centre within r_c of a ridge centre c gets max(2 r_c); such voxels are
  // segment voxels (a background centre is farther from c than its own box is)
  const tickPaint = createProgress(run, nRidge, 0.5, 1);
  for (let n = 0; n < nRidge; n++) {
    if ((n & 1023) === 0) tickPaint(n);
    const c = ridgeIndex[n];
    const r2 = ridgeR2[n];
    const diameter = Math.fround(2 * Math.sqrt(r2));
    const rho2 = r2 * (1 + BALL_REL) + BALL_ABS;
    const rho = Math.sqrt(rho2);
    const k = Math.floor(c / slice);
    const j = Math.floor((c - k * slice) / ni);
    const i = c - k * slice - j * ni;
    const pz = Math.floor(rho / sz);
    const py = Math.floor(rho / sy);
    for (let c2 = Math.max(0, k - pz); c2 <= Math.min(nk - 1, k + pz); c2++) {
      const tz = ((c2 - k) * sz) ** 2;
      if (tz > rho2) continue;
      for (let b = Math.max(0, j - py); b <= Math.min(nj - 1, j + py); b++) {
        const ty = tz + ((b - j) * sy) ** 2;
        if (ty > rho2) continue;
        // half-width of the row in voxels: the largest w with ty + (w sx)^2 <= rho2
        let w = Math.floor(Math.sqrt(rho2 - ty) / sx);
        while (ty + ((w + 1) * sx) ** 2 <= rho2) w++;
        while (w > 0 && ty + (w * sx) ** 2 > rho2) w--;
        const row = ni * b + slice * c2;
        const a1 = row + Math.min(ni - 1, i + w);
        for (let q = row + Math.max(0, i - w); q <= a1; q++) {
          if (out[q] < diameter) out[q] = diameter;
        }
      }
    }
  }
  tickPaint(nRidge);
  return out;
}

/** Centre-to-centre distances (mm) to the 26 neighbours, indexed (di+1) + 3(dj+1) + 9(dk+1). */
function neighbourSteps(spacing: readonly [number, number, number]): Float64Array {
  const steps = new Float64Array(27);
  for (let dk = -1; dk <= 1; dk++)
    for (let dj = -1; dj <= 1; dj++)
      for (let di = -1; di <= 1; di++)
        steps[di + 1 + 3 * (dj + 1) + 9 * (dk + 1)] = Math.hypot(
          di * spacing[0],
          dj * spacing[1],
          dk * spacing[2],
        );
  return steps;
}

/**
 * Whether no segment neighbour's ball contains the ball of radius rc at (i, j, k): neighbour q
 * contains it when r_q >= rc + |c - q| (with RIDGE_SLACK to spare, so rounding never drops a
 * ball that is needed).
 */
function isRidge(
  mask: Uint8Array,
  r2: Float32Array,
  dims: readonly [number, number, number],
  steps: Float64Array,
  i: number,
  j: number,
  k: number,
  rc: number,
): boolean {
  const [ni, nj, nk] = dims;
  for (let dk = -1; dk <= 1; dk++) {
    const kk = k + dk;
    if (kk < 0 || kk >= nk) continue;
    for (let dj = -1; dj <= 1; dj++) {
      const jj = j + dj;
      if (jj < 0 || jj >= nj) continue;
      for (let di = -1; di <= 1; di++) {
        const ii = i + di;
        if (ii < 0 || ii >= ni || (di === 0 && dj === 0 && dk === 0)) continue;
        const q = ii + ni * (jj + nj * kk);
        if (mask[q] === 0) continue;
        const need = rc + steps[di + 1 + 3 * (dj + 1) + 9 * (dk + 1)] + RIDGE_SLACK;
        if (r2[q] >= need * need) return false;
      }
    }
  }
  return true;
}
