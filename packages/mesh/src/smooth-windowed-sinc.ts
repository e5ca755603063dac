import type { RunControl } from '@anatomodel/imaging';
import { MeshError } from './mesh-error.ts';
import {
  SINC_MEMORY_START,
  createSincMemory,
  growSincMemory,
  sincKernel,
} from './windowed-sinc-kernel.ts';
import { isSharedMemory, type WasmMemory } from './embedded-wasm.ts';

/** Options of `smoothWindowedSinc`. */
export interface WindowedSincOptions {
  /** number of Chebyshev terms (filter degree); default 20, as 3D Slicer */
  readonly iterations?: number;
  /**
   * pass-band edge k_pb in (0, 2) on the graph-Laplacian spectrum; lower smooths more.
   * Default 0.01 (3D Slicer's default for smoothing factor 0.5).
   */
  readonly passBand?: number;
  /** window applied to the sinc coefficients; default 'nuttall' */
  readonly window?: 'nuttall' | 'hamming' | 'none';
}

/** Neighbour slots per vertex in `WindowedSincState.ring` (99 % of Surface Nets vertices have <= 8). */
export const RING = 8;
/** Overflow rows for the neighbours past RING, per 16 vertices, at first (more when needed). */
const ROWS_PER_16_VERTICES = 1;
/** Words of an overflow row: RING slots and the next row's index (see wasm/windowed-sinc.c). */
const ROW = RING + 1;

/** The neighbours past the eighth: extraVertex[k]'s in extra[extraStart[k] .. extraStart[k + 1]). */
export interface Rings {
  /** ascending: the vertices with more than eight neighbours (rare) */
  readonly extraVertex: Int32Array;
  readonly extraStart: Int32Array;
  /** 3 * (index + 1) of each further neighbour */
  readonly extra: Int32Array;
}

/** Anything with vertex positions and triangles: a Mesh or a LabelSurface. */
export interface TriangleSet {
  /** xyz per vertex, LPS mm */
  readonly positions: Float32Array;
  /** three vertex indices per triangle */
  readonly triangles: Uint32Array;
}

/**
 * Non-shrinking windowed-sinc smoothing (Taubin, Zhang & Golub 1996, "Optimal surface smoothing
 * as filter design"; the filter of vtkWindowedSincPolyDataFilter). The low-pass transfer
 * function f(k) = sum_i w_i c_i T_i(1 - k/2) is a windowed Fourier series of the ideal step at
 * k_pb, evaluated with the Chebyshev recursion on the umbrella operator; it is normalised to
 * f(0) = 1 so flat and linear regions do not move at all.
 *
 * Every vertex is averaged with its edge neighbours (uniform weights). Meshes with non-manifold
 * junction edges (a LabelSurface) are smoothed as one graph, so shared boundaries stay shared.
 * Returns new positions; the input is not mutated. Cost: O(iterations * edges) time, four
 * position-sized scratch arrays. Throws MeshError INVALID_OPTIONS for a bad pass band or count.
 */
export function smoothWindowedSinc(
  mesh: TriangleSet,
  options: WindowedSincOptions = {},
  run: RunControl = {},
): Float32Array {
  return finishWindowedSinc(runWindowedSinc(mesh, options, run));
}

/**
 * `smoothWindowedSinc` up to its finished state (internal, for `smoothMesh`, which reuses
 * the spent buffers as scratch); `finishWindowedSinc` gives the positions.
 */
export function runWindowedSinc(
  mesh: TriangleSet,
  options: WindowedSincOptions,
  run: RunControl,
  spent?: SpentMemory,
): WindowedSincState {
  const state = prepareWindowedSinc(mesh, options, false, spent);
  for (let it = 1; it <= state.iterations; it++) {
    if (run.signal?.aborted) throw run.signal.reason;
    sincStep(state, it, 0, state.vertexCount);
    run.onProgress?.(it / state.iterations);
  }
  return state;
}

