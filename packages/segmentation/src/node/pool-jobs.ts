/**
 * The protocol between SegmentationPool and its workers: the job and reply messages (plain data
 * over shared memory), posting one job, and cutting an axis into slab jobs.
 */
import type { Worker } from 'node:worker_threads';
import type { FeatureShape } from '../edt-passes.ts';

type Dims = readonly [number, number, number];

/** Element type of a volume's voxels, as sent to a worker. */
export type VoxelType = 'int16' | 'uint16' | 'uint8' | 'float32';

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
      readonly kind: 'threshold';
      /** the volume's voxels: `length` elements of `type` from byte `offset` of `src` */
      readonly src: SharedArrayBuffer;
      readonly type: VoxelType;
      readonly offset: number;
      readonly length: number;
      readonly mask: SharedArrayBuffer;
      readonly lower: number;
      readonly upper: number;
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

/** The VoxelType of a volume's voxel array. */
export function voxelType(a: Int16Array | Uint16Array | Uint8Array | Float32Array): VoxelType {
  if (a instanceof Int16Array) return 'int16';
  if (a instanceof Uint16Array) return 'uint16';
  return a instanceof Uint8Array ? 'uint8' : 'float32';
}

/** Posts one job to a worker and waits for its reply. */
export function send(w: Worker, job: PoolJob): Promise<PoolReply> {
  return new Promise<PoolReply>((resolve, reject) => {
    const onMessage = (reply: PoolReply) => {
      if (reply.id !== job.id) return;
      w.off('message', onMessage);
      w.off('error', onError);
      if (reply.error !== undefined) reject(new Error(`pool worker: ${reply.error}`));
      else resolve(reply);
    };
    const onError = (e: unknown) => {
      w.off('message', onMessage);
      reject(e instanceof Error ? e : new Error(String(e)));
    };
    w.on('message', onMessage);
    w.once('error', onError);
    w.postMessage(job);
  });
}

/** [start, end) slabs covering 0..len, `perThread` per thread (fewer when len is small). */
export function slabs(len: number, threads: number, perThread: number): Array<[number, number]> {
  const count = Math.max(1, Math.min(len, threads * perThread));
  const out: Array<[number, number]> = [];
  for (let c = 0; c < count; c++) {
    const a = Math.floor((len * c) / count);
    const b = Math.floor((len * (c + 1)) / count);
    if (b > a) out.push([a, b]);
  }
  return out;
}
