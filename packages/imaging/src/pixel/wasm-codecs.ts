/**
 * Lazily instantiated WebAssembly codec modules (emscripten builds from @cornerstonejs).
 *
 * Each module is imported and instantiated on first use only, then its promise is kept for the
 * life of the process: these are WASM handles, the one kind of module-level state the style
 * guide allows. A failed instantiation is not cached, so a later call retries.
 *
 * In Node the emscripten glue locates its `.wasm` beside its own script (`__dirname`), so no
 * file-system code is needed here. After a WebAssembly trap the instance is replaced.
 */
import type charlsFactory from '@cornerstonejs/codec-charls/decodewasmjs';
import type libjpegTurboFactory from '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs';
import type openjpegFactory from '@cornerstonejs/codec-openjpeg/decodewasmjs';
import type openjphFactory from '@cornerstonejs/codec-openjph/wasmjs';

export type CharlsModule = Awaited<ReturnType<typeof charlsFactory>>;
export type LibjpegTurboModule = Awaited<ReturnType<typeof libjpegTurboFactory>>;
export type OpenjpegModule = Awaited<ReturnType<typeof openjpegFactory>>;
export type OpenjphModule = Awaited<ReturnType<typeof openjphFactory>>;

// The codecs print diagnostics through emscripten's print/printErr; packages must not log.
// Each instantiation gets its own copy: emscripten uses the options object as its Module object
// and registers its embind classes on it, so a shared object makes the second codec fail
// ("Cannot register multiple overloads", seen with OpenJPEG then OpenJPH).
const quiet = { print: () => {}, printErr: () => {} };

/** A lazily loaded module; `reset()` drops it so that the next call instantiates a fresh one. */
export interface LazyModule<T> {
  (): Promise<T>;
  reset(): void;
}

function lazy<T>(load: () => Promise<T>): LazyModule<T> {
  let pending: Promise<T> | undefined;
  const get = () => {
    pending ??= load().catch((e: unknown) => {
      pending = undefined;
      throw e;
    });
    return pending;
  };
  return Object.assign(get, {
    reset: () => {
      pending = undefined;
    },
  });
}

/**
 * True for a WebAssembly trap (out-of-bounds access, unreachable). After a trap a C/C++ module
 * may be left with a corrupt heap or stack pointer, so callers drop the instance (`reset()`).
 */
export function isWasmTrap(e: unknown): boolean {
  // WebAssembly is a global in Node and browsers, but not in this project's TS lib set
  const wasm = (globalThis as { WebAssembly?: { RuntimeError: abstract new () => Error } })
    .WebAssembly;
  return wasm !== undefined && e instanceof wasm.RuntimeError;
}

/** The WASM codec modules, each instantiated on first call. */
export const wasmCodecs = {
  /** CharLS: JPEG-LS lossless and near-lossless (1.2.840.10008.1.2.4.80/.81) */
  charls: lazy(async (): Promise<CharlsModule> => {
    const m = await import('@cornerstonejs/codec-charls/decodewasmjs');
    return m.default({ ...quiet });
  }),
  /** libjpeg-turbo, 8-bit only: JPEG baseline (1.2.840.10008.1.2.4.50) */
  libjpegTurbo: lazy(async (): Promise<LibjpegTurboModule> => {
    const m = await import('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs');
    return m.default({ ...quiet });
  }),
  /** OpenJPEG: JPEG 2000 (1.2.840.10008.1.2.4.90/.91) */
  openjpeg: lazy(async (): Promise<OpenjpegModule> => {
    const m = await import('@cornerstonejs/codec-openjpeg/decodewasmjs');
    return m.default({ ...quiet });
  }),
  /** OpenJPH: High-Throughput JPEG 2000 (1.2.840.10008.1.2.4.201/.202/.203) */
  openjph: lazy(async (): Promise<OpenjphModule> => {
    const m = await import('@cornerstonejs/codec-openjph/wasmjs');
    return m.default({ ...quiet });
  }),
} as const;
