import type { RunControl, VolumeGeometry } from '@anatomodel/imaging';
import type { DistanceTransformOptions } from '../squared-distance-transform.ts';
import { SegmentationPool } from './segmentation-pool.ts';

/** Options of {@link parallelDistanceTransform}. */
export interface ParallelDistanceTransformOptions extends DistanceTransformOptions {
  /** worker threads (default: os.availableParallelism(), at least 1) */
  readonly threads?: number;
}

/**
 * Node-only, one-off: the same exact squared EDT as `squaredDistanceTransform` on a
 * SegmentationPool started for this call and disposed after it (bit-identical result). Worker
 * start-up is part of the cost; keep a SegmentationPool to run several kernels.
 * @throws SegmentationError INVALID_OPTION when the mask does not fit the grid
 */
export async function parallelDistanceTransform(
  mask: Uint8Array,
  geometry: VolumeGeometry,
  options: ParallelDistanceTransformOptions = {},
  run?: RunControl,
): Promise<Float32Array> {
  run?.signal?.throwIfAborted();
  const pool = await SegmentationPool.create({ threads: options.threads });
  try {
    return await pool.squaredDistanceTransform(mask, geometry, options, run);
  } finally {
    await pool.dispose();
  }
}
