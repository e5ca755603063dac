import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { RunControl, VolumeGeometry } from '@anatomodel/imaging';
import { SegmentationError } from '../segmentation-error.ts';
import type { DistanceTransformOptions } from '../squared-distance-transform.ts';

/** Options of {@link parallelDistanceTransform}. */
export interface ParallelDistanceTransformOptions extends Omit<DistanceTransformOptions, 'out'> {
  /** worker threads (default: os.availableParallelism(), at least 1) */
  readonly threads?: number;
}

/**
 * Node-only: the same exact squared EDT as `squaredDistanceTransform`, computed by worker
 * threads over slabs of shared memory (passes along i and j by k-slabs, then the pass along k
 * by j-slabs). Results are bit-identical to the single-threaded kernel: each line is computed
 * by the same code, only by another thread. The mask is copied once into shared memory, so it
 * holds one mask copy and the Float32 result (returned as a Float32Array over a
 * SharedArrayBuffer). Aborting terminates the workers and rejects with the signal's reason.
 * @throws SegmentationError INVALID_OPTION when the mask does not fit the grid
 */
export async function parallelDistanceTransform(
  mask: Uint8Array,
  geometry: VolumeGeometry,
  options: ParallelDistanceTransformOptions = {},
  run?: RunControl,
): Promise<Float32Array> {
  const { dims, spacing } = geometry;
  const n = dims[0] * dims[1] * dims[2];
  if (mask.length !== n) {
    throw new SegmentationError('INVALID_OPTION', `mask has ${mask.length} voxels, grid ${n}`);
  }
  run?.signal?.throwIfAborted();
  const threads = Math.max(1, Math.floor(options.threads ?? availableParallelism()));
  const sharedMask = new SharedArrayBuffer(n);
  new Uint8Array(sharedMask).set(mask);
  const sharedOut = new SharedArrayBuffer(n * 4);
  const workerData = {
    mask: sharedMask,
    out: sharedOut,
    dims: [...dims],
    spacing: [...spacing],
    feature: options.feature ?? 1,
    outside: options.outsideIsFeature ?? false,
  };
  // the worker is TypeScript; its .mjs entry registers tsx inside the thread first
  const workers = Array.from(
    { length: threads },
    () => new Worker(new URL('./edt-worker-entry.mjs', import.meta.url), { workerData }),
  );
  let failed: unknown;
  const onAbort = () => {
    failed = run?.signal?.reason;
    for (const w of workers) void w.terminate();
  };
  run?.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    // more chunks than threads for load balance; progress after each chunk
    const chunksPerPhase = threads * 4;
    const jobs: Array<{ phase: 'slices' | 'columns'; from: number; to: number }> = [];
    const total = 2 * chunksPerPhase;
    let done = 0;
    for (const [phase, len] of [
      ['slices', dims[2]],
      ['columns', dims[1]],
    ] as const) {
      jobs.length = 0;
      const step = Math.ceil(len / chunksPerPhase);
      for (let from = 0; from < len; from += step)
        jobs.push({ phase, from, to: Math.min(len, from + step) });
      await Promise.all(
        workers.map(async (w) => {
          for (;;) {
            const job = jobs.shift();
            if (!job) return;
            await new Promise<void>((resolve, reject) => {
              const onMessage = () => {
                w.off('error', onError);
                w.off('exit', onExit);
                resolve();
              };
              const onError = (e: unknown) => {
                w.off('message', onMessage);
                w.off('exit', onExit);
                reject(e);
              };
              const onExit = () => {
                w.off('message', onMessage);
                w.off('error', onError);
                reject(failed ?? new Error('EDT worker exited'));
              };
              w.once('message', onMessage);
              w.once('error', onError);
              w.once('exit', onExit);
              w.postMessage(job);
            });
            done++;
            if (done < total) run?.onProgress?.(done / total);
          }
        }),
      );
    }
    if (failed !== undefined) throw failed;
    run?.onProgress?.(1);
    return new Float32Array(sharedOut);
  } finally {
    run?.signal?.removeEventListener('abort', onAbort);
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
