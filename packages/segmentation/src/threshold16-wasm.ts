/**
 * Binary of `wasm/threshold16.wat` (WebAssembly with SIMD, 289 bytes). The test
 * `threshold16-wasm.test.ts` compiles the .wat with wabt and checks these bytes are its output,
 * so the source in the repository is what runs.
 */
export const THRESHOLD16_WASM =
  'AGFzbQEAAAABCQFgBX9/f39/AAMDAgAABQMBAAEHGAMGbWVtb3J5AgAEdGhyUwAABHRoclUAAQrnAQJyAQV7IAP9ECEFIAT9ECEGQQH9DyEHAkAgAkUNAANAIAD9AAQAIQggAP0ABBAhCSABIAcgCCAF/TUgCCAG/TP9TiAJIAX9NSAJIAb9M/1O/WX9Tv0LBAAgAEEgaiEAIAFBEGohASACQQFrIQIgAg0ACwsLcgEFeyAD/RAhBSAE/RAhBkEB/Q8hBwJAIAJFDQADQCAA/QAEACEIIAD9AAQQIQkgASAHIAggBf02IAggBv00/U4gCSAF/TYgCSAG/TT9Tv1l/U79CwQAIABBIGohACABQRBqIQEgAkEBayECIAINAAsLCw==';

/** The part of the WebAssembly JS API used here (lib ES2023 and @types/node 20 do not declare it). */
declare const WebAssembly: {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
};

/** Voxels per chunk copied through the module's memory: 32 KiB in, 16 KiB out (one page). */
const CHUNK = 16384;

interface Kernel {
  readonly thrS: (src: number, dst: number, blocks: number, lo: number, hi: number) => void;
  readonly thrU: (src: number, dst: number, blocks: number, lo: number, hi: number) => void;
  readonly in16: Uint8Array;
  readonly out8: Uint8Array;
}

/** One instance per thread (module state); null when this runtime has no WebAssembly SIMD. */
let kernel: Kernel | null | undefined;

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function loadKernel(): Kernel | null {
  if (kernel !== undefined) return kernel;
  kernel = null;
  if (typeof WebAssembly !== 'object') return kernel;
  const bytes = decodeBase64(THRESHOLD16_WASM);
  if (!WebAssembly.validate(bytes)) return kernel; // no SIMD
  let instance: { exports: object };
  try {
    instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
  } catch {
    return kernel; // no memory for an instance (e.g. ulimit -v): the scalar loop serves
  }
  const exports = instance.exports as Kernel & { memory: { buffer: ArrayBuffer } };
  kernel = {
    thrS: exports.thrS,
    thrU: exports.thrU,
    in16: new Uint8Array(exports.memory.buffer, 0, 2 * CHUNK),
    out8: new Uint8Array(exports.memory.buffer, 2 * CHUNK, CHUNK),
  };
  return kernel;
}

/** True when {@link threshold16Wasm} can run here (WebAssembly with SIMD). */
export function hasThreshold16Wasm(): boolean {
  return loadKernel() !== null;
}

/**
 * Voxels [start, start + count) of 16-bit `src` into `mask` at the same offsets: 1 where
 * `lower <= value <= upper`, else 0, with WebAssembly SIMD (16 voxels per step). The voxels are
 * copied through the module's own memory in L1-sized chunks (the caller's arrays are not in
 * WebAssembly memory), which costs less than the compare it speeds up: measured on a 512x512x600
 * int16 volume, 80-97 ms against 235-275 ms for the 64 KiB lookup table it replaces.
 * Bounds may be fractional or outside the type's range. Returns false (and writes nothing) when
 * WebAssembly SIMD is not available.
 */
export function threshold16Wasm(
  src: Int16Array | Uint16Array,
  mask: Uint8Array,
  lower: number,
  upper: number,
  start: number,
  count: number,
): boolean {
  const k = loadKernel();
  if (!k) return false;
  const signed = src instanceof Int16Array;
  const lo = Math.max(Math.ceil(lower), signed ? -32768 : 0);
  const hi = Math.min(Math.floor(upper), signed ? 32767 : 65535);
  if (!(lo <= hi)) {
    mask.fill(0, start, start + count);
    return true;
  }
  const fn = signed ? k.thrS : k.thrU;
  const srcBytes = new Uint8Array(src.buffer, src.byteOffset, src.byteLength);
  const end = start + count;
  for (let p = start; p < end; p += CHUNK) {
    const n = Math.min(CHUNK, end - p);
    const blocks = n >> 4;
    k.in16.set(srcBytes.subarray(2 * p, 2 * (p + n)));
    fn(0, 2 * CHUNK, blocks, lo, hi);
    mask.set(n === CHUNK ? k.out8 : k.out8.subarray(0, blocks << 4), p);
    for (let q = p + (blocks << 4); q < p + n; q++) {
      const v = src[q];
      mask[q] = v >= lo && v <= hi ? 1 : 0;
    }
  }
  return true;
}
