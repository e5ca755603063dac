/** Messages between SegmentationPool and its workers (plain data over shared memory). */
import type { FeatureShape } from '../edt-passes.ts';

type Dims = readonly [number, number, number];

/** Fields of every job: an id for the reply and a slab [from, to) of slices, rows or voxels. */
interface JobBase {
  readonly id: number;
  readonly from: number;
  readonly to: number;
  readonly dims: Dims;
  readonly spacing: Dims;
}

/** One slab job for a worker, or a request to collect garbage after a call. */
export type PoolJob =
  | { readonly id: number; readonly kind: 'release' }
  | (JobBase & {
      readonly kind: 'edt-slices';
      readonly mask: SharedArrayBuffer;
      readonly out: SharedArrayBuffer;
      readonly feature: 0 | 1;
      readonly outside: boolean;
      readonly shape: FeatureShape;
      readonly cap2: number;
    })
  | (JobBase & {
      readonly kind: 'edt-columns';
      readonly mask: SharedArrayBuffer;
      readonly feature: 0 | 1;
      readonly out: SharedArrayBuffer;
      readonly outside: boolean;
      readonly shape: FeatureShape;
      readonly cap2: number;
    })
  | (JobBase & {
      readonly kind: 'morph-finish';
      readonly src: SharedArrayBuffer;
      readonly d: SharedArrayBuffer;
      readonly res: SharedArrayBuffer;
      readonly dilate: boolean;
      readonly r2: number;
    })
  | (JobBase & {
      readonly kind: 'ridge';
      readonly mask: SharedArrayBuffer;
      readonly r2: SharedArrayBuffer;
    })
  | (JobBase & {
      readonly kind: 'paint';
      readonly out: SharedArrayBuffer;
      readonly index: SharedArrayBuffer;
      readonly r2: SharedArrayBuffer;
      readonly count: number;
    });

/** A worker's answer: ridge jobs return their lists (transferred), failures a message. */
export interface PoolReply {
  readonly id: number;
  readonly error?: string;
  readonly index?: ArrayBuffer;
  readonly r2?: ArrayBuffer;
}
