import { cross } from '../geometry.ts';
import type { Vec3, VolumeGeometry } from '../volume.ts';

/** Options of `standardGeometry`. */
export interface StandardGeometryOptions {
  /** slice orientation; 'oblique' is axial rotated by obliqueDeg about x, then 0.6·obliqueDeg about y */
  readonly orientation: 'axial' | 'coronal' | 'sagittal' | 'oblique';
  /** voxels along i (columns), j (rows), k (slices) */
  readonly dims: Vec3;
  /** mm along i, j, k */
  readonly spacing: Vec3;
  /** LPS mm of the grid centre. Default [0, 0, 0]. */
  readonly center?: Vec3;
  /**
   * feet-first patient: the scanner sees the patient rotated 180 deg about the
   * anterior-posterior axis, so row and column directions have x and z negated (axial FFS rows
   * run [-1, 0, 0], as scanners write it). Default false.
   */
  readonly feetFirst?: boolean;
  /** slices stored in reverse: axes[2] negated, a left-handed index frame. Default false. */
  readonly reversed?: boolean;
  /** obliquity for 'oblique', degrees. Default 20. */
  readonly obliqueDeg?: number;
}

/**
 * Common acquisition grids for tests: axial [1,0,0]/[0,1,0], coronal [1,0,0]/[0,0,-1], sagittal
 * [0,1,0]/[0,0,-1] (row/column directions as scanners write them), or oblique; head-first or
 * feet-first; slices along row x column (right-handed) or reversed (left-handed).
 */
export function standardGeometry(o: StandardGeometryOptions): VolumeGeometry {
  let row: Vec3;
  let col: Vec3;
  switch (o.orientation) {
    case 'axial':
      [row, col] = [
        [1, 0, 0],
        [0, 1, 0],
      ];
      break;
    case 'coronal':
      [row, col] = [
        [1, 0, 0],
        [0, 0, -1],
      ];
      break;
    case 'sagittal':
      [row, col] = [
        [0, 1, 0],
        [0, 0, -1],
      ];
      break;
    case 'oblique': {
      const a = ((o.obliqueDeg ?? 20) * Math.PI) / 180;
      const b = 0.6 * a;
      // R = Ry(b) * Rx(a), applied to the axial directions
      const rot = (p: Vec3): Vec3 => {
        const y1 = p[1] * Math.cos(a) - p[2] * Math.sin(a);
        const z1 = p[1] * Math.sin(a) + p[2] * Math.cos(a);
        return [p[0] * Math.cos(b) + z1 * Math.sin(b), y1, -p[0] * Math.sin(b) + z1 * Math.cos(b)];
      };
      [row, col] = [rot([1, 0, 0]), rot([0, 1, 0])];
      break;
    }
  }
  if (o.feetFirst) {
    row = [-row[0] + 0, row[1], -row[2] + 0];
    col = [-col[0] + 0, col[1], -col[2] + 0];
  }
  let normal = cross(row, col);
  if (o.reversed) normal = [-normal[0] + 0, -normal[1] + 0, -normal[2] + 0];
  normal = [normal[0] + 0, normal[1] + 0, normal[2] + 0];
  const axes: [Vec3, Vec3, Vec3] = [row, col, normal];
  const c = o.center ?? [0, 0, 0];
  const origin = [0, 1, 2].map(
    (r) => c[r] - axes.reduce((s, a, n) => s + ((o.dims[n] - 1) / 2) * o.spacing[n] * a[r], 0),
  );
  return { dims: o.dims, spacing: o.spacing, origin: [origin[0], origin[1], origin[2]], axes };
}
