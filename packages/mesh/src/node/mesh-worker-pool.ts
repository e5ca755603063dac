import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { RunControl } from '@anatomodel/imaging';
import type { LabelMap } from '@anatomodel/segmentation';
import { MeshError } from '../mesh-error.ts';
import { combineDirections, directedDistance } from '../hausdorff-distance.ts';
import type { DirectedDistance, HausdorffDistance } from '../hausdorff-distance.ts';
import { buildTriangleGrid } from '../triangle-grid.ts';
import { measureMesh } from '../measure-mesh.ts';
import { quadricDecimate } from '../quadric-decimate.ts';
import type { QuadricDecimateOptions, QuadricDecimateResult } from '../quadric-decimate.ts';
import { finishSimplification, simplifyTargets, unchangedResult } from '../simplify-mesh.ts';
import type { SimplifyOptions, SimplifyResult } from '../simplify-mesh.ts';
import { joinMeshSlabs, splitMeshSlabs } from '../split-mesh-slabs.ts';
import type { Mesh } from '../mesh.ts';
import type { RenderedViews, RenderPart } from '../render-views.ts';
import type { MeshAnalysis } from '../analyze-mesh.ts';
import { preserveSmoothedVolume, smoothMesh } from '../smooth-mesh.ts';
import type { SmoothMeshOptions } from '../smooth-mesh.ts';
import { finishWindowedSinc, prepareWindowedSinc, sincWorkLoop } from '../smooth-windowed-sinc.ts';
import type { WindowedSincState } from '../smooth-windowed-sinc.ts';
import type { RepairOptions, RepairResult } from '../repair-mesh.ts';
import type { SurfaceDeviation, SurfaceDeviationOptions } from '../surface-deviation.ts';
import { surfaceNetsSlab } from '../surface-nets-slab.ts';
import type { SurfaceNetsSlabInput, SurfaceNetsSlabOutput } from '../surface-nets-slab.ts';
import { assembleLabelSurface, prepareSurfaceNets } from '../surface-nets.ts';
import type { LabelSurface, SurfaceNetsOptions } from '../surface-nets.ts';

