import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { RunControl } from '@anatomodel/imaging';
import type { LabelMap } from '@anatomodel/segmentation';
import { MeshError } from '../mesh-error.ts';
import { directedDistance } from '../hausdorff-distance.ts';
import type { DirectedDistance, HausdorffDistance } from '../hausdorff-distance.ts';
import { buildTriangleGrid } from '../triangle-grid.ts';
import type { Mesh } from '../mesh.ts';
import type { RenderedViews, RenderPart } from '../render-views.ts';
import { surfaceNetsSlab } from '../surface-nets-slab.ts';
import type { SurfaceNetsSlabInput, SurfaceNetsSlabOutput } from '../surface-nets-slab.ts';
import { assembleLabelSurface, prepareSurfaceNets } from '../surface-nets.ts';
import type { LabelSurface, SurfaceNetsOptions } from '../surface-nets.ts';

/** A task for a mesh worker (internal message format). */
export type MeshWorkerTask =
  | { readonly kind: 'surface-nets-slab'; readonly input: SurfaceNetsSlabInput }
  | { readonly kind: 'render-views'; readonly parts: readonly RenderPart[]; readonly size: number }
  | { readonly kind: 'directed-distance'; readonly points: Float32Array; readonly mesh: Mesh };

/** A message to a mesh worker (internal). */
export interface MeshWorkerRequest {
  readonly id: number;
  readonly task: MeshWorkerTask;
}

interface Reply {
  readonly id: number;
  readonly result?: unknown;
  readonly error?: { readonly message: string; readonly code?: string };
}

/** Options of `MeshWorkerPool.create`. */
export interface MeshWorkerPoolOptions {
  /**
   * worker threads; default os.availableParallelism() - 1 (the calling thread takes a share
   * of every parallel kernel), at least 1
   */
  readonly threads?: number;
}

/**
 * Node-only pool of worker threads for the mesh kernels. Workers start at `create()` (about a
 * quarter second to load TypeScript), so create the pool early, e.g. before reading the input,
 * and it is warm when the surfaces are due. Results are identical to the single-threaded
 * kernels: the same code runs on other threads and the pieces are joined exactly.
 * Call `dispose()` when done (terminates the workers; pending tasks reject).
 */
export class MeshWorkerPool {
  private readonly workers: Worker[];
  private readonly pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: unknown) => void }
  >();
  private nextId = 1;
  private nextWorker = 0;
  private failure: unknown = undefined;
  private disposed = false;

  private constructor(threads: number) {
    this.workers = Array.from({ length: threads }, () => {
      const w = new Worker(new URL('./mesh-worker-entry.mjs', import.meta.url));
      w.on('message', (reply: Reply) => this.settle(reply));
      w.on('error', (err) => this.fail(err));
      w.on('exit', (code) => {
        if (!this.disposed)
          this.fail(new MeshError('WORKER_FAILED', `mesh worker exited (${code})`));
      });
      return w;
    });
  }

  /** Starts the workers. Throws MeshError INVALID_OPTIONS for a bad thread count. */
  static create(options: MeshWorkerPoolOptions = {}): MeshWorkerPool {
    const threads = options.threads ?? Math.max(1, availableParallelism() - 1);
    if (!Number.isInteger(threads) || threads < 1 || threads > 256) {
      throw new MeshError(
        'INVALID_OPTIONS',
        `threads must be an integer in 1..256, got ${threads}`,
      );
    }
    return new MeshWorkerPool(threads);
  }

  /** Number of worker threads. */
  get threads(): number {
    return this.workers.length;
  }

  /**
   * `surfaceNets` over z-slabs: the calling thread extracts the first slab while each worker
   * extracts one of the others (from a copy of just the planes it needs); the slabs are joined
   * with `assembleLabelSurface`, so the result equals `surfaceNets(labelMap, options)` exactly.
   * Aborting rejects with the signal's reason (running slabs finish in the background).
   */
  async surfaceNets(
    labelMap: LabelMap,
    options: SurfaceNetsOptions = {},
    run: RunControl = {},
  ): Promise<LabelSurface> {
    run.signal?.throwIfAborted();
    const prepared = prepareSurfaceNets(labelMap, options);
    const [nx, ny, nz] = prepared.dims;
    const cellPlanes = nz + 1;
    const parts = Math.min(this.workers.length + 1, cellPlanes);
    const bounds = Array.from({ length: parts + 1 }, (_, s) =>
      Math.round((s * cellPlanes) / parts),
    );
    const plane = nx * ny;
    const remote: Array<Promise<SurfaceNetsSlabOutput>> = [];
    for (let s = 1; s < parts; s++) {
      // the slab reads data planes zFrom - 2 .. zTo - 1 (clipped to the grid)
      const z0 = Math.max(0, bounds[s] - 2);
      const z1 = Math.min(nz, bounds[s + 1]);
      const data = prepared.data.slice(z0 * plane, z1 * plane);
      const input: SurfaceNetsSlabInput = {
        ...prepared,
        data,
        dataZ0: z0,
        zFrom: bounds[s],
        zTo: bounds[s + 1],
      };
      remote.push(this.run({ kind: 'surface-nets-slab', input }, [data.buffer]));
    }
    const own = surfaceNetsSlab(
      { ...prepared, zFrom: bounds[0], zTo: bounds[1] },
      {
        signal: run.signal,
        onProgress: run.onProgress && ((f) => run.onProgress?.((0.9 * f) / parts)),
      },
    );
    const slabs = [own, ...(await raceAbort(Promise.all(remote), run.signal))];
    run.onProgress?.(1);
    return assembleLabelSurface(slabs, labelMap.segments);
  }

  /** `renderViews(parts, size)` on a worker (the meshes are copied to it). */
  renderViews(parts: readonly RenderPart[], size = 320): Promise<RenderedViews> {
    return this.run({ kind: 'render-views', parts, size }, []);
  }

  /**
   * `hausdorffDistance(a, b)` with its two directions on two threads: a worker measures b's
   * vertices against a while the calling thread measures a's against b. Same functions, so
   * the same numbers. The meshes are copied to the worker.
   */
  async hausdorffDistance(a: Mesh, b: Mesh): Promise<HausdorffDistance> {
    const remote = this.run<DirectedDistance>(
      { kind: 'directed-distance', points: b.positions, mesh: a },
      [],
    );
    const aToB = directedDistance(a.positions, buildTriangleGrid(b));
    const bToA = await remote;
    return {
      maxMm: Math.max(aToB.max, bToA.max),
      meanMm: (aToB.mean + bToA.mean) / 2,
      aToB,
      bToA,
    };
  }

  /** Terminates the workers; tasks still pending reject with MeshError WORKER_FAILED. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const err = new MeshError('WORKER_FAILED', 'mesh worker pool disposed');
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private run<T>(task: MeshWorkerTask, transfer: ArrayBuffer[]): Promise<T> {
    if (this.disposed) return Promise.reject(new MeshError('WORKER_FAILED', 'pool disposed'));
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const id = this.nextId++;
    const worker = this.workers[this.nextWorker++ % this.workers.length];
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ id, task } satisfies MeshWorkerRequest, transfer);
    });
  }

  private settle(reply: Reply): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    this.pending.delete(reply.id);
    if (reply.error) {
      const code = reply.error.code === 'INVALID_OPTIONS' ? 'INVALID_OPTIONS' : 'WORKER_FAILED';
      p.reject(new MeshError(code, reply.error.message));
    } else p.resolve(reply.result);
  }

  private fail(err: unknown): void {
    this.failure ??= err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}

function raceAbort<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
