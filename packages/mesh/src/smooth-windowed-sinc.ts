import { bufferAllocator } from './buffer-allocator.ts';
import type { RunControl } from '@anatomodel/imaging';
import { MeshError } from './mesh-error.ts';
import { RING, vertexRings } from './sinc-rings.ts';
import type { Rings } from './sinc-rings.ts';

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
): WindowedSincState {
  const state = prepareWindowedSinc(mesh, options, false);
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
 * with a zero vertex at 0 that the unused ring slots read.
 */
export interface WindowedSincArrays {
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
 * in SharedArrayBuffers when `shared`.
 * @throws MeshError INVALID_OPTIONS
 */
export function prepareWindowedSinc(
  mesh: TriangleSet,
  options: WindowedSincOptions,
  shared: boolean,
): WindowedSincState {
  checkSincOptions(options);
  return fillWindowedSinc(mesh, options, allocateWindowedSinc(mesh.positions.length / 3, shared));
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
 * The zeroed arrays for `vertexCount` vertices (about 85 bytes a vertex), in
 * SharedArrayBuffers when `shared`. Nothing is written: their pages are first touched by
 * `fillWindowedSinc` and the steps, or beforehand by another thread (`touchWindowedSinc`).
 */
export function allocateWindowedSinc(vertexCount: number, shared: boolean): WindowedSincArrays {
  const alloc = bufferAllocator(shared);
  const n = vertexCount + 1;
  return {
    ring: new Int32Array(alloc(4 * RING * vertexCount)),
    invDegree: new Float32Array(alloc(4 * vertexCount)),
    buffers: [new Float32Array(alloc(12 * n)), new Float32Array(alloc(12 * n))],
    sum: new Float64Array(alloc(24 * n)),
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
  const alloc = bufferAllocator(arrays.ring.buffer instanceof SharedArrayBuffer);
  // the rings first: a helper touching pages (`touchWindowedSinc`) does x_0's meanwhile
  const rings = vertexRings(mesh.triangles, arrays.ring, arrays.invDegree, alloc);
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
  const x0 = arrays.buffers[0];
  // the sum's first terms (c_0 x_0 ...) are written by the first step that updates it
  for (let o = 0; o < 3 * nv; o += 3) {
    x0[o + 3] = P[o] - cx;
    x0[o + 4] = P[o + 1] - cy;
    x0[o + 5] = P[o + 2] - cz;
  }
  return { iterations, vertexCount: nv, coef, ...arrays, ...rings, centre };
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
 * The smoothed positions (LPS mm) from the finished sum, in the spent buffers[0]: a view of
 * its 3 * vertexCount values after the zero vertex (no fresh memory; on a SharedArrayBuffer
 * when the state is shared).
 */
export function finishWindowedSinc(state: WindowedSincState): Float32Array {
  const { sum, centre } = state;
  const nv = state.vertexCount;
  const spent = state.buffers[0];
  const out = new Float32Array(spent.buffer, spent.byteOffset + 12, 3 * nv);
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
 * scale, minus `minus`). The eight ring slots are summed unrolled (a padded slot adds +0, so
 * the sum is the plain loop's, bit for bit), the rare further neighbours after them.
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
  // the next vertex with extra neighbours (a compare per vertex instead of two loads)
  let k = lowerBound(extraVertex, v0);
  let next = k < extraVertex.length ? extraVertex[k] : -1;
  for (let v = v0; v < v1; v++) {
    const q = RING * v;
    const u0 = ring[q], u1 = ring[q + 1], u2 = ring[q + 2], u3 = ring[q + 3]; // prettier-ignore
    const u4 = ring[q + 4], u5 = ring[q + 5], u6 = ring[q + 6], u7 = ring[q + 7]; // prettier-ignore
    let mx = 0 + x[u0] + x[u1] + x[u2] + x[u3];
    mx = mx + x[u4] + x[u5] + x[u6] + x[u7];
    let my = 0 + x[u0 + 1] + x[u1 + 1] + x[u2 + 1] + x[u3 + 1];
    my = my + x[u4 + 1] + x[u5 + 1] + x[u6 + 1] + x[u7 + 1];
    let mz = 0 + x[u0 + 2] + x[u1 + 2] + x[u2 + 2] + x[u3 + 2];
    mz = mz + x[u4 + 2] + x[u5 + 2] + x[u6 + 2] + x[u7 + 2];
    if (v === next) {
      for (let j = extraStart[k], e = extraStart[k + 1]; j < e; j++) {
        const u = extra[j];
        mx += x[u];
        my += x[u + 1];
        mz += x[u + 2];
      }
      k++;
      next = k < extraVertex.length ? extraVertex[k] : -1;
    }
    const o = 3 * v + 3;
    const w = invDegree[v];
    const px = x[o];
    const py = x[o + 1];
    const pz = x[o + 2];
    let rx = px;
    let ry = py;
    let rz = pz;
    if (w > 0) {
      rx = 0.5 * rx + w * mx;
      ry = 0.5 * ry + w * my;
      rz = 0.5 * rz + w * mz;
    }
    rx *= scale;
    ry *= scale;
    rz *= scale;
    let ax = 0;
    let ay = 0;
    let az = 0;
    if (minus !== null) {
      // x_{i-2}, read before out (possibly the same array) is written
      ax = minus[o];
      ay = minus[o + 1];
      az = minus[o + 2];
      rx -= ax;
      ry -= ay;
      rz -= az;
    }
    out[o] = rx;
    out[o + 1] = ry;
    out[o + 2] = rz;
    if (terms === 0) continue;
    // the rounded float32 values, oldest first, as a pass per step would add them
    let sx = 0;
    let sy = 0;
    let sz = 0;
    if (terms === 3) {
      // (terms 3 only from step 2 on: minus is set)
      sx = c2 * ax;
      sy = c2 * ay;
      sz = c2 * az;
      if (!fresh) {
        sx = sum[o] + sx;
        sy = sum[o + 1] + sy;
        sz = sum[o + 2] + sz;
      }
      sx += c1 * px;
      sy += c1 * py;
      sz += c1 * pz;
    } else if (terms === 2) {
      sx = c1 * px;
      sy = c1 * py;
      sz = c1 * pz;
      if (!fresh) {
        sx = sum[o] + sx;
        sy = sum[o + 1] + sy;
        sz = sum[o + 2] + sz;
      }
    } else {
      sx = sum[o];
      sy = sum[o + 1];
      sz = sum[o + 2];
    }
    sum[o] = sx + c * out[o];
    sum[o + 1] = sy + c * out[o + 1];
    sum[o + 2] = sz + c * out[o + 2];
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