/** A task for a mesh worker (internal message format). */
export type MeshWorkerTask =
  | { readonly kind: 'surface-nets-slab'; readonly input: SurfaceNetsSlabInput }
  | { readonly kind: 'render-views'; readonly parts: readonly RenderPart[]; readonly size: number }
  | { readonly kind: 'directed-distance'; readonly points: Float32Array; readonly mesh: Mesh }
  | { readonly kind: 'analyze-mesh'; readonly mesh: Mesh }
  | {
      /** chunks of windowed-sinc steps over shared memory (`sincWorkLoop`) */
      readonly kind: 'sinc-steps';
      readonly state: WindowedSincState;
      readonly control: Int32Array;
      readonly chunks: number;
    }
  | { readonly kind: 'repair-mesh'; readonly mesh: Mesh; readonly options: RepairOptions }
  | {
      readonly kind: 'surface-deviation';
      readonly final: Mesh;
      readonly reference: Mesh;
      readonly options: SurfaceDeviationOptions;
    }
  | {
      /** decimate slabs (shared memory) while slabs are left: claim one by Atomics.add */
      readonly kind: 'quadric-decimate-slabs';
      readonly slabs: ReadonlyArray<{
        readonly mesh: Mesh;
        readonly options: QuadricDecimateOptions;
      }>;
      readonly counter: Int32Array;
    };

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
      // dense grey: the slab's planes; boundary grey (small): all of it, cloned
      const greyData = prepared.grey?.data?.slice(z0 * plane, z1 * plane);
      const grey = greyData ? { ...prepared.grey!, data: greyData } : prepared.grey;
      const input: SurfaceNetsSlabInput = {
        ...prepared,
        data,
        grey,
        dataZ0: z0,
        zFrom: bounds[s],
        zTo: bounds[s + 1],
      };
      const transfer = greyData ? [data.buffer, greyData.buffer] : [data.buffer];
      remote.push(this.run({ kind: 'surface-nets-slab', input }, transfer));
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

  /**
   * `simplifyMesh` with the decimation on several threads: the mesh is cut into slabs of equal
   * triangle count (`splitMeshSlabs` in shared memory, two per thread, seam vertices locked);
   * the calling thread and the workers claim slabs through a shared atomic counter (a thread
   * slowed down by other load simply takes fewer), each decimates its slab to its share of the target, the
   * slabs are joined, and a last single-threaded `quadricDecimate` pass over the joined
   * (small) mesh takes the seam strips down to the target. The result is closed and manifold
   * with the same genus and shells, verified like `simplifyMesh`'s, but not identical to it
   * (different collapse order). Meshes under 30,000 triangles run on the calling thread.
   * @throws MeshError INVALID_OPTIONS
   */
  async simplifyMesh(mesh: Mesh, options: SimplifyOptions = {}): Promise<SimplifyResult> {
    const { target, maxErrorMm } = simplifyTargets(options);
    const nt = mesh.triangles.length / 3;
    if (nt === 0) return unchangedResult(mesh);
    const volumeBefore = options.inputVolumeMm3 ?? measureMesh(mesh).signedVolume;
    const targetTriangles = Math.floor(nt * target);
    let r: QuadricDecimateResult;
    if (nt < 30000) r = quadricDecimate(mesh, { targetTriangles, maxErrorMm });
    else {
      const slabs = splitMeshSlabs(mesh, 2 * (this.workers.length + 1), { shared: true });
      // each slab to its share plus about the triangles of its locked seam strip, so its
      // interior is not reduced harder to make up for the seam; the last pass evens it out
      const jobs = slabs.map((s) => ({
        mesh: s.mesh,
        options: {
          targetTriangles:
            Math.floor((targetTriangles * s.mesh.triangles.length) / 3 / nt) +
            2 * s.locked.reduce((n, x) => n + x, 0),
          maxErrorMm,
          locked: s.locked,
        },
      }));
      // a shared counter hands out the slabs: a thread slowed down by other load takes fewer
      const counter = new Int32Array(new SharedArrayBuffer(4));
      const remote = this.workers.map((w) =>
        this.runOn<Array<[number, QuadricDecimateResult]>>(
          w,
          { kind: 'quadric-decimate-slabs', slabs: jobs, counter },
          [],
        ),
      );
      const done: QuadricDecimateResult[] = [];
      for (let i = Atomics.add(counter, 0, 1); i < jobs.length; i = Atomics.add(counter, 0, 1)) {
        done[i] = quadricDecimate(jobs[i].mesh, jobs[i].options);
      }
      for (const list of await Promise.all(remote)) for (const [i, d] of list) done[i] = d;
      const joined = joinMeshSlabs(
        mesh.positions.length / 3,
        slabs.map((slab, i) => ({ slab, mesh: done[i].mesh, vertexIds: done[i].vertexIds })),
      );
      const last = quadricDecimate(joined.mesh, { targetTriangles, maxErrorMm });
      const vertexIds = new Uint32Array(last.vertexIds.length);
      for (let i = 0; i < vertexIds.length; i++) vertexIds[i] = joined.vertexIds[last.vertexIds[i]];
      r = {
        mesh: last.mesh,
        collapses: done.reduce((n, d) => n + d.collapses, last.collapses),
        maxErrorMm: done.reduce((m, d) => Math.max(m, d.maxErrorMm), last.maxErrorMm),
        vertexIds,
      };
    }
    return finishSimplification(mesh, volumeBefore, r, options);
  }

  /** `renderViews(parts, size)` on a worker (the meshes are copied to it). */
  renderViews(parts: readonly RenderPart[], size = 320): Promise<RenderedViews> {
    return this.run({ kind: 'render-views', parts, size }, []);
  }

  /**
   * `smoothMesh(mesh, options)` with the windowed-sinc steps on this thread and the workers:
   * the filter's arrays live in shared memory and every step is cut into chunks of vertices
   * that the threads claim in order (`sincWorkLoop`; a busy or late worker takes fewer, down
   * to none), each step starting when the previous one is complete. The result equals
   * `smoothMesh(mesh, options)` exactly. Blocks this thread while the steps run (it works
   * on them); no progress or abort during the steps. Meshes under 20,000 vertices run on
   * this thread.
   * @throws MeshError INVALID_OPTIONS
   */
  smoothMesh(mesh: Mesh, options: SmoothMeshOptions = {}): ReturnType<typeof smoothMesh> {
    const nv = mesh.positions.length / 3;
    if (nv < 20000 || this.disposed || this.failure !== undefined) {
      return smoothMesh(mesh, options);
    }
    const state = prepareWindowedSinc(mesh, options, true);
    const chunks = Math.min(512, Math.ceil(nv / 2048));
    const control = new Int32Array(new SharedArrayBuffer(16));
    for (const w of this.workers) {
      // not awaited: the steps are complete when this thread's loop returns; a worker busy
      // with an earlier task finds nothing left and answers at once
      this.runOn(w, { kind: 'sinc-steps', state, control, chunks }, []).catch(() => {});
    }
    sincWorkLoop(state, control, chunks);
    return preserveSmoothedVolume(mesh, finishWindowedSinc(state), options);
  }

  /**
   * `analyzeMesh(mesh)` on a worker (the mesh is copied to it), e.g. the topology of a mesh
   * while this thread smooths it (`RepairOptions.sameTriangles` takes it afterwards).
   */
  analyzeMesh(mesh: Mesh): Promise<MeshAnalysis> {
    return this.run({ kind: 'analyze-mesh', mesh }, []);
  }

  /**
   * `repairMesh(mesh, options)` on a worker (the mesh is copied to it). When nothing had to
   * change, the result's `mesh` is the input object itself, as with `repairMesh`.
   */
  async repairMesh(mesh: Mesh, options: RepairOptions = {}): Promise<RepairResult> {
    const r = await this.run<Omit<RepairResult, 'mesh'> & { mesh: Mesh | null }>(
      { kind: 'repair-mesh', mesh, options },
      [],
    );
    return { ...r, mesh: r.mesh ?? mesh };
  }

  /** `surfaceDeviation(final, reference, options)` on a worker (the meshes are copied to it). */
  surfaceDeviation(
    final: Mesh,
    reference: Mesh,
    options: SurfaceDeviationOptions = {},
  ): Promise<SurfaceDeviation> {
    return this.run({ kind: 'surface-deviation', final, reference, options }, []);
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
    return combineDirections(aToB, await remote);
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
    return this.runOn(this.workers[this.nextWorker++ % this.workers.length], task, transfer);
  }

  private runOn<T>(worker: Worker, task: MeshWorkerTask, transfer: ArrayBuffer[]): Promise<T> {
    if (this.disposed) return Promise.reject(new MeshError('WORKER_FAILED', 'pool disposed'));
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const id = this.nextId++;
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