/**
 * The large arrays of one windowed-sinc run, allocated zeroed (`allocateWindowedSinc`) and
 * filled by `fillWindowedSinc`; vertex v's values sit at 3 * (v + 1) in `buffers` and `sum`,
 * with a zero vertex at 0 that the unused ring slots read. All are views of one WebAssembly
 * memory, where the step kernel (wasm/windowed-sinc.c) reads them by their byte offsets.
 */
export interface WindowedSincArrays {
  /** the kernel's memory (shared between threads when the arrays are) */
  readonly memory: WasmMemory;
  /**
   * RING (8) slots per vertex: 3 * (index + 1) of each unique edge neighbour (in the order of
   * first appearance over the triangles' edges), unused slots 0 (the zero vertex)
   */
  readonly ring: Int32Array;
  /** 0.5 / degree, 0 for isolated vertices */
  readonly invDegree: Float32Array;
  /**
   * x_{i-1} and x_i alternate in these: step i reads x_{i-1} from buffers[(i - 1) % 2] and
   * writes x_i over x_{i-2} in buffers[i % 2] (x_{i-2} is read only at its own vertex, just
   * before it is overwritten). 3 * (vertexCount + 1) long; the zero vertex stays (0, 0, 0)
   */
  readonly buffers: readonly [Float32Array, Float32Array];
  /** the Chebyshev sum, float64, 3 * (vertexCount + 1); first written by step min(2, iterations) */
  readonly sum: Float64Array;
}

/**
 * The arrays of one windowed-sinc run (internal; shared with `MeshWorkerPool`, which puts
 * them in shared memory so that several threads can take vertex ranges of every step).
 */
export interface WindowedSincState extends WindowedSincArrays, Rings {
  readonly iterations: number;
  readonly vertexCount: number;
  /** normalised sinc coefficients c_0..c_iterations */
  readonly coef: Float64Array;
  /** the centroid subtracted from the positions, mm */
  readonly centre: readonly [number, number, number];
}

/**
 * Validates the options and builds the state of `smoothWindowedSinc` (x_0 in buffers[0]),
 * in one WebAssembly memory shared between threads when `shared`.
 * @throws MeshError INVALID_OPTIONS
 */
export function prepareWindowedSinc(
  mesh: TriangleSet,
  options: WindowedSincOptions,
  shared: boolean,
  spent?: SpentMemory,
): WindowedSincState {
  checkSincOptions(options);
  const nv = mesh.positions.length / 3;
  return fillWindowedSinc(mesh, options, allocateWindowedSinc(nv, shared, spent));
}

/**
 * A WebAssembly memory that is done with, for a kernel to take over: its bytes below `dirty`
 * (default: all) may hold anything, those above are zero (fresh pages, perhaps touched by
 * another thread meanwhile).
 */
export interface SpentMemory {
  readonly memory: WasmMemory;
  readonly dirty?: number;
}

/** @throws MeshError INVALID_OPTIONS for a bad iteration count or pass band */
export function checkSincOptions(options: WindowedSincOptions): void {
  const iterations = options.iterations ?? 20;
  const passBand = options.passBand ?? 0.01;
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > 1000) {
    throw new MeshError('INVALID_OPTIONS', `iterations must be an integer in 1..1000`);
  }
  if (!(passBand > 0 && passBand < 2)) {
    throw new MeshError('INVALID_OPTIONS', `passBand must lie in (0, 2), got ${passBand}`);
  }
}

/**
 * The zeroed arrays for `vertexCount` vertices (about 85 bytes a vertex), in one WebAssembly
 * memory (a SharedArrayBuffer when `shared`). Nothing is written: their pages are first
 * touched by `fillWindowedSinc` and the steps, or beforehand by another thread
 * (`touchWindowedSinc`). `spent`: a memory that is done with, taken over instead of a fresh
 * one (unless `shared` is asked for and it is not shared): its dirty bytes from
 * SINC_MEMORY_START on are zeroed (so what buildRings places there later is zero too) and its
 * mapped pages reused; the kernel build follows the memory (shared or not).
 */
