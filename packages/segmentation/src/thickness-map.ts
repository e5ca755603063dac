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

/**
 * Local wall thickness of a segment, mm per voxel (0 outside the segment): the diameter of the
 * largest ball that contains the voxel's centre and fits inside the segment (Hildebrand &
 * Ruegsegger 1997, "A new method for the model-independent assessment of thickness in
 * three-dimensional images", J Microsc 185; BoneJ's "Local Thickness"). Ball centres are voxel
 * centres; a ball's radius is the distance from its centre to the surface half-way between
 * segment and background voxels (where marching cubes puts it): for each background voxel b,
 * |c-b| less b's half-extent along c->b, the voxel taken as an ellipsoid with semi-axes
 * spacing/2. The grid's outside counts as background. So on any spacing a flat wall of an odd
 * number n of voxels of size s measures exactly n*s and an even one (n-1)*s: the map does not
 * overstate flat walls (the safe side for printability); curved digital surfaces read up to
 * about a voxel thinner than the continuous shape they sample.
 *
 * Steps: the exact EDT to background voxel centres; the "ridge" voxels whose ball is not
 * inside a 26-neighbour's ball; for each ridge voxel, the exact box distance by a local search
 * and a paint of max(2*radius) over the voxels its ball covers. Cost grows with the sum of ridge
 * ball volumes (fast for walls a few voxels thick, slow for large solid blobs). Memory: the
 * mask, one Float32Array distance map and the Float32Array result.
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
  const d = squaredDistanceTransform(
    mask,
    labelMap.geometry,
    { feature: 0, outsideIsFeature: true },
    subRun(run, 0, 0.3),
  );
  for (let p = 0; p < d.length; p++) d[p] = Math.sqrt(d[p]);
  const out = new Float32Array(mask.length);
  const halfMax = 0.5 * Math.max(sx, sy, sz);
  const tick = createProgress(run, nk, 0.3, 1);
  for (let k = 0; k < nk; k++) {
    tick(k);
    for (let j = 0; j < nj; j++) {
      for (let i = 0; i < ni; i++) {
        const c = i + ni * j + slice * k;
        if (mask[c] === 0) continue;
        const rc = d[c];
        if (!isRidge(mask, d, dims, spacing, i, j, k, rc)) continue;
        // radius: min over background voxels b of |c-b| minus b's half-extent along c->b (the
        // voxel as an ellipsoid of semi-axes spacing/2: |c-b| * 0.5 / |c-b|_index), i.e. the
        // distance to the half-way surface a marching-cubes mesh would put there; the grid's
        // outside is background one half voxel beyond the border
        let best = Math.min(
          (i + 0.5) * sx,
          (ni - i - 0.5) * sx,
          (j + 0.5) * sy,
          (nj - j - 0.5) * sy,
          (k + 0.5) * sz,
          (nk - k - 0.5) * sz,
        );
        const search = rc + halfMax;
        const hx = Math.ceil(search / sx);
        const hy = Math.ceil(search / sy);
        const hz = Math.ceil(search / sz);
        for (let c2 = Math.max(0, k - hz); c2 <= Math.min(nk - 1, k + hz); c2++) {
          const az = c2 - k;
          const tz = (az * sz) ** 2;
          if (Math.sqrt(tz) - halfMax >= best) continue;
          for (let b = Math.max(0, j - hy); b <= Math.min(nj - 1, j + hy); b++) {
            const ay = b - j;
            const ty = tz + (ay * sy) ** 2;
            if (Math.sqrt(ty) - halfMax >= best) continue;
            const row = ni * b + slice * c2;
            for (let a = Math.max(0, i - hx); a <= Math.min(ni - 1, i + hx); a++) {
              if (mask[row + a] !== 0) continue;
              const ax = a - i;
              const dist = Math.sqrt(ty + (ax * sx) ** 2);
              const rb = dist * (1 - 0.5 / Math.sqrt(ax * ax + ay * ay + az * az));
              if (rb < best) best = rb;
            }
          }
        }
        const best2 = best * best;
        const rho = Math.sqrt(best2);
        const diameter = 2 * rho;
        const rho2 = best2 * (1 + 1e-9) + 1e-12;
        const px = Math.floor(rho / sx + 1e-9);
        const py = Math.floor(rho / sy + 1e-9);
        const pz = Math.floor(rho / sz + 1e-9);
        for (let c2 = Math.max(0, k - pz); c2 <= Math.min(nk - 1, k + pz); c2++) {
          const tz = ((c2 - k) * sz) ** 2;
          for (let b = Math.max(0, j - py); b <= Math.min(nj - 1, j + py); b++) {
            const ty = tz + ((b - j) * sy) ** 2;
            if (ty > rho2) continue;
            const row = ni * b + slice * c2;
            for (let a = Math.max(0, i - px); a <= Math.min(ni - 1, i + px); a++) {
              const q = row + a;
              if (mask[q] === 0 || out[q] >= diameter) continue;
              if (ty + ((a - i) * sx) ** 2 <= rho2) out[q] = diameter;
            }
          }
        }
      }
    }
  }
  tick(nk);
  return out;
}

/** Whether no in-grid segment neighbour's ball (radius d) contains the ball of radius rc at c. */
function isRidge(
  mask: Uint8Array,
  d: Float32Array,
  dims: readonly [number, number, number],
  spacing: readonly [number, number, number],
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
        const step = Math.hypot(di * spacing[0], dj * spacing[1], dk * spacing[2]);
        if (d[q] >= rc + step - 1e-6) return false;
      }
    }
  }
  return true;
}
