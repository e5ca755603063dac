import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { RunControl } from '@anatomodel/imaging';
import type { LabelMap } from '@anatomodel/segmentation';
import { shared } from '@anatomodel/segmentation/node';
import { MeshError } from '../mesh-error.ts';
import { combineDirections, distanceToSurface } from '../hausdorff-distance.ts';
import type { DirectedDistance, HausdorffDistance } from '../hausdorff-distance.ts';
import { measureMesh } from '../measure-mesh.ts';
import { quadricDecimate } from '../quadric-decimate.ts';
import {
  decimateSeams,
  decimateSlab,
  finishSimplification,
  restoreVolume,
  simplifiedResult,
  simplifyTargets,
  unchangedResult,
} from '../simplify-mesh.ts';
import type { SimplifyOptions, SimplifyResult, SlabDecimation } from '../simplify-mesh.ts';
import { slabCuts, slabWeights } from '../split-mesh-slabs.ts';
import type { SlabCuts } from '../split-mesh-slabs.ts';
import type { Mesh } from '../mesh.ts';
import type { RenderedViews, RenderPart } from '../render-views.ts';
import { analyzeMesh } from '../analyze-mesh.ts';
import type { MeshAnalysis } from '../analyze-mesh.ts';
import { preserveSmoothedVolume, smoothMesh, spentArrays } from '../smooth-mesh.ts';
import type { SmoothMeshOptions } from '../smooth-mesh.ts';
import {
  allocateWindowedSinc,
  checkSincOptions,
  fillWindowedSinc,
  finishWindowedSinc,
  sincWorkLoop,
} from '../smooth-windowed-sinc.ts';
import type { WindowedSincArrays, WindowedSincState } from '../smooth-windowed-sinc.ts';
import type { RepairOptions, RepairResult } from '../repair-mesh.ts';
import type { SurfaceDeviation, SurfaceDeviationOptions } from '../surface-deviation.ts';
import { copyThreadSlabs, SLAB_ROW, slabScratchFor, writeSlabRow } from '../surface-nets-append.ts';
import type { SlabBuffers, SlabScratch } from '../surface-nets-append.ts';
import { surfaceNetsSlabAppend } from '../surface-nets-slab.ts';
import type { SurfaceNetsSlabInput } from '../surface-nets-slab.ts';
import { labelSurfaceOf, prepareSurfaceNets } from '../surface-nets.ts';
import type { LabelSurface, SurfaceNetsOptions } from '../surface-nets.ts';

/**
 * How long `simplifyMesh` waits, once it has set the slab shares, for the worker's paged-in
 * shared buffer before it sends the mesh as a copy instead (corpus bone, 12 MB: the worker
 * pages it in in about 40 ms, while this thread's shares take 25-30 ms).
 */
const BUFFER_WAIT_MS = 60;