export function allocateWindowedSinc(
  vertexCount: number,
  shared: boolean,
  spent?: SpentMemory,
): WindowedSincArrays {
  const n = vertexCount + 1;
  const sizes = [4 * RING * vertexCount, 4 * vertexCount, 12 * n, 12 * n, 24 * n].map(align64);
  const bytes = sizes.reduce((a, b) => a + b, 0);
  let memory: WasmMemory;
  if (spent && (!shared || isSharedMemory(spent.memory))) {
    memory = spent.memory;
    const dirty = Math.min(spent.dirty ?? Infinity, memory.buffer.byteLength);
    if (dirty > SINC_MEMORY_START) {
      new Uint8Array(memory.buffer, SINC_MEMORY_START, dirty - SINC_MEMORY_START).fill(0);
    }
    growSincMemory(memory, SINC_MEMORY_START + bytes);
  } else memory = createSincMemory(bytes, shared);
  const at: number[] = [];
  for (let i = 0, o = SINC_MEMORY_START; i < sizes.length; o += sizes[i++]) at.push(o);
  return arraysAt(memory, at, vertexCount);
}

/**
 * The arrays of `vertexCount` vertices at byte offsets `at` (ring, 1 / degree, the two
 * buffers, the sum) as views of the memory as it is now.
 */
function arraysAt(memory: WasmMemory, at: readonly number[], vertexCount: number) {
  const n = vertexCount + 1;
  const b = memory.buffer;
  return {
    memory,
    ring: new Int32Array(b, at[0], RING * vertexCount),
    invDegree: new Float32Array(b, at[1], vertexCount),
    buffers: [new Float32Array(b, at[2], 3 * n), new Float32Array(b, at[3], 3 * n)] as const,
    sum: new Float64Array(b, at[4], 3 * n),
  };
}

/** n rounded up to a multiple of 64 (a cache line). */
function align64(n: number): number {
  return Math.ceil(n / 64) * 64;
}

/**
 * The unique edge neighbours of every vertex (internal, for the windowed sinc), built by the
 * kernel (`ringsPass`, `ringsFinish` of wasm/windowed-sinc.c) in the arrays' memory, which
 * grows after the sum for a copy of the triangles, the overflow rows and the extra lists: the
 * RING slots and 1 / (2 degree) in `ring` and `invDegree` (zeroed before), the rest in the
 * extra lists. A neighbour u is stored as 3 * (u + 1), its offset in the filter's buffers, so
 * unused slots stay 0 and read the zero vertex. Returns every array as a view of the memory as
 * it is now: growing a memory that is not shared detaches the views made before (a shared one
 * keeps them valid).
 */
function buildRings(
  arrays: WindowedSincArrays,
  T: Uint32Array,
): { arrays: WindowedSincArrays; rings: Rings } {
  const { memory } = arrays;
  const nv = arrays.invDegree.length;
  // where the arrays lie, read before the memory grows (a detached view reads 0)
  const at = [arrays.ring, arrays.invDegree, ...arrays.buffers, arrays.sum].map(
    (a) => a.byteOffset,
  );
  const [ring, invDegree] = at;
  const kernel = sincKernel(memory);
  let top = align64(arrays.sum.byteOffset + arrays.sum.byteLength);
  const place = (bytes: number): number => {
    const at = top;
    top = align64(top + bytes);
    growSincMemory(memory, top);
    return at;
  };
  const triangles = place(T.byteLength);
  new Uint32Array(memory.buffer, triangles, T.length).set(T);
  const first = place(4 * nv);
  let capacity = Math.ceil((ROWS_PER_16_VERTICES * nv) / 16) + 64;
  let rows = place(4 * ROW * capacity);
  for (;;) {
    const used = kernel.ringsPass(triangles, T.length, ring, invDegree, first, rows, capacity);
    if (used >= 0) break;
    // more vertices past RING than rows: again, with the arrays zeroed and 4x the rows
    new Int32Array(memory.buffer, ring, RING * nv).fill(0);
    new Int32Array(memory.buffer, invDegree, nv).fill(0);
    new Int32Array(memory.buffer, first, nv).fill(0);
    capacity *= 4;
    rows = place(4 * ROW * capacity);
  }
  const counts = place(8);
  kernel.ringsCount(invDegree, nv, counts);
  const [vertices, extras] = new Int32Array(memory.buffer, counts, 2);
  const extraVertex = place(4 * vertices);
  const extraStart = place(4 * (vertices + 1));
  const extra = place(4 * extras);
  kernel.ringsFinish(invDegree, nv, first, rows, extraVertex, extraStart, extra);
  const b = memory.buffer;
  return {
    arrays: arraysAt(memory, at, nv),
    rings: {
      extraVertex: new Int32Array(b, extraVertex, vertices),
      extraStart: new Int32Array(b, extraStart, vertices + 1),
      extra: new Int32Array(b, extra, extras),
    },
  };
}

