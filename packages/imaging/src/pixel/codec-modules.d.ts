// Type declarations for the untyped codec packages, limited to what Anatomodel calls.
// The emscripten packages are CommonJS factories returning a promise of the module; every
// decoder is an embind object that must be freed with delete().

/** Frame header reported by the emscripten decoders after decode(). */
interface CodecFrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned?: boolean;
}

/** The decoder shape shared by the cornerstone codec builds. */
interface EmbindDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  decode(): void;
  getFrameInfo(): CodecFrameInfo;
  delete(): void;
}

interface EmscriptenOptions {
  print?: (text: string) => void;
  printErr?: (text: string) => void;
  locateFile?: (path: string, prefix: string) => string;
  wasmBinary?: ArrayBuffer | Uint8Array;
}

declare module '@cornerstonejs/codec-charls/decodewasmjs' {
  const factory: (options?: EmscriptenOptions) => Promise<{
    JpegLSDecoder: new () => EmbindDecoder & {
      getInterleaveMode(): number;
      getNearLossless(): number;
    };
  }>;
  export default factory;
}

declare module '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs' {
  const factory: (options?: EmscriptenOptions) => Promise<{
    JPEGDecoder: new () => EmbindDecoder;
  }>;
  export default factory;
}

declare module '@cornerstonejs/codec-openjpeg/decodewasmjs' {
  const factory: (options?: EmscriptenOptions) => Promise<{
    J2KDecoder: new () => EmbindDecoder;
  }>;
  export default factory;
}

declare module '@cornerstonejs/codec-openjph/wasmjs' {
  const factory: (options?: EmscriptenOptions) => Promise<{
    HTJ2KDecoder: new () => EmbindDecoder & { getLastErrorMessage?(): string };
  }>;
  export default factory;
}

declare module 'jpeg-lossless-decoder-js' {
  export class Decoder {
    constructor();
    /** Decodes a JPEG lossless (process 14) stream; 8-bit output for precision <= 8, else 16. */
    decode(
      buffer: ArrayBuffer,
      offset?: number,
      length?: number,
      numBytes?: number,
    ): Uint8Array | Uint16Array;
  }
}
