import { ImagingError } from '../imaging-error.ts';
import { decodeWasmFrame } from './decode-wasm-frame.ts';
import type { PixelFormat } from './pixel-format.ts';
import type { StoredFrame } from './stored-frame.ts';
import { storeCodecSamples } from './store-codec-samples.ts';
import { wasmCodecs } from './wasm-codecs.ts';

/**
 * Decodes one JPEG extended frame (processes 2 and 4, 1.2.840.10008.1.2.4.51).
 *
 * 8-bit streams go through libjpeg-turbo like baseline. 12-bit DCT streams, which libjpeg-turbo's
 * 8-bit build cannot decode, go through dcmjs-codecs (DCMTK's IJG libjpeg 12-bit, integer
 * "islow" IDCT, the same algorithm GDCM uses, so lossy output matches GDCM exactly).
 *
 * @param frame the JPEG stream of one frame
 * @throws ImagingError DECODE_FAILED for a bad stream; UNSUPPORTED_TRANSFER_SYNTAX for a
 *   precision other than 8 or 12
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
  const name = 'dcmjs-codecs IJG 12-bit (JPEG extended)';
  let m;
  try {
    m = await wasmCodecs.dcmjsCodecs();
  } catch (e) {
    throw new ImagingError('DECODE_FAILED', `${name}: codec module failed to load`, {
      file: label,
      cause: e,
    });
  }
  let decoded;
  try {
    const context = new m.Context({
      width: format.columns,
      height: format.rows,
      bitsAllocated: format.bitsAllocated,
      bitsStored: format.bitsStored,
      samplesPerPixel: format.samplesPerPixel,
      pixelRepresentation: format.pixelRepresentation,
      planarConfiguration: format.planarConfiguration,
      photometricInterpretation: format.photometricInterpretation,
      encodedBuffer: new Uint8Array(frame),
    });
    decoded = m.NativeCodecs.decodeJpeg(context, { convertColorspaceToRgb: true });
  } catch (e) {
    throw new ImagingError(
      'DECODE_FAILED',
      `${name}: ${e instanceof Error ? e.message : String(e)}`,
      { file: label, cause: e },
    );
  }
  const bytes = decoded.getDecodedBuffer();
  if (!bytes) throw new ImagingError('DECODE_FAILED', `${name}: no output`, { file: label });
  return storeCodecSamples(
    bytes,
    {
      width: decoded.getWidth() ?? 0,
      height: decoded.getHeight() ?? 0,
      components: decoded.getSamplesPerPixel() ?? 0,
      bitsPerSample: precision,
      signed: false,
    },
    format,
    label,
    name,
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