/** A task for a mesh worker (internal message format). */
export type MeshWorkerTask =
  | {
      /**
       * Surface Nets slabs i (planes bounds[i] .. bounds[i + 1] - 1) appended to the worker's
       * kept buffers (shared memory) while left: owner[i] = thread + 1 once claimed, row i of
       * `table` = thread and the slab's SlabPart once done. Answers with the buffers.
       */
      readonly kind: 'surface-nets-slabs';
      readonly input: Omit<SurfaceNetsSlabInput, 'zFrom' | 'zTo'>;
      readonly bounds: readonly number[];
      readonly counter: Int32Array;
      readonly owner: Int32Array;
      readonly table: Float64Array;
      readonly thread: number;
    }
  | { readonly kind: 'render-views'; readonly parts: readonly RenderPart[]; readonly size: number }
  | { readonly kind: 'directed-distance'; readonly points: Float32Array; readonly mesh: Mesh }
  | { readonly kind: 'analyze-mesh'; readonly mesh: Mesh }
  | {
      /**
       * first touches of the windowed sinc's fresh shared arrays while the caller fills them
       * (`touchWindowedSinc`; ends when `stop[0]` is set, i.e. when the steps begin)
       */
      readonly kind: 'sinc-touch';
      readonly arrays: WindowedSincArrays;
      readonly counter: Int32Array;
      readonly stop: Int32Array;
    }
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
      /** the reference's `prepare-deviation` token, if it was sent one */
      readonly token?: number;
    }
  | {
      /** every page of bytes from .. to - 1 of `buffer` touched (an atomic add of 0: no change) */
      readonly kind: 'touch-pages';
      readonly buffer: SharedArrayBuffer;
      readonly from: number;
      readonly to: number;
    }
  | {
      /** `prepareSurfaceDistance(reference)`, kept for the next `surface-deviation` (token) */
      readonly kind: 'prepare-deviation';
      readonly reference: Mesh;
      readonly token: number;
    }
  | {
      /** a SharedArrayBuffer of `bytes` with every page touched (paged in), as the answer */
      readonly kind: 'shared-bytes';
      readonly bytes: number;
    }
  | {
      /**
       * `decimateSlab(mesh, cuts, slab, shares[slab], maxErrorMm)` unless the slab is claimed
       * already (claims[slab] set: answers null); the shares are read once claims[0] is 1
       */
      readonly kind: 'decimate-slab';
      readonly mesh: Mesh;
      readonly cuts: SlabCuts;
      readonly slab: number;
      readonly claims: Int32Array;
      readonly shares: Float64Array;
      readonly maxErrorMm: number;
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
  /** this thread's Surface Nets scratch and output buffers, kept between calls */
  private ownSlabs: SlabScratch | null = null;
  /** each worker's Surface Nets output buffers (shared memory) as of its last answer */
  private readonly workerSlabs: Array<SlabBuffers | undefined> = [];
  /** settles when the last `surfaceNets` call is done (calls run one after another) */
  private surfaceNetsDone: Promise<void> = Promise.resolve();
  private nextWorker = 0;
  /** references sent to the first worker by `prepareDeviation`, with their shared copies */
  private readonly preparedReferences = new WeakMap<Mesh, { shared: Mesh; token: number }>();
  private nextToken = 1;
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
   * `surfaceNets` on this thread and the workers over z-slabs that the threads claim through a
   * shared atomic counter (four per thread; a thread slowed down by other load takes fewer, a
   * worker that has not started yet none). Each thread appends its slabs to output buffers it
   * keeps from call to call (`surfaceNetsSlabAppend`; the workers' on shared memory): memory
   * already resident, so no page faults of fresh output after the first call (about the
   * thread's share of the largest surface extracted, held until `dispose()`). This thread
   * then waits only for the workers that took slabs (their answer names their buffers),
   * allocates the surface's arrays once on shared memory at their exact size and copies every
   * slab into place (`copySlabPart`, vertex ids made global): one message per worker, no
   * count pass. The label map (and a dense grey guide) is read in place when it spans a whole
   * SharedArrayBuffer, else copied onto one first (`shared`; on the 2-core bench box 0.07-0.3
   * s for the corpus CT's 35 MB, 0.4-0.6 s for 105 MB: mostly the first touch of the new
   * pages; more than the extraction itself, so hand over shared label maps, e.g.
   * SegmentationPool's). The result equals `surfaceNets(labelMap, options)` exactly; its
   * arrays are views of SharedArrayBuffers. Aborting rejects with the signal's reason (a
   * worker finishes its current slab in the background).
   * @throws MeshError INVALID_OPTIONS, WORKER_FAILED
   */
  async surfaceNets(
    labelMap: LabelMap,
    options: SurfaceNetsOptions = {},
    run: RunControl = {},
  ): Promise<LabelSurface> {
    // one call at a time: the threads' kept buffers serve one surface until it is copied out
    const previous = this.surfaceNetsDone;
    let done = () => {};
    this.surfaceNetsDone = new Promise<void>((resolve) => (done = resolve));
    await previous;
    try {
      return await this.surfaceNetsNow(labelMap, options, run);
    } finally {
      done();
    }
  }

  private async surfaceNetsNow(
    labelMap: LabelMap,
    options: SurfaceNetsOptions,
    run: RunControl,
  ): Promise<LabelSurface> {
    run.signal?.throwIfAborted();
    const prepared = prepareSurfaceNets(labelMap, options);
    const [nx, ny, nz] = prepared.dims;
    const cellPlanes = nz + 1;
    const parts = Math.min(cellPlanes, 4 * (this.workers.length + 1));
    const greyData = prepared.grey?.data;
    const input = {
      ...prepared,
      data: shared(prepared.data),
      grey: greyData ? { ...prepared.grey!, data: shared(greyData) } : prepared.grey,
    };
    // this thread's scratch and output buffers, kept from call to call
    const own = slabScratchFor(this.ownSlabs, nx, ny, input.grey !== null);
    this.ownSlabs = own;
    // every slab into its thread's buffers; per slab: who took it (1 this thread, k + 2
    // worker k) and its table row (thread, SlabPart)
    const bounds = splitPlanes(new Float64Array(cellPlanes).fill(1), parts);
    const counter = new Int32Array(new SharedArrayBuffer(4));
    const owner = new Int32Array(new SharedArrayBuffer(4 * parts));
    const table = new Float64Array(new SharedArrayBuffer(8 * SLAB_ROW * parts));
    const remote = this.workers.map((w, k) => {
      const task: MeshWorkerTask = {
        kind: 'surface-nets-slabs',
        input,
        bounds,
        counter,
        owner,
        table,
        thread: k + 1,
      };
      const p = this.runOn<SlabBuffers>(w, task, []);
      p.catch(() => {}); // awaited below when that worker took a slab
      return p;
    });
    try {
      for (let i = Atomics.add(counter, 0, 1); i < parts; i = Atomics.add(counter, 0, 1)) {
        Atomics.store(owner, i, 1);
        run.onProgress?.((0.8 * i) / parts);
        const range = { zFrom: bounds[i], zTo: bounds[i + 1] };
        const part = surfaceNetsSlabAppend(
          { ...input, ...range },
          own.buffers,
          { signal: run.signal },
          own.workspace,
        );
        writeSlabRow(table, i, 0, part);
      }
    } finally {
      Atomics.store(counter, 0, parts); // after a throw (abort): the workers claim no more
    }
    // the workers that took slabs are running: their answers come as their last slab is done
    const took = new Set<number>();
    for (let i = 0; i < parts; i++) {
      // a slab is marked right after it is claimed
      while (Atomics.load(owner, i) === 0) Atomics.wait(owner, i, 0, 1);
      if (owner[i] > 1) took.add(owner[i] - 2);
    }
    const answers = await raceAbort(Promise.all([...took].map((k) => remote[k])), run.signal);
    [...took].forEach((k, j) => (this.workerSlabs[k] = answers[j]));
    // the surface's arrays at their exact size; every slab copied into place
    const starts = new Float64Array(2 * parts);
    let nv = 0;
    let nq = 0;
    for (let i = 0; i < parts; i++) {
      const r = SLAB_ROW * i;
      starts[2 * i] = nv;
      starts[2 * i + 1] = nq;
      nv += table[r + 3] - table[r + 1] - table[r + 2];
      nq += table[r + 5] - table[r + 4];
    }
    const target = {
      positions: new Float32Array(new SharedArrayBuffer(12 * nv)),
      triangles: new Uint32Array(new SharedArrayBuffer(24 * nq)),
      labels: new Uint16Array(new SharedArrayBuffer(8 * nq)),
      cornerPatches: new Uint8Array(new SharedArrayBuffer(12 * nq)),
      vertexFlags: new Uint8Array(new SharedArrayBuffer(nv)),
    };
    copyThreadSlabs(own.buffers, table, starts, target, 0);
    for (const k of took) copyThreadSlabs(this.workerSlabs[k]!, table, starts, target, k + 1);
    run.onProgress?.(1);
    return labelSurfaceOf(target, labelMap.segments);
  }

  /**
   * `simplifyMesh` with the decimation on several threads: the mesh is cut into one slab per
   * thread of equal triangle count along its longest axis (`slabCuts`); every worker gets the
   * mesh (a copy unless it is on shared memory) and the cuts and cuts out its own slab
   * (`meshSlab`) while this thread sets each slab's share of the target by its curvature
   * (`slabWeights`: a decimation keeps triangles where the surface bends, not where the input
   * had them); each slab is decimated with its seam vertices locked (`decimateSlab`; a slab
   * whose worker has not started when this thread is done with slab 0 is done here), the
   * slabs are joined and only the strip around the seams is decimated once more, down to the
   * target (`decimateSeams`); the topology check runs on a worker while this thread restores
   * the volume. The result is closed and manifold with the same genus and shells, verified
   * like `simplifyMesh`'s, but not identical to it (different collapse order; corpus bone:
   * mean distance to the input +1 %, maximum 2.07 vs 1.77 mm). Meshes under 30,000
   * triangles run on the calling thread.
   * @throws MeshError INVALID_OPTIONS
   */
  async simplifyMesh(mesh: Mesh, options: SimplifyOptions = {}): Promise<SimplifyResult> {
    const { target, maxErrorMm } = simplifyTargets(options);
    const nt = mesh.triangles.length / 3;
    if (nt === 0) return unchangedResult(mesh);
    const volumeBefore = options.inputVolumeMm3 ?? measureMesh(mesh).signedVolume;
    const targetTriangles = Math.floor(nt * target);
    if (nt < 30000 || this.disposed || this.failure !== undefined) {
      const r = quadricDecimate(mesh, { targetTriangles, maxErrorMm });
      return finishSimplification(mesh, volumeBefore, r, options);
    }
    const parts = this.workers.length + 1;
    const cuts = slabCuts(mesh, parts);
    // claims[0]: 1 once the shares are set; claims[s]: 1 once slab s is taken
    const claims = new Int32Array(new SharedArrayBuffer(4 * parts));
    const shares = new Float64Array(new SharedArrayBuffer(8 * parts));
    // the mesh goes to the workers on shared memory that a worker allocates and pages in
    // while this thread computes the shares: this thread's copy into it is then a memcpy, not
    // a structured clone into fresh pages, and the workers copy nothing
    const P = mesh.positions;
    const T = mesh.triangles;
    const onShared = P.buffer instanceof SharedArrayBuffer && T.buffer instanceof SharedArrayBuffer;
    const buffer = onShared
      ? null
      : this.runOn<SharedArrayBuffer>(
          this.workers[0],
          { kind: 'shared-bytes', bytes: 4 * (P.length + T.length) },
          [],
        );
    buffer?.catch(() => {}); // awaited below
    try {
      // each slab's part of the target by its curvature, not by its input triangles
      const weights = slabWeights(mesh, cuts);
      const total = weights.reduce((a, b) => a + b, 0);
      for (let i = 0; i < parts; i++) {
        shares[i] = total > 0 ? (targetTriangles * weights[i]) / total : targetTriangles / parts;
      }
    } finally {
      Atomics.store(claims, 0, 1);
      Atomics.notify(claims, 0);
    }
    let input = mesh;
    if (buffer) {
      // a worker still busy with an earlier task (or failed) gets a copy as before
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<null>(
        (resolve) => (timer = setTimeout(resolve, BUFFER_WAIT_MS, null)),
      );
      const b = await Promise.race([buffer.catch(() => null), late]);
      clearTimeout(timer);
      if (b) {
        const positions = new Float32Array(b, 0, P.length);
        const triangles = new Uint32Array(b, 4 * P.length, T.length);
        positions.set(P);
        triangles.set(T);
        input = { kind: 'Mesh', positions, triangles };
      }
    }
    const remote = this.workers.map((w, k) => {
      const task: MeshWorkerTask = {
        kind: 'decimate-slab',
        mesh: input,
        cuts,
        slab: k + 1,
        claims,
        shares,
        maxErrorMm,
      };
      const p = this.runOn<SlabDecimation | null>(w, task, []);
      p.catch(() => {}); // awaited below
      return p;
    });
    const slabs: SlabDecimation[] = [decimateSlab(mesh, cuts, 0, shares[0], maxErrorMm)];
    // a slab no worker has started yet (busy, or slow to start) is done here
    for (let s = 1; s < parts; s++) {
      if (Atomics.compareExchange(claims, s, 0, 1) === 0) {
        slabs[s] = decimateSlab(mesh, cuts, s, shares[s], maxErrorMm);
      }
    }
    const answers = await Promise.all(remote);
    answers.forEach((d, k) => d && (slabs[k + 1] = d));
    const r = decimateSeams(mesh, slabs, targetTriangles, maxErrorMm);
    // the topology check on a worker (a copy, taken now) while this thread offsets
    const topology = this.runOn<MeshAnalysis>(
      this.workers[0],
      { kind: 'analyze-mesh', mesh: r.mesh },
      [],
    );
    const offset = restoreVolume(r.mesh, volumeBefore, options);
    return simplifiedResult(mesh, r, offset, await topology.catch(() => analyzeMesh(r.mesh)));
  }

  /** `renderViews(parts, size)` on a worker (the meshes are copied to it). */
  renderViews(parts: readonly RenderPart[], size = 320): Promise<RenderedViews> {
    return this.run({ kind: 'render-views', parts, size }, []);
  }

  /**
   * `smoothMesh(mesh, options)` with the windowed-sinc steps on this thread and the workers:
   * the filter's arrays live in shared memory and every step is cut into chunks of vertices
   * that the threads claim in order (`sincWorkLoop`; a busy or late worker takes fewer, down
   * to none), each step starting when the previous one is complete. While this thread fills
   * the arrays (neighbour rings, x_0), the workers take the page faults of the fresh memory
   * (`touchWindowedSinc`: ~25 MB on the corpus bone, ~13 µs a page on the bench box). The
   * result equals `smoothMesh(mesh, options)` exactly; its positions are a view of a
   * SharedArrayBuffer (not transferable; sent to a worker, they are shared, not copied).
   * Blocks this thread while the steps run (it works on them); no progress or abort during
   * the steps. Meshes under 20,000 vertices run on this thread.
   * @throws MeshError INVALID_OPTIONS
   */
  smoothMesh(mesh: Mesh, options: SmoothMeshOptions = {}): ReturnType<typeof smoothMesh> {
    const nv = mesh.positions.length / 3;
    if (nv < 20000 || this.disposed || this.failure !== undefined) {
      return smoothMesh(mesh, options);
    }
    checkSincOptions(options);
    const arrays = allocateWindowedSinc(nv, true);
    // control[0] (chunks claimed) turns non-zero when the steps begin: the touching stops
    const control = new Int32Array(new SharedArrayBuffer(16));
    const counter = new Int32Array(new SharedArrayBuffer(4));
    for (const w of this.workers) {
      this.runOn(w, { kind: 'sinc-touch', arrays, counter, stop: control }, []).catch(() => {});
    }
    const state = fillWindowedSinc(mesh, options, arrays);
    const chunks = Math.min(512, Math.ceil(nv / 2048));
    for (const w of this.workers) {
      // not awaited: the steps are complete when this thread's loop returns; a worker busy
      // with an earlier task finds nothing left and answers at once
      this.runOn(w, { kind: 'sinc-steps', state, control, chunks }, []).catch(() => {});
    }
    sincWorkLoop(state, control, chunks);
    return preserveSmoothedVolume(mesh, finishWindowedSinc(state), options, spentArrays(state));
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

  /**
   * `surfaceDeviation(final, reference, options)` on a worker. The reference goes on shared
   * memory (a copy here unless it is there already): a structured clone of the corpus CT's
   * raw mesh (12.6 MB) took ~65 ms of this thread's time and as much of the worker's.
   */
  surfaceDeviation(
    final: Mesh,
    reference: Mesh,
    options: SurfaceDeviationOptions = {},
  ): Promise<SurfaceDeviation> {
    const prepared = this.preparedReferences.get(reference);
    this.preparedReferences.delete(reference);
    const task: MeshWorkerTask = {
      kind: 'surface-deviation',
      final,
      reference: prepared?.shared ?? sharedMesh(reference),
      options,
      token: prepared?.token,
    };
    // on the worker that prepared the reference
    return prepared ? this.runOn(this.workers[0], task, []) : this.run(task, []);
  }

  /**
   * Touches every page of bytes `from` .. `to` - 1 of a shared `buffer` on a worker, so their
   * first-touch faults (several µs each on a VM) are taken there, not by the thread that will
   * use them, e.g. the part of a kernel's memory it grew for a later stage. Each page gets an
   * atomic add of 0 to one of its words: no byte changes, whatever other threads write
   * meanwhile. Resolves when done (rejects only if the worker fails).
   */
  touchPages(buffer: SharedArrayBuffer, from: number, to: number): Promise<void> {
    return this.run({ kind: 'touch-pages', buffer, from, to }, []);
  }

  /**
   * Makes the first worker ready for a `surfaceDeviation(final, reference)` to come, while the
   * final mesh is still being made (e.g. decimated on the calling thread): the distance
   * kernel with the reference's positions in its memory, the usual triangle measured
   * (`prepareSurfaceDistance`). The deviation then costs only the queries. A reference that
   * is not on shared memory is copied onto it here. Nothing to wait for; a failure only loses
   * the head start.
   */
  prepareDeviation(reference: Mesh): void {
    const shared = sharedMesh(reference);
    const token = this.nextToken++;
    this.preparedReferences.set(reference, { shared, token });
    this.runOn(this.workers[0], { kind: 'prepare-deviation', reference: shared, token }, []).catch(
      () => {},
    );
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
    const aToB = distanceToSurface(a.positions, b);
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

/** The mesh with its positions and triangles on shared memory (itself when they are). */
function sharedMesh(mesh: Mesh): Mesh {
  const { positions: P, triangles: T } = mesh;
  if (P.buffer instanceof SharedArrayBuffer && T.buffer instanceof SharedArrayBuffer) return mesh;
  const positions = new Float32Array(new SharedArrayBuffer(P.byteLength));
  const triangles = new Uint32Array(new SharedArrayBuffer(T.byteLength));
  positions.set(P);
  triangles.set(T);
  return { ...mesh, positions, triangles };
}

/**
 * Cuts planes 0 .. work.length - 1 into `parts` consecutive ranges of about equal total work:
 * bounds[i] .. bounds[i + 1] - 1, every range non-empty (parts <= work.length).
 */
function splitPlanes(work: Float64Array, parts: number): number[] {
  const n = work.length;
  let total = 0;
  for (let z = 0; z < n; z++) total += work[z];
  const bounds = [0];
  let sum = 0;
  let z = 0;
  for (let i = 1; i < parts; i++) {
    // leave at least one plane for each remaining range
    while (
      z < n - (parts - i) &&
      (z < bounds[i - 1] + 1 || sum + work[z] / 2 < (i * total) / parts)
    ) {
      sum += work[z++];
    }
    bounds.push(z);
  }
  bounds.push(n);
  return bounds;
}

function raceAbort<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
