import type { RunControl } from '@anatomodel/imaging';
import { compileEmbedded, instantiate, isSharedMemory } from './embedded-wasm.ts';
import type { WasmMemory } from './embedded-wasm.ts';
import { MeshError } from './mesh-error.ts';
import type { Mesh } from './mesh.ts';
import type { QuadricDecimateResult } from './quadric-decimate.ts';
import {
  QUADRIC_DECIMATE_IMPORTED_WASM,
  QUADRIC_DECIMATE_SHARED_WASM,
  QUADRIC_DECIMATE_WASM,
} from './quadric-decimate-wasm-bytes.ts';

/**
 * 32-bit words per vertex record of the decimation kernel (64 bytes: one or two cache lines
 * per cost call):
 * - 0-2 (VX): the position x, y, z (Float32, LPS mm; the output is Float32 anyway);
 * - 3 (VAREA): the summed area of the planes merged into the vertex, mm² (Float32);
 * - 4-13 (VQ): the area-weighted plane quadric (Float32) in the vertex's own frame, i.e. of
 *   y = x - position: a², ab, ac, b², bc, c² at 4-9, ad, bd, cd at 10-12, d² at 13. Centred
 *   on the vertex, its entries stay of the size of the mesh's local detail (a plane through
 *   the vertex has d = 0; merged planes lie within a few edge lengths), so Float32 keeps about
 *   seven digits of the error where absolute coordinates (~100 mm) would cancel them away;
 * - 14: the visit mark (Int32); 15: the collapse count when the one-ring last changed (Int32).
 */
export const VERTEX_RECORD = 16;
/** Offset of the position in a vertex record (see {@link VERTEX_RECORD}). */
export const VX = 0;
/** Offset of the summed plane area in a vertex record. */
export const VAREA = 3;
/** Offset of the quadric (10 coefficients) in a vertex record. */
export const VQ = 4;
/**
 * 32-bit words per triangle record: vertices at 0-2, the error of the edge leaving each corner
 * at 3-5 (mm², Float32; both corners of an edge hold the same error), 6-7 the kernel's state.
 */
export const TRIANGLE_RECORD = 8;

/** The exports of wasm/quadric-decimate.c (pointers are byte offsets into `memory`). */
interface DecimateExports {
  readonly memory: { buffer: ArrayBuffer };
  alloc(bytes: number): number;
  reserve(vertices: number, triangles: number, headroom: number): number;
  inputPositions(): number;
  inputTriangles(): number;
  vertexRecords(): number;
  triangleRecords(): number;
  init(locked: number): void;
  edgeCost(u: number, v: number): void;
  optimum(): number;
  start(
    target: number,
    maxErr2: number,
    cosMax: number,
    qMin2: number,
    thr: number,
    hook: number,
  ): void;
  step(): number;
  liveTriangles(): number;
  collapseCount(): number;
  worstError(): number;
  finish(): number;
  outPositions(): number;
  outTriangles(): number;
  outVertexIds(): number;
  outVertices(): number;
}

let compiled: object | undefined;
let compiledImported: object | undefined;
let compiledShared: object | undefined;

/**
 * Bytes at the start of a memory the kernel takes over that hold its static data, stack and
 * (shared build) the flag of its one-time initialisation: zeroed before it is instantiated
 * there (its __heap_base is about 66,900; checked when it is instantiated).
 */
export const DECIMATE_LOW_BYTES = 2 * 65536;

/**
 * A fresh instance of the kernel, with its own memory (freed with the instance), or on
 * `memory`: a spent WebAssembly memory, shared or not, that this instance takes over, whose
 * mapped pages it reuses (the kernel zeroes what it allocates; its low bytes are zeroed here
 * first, so the shared build's start function initialises its statics). `onCollapse` is called
 * after every collapse that `start` was told to report, with a view of the vertex records made
 * for that call (the memory may grow, and move, between calls).
 */
