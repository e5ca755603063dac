import dicomParser from 'dicom-parser';
import { inflateSync } from 'fflate';
import { ImagingError } from '../imaging-error.ts';

/** Deflated Explicit VR Little Endian (PS3.5 A.5): the dataset after the meta header is raw deflate. */
const DEFLATED_EXPLICIT_LE = '1.2.840.10008.1.2.1.99';
const IMPLICIT_LE = '1.2.840.10008.1.2';

/** Cheap check: the Part 10 magic 'DICM' at byte offset 128 (PS3.10 7.1). Reads 4 bytes. */
export function isProbablyDicom(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 132 &&
    bytes[128] === 0x44 && // D
    bytes[129] === 0x49 && // I
    bytes[130] === 0x43 && // C
    bytes[131] === 0x4d // M
  );
}

/**
 * Parses a DICOM Part 10 file into a dicom-parser DataSet (elements indexed by `xggggeeee`).
 *
 * Accepted inputs:
 * - Part 10 files (128-byte preamble + 'DICM' + group 0002 meta header), any transfer syntax,
 *   including Deflated Explicit VR LE (1.2.840.10008.1.2.1.99), inflated with fflate (pure JS).
 * - Part 10 files whose preamble and magic were stripped (group 0002 explicit VR at offset 0).
 * - Raw Implicit VR LE datasets without meta header (old ACR-NEMA style exports), accepted only
 *   when the first element is a plausible group 0008 element with a length that fits the file;
 *   such datasets get the Implicit VR LE transfer syntax.
 *
 * The returned DataSet shares `bytes` (no copy) unless the file is deflated.
 * Pixel data is not decoded here; see `decodeFrame`.
 *
 * @param bytes whole file content
 * @param label name of the input used in errors (path, zip entry, ...)
 * @param parse.untilTag stop after this element's header (e.g. 'x7fe00010' to read a header
 *   from the first bytes of a file; the element is present, its value not read)
 * @throws ImagingError NOT_DICOM (no magic and not a plausible raw dataset), TRUNCATED (an
 *   element runs past the end of the buffer), CORRUPT (anything else dicom-parser rejects).
 *   Never throws anything else.
 */
export function parseDicom(
  bytes: Uint8Array,
  label: string,
  parse: { readonly untilTag?: string } = {},
): dicomParser.DataSet {
  let input = bytes;
  let options: dicomParser.ParseDicomOptions = {
    inflater: inflateDataset(label),
    ...(parse.untilTag ? { untilTag: parse.untilTag } : {}),
  };
  if (!isProbablyDicom(bytes)) {
    if (looksLikeMetaHeaderAtStart(bytes)) {
      // Preamble and magic stripped: restore them so the meta header parses as usual.
      input = new Uint8Array(132 + bytes.length);
      input.set([0x44, 0x49, 0x43, 0x4d], 128);
      input.set(bytes, 132);
    } else if (looksLikeRawImplicitLe(bytes)) {
      options = { ...options, TransferSyntaxUID: IMPLICIT_LE };
    } else {
      throw new ImagingError('NOT_DICOM', 'no DICM magic at offset 128 and no plausible dataset', {
        file: label,
      });
    }
  }
  let ds: dicomParser.DataSet;
  let transferSyntax: string | undefined;
  try {
    ds = dicomParser.parseDicom(input, options);
    transferSyntax = ds.string('x00020010');
  } catch (e) {
    throw mapParserError(e, label);
  }
  if (options.TransferSyntaxUID === undefined && !transferSyntax) {
    throw new ImagingError('CORRUPT', 'meta header lacks TransferSyntaxUID (0002,0010)', {
      file: label,
    });
  }
  return ds;
}

/** Builds dicom-parser's inflater callback: header bytes + raw-inflated dataset, one array. */
function inflateDataset(label: string): (arr: Uint8Array, position: number) => Uint8Array {
  return (arr, position) => {
    let inflated: Uint8Array;
    try {
      inflated = inflateSync(arr.subarray(position));
    } catch (e) {
      throw new ImagingError(
        'CORRUPT',
        `deflated dataset (${DEFLATED_EXPLICIT_LE}) fails to inflate`,
        {
          file: label,
          cause: e,
        },
      );
    }
    const out = new Uint8Array(position + inflated.length);
    out.set(arr.subarray(0, position), 0);
    out.set(inflated, position);
    return out;
  };
}

/** Group 0002 element with explicit VR 'UL' (FileMetaInformationGroupLength) at offset 0. */
function looksLikeMetaHeaderAtStart(b: Uint8Array): boolean {
  return b.length >= 12 && b[0] === 0x02 && b[1] === 0x00 && b[4] === 0x55 && b[5] === 0x4c;
}

/**
 * A raw Implicit VR LE dataset normally starts with a group 0008 element (e.g. (0008,0000) or
 * (0008,0005)) whose 32-bit length fits in the file. Random data rarely passes this test.
 */
function looksLikeRawImplicitLe(b: Uint8Array): boolean {
  if (b.length < 8) return false;
  const group = b[0] | (b[1] << 8);
  const element = b[2] | (b[3] << 8);
  const length = (b[4] | (b[5] << 8) | (b[6] << 16)) + b[7] * 0x1000000;
  return group === 0x0008 && element <= 0x0020 && length <= b.length - 8 && length % 2 === 0;
}

/** dicom-parser throws strings, Errors or `{ exception, dataSet }`; map them to ImagingError. */
function mapParserError(e: unknown, label: string): ImagingError {
  if (e instanceof ImagingError) return e;
  const inner =
    typeof e === 'object' && e !== null && 'exception' in e
      ? (e as { exception: unknown }).exception
      : e;
  if (inner instanceof ImagingError) return inner;
  const message = inner instanceof Error ? inner.message : String(inner);
  const truncated = /overrun|overread|past end|end of buffer|cannot be greater than or equal/i.test(
    message,
  );
  return new ImagingError(truncated ? 'TRUNCATED' : 'CORRUPT', `DICOM parse failed: ${message}`, {
    file: label,
    cause: inner,
  });
}
