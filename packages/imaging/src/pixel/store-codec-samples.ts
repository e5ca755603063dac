import { ImagingError } from '../imaging-error.ts';
import type { PixelFormat } from './pixel-format.ts';
import {
  allocateStoredFrame,
  frameSampleCount,
  normaliseStoredBits,
  type StoredFrame,
} from './stored-frame.ts';

/** What a codec reports about the image it decoded. */
export interface CodecImage {
  readonly width: number;
  readonly height: number;
  readonly components: number;
  /** codec precision, bits per sample */
  readonly bitsPerSample: number;
  /** true when the codec produced two's complement signed samples (JPEG 2000 Ssiz bit 7) */
  readonly signed: boolean;
}

/**
 * Copies a codec's decoded samples into the `StoredFrame` array type of `format`, then masks /
 * sign-extends per BitsStored and PixelRepresentation.
 *
 * `bytes` holds the codec output in little-endian order, 1 byte per sample for precision <= 8,
 * 2 for <= 16, 4 above (the layout of all emscripten codecs and WASM memory). It is copied, so a
 * view into a WASM heap may be passed and freed afterwards.
 *
 * Codec precision may differ from BitsStored (e.g. a 14-bit signed JPEG 2000 codestream in a
 * BitsStored 16 dataset): signed codec samples keep their value, unsigned ones their bit pattern,
 * and the result is expressed per BitsStored/PixelRepresentation.
 *
 * @throws ImagingError DECODE_FAILED when the codec's size, component count or output length
 *   disagree with the dataset; never returns a wrongly sized array.
 */
export function storeCodecSamples(
  bytes: Uint8Array,
  image: CodecImage,
  format: PixelFormat,
  label: string,
  codecName: string,
): StoredFrame {
  const fail = (why: string) =>
    new ImagingError('DECODE_FAILED', `${codecName}: ${why}`, { file: label });
  if (image.width !== format.columns || image.height !== format.rows) {
    throw fail(
      `decoded ${image.width}x${image.height}, dataset says ${format.columns}x${format.rows}`,
    );
  }
  if (image.components !== format.samplesPerPixel) {
    throw fail(
      `decoded ${image.components} components, SamplesPerPixel is ${format.samplesPerPixel}`,
    );
  }
  const n = frameSampleCount(format);
  const width = image.bitsPerSample <= 8 ? 1 : image.bitsPerSample <= 16 ? 2 : 4;
  if (bytes.length < n * width) {
    throw fail(`decoded ${bytes.length} bytes, expected ${n * width}`);
  }
  if (format.bitsAllocated > 1 && image.bitsPerSample > format.bitsAllocated) {
    throw fail(
      `codec precision ${image.bitsPerSample} exceeds BitsAllocated ${format.bitsAllocated}`,
    );
  }
  const copy = new Uint8Array(bytes.subarray(0, n * width)); // aligned, owned copy
  const samples =
    width === 1
      ? image.signed
        ? new Int8Array(copy.buffer)
        : copy
      : width === 2
        ? image.signed
          ? new Int16Array(copy.buffer)
          : new Uint16Array(copy.buffer)
        : image.signed
          ? new Int32Array(copy.buffer)
          : new Uint32Array(copy.buffer);
  const out = allocateStoredFrame(format);
  // TypedArray.set converts element-wise (modular for integer targets), preserving bit patterns
  out.set(samples);
  return normaliseStoredBits(out, format);
}
