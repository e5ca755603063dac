export { SegmentationPool } from './segmentation-pool.ts';
export type { SegmentationPoolOptions } from './segmentation-pool.ts';
export { parallelDistanceTransform } from './parallel-distance-transform.ts';
export type { ParallelDistanceTransformOptions } from './parallel-distance-transform.ts';
export { isOnSharedMemory, shared } from './shared-memory.ts';
// lives in imaging/node (the NIfTI reader uses it); re-exported for the pools and the CLI
export { collectGarbage, releaseMemory } from '@anatomodel/imaging/node/collect-garbage';
