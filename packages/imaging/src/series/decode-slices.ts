import type dicomParser from 'dicom-parser';
import type { RunControl, VoxelArray } from '../volume.ts';
import type { SliceHeader } from '../dicom/slice-header.ts';
import type { StoredFrame } from '../pixel/stored-frame.ts';
import type { DicomSource } from './assemble-volume.ts';
import { ImagingError } from '../imaging-error.ts';
import { parseDicom } from '../dicom/parse-dicom.ts';
import { readPixelFormat } from '../pixel/pixel-format.ts';
import { decodeFrame } from '../pixel/decode-frame.ts';

/** Element types a volume is assembled in. */
export type OutputKind = 'int16' | 'uint16' | 'uint8' | 'float32';

/** A zeroed voxel array; on a SharedArrayBuffer when `shared` (for decoding workers). */
export function allocateVoxels(kind: OutputKind, n: number, shared = false): VoxelArray {
  const bytes = n * (kind === 'float32' ? 4 : kind === 'uint8' ? 1 : 2);
  const buffer = shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  switch (kind) {
    case 'int16':
      return new Int16Array(buffer);
    case 'uint16':
      return new Uint16Array(buffer);
    case 'uint8':
      return new Uint8Array(buffer);
    default:
      return new Float32Array(buffer);
  }
}

/** Range of stored values of a slice (BitsStored, PixelRepresentation). */
export function storedRange(h: SliceHeader): [number, number] {
  const bits = Math.min(h.bitsStored, 32);
  return h.pixelRepresentation === 1
    ? [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1]
    : [0, 2 ** bits - 1];
}

/** Thrown when an int16 target would overflow; assembleVolume then redoes the stack as float32. */
export class Int16Overflow extends Error {}

/**
 * Decodes `slices` (a sorted stack, or a contiguous part of one) into `target`, slice k of the
 * list at voxel offset (firstIndex + k) * rows * columns, with Rescale Slope/Intercept applied.
 * One file buffer is reused for every file; a multi-frame file is parsed once for its frames.
 * @throws ImagingError naming the file; Int16Overflow when `checkInt16` finds a value outside
 * int16; AbortError when `run.signal` aborts.
 */
export async function decodeSlices(
  slices: readonly SliceHeader[],
  firstIndex: number,
  sources: readonly DicomSource[],
  target: VoxelArray,
  checkInt16: boolean,
  run: RunControl = {},
): Promise<void> {
  const first = slices[0];
  const isCt = first.modality === 'CT';
  const sliceSize = first.rows * first.columns;
  let cachedIndex = -1;
  let cached: dicomParser.DataSet | undefined;
  const buffers = new ScratchBuffers();
  for (let k = 0; k < slices.length; k++) {
    run.signal?.throwIfAborted();
    const h = slices[k];
    const offset = (firstIndex + k) * sliceSize;
    if (h.rows !== first.rows || h.columns !== first.columns) {
      throw new ImagingError('MIXED_SERIES', 'image size differs within the stack', {
        file: h.file,
      });
    }
    if (h.sourceIndex !== cachedIndex) {
      const source = sources[h.sourceIndex];
      if (!source)
        throw new ImagingError('IO_ERROR', 'source not available for decoding', { file: h.file });
      let bytes: Uint8Array;
      try {
        bytes = source.readInto
          ? source.readInto((size) => buffers.file(size, h.pixelDataOffset))
          : await source.read();
      } catch (cause) {
        if (cause instanceof ImagingError) throw cause;
        throw new ImagingError('IO_ERROR', `cannot read file: ${(cause as Error).message}`, {
          file: h.file,
          cause,
        });
      }
      cached = parseDicom(bytes, h.file);
      cachedIndex = h.sourceIndex;
    }
    const ds = cached as dicomParser.DataSet;
    if (checkInt16 || !writeNativeFrame(ds, h, target, offset, isCt, buffers)) {
      const format = readPixelFormat(ds, h.file);
      const frame = await decodeFrame(ds, format, h.frame, h.file);
      if (frame.length < sliceSize) {
        throw new ImagingError(
          'DECODE_FAILED',
          `decoded ${frame.length} values, expected ${sliceSize}`,
          {
            file: h.file,
          },
        );
      }
      writeFrame(frame, h, target, offset, isCt, checkInt16);
    }
    run.onProgress?.((k + 1) / slices.length);
  }
}

