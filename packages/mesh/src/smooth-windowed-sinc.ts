import type { RunControl } from '@anatomodel/imaging';
import { MeshError } from './mesh-error.ts';

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
  const state = prepareWindowedSinc(mesh, options, false);
  for (let it = 1; it <= state.iterations; it++) {
    if (run.signal?.aborted) throw run.signal.reason;
    sincStep(state, it, 0, state.vertexCount);
    run.onProgress?.(it / state.iterations);
  }
  return finishWindowedSinc(state);
}

/**
 * The arrays of one windowed-sinc run (internal; shared with `MeshWorkerPool`, which puts
 * them in shared memory so that several threads can take vertex ranges of every step).
 */
export interface WindowedSincState {
  readonly iterations: number;
  readonly vertexCount: number;
  /** normalised sinc coefficients c_0..c_iterations */
  readonly coef: Float64Array;
  /** CSR of the unique edge neighbours */
  readonly start: Uint32Array;
  readonly neighbours: Uint32Array;
  /** 0.5 / degree, 0 for isolated vertices */
  readonly invDegree: Float32Array;
  /** the centroid subtracted from the positions, mm */
  readonly centre: readonly [number, number, number];
  /** x_{i-2}, x_{i-1}, x_i rotate through these (step i writes buffers[i % 3]) */
  readonly buffers: readonly [Float32Array, Float32Array, Float32Array];
  /** the Chebyshev sum, float64 */
  readonly sum: Float64Array;
}

/**
 * Validates the options and builds the state of `smoothWindowedSinc` (x_0 in buffers[0],
 * c_0 x_0 in the sum), in SharedArrayBuffers when `shared`.
 * @throws MeshError INVALID_OPTIONS
 */
export function prepareWindowedSinc(
  mesh: TriangleSet,
  options: WindowedSincOptions,
  shared: boolean,
): WindowedSincState {
  const iterations = options.iterations ?? 20;
  const passBand = options.passBand ?? 0.01;
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > 1000) {
    throw new MeshError('INVALID_OPTIONS', `iterations must be an integer in 1..1000`);
  }
  if (!(passBand > 0 && passBand < 2)) {
    throw new MeshError('INVALID_OPTIONS', `passBand must lie in (0, 2), got ${passBand}`);
  }
  const alloc = shared
    ? (bytes: number) => new SharedArrayBuffer(bytes)
    : (bytes: number) => new ArrayBuffer(bytes);
  const coef = sincCoefficients(iterations, passBand, options.window ?? 'nuttall');
  const nv = mesh.positions.length / 3;
  const { start, neighbours } = vertexNeighbours(mesh.triangles, nv, alloc);
  const invDegree = new Float32Array(alloc(4 * nv));
  for (let v = 0; v < nv; v++) {
    const n = start[v + 1] - start[v];
    invDegree[v] = n > 0 ? 0.5 / n : 0;
  }
  // Work about the centroid in float32 (the filter is affine-invariant since f(0) = 1).
  const centre: [number, number, number] = [0, 0, 0];
  for (let v = 0; v < nv; v++) for (let r = 0; r < 3; r++) centre[r] += mesh.positions[3 * v + r];
  for (let r = 0; r < 3; r++) centre[r] /= Math.max(1, nv);
  const x0 = new Float32Array(alloc(12 * nv));
  for (let v = 0; v < nv; v++) {
    for (let r = 0; r < 3; r++) x0[3 * v + r] = mesh.positions[3 * v + r] - centre[r];
  }
  const sum = new Float64Array(alloc(24 * nv));
  for (let i = 0; i < 3 * nv; i++) sum[i] = coef[0] * x0[i];
  const buffers = [x0, new Float32Array(alloc(12 * nv)), new Float32Array(alloc(12 * nv))] as const;
  return {
    iterations,
    vertexCount: nv,
    coef,
    start,
    neighbours,
    invDegree,
    centre,
    buffers,
    sum,
  };
}

/**
 * Step `it` (1..iterations) of the Chebyshev recursion for vertices [v0, v1): x_1 =
 * (I - K/2) x_0, x_i = 2 (I - K/2) x_{i-1} - x_{i-2}, and sum += c_i x_i. Reads only step
 * it - 1's and it - 2's buffers, so disjoint ranges of one step may run on different threads.
 */
