import type { Vec3 } from '@anatomodel/imaging';
import type { LabelMap } from './label-map.ts';

/** Statistics of one segment. */
export interface SegmentStatistics {
  readonly label: number;
  readonly name: string;
  /** voxels carrying the label */
  readonly voxelCount: number;
  /** voxelCount x voxel volume, mm^3 */
  readonly volumeMm3: number;
  /** inclusive index bounding box; undefined for an empty segment */
  readonly bboxIndex?: { readonly min: Vec3; readonly max: Vec3 };
  /** LPS mm bounding box of the voxel centres of bboxIndex's corners; undefined when empty */
  readonly bboxLps?: { readonly min: Vec3; readonly max: Vec3 };
}

/**
 * Voxel count, volume (mm^3) and bounding boxes (index and LPS) of every segment of the map, in
 * ascending label order (segments without voxels included, with count 0). One pass over the data.
 */
export function segmentStatistics(labelMap: LabelMap): SegmentStatistics[] {
  const { dims, spacing, origin, axes } = labelMap.geometry;
  const [ni, nj, nk] = dims;
  const labels = [...labelMap.segments.keys()].sort((a, b) => a - b);
  const maxLabel = labels.length > 0 ? labels[labels.length - 1] : 0;
  const count = new Float64Array(maxLabel + 1);
  const lo = new Int32Array(3 * (maxLabel + 1)).fill(2147483647);
  const hi = new Int32Array(3 * (maxLabel + 1)).fill(-1);
  const data = labelMap.data;
  let p = 0;
  for (let k = 0; k < nk; k++)
    for (let j = 0; j < nj; j++)
      for (let i = 0; i < ni; i++, p++) {
        const l = data[p];
        if (l === 0 || l > maxLabel) continue;
        count[l]++;
        const b = 3 * l;
        if (i < lo[b]) lo[b] = i;
        if (i > hi[b]) hi[b] = i;
        if (j < lo[b + 1]) lo[b + 1] = j;
        if (j > hi[b + 1]) hi[b + 1] = j;
        if (k < lo[b + 2]) lo[b + 2] = k;
        if (k > hi[b + 2]) hi[b + 2] = k;
      }
  const voxelMm3 = spacing[0] * spacing[1] * spacing[2];
  const lps = (i: number, j: number, k: number): Vec3 =>
    [0, 1, 2].map(
      (r) =>
        origin[r] +
        axes[0][r] * i * spacing[0] +
        axes[1][r] * j * spacing[1] +
        axes[2][r] * k * spacing[2],
    ) as unknown as Vec3;
  return labels.map((label) => {
    const seg = labelMap.segments.get(label)!;
    const n = count[label];
    const base = { label, name: seg.name, voxelCount: n, volumeMm3: n * voxelMm3 };
    if (n === 0) return base;
    const b = 3 * label;
    const min: Vec3 = [lo[b], lo[b + 1], lo[b + 2]];
    const max: Vec3 = [hi[b], hi[b + 1], hi[b + 2]];
    const lmin = [Infinity, Infinity, Infinity];
    const lmax = [-Infinity, -Infinity, -Infinity];
    for (let c = 0; c < 8; c++) {
      const q = lps(c & 1 ? max[0] : min[0], c & 2 ? max[1] : min[1], c & 4 ? max[2] : min[2]);
      for (let r = 0; r < 3; r++) {
        lmin[r] = Math.min(lmin[r], q[r]);
        lmax[r] = Math.max(lmax[r], q[r]);
      }
    }
    return {
      ...base,
      bboxIndex: { min, max },
      bboxLps: {
        min: [lmin[0], lmin[1], lmin[2]] as Vec3,
        max: [lmax[0], lmax[1], lmax[2]] as Vec3,
      },
    };
  });
}
