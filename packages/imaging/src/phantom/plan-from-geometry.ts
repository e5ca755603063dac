import type { SlicePlan } from '../dicom-write/write-dicom-series.ts';
import { indexToLps } from '../geometry.ts';
import type { VolumeGeometry } from '../volume.ts';

/**
 * The slice plan that acquires exactly the grid `g`: one slice per k, columns along axes[0]
 * (i), rows along axes[1] (j), ImagePositionPatient = centre of voxel (0, 0, k), SliceThickness
 * = spacing[2]. Loading the written series must give back `g` (up to DS precision), including
 * left-handed grids (positions then run against the row x column normal).
 */
export function planFromGeometry(g: VolumeGeometry): SlicePlan {
  return {
    rows: g.dims[1],
    columns: g.dims[0],
    pixelSpacing: [g.spacing[1], g.spacing[0]],
    rowDirection: g.axes[0],
    columnDirection: g.axes[1],
    positions: Array.from({ length: g.dims[2] }, (_, k) => indexToLps(g, 0, 0, k)),
    sliceThickness: g.spacing[2],
  };
}
