export { parallelDistanceTransform } from './parallel-distance-transform.ts';
export type { ParallelDistanceTransformOptions } from './parallel-distance-transform.ts';
