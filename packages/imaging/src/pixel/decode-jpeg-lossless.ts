import { Decoder } from 'jpeg-lossless-decoder-js';
import { ImagingError } from '../imaging-error.ts';
import type { PixelFormat } from './pixel-format.ts';
import type { StoredFrame } from './stored-frame.ts';
import { storeCodecSamples } from './store-codec-samples.ts';

/**
 * Decodes one JPEG Lossless frame (process 14, any selection value: 1.2.840.10008.1.2.4.57 and
 * .70) with jpeg-lossless-decoder-js (pure JS). Signed data is coded as its BitsStored-bit two's
 * complement pattern (PS3.5 8.2.1), so the unsigned codec output is sign-extended from BitsStored.
 *
 * @param frame the JPEG stream of one frame (SOI..EOI, possibly with a trailing pad byte)
 * @throws ImagingError DECODE_FAILED when the stream is invalid or disagrees with `format`
 */
export function decodeJpegLossless(
  frame: Uint8Array,
  format: PixelFormat,
  label: string,
): StoredFrame {
  const name = 'jpeg-lossless-decoder-js (JPEG lossless)';
  // The decoder reads through a DataView over a whole ArrayBuffer: hand it an exact copy.
  // (new Uint8Array(x) copies; Buffer#slice would not.)
  const buffer = new Uint8Array(frame).buffer;
  const header = readSof(frame);
  let samples: Uint8Array | Uint16Array;
  try {
    samples = new Decoder().decode(buffer, 0, buffer.byteLength);
  } catch (e) {
    throw new ImagingError(
      'DECODE_FAILED',
      `${name}: ${e instanceof Error ? e.message : String(e)}`,
      { file: label, cause: e },
    );
  }
  if (!header) {
    throw new ImagingError('DECODE_FAILED', `${name}: no SOF3 frame header`, { file: label });
  }
  const bytes = new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
  return storeCodecSamples(
    bytes,
    {
      width: header.width,
      height: header.height,
      components: header.components,
      bitsPerSample: samples.BYTES_PER_ELEMENT === 1 ? 8 : 16,
      signed: false,
    },
    format,
    label,
    name,
  );
}

/** Reads width, height and component count from the first SOFn marker (ITU T.81 B.2.2). */
function readSof(b: Uint8Array): { width: number; height: number; components: number } | undefined {
  let i = 2; // after SOI
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1];
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    const length = (b[i + 2] << 8) | b[i + 3];
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return {
        height: (b[i + 5] << 8) | b[i + 6],
        width: (b[i + 7] << 8) | b[i + 8],
        components: b[i + 9],
      };
    }
    i += 2 + length;
  }
  return undefined;
}
