import type { PixelFormat } from './pixel-format.ts';

/**
 * Decoded stored values of one frame, row-major, samples interleaved for colour. The element
 * type follows BitsAllocated and PixelRepresentation: Uint8Array/Int8Array for 8 (and 1, as
 * 0/1 bytes), Uint16Array/Int16Array for 16, Uint32Array/Int32Array for 32.
 */
export type StoredFrame =
  Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;

/** Number of stored samples in one frame: rows * columns * samplesPerPixel. */
export function frameSampleCount(format: PixelFormat): number {
  return format.rows * format.columns * format.samplesPerPixel;
}

/** A zeroed frame array of the type `StoredFrame` documents for `format`. */
export function allocateStoredFrame(format: PixelFormat): StoredFrame {
  const n = frameSampleCount(format);
  const signed = format.pixelRepresentation === 1;
  switch (format.bitsAllocated) {
    case 1:
      return new Uint8Array(n);
    case 8:
      return signed ? new Int8Array(n) : new Uint8Array(n);
    case 16:
      return signed ? new Int16Array(n) : new Uint16Array(n);
    default:
      return signed ? new Int32Array(n) : new Uint32Array(n);
  }
}

/**
 * Reduces raw container values to stored values in place: takes bits HighBit-BitsStored+1 ..
 * HighBit (PS3.5 8.1.1), discarding overlay or garbage bits above, and sign-extends from
 * BitsStored when PixelRepresentation is 1. A no-op when BitsStored = BitsAllocated and
 * HighBit = BitsAllocated - 1. Mutates and returns `frame`. Cost: one pass, no allocation.
 */
export function normaliseStoredBits<T extends StoredFrame>(frame: T, format: PixelFormat): T {
  const { bitsAllocated, bitsStored, highBit } = format;
  if (bitsStored >= 32 || (bitsStored === bitsAllocated && highBit === bitsAllocated - 1)) {
    return frame;
  }
  const shift = highBit + 1 - bitsStored;
  const n = frame.length;
  if (format.pixelRepresentation === 1) {
    const up = 32 - bitsStored;
    for (let i = 0; i < n; i++) frame[i] = ((frame[i] >>> shift) << up) >> up;
  } else {
    // bitsStored < 32 here, so the mask is a positive 31-bit value
    const mask = (1 << bitsStored) - 1;
    for (let i = 0; i < n; i++) frame[i] = (frame[i] >>> shift) & mask;
  }
  return frame;
}
