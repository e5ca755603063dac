import type { SlicePlan } from '../dicom-write/write-dicom-series.ts';
import type { Vec3 } from '../volume.ts';

/** Options of `tiltedPlan`. */
export interface TiltedPlanOptions {
  readonly rows: number;
  readonly columns: number;
  /** PixelSpacing [between rows, between columns], mm */
  readonly pixelSpacing: readonly [number, number];
  /** number of slices */
  readonly slices: number;
  /**
   * distance between adjacent slice planes along their normal, mm (= SliceThickness of a
   * contiguous scan); the table moves sliceSpacing / cos(tilt) per slice
   */
  readonly sliceSpacing: number;
  /** GantryDetectorTilt (0018,1120), degrees */
  readonly tiltDeg: number;
  /** LPS mm of the centre of the stack (middle slice, middle pixel). Default [0, 0, 0]. */
  readonly center?: Vec3;
}

/**
 * A CT gantry-tilt acquisition as GE (and Philips) write it: rows along +x, columns along
 * (0, cos t, -sin t) (ImageOrientationPatient [1,0,0, 0,cos t,-sin t]; the corpus GE head
 * at +18.5 deg has [1,0,0, 0,0.9483,-0.3173]), and ImagePositionPatient advancing along +z
 * only (table movement), so the stack is sheared: the slice normal is (0, sin t, cos t) and
 * consecutive IPPs differ by sliceSpacing / cos t in z. PatientPosition HFS.
 */
export function tiltedPlan(o: TiltedPlanOptions): SlicePlan {
  const t = (o.tiltDeg * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  const rowDirection: Vec3 = [1, 0, 0];
  const columnDirection: Vec3 = [0, cos, -sin + 0];
  const c = o.center ?? [0, 0, 0];
  const halfC = ((o.columns - 1) / 2) * o.pixelSpacing[1];
  const halfR = ((o.rows - 1) / 2) * o.pixelSpacing[0];
  const step = o.sliceSpacing / cos;
  const positions = Array.from({ length: o.slices }, (_, k): Vec3 => {
    const dz = (k - (o.slices - 1) / 2) * step;
    return [
      c[0] - halfC * rowDirection[0] - halfR * columnDirection[0],
      c[1] - halfC * rowDirection[1] - halfR * columnDirection[1],
      c[2] - halfC * rowDirection[2] - halfR * columnDirection[2] + dz,
    ];
  });
  return {
    rows: o.rows,
    columns: o.columns,
    pixelSpacing: o.pixelSpacing,
    rowDirection,
    columnDirection,
    positions,
    sliceThickness: o.sliceSpacing,
    gantryTiltDeg: o.tiltDeg,
    patientPosition: 'HFS',
  };
}
