import { ImagingError } from '../imaging-error.ts';
import type { PixelFormat } from './pixel-format.ts';
import {
  allocateStoredFrame,
  frameSampleCount,
  normaliseStoredBits,
  type StoredFrame,
} from './stored-frame.ts';
import { ybrFull422ToRgb, ybrFullToRgb } from './ybr-to-rgb.ts';

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** How the native pixel bytes are laid out. */
export interface NativeLayout {
  /** true for Explicit VR Big Endian (1.2.840.10008.1.2.2): multi-byte samples are big endian */
  readonly bigEndian: boolean;
  /**
   * true when 8-bit samples sit in an OW element of a big-endian dataset, so each pair of bytes
   * is swapped (PS3.5 8.1.1: OW is a stream of 16-bit words). Default false.
   */
  readonly swapBytePairs?: boolean;
}

/**
 * Decodes frame `frameIndex` of native (uncompressed) pixel data.
 *
 * Handles little and big endian, BitsAllocated 1 (LSB-first bit packing, PS3.5 8.1.1; returned as
 * 0/1 bytes), 8, 16, 32, masking of bits above HighBit and sign extension from BitsStored,
 * PlanarConfiguration 1 (reordered to interleaved) and 8-bit YBR_FULL / YBR_FULL_422 colour
 * (converted to RGB). Frames follow each other without padding, except that 1-bit frames may
 * start mid-byte.
 *
 * @param value bytes of the PixelData (7FE0,0010) value; not mutated
 * @returns a new array (never a view of `value`)
 * @throws ImagingError TRUNCATED when the value is too short for the frame,
 *   UNSUPPORTED_PIXEL_FORMAT for colour layouts not handled here (e.g. 16-bit YBR)
 */
export function decodeNativeFrame(
  value: Uint8Array,
  format: PixelFormat,
  frameIndex: number,
  layout: NativeLayout,
  label: string,
): StoredFrame {
  const n = frameSampleCount(format);
  const ybr422 =
    format.photometricInterpretation === 'YBR_FULL_422' && format.samplesPerPixel === 3;
  if (format.bitsAllocated === 1) return unpackBits(value, n, frameIndex, label);

  const bytesPerSample = format.bitsAllocated / 8;
  const frameBytes = ybr422 ? (n / 3) * 2 * bytesPerSample : n * bytesPerSample;
  const start = frameIndex * frameBytes;
  if (start + frameBytes > value.length) {
    throw new ImagingError(
      'TRUNCATED',
      `native pixel data holds ${value.length} bytes; frame ${frameIndex} needs bytes ${start}..${start + frameBytes}`,
      { file: label },
    );
  }
  const raw = value.subarray(start, start + frameBytes);

  if (format.samplesPerPixel === 3 && format.photometricInterpretation.startsWith('YBR_FULL')) {
    if (format.bitsAllocated !== 8) {
      throw new ImagingError(
        'UNSUPPORTED_PIXEL_FORMAT',
        `native ${format.photometricInterpretation} with BitsAllocated ${format.bitsAllocated}`,
        { file: label },
      );
    }
    const out = new Uint8Array(n);
    if (ybr422) return ybrFull422ToRgb(maybeSwapPairs(raw, layout), out);
    return ybrFullToRgb(interleave(maybeSwapPairs(raw, layout), format), out);
  }

  const out = allocateStoredFrame(format);
  const outBytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  outBytes.set(bytesPerSample === 1 ? maybeSwapPairs(raw, layout) : raw);
  if (bytesPerSample > 1 && layout.bigEndian === HOST_LITTLE_ENDIAN) {
    swapInPlace(outBytes, bytesPerSample);
  }
  const interleaved = format.samplesPerPixel === 3 ? interleave(out, format) : out;
  return normaliseStoredBits(interleaved, format);
}

function maybeSwapPairs(raw: Uint8Array, layout: NativeLayout): Uint8Array {
  if (!layout.swapBytePairs) return raw;
  const copy = new Uint8Array(raw); // a copy even when raw is a Buffer view
  swapInPlace(copy, 2);
  return copy;
}

/** Reverses the bytes of every `width`-byte word. */
function swapInPlace(bytes: Uint8Array, width: number): void {
  const end = bytes.length - (bytes.length % width);
  if (width === 2) {
    for (let i = 0; i < end; i += 2) {
      const t = bytes[i];
      bytes[i] = bytes[i + 1];
      bytes[i + 1] = t;
    }
  } else {
    for (let i = 0; i < end; i += 4) {
      let t = bytes[i];
      bytes[i] = bytes[i + 3];
      bytes[i + 3] = t;
      t = bytes[i + 1];
      bytes[i + 1] = bytes[i + 2];
      bytes[i + 2] = t;
    }
  }
}

/** PlanarConfiguration 1 (RRR..GGG..BBB..) to interleaved; returns `frame` itself when already 0. */
function interleave<T extends StoredFrame>(frame: T, format: PixelFormat): T {
  if (format.planarConfiguration === 0) return frame;
  const plane = format.rows * format.columns;
  const out = frame.slice() as T;
  for (let p = 0; p < plane; p++) {
    out[3 * p] = frame[p];
    out[3 * p + 1] = frame[plane + p];
    out[3 * p + 2] = frame[2 * plane + p];
  }
  return out;
}

function unpackBits(value: Uint8Array, n: number, frameIndex: number, label: string): Uint8Array {
  const firstBit = frameIndex * n;
  if (firstBit + n > value.length * 8) {
    throw new ImagingError(
      'TRUNCATED',
      `1-bit pixel data holds ${value.length * 8} bits; frame ${frameIndex} needs bits ${firstBit}..${firstBit + n}`,
      { file: label },
    );
  }
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const bit = firstBit + i;
    out[i] = (value[bit >> 3] >> (bit & 7)) & 1;
  }
  return out;
}