export function sincStep(state: WindowedSincState, it: number, v0: number, v1: number): void {
  const b = state.buffers;
  halfStep(
    b[(it - 1) % 3],
    b[it % 3],
    state.start,
    state.neighbours,
    state.invDegree,
    it === 1 ? 1 : 2,
    it === 1 ? null : b[(it - 2) % 3],
    state.sum,
    state.coef[it],
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

/** The smoothed positions (LPS mm) from the finished sum. */
export function finishWindowedSinc(state: WindowedSincState): Float32Array {
  const { sum, centre } = state;
  const nv = state.vertexCount;
  const out = new Float32Array(3 * nv);
  for (let v = 0; v < nv; v++) {
    for (let r = 0; r < 3; r++) out[3 * v + r] = sum[3 * v + r] + centre[r];
  }
  return out;
}

/**
 * out = scale * (x + mean(neighbours(x))) / 2 - (minus ?? 0), and sum += c * out, in one pass.
 * Isolated vertices keep x (times scale, minus `minus`).
 */
function halfStep(
  x: Float32Array,
  out: Float32Array,
  start: Uint32Array,
  nb: Uint32Array,
  invDegree: Float32Array,
  scale: number,
  minus: Float32Array | null,
  sum: Float64Array,
  c: number,
  v0: number,
  v1: number,
): void {
  for (let v = v0; v < v1; v++) {
    const s = start[v];
    const e = start[v + 1];
    let mx = 0;
    let my = 0;
    let mz = 0;
    for (let j = s; j < e; j++) {
      const u = 3 * nb[j];
      mx += x[u];
      my += x[u + 1];
      mz += x[u + 2];
    }
    const o = 3 * v;
    const w = invDegree[v];
    let rx = x[o];
    let ry = x[o + 1];
    let rz = x[o + 2];
    if (w > 0) {
      rx = 0.5 * rx + w * mx;
      ry = 0.5 * ry + w * my;
      rz = 0.5 * rz + w * mz;
    }
    rx *= scale;
    ry *= scale;
    rz *= scale;
    if (minus !== null) {
      rx -= minus[o];
      ry -= minus[o + 1];
      rz -= minus[o + 2];
    }
    out[o] = rx;
    out[o + 1] = ry;
    out[o + 2] = rz;
    // accumulate the rounded float32 value, as the separate pass did
    sum[o] += c * out[o];
    sum[o + 1] += c * out[o + 1];
    sum[o + 2] += c * out[o + 2];
  }
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

/** Unique edge neighbours of every vertex (CSR), in buffers from `alloc`. */
function vertexNeighbours(
  T: Uint32Array,
  nv: number,
  alloc: (bytes: number) => ArrayBufferLike,
): { start: Uint32Array; neighbours: Uint32Array } {
  const count = new Uint32Array(nv + 1);
  for (let i = 0; i < T.length; i++) count[T[i] + 1] += 2;
  for (let v = 0; v < nv; v++) count[v + 1] += count[v];
  const raw = new Uint32Array(alloc(4 * count[nv]));
  const fill = count.slice(0, nv);
  for (let t = 0; t < T.length; t += 3) {
    for (let k = 0; k < 3; k++) {
      const a = T[t + k];
      const b = T[t + ((k + 1) % 3)];
      raw[fill[a]++] = b;
      raw[fill[b]++] = a;
    }
  }
  // dedupe each vertex's list in place (lists are short: about 12 entries, 6 unique)
  const start = new Uint32Array(alloc(4 * (nv + 1)));
  let n = 0;
  for (let v = 0; v < nv; v++) {
    const s = count[v];
    const e = count[v + 1];
    const first = n;
    for (let j = s; j < e; j++) {
      const u = raw[j];
      let dup = false;
      for (let q = first; q < n; q++) {
        if (raw[q] === u) {
          dup = true;
          break;
        }
      }
      if (!dup) raw[n++] = u;
    }
    start[v + 1] = n;
    start[v] = first;
  }
  return { start, neighbours: raw.subarray(0, n) };
}
