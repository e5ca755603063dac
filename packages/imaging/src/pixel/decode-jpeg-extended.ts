import { ImagingError } from '../imaging-error.ts';
import { decodeJpegDct } from './decode-jpeg-dct.ts';
import { decodeWasmFrame } from './decode-wasm-frame.ts';
import type { PixelFormat } from './pixel-format.ts';
import type { StoredFrame } from './stored-frame.ts';
import { storeCodecSamples } from './store-codec-samples.ts';

/**
 * Decodes one JPEG extended frame (processes 2 and 4, 1.2.840.10008.1.2.4.51).
 *
 * 8-bit streams go through libjpeg-turbo like baseline. 12-bit streams, which libjpeg-turbo's
 * 8-bit build cannot decode, go through the in-house `decodeJpegDct` (IJG islow IDCT port,
 * bit-identical to GDCM/DCMTK on valid streams; greyscale only).
 *
 * @param frame the JPEG stream of one frame
 * @throws ImagingError DECODE_FAILED for a bad stream; UNSUPPORTED_TRANSFER_SYNTAX for a
 *   precision other than 8 or 12 or a 12-bit colour stream
 */
export async function decodeJpegExtended(
  frame: Uint8Array,
  format: PixelFormat,
  label: string,
): Promise<StoredFrame> {
  const precision = jpegPrecision(frame);
  if (precision === 8) return decodeWasmFrame('jpeg-baseline', frame, format, label);
  if (precision !== 12) {
    throw new ImagingError(
      'UNSUPPORTED_TRANSFER_SYNTAX',
      `JPEG extended (1.2.840.10008.1.2.4.51) with ${precision ?? 'unreadable'} bit precision; only 8 and 12 are defined`,
      { file: label },
    );
  }
  const image = decodeJpegDct(frame, label);
  const samples = image.samples;
  return storeCodecSamples(
    new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength),
    {
      width: image.width,
      height: image.height,
      components: 1,
      bitsPerSample: image.precision,
      signed: false,
    },
    format,
    label,
    'in-house 12-bit DCT (JPEG extended)',
  );
}

/** Sample precision P of the first SOFn marker (ITU T.81 B.2.2), or undefined. */
export function jpegPrecision(b: Uint8Array): number | undefined {
  let i = 2;
  while (i + 4 < b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1];
    if (marker === 0xff) {
      i++;
      continue;
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return b[i + 4];
    }
    i += 2 + ((b[i + 2] << 8) | b[i + 3]);
  }
  return undefined;
}
