/**
 * Lazily instantiated WebAssembly codec modules (emscripten builds from @cornerstonejs).
 *
 * Each module is imported and instantiated on first use only, then its promise is kept for the
 * life of the process: these are WASM handles, the one kind of module-level state the style
 * guide allows. A failed instantiation is not cached, so a later call retries.
 *
 * In Node the emscripten glue locates its `.wasm` beside its own script (`__dirname`), so no
 * file-system code is needed here. In a browser bundle the `.wasm` assets must be served beside
 * the glue script (or the bundler told to emit them); see docs/decisions/0002-codecs.md.
 */
import type charlsFactory from '@cornerstonejs/codec-charls/decodewasmjs';
import type libjpegTurboFactory from '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs';
import type openjpegFactory from '@cornerstonejs/codec-openjpeg/decodewasmjs';
import type openjphFactory from '@cornerstonejs/codec-openjph/wasmjs';
import type * as DcmjsCodecs from 'dcmjs-codecs';

export type CharlsModule = Awaited<ReturnType<typeof charlsFactory>>;
export type LibjpegTurboModule = Awaited<ReturnType<typeof libjpegTurboFactory>>;
export type OpenjpegModule = Awaited<ReturnType<typeof openjpegFactory>>;
export type OpenjphModule = Awaited<ReturnType<typeof openjphFactory>>;
export type DcmjsCodecsModule = typeof DcmjsCodecs;

// The codecs print diagnostics through emscripten's print/printErr; packages must not log.
const quiet = { print: () => {}, printErr: () => {} };

function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().catch((e: unknown) => {
      pending = undefined;
      throw e;
    });
    return pending;
  };
}

/** The WASM codec modules, each instantiated on first call. */
export const wasmCodecs = {
  /** CharLS: JPEG-LS lossless and near-lossless (1.2.840.10008.1.2.4.80/.81) */
  charls: lazy(async (): Promise<CharlsModule> => {
    const m = await import('@cornerstonejs/codec-charls/decodewasmjs');
    return m.default(quiet);
  }),
  /** libjpeg-turbo, 8-bit only: JPEG baseline (1.2.840.10008.1.2.4.50) */
  libjpegTurbo: lazy(async (): Promise<LibjpegTurboModule> => {
    const m = await import('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs');
    return m.default(quiet);
  }),
  /** OpenJPEG: JPEG 2000 (1.2.840.10008.1.2.4.90/.91) */
  openjpeg: lazy(async (): Promise<OpenjpegModule> => {
    const m = await import('@cornerstonejs/codec-openjpeg/decodewasmjs');
    return m.default(quiet);
  }),
  /** OpenJPH: High-Throughput JPEG 2000 (1.2.840.10008.1.2.4.201/.202/.203) */
  openjph: lazy(async (): Promise<OpenjphModule> => {
    const m = await import('@cornerstonejs/codec-openjph/wasmjs');
    return m.default(quiet);
  }),
  /**
   * dcmjs-codecs (DCMTK's IJG libjpeg 12-bit build, 4 MB WASM): JPEG extended 12-bit
   * (1.2.840.10008.1.2.4.51). The package keeps its WASM instance in static class fields.
   */
  dcmjsCodecs: lazy(async (): Promise<DcmjsCodecsModule> => {
    const imported = (await import('dcmjs-codecs')) as DcmjsCodecsModule & {
      default?: DcmjsCodecsModule;
    };
    const m = imported.default ?? imported;
    m.log.setLevel('silent'); // it reports codec stderr through loglevel; packages must not log
    if (!m.NativeCodecs.isInitialized()) await m.NativeCodecs.initializeAsync();
    return m;
  }),
} as const;
