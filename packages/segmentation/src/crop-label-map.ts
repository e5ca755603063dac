import type { Vec3 } from '@anatomodel/imaging';
import type { LabelMap } from './label-map.ts';
import { SegmentationError } from './segmentation-error.ts';

/** An axis-aligned box in patient space, LPS mm (min <= max per coordinate). */
export interface LpsBox {
  readonly min: Vec3;
  readonly max: Vec3;
}

/**
 * Crops a LabelMap to the voxels whose centres lie in an LPS box. The result's grid is the
 * index-space bounding box of those voxels (same spacing and axes; the origin moves to the
 * first kept voxel, so every kept voxel keeps its LPS position); voxels of that grid whose
 * centre is outside the box (possible on oblique grids) are set to 0.
 * @throws SegmentationError EMPTY_INPUT when no voxel centre lies in the box
 */
export function cropLabelMap(labelMap: LabelMap, box: LpsBox): LabelMap {
  const { dims, spacing, origin, axes } = labelMap.geometry;
  const [ni, nj, nk] = dims;
  const inBox = (i: number, j: number, k: number): boolean => {
    for (let r = 0; r < 3; r++) {
      const x =
        origin[r] +
        axes[0][r] * i * spacing[0] +
        axes[1][r] * j * spacing[1] +
        axes[2][r] * k * spacing[2];
      if (x < box.min[r] - 1e-6 || x > box.max[r] + 1e-6) return false;
    }
    return true;
  };
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-1, -1, -1];
  for (let k = 0; k < nk; k++)
    for (let j = 0; j < nj; j++)
      for (let i = 0; i < ni; i++) {
        if (!inBox(i, j, k)) continue;
        if (i < lo[0]) lo[0] = i;
        if (j < lo[1]) lo[1] = j;
        if (k < lo[2]) lo[2] = k;
        if (i > hi[0]) hi[0] = i;
        if (j > hi[1]) hi[1] = j;
        if (k > hi[2]) hi[2] = k;
      }
  if (hi[0] < 0) throw new SegmentationError('EMPTY_INPUT', 'no voxel centre lies in the box');
  const nd: Vec3 = [hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1];
  const data =
    labelMap.data instanceof Uint16Array
      ? new Uint16Array(nd[0] * nd[1] * nd[2])
      : new Uint8Array(nd[0] * nd[1] * nd[2]);
  let q = 0;
  for (let k = lo[2]; k <= hi[2]; k++)
    for (let j = lo[1]; j <= hi[1]; j++)
      for (let i = lo[0]; i <= hi[0]; i++, q++) {
        if (inBox(i, j, k)) data[q] = labelMap.data[i + ni * (j + nj * k)];
      }
  const newOrigin: Vec3 = [0, 1, 2].map(
    (r) =>
      origin[r] +
      axes[0][r] * lo[0] * spacing[0] +
      axes[1][r] * lo[1] * spacing[1] +
      axes[2][r] * lo[2] * spacing[2],
  ) as unknown as Vec3;
  return {
    kind: 'LabelMap',
    geometry: { ...labelMap.geometry, dims: nd, origin: newOrigin },
    data,
    segments: labelMap.segments,
  };
}
