import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { RunControl, Volume, VolumeGeometry } from '@anatomodel/imaging';
import type { FeatureShape } from '../edt-passes.ts';
import type { LabelMap } from '../label-map.ts';
import { morphBallRadius2, morphCapMm, morphSteps, type MorphOperation } from '../morph-mask.ts';
import { ballRows, isSmallBall, morphSmallBallSteps } from '../morph-small-ball.ts';
import { segmentMask } from '../segment-mask.ts';
import { SegmentationError } from '../segmentation-error.ts';
import type { DistanceTransformOptions } from '../squared-distance-transform.ts';
import type { ThicknessOptions } from '../thickness-map.ts';
import { labelMapFromMask } from '../label-map-from-mask.ts';
import { thresholdBounds } from '../threshold-bounds.ts';
import { thresholdVolume, type ThresholdOptions } from '../threshold-volume.ts';
import { isOnSharedMemory, shared } from './shared-memory.ts';
import { send, slabs, type PoolJob, type PoolReply, voxelType } from './pool-jobs.ts';

/** Options of {@link SegmentationPool.create}. */
export interface SegmentationPoolOptions {
  /** worker threads (default: os.availableParallelism(), at least 1) */
  readonly threads?: number;
}

/** Slab jobs per thread and phase: more than one, so a thread slowed by others evens out. */
const CHUNKS_PER_THREAD = 4;

type JobSpec = PoolJob extends infer J ? (J extends PoolJob ? Omit<J, 'id'> : never) : never;

/**
 * Node-only: a persistent pool of worker threads that runs the threshold and the
 * distance-transform kernels (squared EDT, morphology, thickness map) over slabs of shared
 * memory. Each separable pass is split by lines across the workers (passes along i and j by
 * k-slabs, the pass along k by j-rows), with a barrier between passes; every line is computed
 * by the same code as the single-threaded kernel, so results are bit-identical to it. Start the
 * pool once (`await SegmentationPool.create()`, about a few hundred ms: each worker loads the
 * TypeScript sources) and reuse it; `dispose()` ends the workers.
 *
 * Memory: inputs whose buffer is a SharedArrayBuffer are used in place; other masks are copied
 * once into shared memory (a volume to threshold is not: see thresholdVolume). Results are
 * typed arrays over new SharedArrayBuffers (plain to use).
 * Calls are queued, one at a time. Cancelling (run.signal) stops scheduling slab jobs: the call
 * rejects with the signal's reason once the running jobs (a fraction of one pass) end, and the
 * pool stays usable.
 */
export class SegmentationPool {
  private readonly workers: Worker[];
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 0;
  private disposed = false;

  private constructor(workers: Worker[]) {
    this.workers = workers;
  }

  /** Number of worker threads. */
  get threads(): number {
    return this.workers.length;
  }

