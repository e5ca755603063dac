export { SegmentationPool } from './segmentation-pool.ts';
export type { SegmentationPoolOptions } from './segmentation-pool.ts';
export { parallelDistanceTransform } from './parallel-distance-transform.ts';
export type { ParallelDistanceTransformOptions } from './parallel-distance-transform.ts';
export { isOnSharedMemory, shared } from './shared-memory.ts';
export { collectGarbage } from './collect-garbage.ts';
