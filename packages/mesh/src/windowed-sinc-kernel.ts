import { compileEmbedded, createMemory, instantiate, isSharedMemory } from './embedded-wasm.ts';
import type { WasmMemory } from './embedded-wasm.ts';
import { MeshError } from './mesh-error.ts';
import { WINDOWED_SINC_SHARED_WASM, WINDOWED_SINC_WASM } from './windowed-sinc-wasm-bytes.ts';

/** The windowed-sinc step of wasm/windowed-sinc.c: every array a byte offset into the memory. */
export type HalfStepKernel = (
  ring: number,
  extraVertex: number,
  extraCount: number,
  extraStart: number,
  extra: number,
  firstExtra: number,
  invDegree: number,
  x: number,
  out: number,
  scale: number,
  minus: number,
  terms: number,
  fresh: number,
  c2: number,
  c1: number,
  c: number,
  sum: number,
  v0: number,
  v1: number,
) => void;

const PAGE = 65536;

/**
 * Where the arrays may start in a kernel memory (bytes): both builds keep their (unused)
 * stack below their __heap_base, 66,560; checked when a kernel is instantiated.
 */
export const SINC_MEMORY_START = 2 * PAGE;

/**
 * A memory for the windowed-sinc kernel of `bytes` (from SINC_MEMORY_START on), shared
 * between threads when `shared`. Its pages are zero and touched first by whoever writes them.
 */
export function createSincMemory(bytes: number, shared: boolean): WasmMemory {
  const initial = Math.ceil((SINC_MEMORY_START + bytes) / PAGE);
  try {
    // a shared memory needs a maximum: 4 GiB (what wasm32 addresses) reserves no memory
    return createMemory(initial, 65536, shared);
  } catch (err) {
    throw tooLarge(bytes, err);
  }
}

/** Grows `memory` (if needed) so that it holds `end` bytes. */
export function growSincMemory(memory: WasmMemory, end: number): void {
  const have = memory.buffer.byteLength;
  if (end <= have) return;
  try {
    memory.grow(Math.ceil((end - have) / PAGE));
  } catch (err) {
    throw tooLarge(end, err);
  }
}

/** The MeshError for a memory that cannot be made or grown (beyond 4 GiB, or no memory). */
function tooLarge(bytes: number, cause: unknown): MeshError {
  return new MeshError(
    'TOO_LARGE',
    `the windowed sinc needs ${Math.ceil(bytes / 2 ** 20)} MiB in one WebAssembly memory (at most 4 GiB)`,
    { cause },
  );
}

/** The exports of wasm/windowed-sinc.c (arrays as byte offsets into the memory). */
export interface SincKernel {
  readonly halfStep: HalfStepKernel;
  ringsPass(
    triangles: number,
    corners: number,
    ring: number,
    degree: number,
    first: number,
    rows: number,
    capacity: number,
  ): number;
  ringsCount(degree: number, vertices: number, out: number): void;
  ringsFinish(
    degree: number,
    vertices: number,
    first: number,
    rows: number,
    extraVertex: number,
    extraStart: number,
    extra: number,
  ): void;
}

const modules: { plain?: object; shared?: object } = {};
const kernels = new WeakMap<WasmMemory, SincKernel>();

/**
 * The kernel over `memory` (one instance per memory and thread, kept while the memory
 * lives): the shared-memory build for a shared memory (threads may run it at once on
 * disjoint vertex ranges: it keeps no state and uses no stack), the plain build otherwise.
 */
export function sincKernel(memory: WasmMemory): SincKernel {
  let kernel = kernels.get(memory);
  if (kernel === undefined) {
    const module = isSharedMemory(memory)
      ? (modules.shared ??= compileEmbedded(WINDOWED_SINC_SHARED_WASM))
      : (modules.plain ??= compileEmbedded(WINDOWED_SINC_WASM));
    const exports = instantiate<SincKernel & { __heap_base: { value: number } }>(module, {
      env: { memory },
    });
    if (exports.__heap_base.value > SINC_MEMORY_START) {
      throw new MeshError(
        'WASM_FAILED',
        'the windowed-sinc kernel needs its memory below its heap',
      );
    }
    kernel = exports;
    kernels.set(memory, kernel);
  }
  return kernel;
}