/**
 * Fills zeroed `arrays` (`allocateWindowedSinc`) for `mesh`: the neighbour rings, 1 / degree
 * and x_0 (the positions about their centroid) in buffers[0]. Options as checked by
 * `checkSincOptions`.
 */
export function fillWindowedSinc(
  mesh: TriangleSet,
  options: WindowedSincOptions,
  arrays: WindowedSincArrays,
): WindowedSincState {
  const iterations = options.iterations ?? 20;
  const passBand = options.passBand ?? 0.01;
  const coef = sincCoefficients(iterations, passBand, options.window ?? 'nuttall');
  const P = mesh.positions;
  const nv = P.length / 3;
  // the rings first: a helper touching pages (`touchWindowedSinc`) does x_0's meanwhile
  const placed = buildRings(arrays, mesh.triangles);
  // Work about the centroid in float32 (the filter is affine-invariant since f(0) = 1).
  let sx = 0;
  let sy = 0;
  let sz = 0;
  for (let o = 0; o < 3 * nv; o += 3) {
    sx += P[o];
    sy += P[o + 1];
    sz += P[o + 2];
  }
  const n = Math.max(1, nv);
  const centre = [sx / n, sy / n, sz / n] as const;
  const [cx, cy, cz] = centre;
  const x0 = placed.arrays.buffers[0];
  // the sum's first terms (c_0 x_0 ...) are written by the first step that updates it
  for (let o = 0; o < 3 * nv; o += 3) {
    x0[o + 3] = P[o] - cx;
    x0[o + 4] = P[o + 1] - cy;
    x0[o + 5] = P[o + 2] - cz;
  }
  return { iterations, vertexCount: nv, coef, ...placed.arrays, ...placed.rings, centre };
}

/**
 * Touches the pages of `arrays` (an atomic add of 0 to one word a page, safe while other
 * threads fill them) in blocks claimed through `counter[0]`, until all are touched or
 * `stop[0]` is non-zero (internal, for `MeshWorkerPool.smoothMesh`: a worker takes the page
 * faults of fresh shared memory, ~13 µs a page on the bench box, off the filling thread).
 * Order: the ring and 1 / degree from their ends (the filling thread builds them from their
 * beginnings), buffers[0] (which it fills next), the sum, buffers[1]. Returns the number of
 * pages touched.
 */
export function touchWindowedSinc(
  arrays: WindowedSincArrays,
  counter: Int32Array,
  stop: Int32Array,
): number {
  const words = (a: { buffer: ArrayBufferLike; byteOffset: number; byteLength: number }) =>
    new Int32Array(a.buffer, a.byteOffset, a.byteLength >> 2);
  const { ring, invDegree, buffers, sum } = arrays;
  // the filling thread builds the rings upwards (vertex order), then writes buffers[0]
  const regions = [ring, invDegree, buffers[0], sum, buffers[1]].map(words);
  const downwards = [true, true, false, false, false];
  const PAGE = 1024; // words
  const BLOCK = 16 * PAGE;
  const blocks = regions.map((r) => Math.ceil(r.length / BLOCK));
  let touched = 0;
  for (;;) {
    if (Atomics.load(stop, 0) !== 0) return touched;
    let g = Atomics.add(counter, 0, 1);
    let r = 0;
    while (r < regions.length && g >= blocks[r]) g -= blocks[r++];
    if (r === regions.length) return touched;
    const words = regions[r];
    const block = downwards[r] ? blocks[r] - 1 - g : g;
    const end = Math.min(words.length, (block + 1) * BLOCK);
    for (let i = block * BLOCK; i < end; i += PAGE) {
      Atomics.add(words, i, 0);
      touched++;
    }
  }
}

