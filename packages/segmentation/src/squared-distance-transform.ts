import type { RunControl, VolumeGeometry } from '@anatomodel/imaging';
import { createProgress } from './create-progress.ts';
import { edtColumns, edtSlices, lineScratch, type FeatureShape } from './edt-passes.ts';
import { SegmentationError } from './segmentation-error.ts';

/** Options of {@link squaredDistanceTransform}. */
export interface DistanceTransformOptions {
  /** mask value of the feature voxels distances are measured to (default 1) */
  readonly feature?: 0 | 1;
  /**
   * whether the voxels just outside the grid count as features (default false: the grid's
   * outside is ignored; true: a voxel on the border is one voxel spacing from a feature)
   */
  readonly outsideIsFeature?: boolean;
  /**
   * what distances are measured to (default 'centre'): the nearest feature voxel's centre, or
   * 'box': the nearest point of a feature voxel's box (the cuboid of its spacing around its
   * centre), i.e. the distance to the voxelised feature region; 0 on features either way
   */
  readonly featureShape?: FeatureShape;
  /**
   * only distances up to this many mm are needed (default Infinity: all). Voxels farther from
   * every feature get some value above maxDistanceMm^2 (Infinity or their true distance), the
   * others their exact value; much faster for morphology with a small radius, since far sites
   * are dropped from the passes.
   */
  readonly maxDistanceMm?: number;
  /** output buffer to reuse (length = voxel count); a new one is allocated when absent */
  readonly out?: Float32Array;
}

/**
 * Exact squared Euclidean distance transform on an anisotropic grid: for every voxel, the
 * squared distance in mm^2 between its centre and the centre of the nearest feature voxel
 * (0 on features; Infinity when there is none). Separable, linear time: Saito & Toriwaki's
 * decomposition with Felzenszwalb & Huttenlocher's lower envelope of parabolas, using the true
 * spacing on each axis (distances are between voxel centres in the index frame, which is
 * orthonormal in LPS, so they are LPS distances).
 * Memory: the Float32Array result plus line scratch; the mask is not mutated.
 * @throws SegmentationError INVALID_OPTION when the mask or buffer does not fit the grid
 */
export function squaredDistanceTransform(
  mask: Uint8Array,
  geometry: VolumeGeometry,
  options: DistanceTransformOptions = {},
  run?: RunControl,
): Float32Array {
  const { dims, spacing } = geometry;
  const n = dims[0] * dims[1] * dims[2];
  if (mask.length !== n) {
    throw new SegmentationError('INVALID_OPTION', `mask has ${mask.length} voxels, grid ${n}`);
  }
  const out = options.out ?? new Float32Array(n);
  if (out.length !== n) throw new SegmentationError('INVALID_OPTION', 'out buffer size');
  const feature = options.feature ?? 1;
  const outside = options.outsideIsFeature ?? false;
  const scratch = lineScratch(Math.max(dims[0], dims[1], dims[2]));
  const tick = createProgress(run, dims[2] + dims[1]);
  const shape = options.featureShape ?? 'centre';
  const cap = options.maxDistanceMm ?? Infinity;
  if (!(cap >= 0)) throw new SegmentationError('INVALID_OPTION', 'maxDistanceMm must be >= 0');
  const cap2 = cap * cap;
  edtSlices(mask, out, dims, spacing, feature, outside, 0, dims[2], scratch, tick, shape, cap2);
  const colTick = (j: number) => tick(dims[2] + j);
  edtColumns(out, dims, spacing, outside, 0, dims[1], scratch, colTick, shape, cap2, mask, feature);
  tick(dims[2] + dims[1]);
  return out;
}