function decimateInstance(
  onCollapse?: (u: number, v: number, V: Float32Array) => void,
  memory?: WasmMemory,
): DecimateExports {
  const self: { ex?: DecimateExports } = {};
  const env = {
    onCollapse: (u: number, v: number) => {
      if (onCollapse && self.ex) onCollapse(u, v, records(self.ex));
    },
    memory,
  };
  if (memory) {
    const module = isSharedMemory(memory)
      ? (compiledShared ??= compileEmbedded(QUADRIC_DECIMATE_SHARED_WASM))
      : (compiledImported ??= compileEmbedded(QUADRIC_DECIMATE_IMPORTED_WASM));
    // the builds import at least their low bytes' pages
    const have = memory.buffer.byteLength;
    if (have < DECIMATE_LOW_BYTES) memory.grow(Math.ceil((DECIMATE_LOW_BYTES - have) / 65536));
    new Uint8Array(memory.buffer, 0, DECIMATE_LOW_BYTES).fill(0);
    const ex = instantiate<Omit<DecimateExports, 'memory'> & { __heap_base: { value: number } }>(
      module,
      { env },
    );
    if (ex.__heap_base.value > DECIMATE_LOW_BYTES) {
      throw new MeshError('WASM_FAILED', 'the decimation kernel needs its statics below its heap');
    }
    self.ex = { ...ex, memory: memory as { buffer: ArrayBuffer } };
  } else {
    compiled ??= compileEmbedded(QUADRIC_DECIMATE_WASM); // 14 kB
    self.ex = instantiate<DecimateExports>(compiled, { env });
  }
  return self.ex;
}

/**
 * The bytes of memory the kernel takes for a mesh of `vertices` and `triangles` (its low bytes,
 * `reserve` as wasm/quadric-decimate.c lays it out with `headroom`, and `finish`'s vertex map;
 * not its outputs): how large a memory made ahead for it should be.
 */
export function decimationBytes(vertices: number, triangles: number, headroom = 0.125): number {
  const line = (bytes: number) => Math.ceil(bytes / 64) * 64;
  const refs = 3 * triangles + 2 * vertices + Math.ceil(headroom * 3 * triangles) + 64;
  return (
    DECIMATE_LOW_BYTES +
    line(4 * VERTEX_RECORD * vertices) +
    line(4 * TRIANGLE_RECORD * triangles) +
    line(12 * vertices) +
    line(4 * vertices) +
    line(4 * triangles) +
    line(8 * 64) +
    line(4 * refs) +
    line(4 * vertices)
  );
}

/** The vertex records of an instance, as a view made now. */
function records(ex: DecimateExports): Float32Array {
  return new Float32Array(ex.memory.buffer, ex.vertexRecords());
}

/**
 * An instance holding the decimation state of `mesh`: positions and corners in the records,
 * plane quadrics, corner lists with `headroom` (fraction of the 3 · triangles
 * corners) free, initial edge errors; `locked` per vertex or none.
 */
function preparedInstance(
  mesh: Mesh,
  headroom: number,
  locked: Uint8Array | undefined,
  onCollapse?: (u: number, v: number, V: Float32Array) => void,
  memory?: WasmMemory,
): DecimateExports {
  const nv = mesh.positions.length / 3;
  const nt = mesh.triangles.length / 3;
  const ex = decimateInstance(onCollapse, memory);
  if (!ex.reserve(nv, nt, headroom)) throw outOfMemory();
  const lock = locked ? ex.alloc(nv) : 0;
  if (locked && !lock) throw outOfMemory();
  // the memory does not grow between here and init: these views stay valid
  const buffer = ex.memory.buffer;
  if (locked) new Uint8Array(buffer, lock, nv).set(locked);
  new Float32Array(buffer, ex.inputPositions(), 3 * nv).set(mesh.positions);
  new Uint32Array(buffer, ex.inputTriangles(), 3 * nt).set(mesh.triangles);
  ex.init(lock);
  return ex;
}

/** One step of the kernel; a trap (the corner lists could not grow) as a MeshError. */
function step(ex: DecimateExports): number {
  try {
    return ex.step();
  } catch (err) {
    if (err instanceof Error && err.name === 'RuntimeError') {
      throw new MeshError('WASM_FAILED', `the decimation kernel stopped: ${err.message}`, {
        cause: err,
      });
    }
    throw err;
  }
}

function outOfMemory(): MeshError {
  return new MeshError(
    'TOO_LARGE',
    'the mesh does not fit in the decimation kernel memory (4 GiB)',
  );
}

/** What `decimateInWasm` needs besides the mesh (derived and checked by quadricDecimate). */
export interface WasmDecimateParams {
  readonly target: number;
  /** squared error bound, mm² */
  readonly maxErr2: number;
  /** cosine of the largest normal change */
  readonly cosMax: number;
  /** (minimum quality / 2√3)² */
  readonly qMin2: number;
  readonly headroom: number;
  readonly locked?: Uint8Array;
  readonly onCollapse?: (u: number, v: number, V: Float32Array) => void;
  /** called once after the last collapse with a copy of the final vertex records */
  readonly onRecords?: (V: Float32Array) => void;
  /** a spent WebAssembly memory (shared or not) to take over (QuadricDecimateOptions.memory) */
  readonly memory?: WasmMemory;
}