/**
 * Step `it` (1..iterations) of the Chebyshev recursion for vertices [v0, v1): x_1 =
 * (I - K/2) x_0, x_i = 2 (I - K/2) x_{i-1} - x_{i-2}, and sum += c_i x_i. The sum is
 * updated at steps 2, 5, 8, ... and at the last with the up to three terms since (at step 2:
 * c_0 x_0 + c_1 x_1 + c_2 x_2), which the step reads at the vertex anyway (x_{i-2}, x_{i-1},
 * x_i), in the same order, so the sum is that of one update per step bit for bit while two
 * steps in three leave its 24 bytes a vertex alone. Reads x_{i-1} anywhere and x_{i-2} only in
 * [v0, v1), where it writes x_i over it, so disjoint ranges of one step may run on different
 * threads.
 */
function sincStep(state: WindowedSincState, it: number, v0: number, v1: number): void {
  const b = state.buffers;
  const c = state.coef;
  const out = b[it % 2];
  // the last update before this step (-1: none, the sum is not written yet)
  const last = it <= 2 ? -1 : 2 + 3 * Math.floor((it - 3) / 3);
  const update = it === state.iterations || (it >= 2 && (it - 2) % 3 === 0);
  const terms = update ? it - last : 0;
  const c2 = terms === 3 ? c[it - 2] : 0;
  const c1 = terms >= 2 ? c[it - 1] : 0;
  halfStep(
    state,
    b[(it - 1) % 2],
    out,
    it === 1 ? 1 : 2,
    it === 1 ? null : out,
    terms,
    last === -1,
    c2,
    c1,
    c[it],
    v0,
    v1,
  );
}

/**
 * Takes chunks of the steps of a shared `WindowedSincState` until all are done; every thread
 * of a parallel run calls this with the same `control` (Int32Array over a SharedArrayBuffer,
 * 4 zeroed entries: chunks claimed, chunks done, steps done, failed) and `chunks` per step. A
 * chunk of step i is claimed in order and computed once step i - 1 is complete (waits on
 * `control`), so a thread that is slow or starts late simply takes fewer chunks, and the
 * result is the single-threaded one exactly (each vertex of a step is computed once, by the
 * same code). A thread that fails marks the run failed, so the others stop waiting and throw
 * MeshError WORKER_FAILED instead of hanging. Returns the number of chunks this thread
 * computed.
 */
export function sincWorkLoop(
  state: WindowedSincState,
  control: Int32Array,
  chunks: number,
): number {
  const total = state.iterations * chunks;
  const nv = state.vertexCount;
  /** waits until at least `steps` steps are complete */
  const waitFor = (steps: number): void => {
    for (let done = Atomics.load(control, 2); done < steps; done = Atomics.load(control, 2)) {
      if (Atomics.load(control, 3) !== 0) {
        throw new MeshError('WORKER_FAILED', 'a thread of the parallel smoothing failed');
      }
      Atomics.wait(control, 2, done, 50);
    }
  };
  let mine = 0;
  for (;;) {
    const g = Atomics.add(control, 0, 1);
    if (g >= total) {
      waitFor(state.iterations); // the chunks still running elsewhere
      return mine;
    }
    const it = Math.floor(g / chunks) + 1;
    const k = g - (it - 1) * chunks;
    waitFor(it - 1);
    try {
      sincStep(state, it, Math.floor((k * nv) / chunks), Math.floor(((k + 1) * nv) / chunks));
    } catch (err) {
      Atomics.store(control, 3, 1);
      Atomics.notify(control, 2);
      throw err;
    }
    mine++;
    if (Atomics.add(control, 1, 1) + 1 === it * chunks) {
      Atomics.store(control, 2, it);
      Atomics.notify(control, 2);
    }
  }
}