  /** Starts the workers and waits until each has loaded. */
  static async create(options: SegmentationPoolOptions = {}): Promise<SegmentationPool> {
    const threads = Math.max(1, Math.floor(options.threads ?? availableParallelism()));
    const url = new URL('./pool-worker-entry.mjs', import.meta.url);
    const workers = Array.from({ length: threads }, () => new Worker(url));
    try {
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve, reject) => {
              w.once('message', () => resolve());
              w.once('error', reject);
            }),
        ),
      );
    } catch (e) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw e;
    }
    return new SegmentationPool(workers);
  }

  /** Ends the workers; later calls reject. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await this.queue.catch(() => undefined);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  /**
   * Same as `squaredDistanceTransform` (same options and result), on the pool's threads.
   * @throws SegmentationError INVALID_OPTION when the mask or buffer does not fit the grid
   */
  squaredDistanceTransform(
    mask: Uint8Array,
    geometry: VolumeGeometry,
    options: DistanceTransformOptions = {},
    run?: RunControl,
  ): Promise<Float32Array> {
    return this.exclusive(async () => {
      const n = voxels(geometry, mask.length);
      const out = options.out ?? new Float32Array(new SharedArrayBuffer(n * 4));
      if (out.length !== n) throw new SegmentationError('INVALID_OPTION', 'out buffer size');
      const cap = options.maxDistanceMm ?? Infinity;
      if (!(cap >= 0)) throw new SegmentationError('INVALID_OPTION', 'maxDistanceMm must be >= 0');
      const target = shared(out);
      await this.edt(
        shared(mask),
        target,
        geometry,
        options.feature ?? 1,
        options.outsideIsFeature ?? false,
        options.featureShape ?? 'centre',
        cap * cap,
        run,
        0,
        1,
      );
      if (target !== out) out.set(target);
      run?.onProgress?.(1);
      return out;
    });
  }

  /**
   * Same as `morphMask` (dilate, erode, open, close by the Euclidean ball of radiusMm), on the
   * pool's threads. The result is a new mask over shared memory.
   * @throws SegmentationError INVALID_OPTION for a negative or non-finite radius
   */
  morphMask(
    mask: Uint8Array,
    geometry: VolumeGeometry,
    operation: MorphOperation,
    radiusMm: number,
    run?: RunControl,
  ): Promise<Uint8Array> {
    return this.exclusive(async () => {
      const n = voxels(geometry, mask.length);
      const r2 = morphBallRadius2(radiusMm);
      const cap = morphCapMm(r2);
      const steps = morphSteps(operation);
      const rows = ballRows(geometry.spacing, r2);
      if (isSmallBall(rows)) {
        // a ball of a few rows is shifted and OR-ed directly on this thread (`morphMask`
        // does the same): on the corpus CT 2 mm dilation that is ~0.1 s, less than handing
        // slabs to the workers costs
        const into = new Uint8Array(new SharedArrayBuffer(n));
        return morphSmallBallSteps(mask, geometry.dims, rows, steps, run, into);
      }
      const d = new Float32Array(new SharedArrayBuffer(n * 4));
      let src = shared(mask);
      for (let s = 0; s < steps.length; s++) {
        const dilate = steps[s];
        const from = s / steps.length;
        const to = (s + 1) / steps.length;
        const mid = from + 0.9 * (to - from);
        await this.edt(
          src,
          d,
          geometry,
          dilate ? 1 : 0,
          false,
          'centre',
          cap * cap,
          run,
          from,
          mid,
        );
        const res = new Uint8Array(new SharedArrayBuffer(n));
        await this.phase(
          slabs(geometry.dims[2], this.threads, CHUNKS_PER_THREAD).map(([k0, k1]) => ({
            kind: 'morph-finish' as const,
            dims: geometry.dims,
            spacing: geometry.spacing,
            from: k0 * geometry.dims[0] * geometry.dims[1],
            to: k1 * geometry.dims[0] * geometry.dims[1],
            src: src.buffer as SharedArrayBuffer,
            d: d.buffer as SharedArrayBuffer,
            res: res.buffer as SharedArrayBuffer,
            dilate,
            r2,
          })),
          run,
          mid,
          to,
        );
        src = res;
      }
      run?.onProgress?.(1);
      return src;
    });
  }

  /**
   * Same as `thicknessMap` (identical result), on the pool's threads: the distance transform
   * by slabs, the ridge by k-slabs of centres, the painting by k-slabs of target slices.
   * @throws SegmentationError UNKNOWN_SEGMENT
   */
  thicknessMap(
    labelMap: LabelMap,
    options: ThicknessOptions = {},
    run?: RunControl,
  ): Promise<Float32Array> {
    return this.exclusive(async () => {
      const label = options.label ?? 1;
      if (!labelMap.segments.has(label)) {
        throw new SegmentationError(
          'UNKNOWN_SEGMENT',
          `label ${label} is not a segment of the map`,
        );
      }
      const g = labelMap.geometry;
      const { dims, spacing } = g;
      const n = voxels(g, labelMap.data.length);
      const mask = segmentMask(labelMap, label, new Uint8Array(new SharedArrayBuffer(n)));
      const out = new Float32Array(new SharedArrayBuffer(n * 4));
      await this.edt(mask, out, g, 0, true, 'box', Infinity, run, 0, 0.3);
      const parts = await this.phase(
        slabs(dims[2], this.threads, CHUNKS_PER_THREAD).map(([k0, k1]) => ({
          kind: 'ridge' as const,
          dims,
          spacing,
          from: k0,
          to: k1,
          mask: mask.buffer as SharedArrayBuffer,
          r2: out.buffer as SharedArrayBuffer,
        })),
        run,
        0.3,
        0.5,
      );
      let count = 0;
      for (const part of parts) count += (part.index?.byteLength ?? 0) / 4;
      const index = new Int32Array(new SharedArrayBuffer(Math.max(count, 1) * 4));
      const r2 = new Float32Array(new SharedArrayBuffer(Math.max(count, 1) * 4));
      let at = 0;
      for (const part of parts) {
        if (!part.index || !part.r2) continue;
        index.set(new Int32Array(part.index), at);
        r2.set(new Float32Array(part.r2), at);
        at += part.index.byteLength / 4;
      }
      await this.phase(
        slabs(dims[2], this.threads, CHUNKS_PER_THREAD).map(([k0, k1]) => ({
          kind: 'paint' as const,
          dims,
          spacing,
          from: k0,
          to: k1,
          out: out.buffer as SharedArrayBuffer,
          index: index.buffer as SharedArrayBuffer,
          r2: r2.buffer as SharedArrayBuffer,
          count,
        })),
        run,
        0.5,
        1,
      );
      run?.onProgress?.(1);
      return out;
    });
  }

  /**
   * Same as `thresholdVolume` (identical LabelMap), k-slabs of slices across the pool's threads
   * into a mask over shared memory. Only a volume whose voxels lie on a SharedArrayBuffer (load
   * it with `sharedMemory: true`) is thresholded on the workers; any other is thresholded on
   * this thread by `thresholdVolume`, because copying the voxels into shared memory costs more
   * than the threads save (see ADR 0004); `isOnSharedMemory(volume.data)` tells which.
   * @throws SegmentationError as thresholdVolume
   */
  thresholdVolume(volume: Volume, options: ThresholdOptions, run?: RunControl): Promise<LabelMap> {
    return this.exclusive(async () => {
      const src = volume.data;
      if (!isOnSharedMemory(src)) return thresholdVolume(volume, options, run);
      const { lower, upper, name } = thresholdBounds(volume, options);
      const g = volume.geometry;
      const n = voxels(g, src.length);
      const mask = new Uint8Array(new SharedArrayBuffer(n));
      // one slab per worker: the SIMD kernel is memory-bound and even, so more slabs only add
      // messages (corpus CT, 2 workers: 45 -> 37.5 ms best of 7 with 1 instead of 4 per thread)
      await this.phase(
        slabs(g.dims[2], this.threads, 1).map(([k0, k1]) => ({
          kind: 'threshold' as const,
          dims: g.dims,
          spacing: g.spacing,
          from: k0,
          to: k1,
          src: src.buffer as SharedArrayBuffer,
          type: voxelType(src),
          offset: src.byteOffset,
          length: n,
          mask: mask.buffer as SharedArrayBuffer,
          lower,
          upper,
        })),
        run,
        0,
        1,
      );
      run?.onProgress?.(1);
      return labelMapFromMask(g, mask, { ...options, name });
    });
  }

  /** The two EDT phases (slices, then columns) into `out`, progress mapped to [from, to]. */
  private async edt(
    mask: Uint8Array,
    out: Float32Array,
    geometry: VolumeGeometry,
    feature: 0 | 1,
    outside: boolean,
    shape: FeatureShape,
    cap2: number,
    run: RunControl | undefined,
    from: number,
    to: number,
  ): Promise<void> {
    const { dims, spacing } = geometry;
    const common = { dims, spacing, outside, shape, cap2 };
    const mid = from + ((to - from) * dims[2]) / (dims[2] + dims[1]);
    await this.phase(
      slabs(dims[2], this.threads, CHUNKS_PER_THREAD).map(([k0, k1]) => ({
        ...common,
        kind: 'edt-slices' as const,
        from: k0,
        to: k1,
        mask: mask.buffer as SharedArrayBuffer,
        out: out.buffer as SharedArrayBuffer,
        feature,
      })),
      run,
      from,
      mid,
    );
    await this.phase(
      slabs(dims[1], this.threads, CHUNKS_PER_THREAD).map(([j0, j1]) => ({
        ...common,
        kind: 'edt-columns' as const,
        from: j0,
        to: j1,
        mask: mask.buffer as SharedArrayBuffer,
        feature,
        out: out.buffer as SharedArrayBuffer,
      })),
      run,
      mid,
      to,
    );
  }

  /**
   * Runs jobs on the workers, each taking the next job when it is free; resolves with the
   * replies in job order. Checks the signal before handing out each job.
   */
  private async phase(
    specs: readonly JobSpec[],
    run: RunControl | undefined,
    from: number,
    to: number,
  ): Promise<PoolReply[]> {
    const replies: PoolReply[] = new Array<PoolReply>(specs.length);
    let next = 0;
    let done = 0;
    const signal = run?.signal;
    await Promise.all(
      this.workers.map(async (w) => {
        for (;;) {
          signal?.throwIfAborted();
          const at = next++;
          if (at >= specs.length) return;
          const job = { ...specs[at], id: this.nextId++ } as PoolJob;
          replies[at] = await send(w, job);
          done++;
          run?.onProgress?.(from + ((to - from) * done) / specs.length);
        }
      }),
    );
    return replies;
  }

  /**
   * Runs `task` after every earlier call has settled, then has each worker drop the call's
   * shared buffers (see pool-worker.ts) before the result is handed back.
   */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    if (this.disposed) return Promise.reject(new Error('SegmentationPool is disposed'));
    const run = async () => {
      try {
        return await task();
      } finally {
        await Promise.all(this.workers.map((w) => send(w, { id: this.nextId++, kind: 'release' })));
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

/** Voxel count of the grid, checked against an array length. */
function voxels(geometry: VolumeGeometry, length: number): number {
  const n = geometry.dims[0] * geometry.dims[1] * geometry.dims[2];
  if (length !== n) {
    throw new SegmentationError('INVALID_OPTION', `array has ${length} voxels, grid ${n}`);
  }
  return n;
}
