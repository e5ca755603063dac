import type dicomParser from 'dicom-parser';
import { ImagingError } from '../imaging-error.ts';
import { decodeJpegExtended } from './decode-jpeg-extended.ts';
import { decodeJpegLossless } from './decode-jpeg-lossless.ts';
import { decodeNativeFrame } from './decode-native-frame.ts';
import { decodeRle } from './decode-rle.ts';
import { decodeWasmFrame } from './decode-wasm-frame.ts';
import { encapsulatedFrame } from './encapsulated-frame.ts';
import type { PixelFormat } from './pixel-format.ts';
import type { StoredFrame } from './stored-frame.ts';
import { pixelEncodingOf } from './transfer-syntax.ts';

export type { StoredFrame } from './stored-frame.ts';

/**
 * Decodes frame `frameIndex` (0-based) of the dataset's PixelData (7FE0,0010) to stored values:
 * row-major, sign-extended per BitsStored/PixelRepresentation, bits above HighBit discarded,
 * NOT rescaled and NOT inverted for MONOCHROME1. Colour frames come back as interleaved RGB
 * (JPEG YBR_FULL_422/YBR_FULL and native 8-bit YBR_FULL/YBR_FULL_422 are converted;
 * J2K YBR_RCT/YBR_ICT are undone by the codec).
 *
 * Array type: Int16Array for signed 16-bit containers, Uint16Array for unsigned 16-bit,
 * Uint8Array for 8-bit unsigned (and 1-bit, as 0/1), Int8Array for 8-bit signed,
 * Int32Array/Uint32Array for 32-bit. Length is always rows*columns*samplesPerPixel.
 *
 * Transfer syntaxes: Implicit/Explicit VR LE, Explicit VR BE, Deflated (already inflated by
 * parseDicom), RLE Lossless (in-house), JPEG baseline 8-bit (libjpeg-turbo WASM), JPEG lossless
 * process 14 and SV1 (jpeg-lossless-decoder-js), JPEG-LS (CharLS WASM), JPEG 2000 (OpenJPEG WASM),
 * HTJ2K (OpenJPH WASM), JPEG extended 12-bit (.4.51, in-house IJG-exact DCT decoder; see
 * docs/decisions/0002-codecs.md). WASM codecs are instantiated lazily on
 * first use; the returned promise includes that one-off cost.
 *
 * @param ds a dataset from `parseDicom` (its transfer syntax is read from (0002,0010))
 * @param format from `readPixelFormat(ds)`
 * @param label names the input in errors
 * @throws ImagingError UNSUPPORTED_TRANSFER_SYNTAX, DECODE_FAILED (bad stream, frame index out of
 *   range, no pixel data, codec output not matching the format), TRUNCATED (pixel data shorter
 *   than the frames), UNSUPPORTED_PIXEL_FORMAT (native colour layouts not handled). Never any
 *   other error.
 */
export async function decodeFrame(
  ds: dicomParser.DataSet,
  format: PixelFormat,
  frameIndex: number,
  label: string,
): Promise<StoredFrame> {
  try {
    return await decodeFrameUnchecked(ds, format, frameIndex, label);
  } catch (e) {
    if (e instanceof ImagingError) throw e;
    // a codec or typed-array failure we did not anticipate: still a typed error
    throw new ImagingError(
      'DECODE_FAILED',
      `frame ${frameIndex}: ${e instanceof Error ? e.message : String(e)}`,
      { file: label, cause: e },
    );
  }
}

async function decodeFrameUnchecked(
  ds: dicomParser.DataSet,
  format: PixelFormat,
  frameIndex: number,
  label: string,
): Promise<StoredFrame> {
  const ts = ds.string('x00020010') ?? '';
  const encoding = pixelEncodingOf(ts);
  if (!encoding) {
    throw new ImagingError(
      'UNSUPPORTED_TRANSFER_SYNTAX',
      `transfer syntax ${ts || '(none)'} cannot be decoded`,
      { file: label },
    );
  }
  const pixelData = ds.elements.x7fe00010;
  if (!pixelData) {
    throw new ImagingError('DECODE_FAILED', 'no PixelData (7FE0,0010)', { file: label });
  }
  const numberOfFrames = Math.max(1, ds.intString('x00280008') ?? 1);
  if (!Number.isInteger(frameIndex) || frameIndex < 0 || frameIndex >= numberOfFrames) {
    throw new ImagingError(
      'DECODE_FAILED',
      `frame index ${frameIndex} outside 0..${numberOfFrames - 1}`,
      { file: label },
    );
  }

  if (encoding.kind === 'native') {
    if (pixelData.encapsulatedPixelData) {
      throw new ImagingError(
        'DECODE_FAILED',
        `transfer syntax ${ts} is native but PixelData is encapsulated`,
        { file: label },
      );
    }
    const bytes = ds.byteArray;
    const end = pixelData.dataOffset + pixelData.length;
    if (end > bytes.length) {
      throw new ImagingError(
        'TRUNCATED',
        `PixelData declares ${pixelData.length} bytes; the file ends ${end - bytes.length} bytes early`,
        { file: label },
      );
    }
    const value = bytes.subarray(pixelData.dataOffset, end);
    return decodeNativeFrame(
      value,
      format,
      frameIndex,
      {
        bigEndian: encoding.bigEndian,
        swapBytePairs: encoding.bigEndian && format.bitsAllocated === 8 && pixelData.vr === 'OW',
      },
      label,
    );
  }

  if (!pixelData.encapsulatedPixelData) {
    throw new ImagingError(
      'DECODE_FAILED',
      `transfer syntax ${ts} requires encapsulated PixelData`,
      { file: label },
    );
  }
  const codec = encoding.codec;
  const marker =
    codec === 'rle' ? 'none' : codec === 'jpeg-2000' || codec === 'htj2k' ? 'j2k' : 'jpeg';
  const frame = encapsulatedFrame(ds, pixelData, numberOfFrames, frameIndex, marker, label);
  switch (codec) {
    case 'rle':
      return decodeRle(frame, format, label);
    case 'jpeg-lossless':
      return decodeJpegLossless(frame, format, label);
    case 'jpeg-extended':
      return decodeJpegExtended(frame, format, label);
    default:
      return decodeWasmFrame(codec, frame, format, label);
  }
}