/**
 * Writes one frame's modality values into `dst` at `offset`:
 * value = stored * slope + intercept, after inverting MONOCHROME1 stored values (non-CT only:
 * CT values are Hounsfield units whatever the display polarity). One pass, no allocation.
 */
function writeFrame(
  src: StoredFrame,
  h: SliceHeader,
  dst: VoxelArray,
  offset: number,
  isCt: boolean,
  checkInt16: boolean,
): void {
  const n = h.rows * h.columns;
  const slope = h.rescaleSlope;
  const intercept = h.rescaleIntercept;
  const invert = !isCt && h.photometricInterpretation === 'MONOCHROME1';
  const [lo, hi] = storedRange(h);
  const flip = lo + hi;
  if (slope === 1 && intercept === 0 && !invert && !checkInt16) {
    if (dst instanceof Float32Array || dst.BYTES_PER_ELEMENT >= src.BYTES_PER_ELEMENT) {
      // same or wider type: a plain typed-array copy (converts element-wise)
      dst.set(src.length === n ? src : src.subarray(0, n), offset);
      return;
    }
  }
  if (checkInt16) {
    for (let p = 0; p < n; p++) {
      const v = (invert ? flip - src[p] : src[p]) * slope + intercept;
      if (v < -32768 || v > 32767) throw new Int16Overflow();
      dst[offset + p] = v;
    }
    return;
  }
  if (slope === 1 && !invert && Number.isInteger(intercept)) {
    // the common CT case: an integer add, no float round trip
    for (let p = 0; p < n; p++) dst[offset + p] = src[p] + intercept;
    return;
  }
  for (let p = 0; p < n; p++) {
    const s = invert ? flip - src[p] : src[p];
    dst[offset + p] = s * slope + intercept;
  }
}

const NATIVE_LE = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1']);

/**
 * Fast path for the most common input, uncompressed little-endian 16-bit grey images: reads the
 * stored values straight from the file bytes (a view, no copy when aligned), masks BitsStored,
 * rescales and writes the target in one pass. Returns false, touching nothing, for anything
 * else (and for short pixel data, so that decodeFrame reports the error).
 */
function writeNativeFrame(
  ds: dicomParser.DataSet,
  h: SliceHeader,
  dst: VoxelArray,
  offset: number,
  isCt: boolean,
  buffers: ScratchBuffers,
): boolean {
  if (h.bitsAllocated !== 16 || h.samplesPerPixel !== 1 || !NATIVE_LE.has(h.transferSyntaxUid)) {
    return false;
  }
  if (!isCt && h.photometricInterpretation === 'MONOCHROME1') return false;
  if (!(dst instanceof Int16Array || dst instanceof Float32Array || dst instanceof Uint16Array)) {
    return false;
  }
  const el = ds.elements.x7fe00010;
  const highBit = ds.uint16('x00280102') ?? h.bitsStored - 1;
  if (!el || el.encapsulatedPixelData || highBit !== h.bitsStored - 1) return false;
  const n = h.rows * h.columns;
  const start = el.dataOffset + h.frame * n * 2;
  if (start + n * 2 > el.dataOffset + el.length || start + n * 2 > ds.byteArray.length)
    return false;
  const bytes = ds.byteArray;
  // 4-byte aligned views let the packed path convert two pixels per operation; a copy (native
  // memcpy) is far cheaper than the per-pixel loop it avoids
  const aligned = (bytes.byteOffset + start) % 4 === 0;
  const buffer = aligned
    ? bytes.buffer
    : buffers.pixels(bytes.subarray(start, start + n * 2)).buffer;
  const at = aligned ? bytes.byteOffset + start : 0;
  const slope = h.rescaleSlope;
  const intercept = h.rescaleIntercept;
  if (h.pixelRepresentation === 1) {
    const src = new Int16Array(buffer, at, n);
    const up = 32 - h.bitsStored;
    if (up === 16) {
      for (let p = 0; p < n; p++) dst[offset + p] = src[p] * slope + intercept;
    } else {
      for (let p = 0; p < n; p++) dst[offset + p] = ((src[p] << up) >> up) * slope + intercept;
    }
  } else {
    const mask = h.bitsStored >= 16 ? 0xffff : (1 << h.bitsStored) - 1;
    if (slope === 1 && dst instanceof Int16Array && Number.isInteger(intercept)) {
      if (addPacked(buffer, at, n, mask, intercept, dst, offset)) return true;
    }
    const src = new Uint16Array(buffer, at, n);
    if (slope === 1) {
      for (let p = 0; p < n; p++) dst[offset + p] = (src[p] & mask) + intercept;
    } else {
      for (let p = 0; p < n; p++) dst[offset + p] = (src[p] & mask) * slope + intercept;
    }
  }
  return true;
}