/**
 * Runs the kernel of wasm/quadric-decimate.c on `mesh` (internal: `quadricDecimate` is the
 * API, which checks the options and reports progress 1 at the end). The rounds run in short calls (a block of triangles each: WebAssembly has no
 * on-stack replacement, so one long call would stay in V8's baseline code); the signal is
 * checked and progress reported after each round.
 * @throws MeshError TOO_LARGE (no memory), WASM_FAILED (a trap), and the signal's reason when
 *   aborted
 */
export function decimateInWasm(
  mesh: Mesh,
  p: WasmDecimateParams,
  run?: RunControl,
): QuadricDecimateResult {
  const nt = mesh.triangles.length / 3;
  const ex = preparedInstance(mesh, p.headroom, p.locked, p.onCollapse, p.memory);
  // start at the 2nd percentile of the edge errors (sampled), not below (0.1 µm)²
  const F = new Float32Array(ex.memory.buffer, ex.triangleRecords(), TRIANGLE_RECORD * nt);
  const sample = new Float32Array(Math.min(4096, 3 * nt));
  for (let i = 0; i < sample.length; i++) {
    const c = Math.floor((i * 3 * nt) / sample.length);
    sample[i] = F[TRIANGLE_RECORD * Math.floor(c / 3) + 3 + (c % 3)];
  }
  sample.sort();
  const thr = Math.max(1e-8, sample[Math.floor(0.02 * sample.length)] ?? 0);
  ex.start(p.target, p.maxErr2, p.cosMax, p.qMin2, thr, p.onCollapse ? 1 : 0);
  for (let s = step(ex); s !== 0; s = step(ex)) {
    if (s !== 2) continue; // 1: the next block of the round; 2: the next round
    run?.signal?.throwIfAborted();
    run?.onProgress?.(Math.min(1, (nt - ex.liveTriangles()) / Math.max(1, nt - p.target)));
  }
  p.onRecords?.(records(ex).slice(0, VERTEX_RECORD * (mesh.positions.length / 3)));
  if (!ex.finish()) throw outOfMemory();
  const nOut = ex.outVertices();
  const live = ex.liveTriangles();
  const buffer = ex.memory.buffer;
  return {
    mesh: {
      kind: 'Mesh',
      positions: new Float32Array(buffer, ex.outPositions(), 3 * nOut).slice(),
      triangles: new Uint32Array(buffer, ex.outTriangles(), 3 * live).slice(),
    },
    collapses: ex.collapseCount(),
    maxErrorMm: Math.sqrt(ex.worstError()),
    vertexIds: new Uint32Array(buffer, ex.outVertexIds(), nOut).slice(),
  };
}

/**
 * The kernel's state for `mesh` before any collapse (tests): copies of the vertex records and
 * of the triangle records (Int32 words; the errors are Float32 words of the same records).
 */
export function initialDecimationState(mesh: Mesh): { V: Float32Array; T: Int32Array } {
  const ex = preparedInstance(mesh, 0.125, undefined);
  const nv = mesh.positions.length / 3;
  const nt = mesh.triangles.length / 3;
  return {
    V: records(ex).slice(0, VERTEX_RECORD * nv),
    T: new Int32Array(ex.memory.buffer, ex.triangleRecords(), TRIANGLE_RECORD * nt).slice(),
  };
}

/**
 * The kernel's cost of collapsing edge u-v for vertex records `V` (tests; see
 * {@link VERTEX_RECORD}): the point minimising the summed quadric (LPS mm) at 0-2 and the
 * area-weighted mean squared distance there (mm²) at 3.
 */
export function edgeCollapseCost(V: Float32Array, u: number, v: number): Float64Array {
  const ex = decimateInstance();
  const nv = Math.ceil(V.length / VERTEX_RECORD);
  if (!ex.reserve(nv, 1, 0)) throw outOfMemory();
  new Float32Array(ex.memory.buffer, ex.vertexRecords(), V.length).set(V);
  ex.edgeCost(u, v);
  return new Float64Array(ex.memory.buffer, ex.optimum(), 4).slice();
}