/**
 * The smoothed positions (LPS mm) from the finished sum, in a new array (on a
 * SharedArrayBuffer when the state is shared), so the state's memory can go.
 */
export function finishWindowedSinc(state: WindowedSincState): Float32Array {
  const { sum, centre } = state;
  const nv = state.vertexCount;
  const shared = typeof SharedArrayBuffer === 'function' && sum.buffer instanceof SharedArrayBuffer;
  const out = new Float32Array(shared ? new SharedArrayBuffer(12 * nv) : new ArrayBuffer(12 * nv));
  const [cx, cy, cz] = centre;
  for (let o = 0; o < 3 * nv; o += 3) {
    out[o] = sum[o + 3] + cx;
    out[o + 1] = sum[o + 4] + cy;
    out[o + 2] = sum[o + 5] + cz;
  }
  return out;
}

/**
 * out = scale * (x + mean(neighbours(x))) / 2 - (minus ?? 0) over vertices [v0, v1) (`minus`
 * may be `out`: its value at a vertex is read before that vertex is written), and with
 * `terms` 1..3 sum += c2 minus, c1 x (as many as the terms ask for, oldest first) and c out;
 * `fresh`: the sum starts with these terms (not yet written). Isolated vertices keep x (times
 * scale, minus `minus`). Runs in the WebAssembly kernel (wasm/windowed-sinc.c; ADR 0005
 * "Session 7": the TypeScript loop it replaced gave the same sums bit for bit).
 */
function halfStep(
  state: WindowedSincState,
  x: Float32Array,
  out: Float32Array,
  scale: number,
  minus: Float32Array | null,
  terms: number,
  fresh: boolean,
  c2: number,
  c1: number,
  c: number,
  v0: number,
  v1: number,
): void {
  const { ring, extraVertex, extraStart, extra, invDegree, sum } = state;
  sincKernel(state.memory).halfStep(
    ring.byteOffset,
    extraVertex.byteOffset,
    extraVertex.length,
    extraStart.byteOffset,
    extra.byteOffset,
    lowerBound(extraVertex, v0),
    invDegree.byteOffset,
    x.byteOffset,
    out.byteOffset,
    scale,
    minus === null ? 0 : minus.byteOffset,
    terms,
    fresh ? 1 : 0,
    c2,
    c1,
    c,
    sum.byteOffset,
    v0,
    v1,
  );
}

/** Windowed sinc coefficients c_0..c_N, normalised so that they sum to 1 (f(0) = 1). */
export function sincCoefficients(
  iterations: number,
  passBand: number,
  window: 'nuttall' | 'hamming' | 'none',
): Float64Array {
  const thetaPb = Math.acos(1 - passBand / 2);
  const c = new Float64Array(iterations + 1);
  let total = 0;
  for (let i = 0; i <= iterations; i++) {
    const sinc = i === 0 ? thetaPb / Math.PI : (2 * Math.sin(i * thetaPb)) / (i * Math.PI);
    const x = (Math.PI * i) / (iterations + 1);
    const w =
      window === 'nuttall'
        ? 0.355768 +
          0.487396 * Math.cos(x) +
          0.144232 * Math.cos(2 * x) +
          0.012604 * Math.cos(3 * x)
        : window === 'hamming'
          ? 0.54 + 0.46 * Math.cos(x)
          : 1;
    c[i] = sinc * w;
    total += c[i];
  }
  for (let i = 0; i <= iterations; i++) c[i] /= total;
  return c;
}

/** the first index of ascending `a` whose value is >= v */
function lowerBound(a: Int32Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