/**
 * Memory reused across the files of one series: one file buffer (grown as needed, placed so the
 * pixel data starts 4-byte aligned) and one aligned copy of a frame's pixel bytes. Avoids a
 * fresh allocation (and its page faults) per file.
 */
class ScratchBuffers {
  private fileBuffer = new ArrayBuffer(0);
  private pixelBuffer = new ArrayBuffer(0);

  /** `size` bytes for a file whose pixel data starts at `pixelDataOffset` (when known). */
  file(size: number, pixelDataOffset = 0): Uint8Array {
    const shift = (4 - (pixelDataOffset % 4)) % 4;
    if (this.fileBuffer.byteLength < size + shift)
      this.fileBuffer = new ArrayBuffer(Math.ceil((size + 4) * 1.25));
    return new Uint8Array(this.fileBuffer, shift, size);
  }

  /** An aligned copy of `bytes` (valid until the next call). */
  pixels(bytes: Uint8Array): Uint8Array {
    if (this.pixelBuffer.byteLength < bytes.length)
      this.pixelBuffer = new ArrayBuffer(bytes.length);
    const out = new Uint8Array(this.pixelBuffer, 0, bytes.length);
    out.set(bytes);
    return out;
  }
}

const HIGH_BITS = 0x80008000;
const LOW_BITS = 0x7fff7fff;

/**
 * dst[offset + p] = (src[p] & mask) + intercept for int16 output, two pixels per 32-bit
 * operation (SWAR addition within 16-bit lanes, so no carry crosses pixels). The caller
 * guarantees every result fits int16. Assumes a little-endian host (as the typed-array views of
 * the little-endian file do). Returns false when the views are not 4-byte aligned.
 */
function addPacked(
  buffer: ArrayBufferLike,
  at: number,
  n: number,
  mask: number,
  intercept: number,
  dst: Int16Array,
  offset: number,
): boolean {
  const dstAt = dst.byteOffset + offset * 2;
  if (at % 4 !== 0 || dstAt % 4 !== 0) return false;
  const pairs = n >>> 1;
  const src32 = new Uint32Array(buffer, at, pairs);
  const dst32 = new Uint32Array(dst.buffer, dstAt, pairs);
  const m = (mask | (mask << 16)) >>> 0;
  const k = ((intercept & 0xffff) * 0x10001) >>> 0;
  const kLow = k & LOW_BITS;
  for (let i = 0; i < pairs; i++) {
    const w = src32[i] & m;
    dst32[i] = ((w & LOW_BITS) + kLow) ^ ((w ^ k) & HIGH_BITS);
  }
  if (n & 1) {
    const last = new Uint16Array(buffer, at + (n - 1) * 2, 1)[0];
    dst[offset + n - 1] = (last & mask) + intercept;
  }
  return true;
}
