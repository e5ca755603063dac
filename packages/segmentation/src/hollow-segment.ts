import type { RunControl, Vec3 } from '@anatomodel/imaging';
import { subRun } from './create-progress.ts';
import type { LabelMap } from './label-map.ts';
import { replaceSegment } from './replace-segment.ts';
import { segmentMask } from './segment-mask.ts';
import { SegmentationError } from './segmentation-error.ts';
import { squaredDistanceTransform } from './squared-distance-transform.ts';

/** A cylindrical drain hole cut through the shell. */
export interface DrainHole {
  /** a point on the cylinder axis, usually on the surface where resin should drain, LPS mm */
  readonly pointLps: Vec3;
  /** axis direction, LPS (normalised here), usually the surface normal */
  readonly directionLps: Vec3;
  /** hole diameter, mm */
  readonly diameterMm: number;
  /**
   * cylinder length, mm, centred on the point (default 2 x wall + 2 x the largest voxel
   * spacing, enough to pierce the wall once when the point lies on it)
   */
  readonly lengthMm?: number;
}

/** Options of {@link hollowSegment}. */
export interface HollowOptions {
  /** wall thickness, mm (> 0) */
  readonly wallMm: number;
  /**
   * where the wall lies relative to the segment's surface: 'inside' (default; the model keeps
   * its outer size), 'outside' (the segment becomes the cavity), or 'centred' (half each way)
   */
  readonly side?: 'inside' | 'outside' | 'centred';
  /** segment to hollow (default 1) */
  readonly label?: number;
  /** holes to let uncured resin or powder out (default none) */
  readonly drainHoles?: readonly DrainHole[];
}

/**
 * Hollows a segment to a shell of `wallMm` (3D Slicer's "Hollow" effect), by the Euclidean
 * distance transform on the true spacing: the inside wall is the segment's voxels within
 * wallMm of the background (voxel centre to voxel centre, so a wall along an axis of spacing s
 * is exactly wallMm / s voxels thick when that is an integer); the outside wall is the
 * background within wallMm of the segment. The grid border counts as background for the inside
 * wall, so a segment cut by the scan edge gets a closed wall there. Drain holes then remove the
 * shell voxels inside their cylinders. Memory: two masks and one Float32Array.
 * @throws SegmentationError UNKNOWN_SEGMENT, INVALID_OPTION
 */
export function hollowSegment(
  labelMap: LabelMap,
  options: HollowOptions,
  run?: RunControl,
): LabelMap {
  const { wallMm } = options;
  if (!(wallMm > 0) || !Number.isFinite(wallMm)) {
    throw new SegmentationError('INVALID_OPTION', 'wallMm must be a finite number > 0');
  }
  const side = options.side ?? 'inside';
  const label = options.label ?? 1;
  const mask = segmentMask(labelMap, label);
  const g = labelMap.geometry;
  const n = mask.length;
  const inner = side === 'inside' ? wallMm : side === 'centred' ? wallMm / 2 : 0;
  const outer = side === 'outside' ? wallMm : side === 'centred' ? wallMm / 2 : 0;
  const shell = new Uint8Array(n);
  const d = new Float32Array(n);
  const tol = (r: number) => r * r * (1 + 1e-9) + 1e-12;
  if (inner > 0) {
    squaredDistanceTransform(
      mask,
      g,
      { feature: 0, outsideIsFeature: true, out: d },
      subRun(run, 0, 0.45),
    );
    const r2 = tol(inner);
    for (let p = 0; p < n; p++) if (mask[p] !== 0 && d[p] <= r2) shell[p] = 1;
  }
  if (outer > 0) {
    squaredDistanceTransform(mask, g, { feature: 1, out: d }, subRun(run, 0.45, 0.9));
    const r2 = tol(outer);
    for (let p = 0; p < n; p++) if (mask[p] === 0 && d[p] <= r2) shell[p] = 1;
  }
  const spacingMax = Math.max(...g.spacing);
  for (const hole of options.drainHoles ?? []) {
    cutCylinder(shell, labelMap, hole, hole.lengthMm ?? 2 * wallMm + 2 * spacingMax);
  }
  run?.onProgress?.(1);
  return replaceSegment(labelMap, label, shell, false);
}

/** Clears the voxels of `mask` whose centres lie in the hole's cylinder. */
function cutCylinder(
  mask: Uint8Array,
  labelMap: LabelMap,
  hole: DrainHole,
  lengthMm: number,
): void {
  const { dims, spacing, origin, axes } = labelMap.geometry;
  const [ux, uy, uz] = hole.directionLps;
  const len = Math.hypot(ux, uy, uz);
  if (!(len > 0) || !(hole.diameterMm > 0) || !(lengthMm > 0)) {
    throw new SegmentationError(
      'INVALID_OPTION',
      'drain hole needs a direction, diameter > 0, length > 0',
    );
  }
  const u = [ux / len, uy / len, uz / len];
  const r2 = (hole.diameterMm / 2) ** 2 * (1 + 1e-9);
  const half = (lengthMm / 2) * (1 + 1e-9);
  const [cx, cy, cz] = hole.pointLps;
  // index-space bounding box of the cylinder's bounding sphere
  const reach = Math.hypot(hole.diameterMm / 2, lengthMm / 2);
  const lo = [0, 0, 0];
  const hi = [0, 0, 0];
  for (let a = 0; a < 3; a++) {
    const centre =
      ((cx - origin[0]) * axes[a][0] +
        (cy - origin[1]) * axes[a][1] +
        (cz - origin[2]) * axes[a][2]) /
      spacing[a];
    lo[a] = Math.max(0, Math.floor(centre - reach / spacing[a]));
    hi[a] = Math.min(dims[a] - 1, Math.ceil(centre + reach / spacing[a]));
  }
  const [a0, a1, a2] = axes;
  for (let k = lo[2]; k <= hi[2]; k++) {
    for (let j = lo[1]; j <= hi[1]; j++) {
      for (let i = lo[0]; i <= hi[0]; i++) {
        const si = i * spacing[0];
        const sj = j * spacing[1];
        const sk = k * spacing[2];
        const x = origin[0] + a0[0] * si + a1[0] * sj + a2[0] * sk - cx;
        const y = origin[1] + a0[1] * si + a1[1] * sj + a2[1] * sk - cy;
        const z = origin[2] + a0[2] * si + a1[2] * sj + a2[2] * sk - cz;
        const along = x * u[0] + y * u[1] + z * u[2];
        if (Math.abs(along) > half) continue;
        if (x * x + y * y + z * z - along * along <= r2) mask[i + dims[0] * (j + dims[1] * k)] = 0;
      }
    }
  }
}
