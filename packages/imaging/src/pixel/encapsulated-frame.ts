import type dicomParser from 'dicom-parser';
import { ImagingError } from '../imaging-error.ts';

/** Start-of-frame signatures used to split fragments into frames when no offset table says how. */
export type FrameStartMarker = 'jpeg' | 'j2k' | 'none';

/**
 * Returns the compressed bit stream of frame `frameIndex` of encapsulated pixel data
 * (PS3.5 A.4): the frame's fragments, concatenated (a view without copying when the frame is
 * a single fragment).
 *
 * Which fragments make up a frame, in order of preference:
 * 1. one frame in total: all fragments;
 * 2. the Extended Offset Table (7FE0,0001), when present;
 * 3. a Basic Offset Table with one entry per frame;
 * 4. exactly one fragment per frame;
 * 5. fragments starting with the codec's start-of-stream marker (JPEG SOI FFD8, JPEG 2000 SOC
 *    FF4F or a JP2 signature box) begin a new frame, when that yields NumberOfFrames frames.
 *
 * @param ds dataset whose PixelData (7FE0,0010) is encapsulated
 * @throws ImagingError TRUNCATED when a fragment runs past the end of the file, DECODE_FAILED
 *   when there are no fragments or the frames cannot be delimited
 */
export function encapsulatedFrame(
  ds: dicomParser.DataSet,
  pixelData: dicomParser.Element,
  numberOfFrames: number,
  frameIndex: number,
  marker: FrameStartMarker,
  label: string,
): Uint8Array {
  const fragments = pixelData.fragments ?? [];
  const bytes = ds.byteArray;
  if (fragments.length === 0) {
    throw new ImagingError('DECODE_FAILED', 'encapsulated pixel data has no fragments', {
      file: label,
    });
  }
  for (const f of fragments) {
    if (f.position + f.length > bytes.length) {
      throw new ImagingError(
        'TRUNCATED',
        `pixel data fragment at byte ${f.position} (${f.length} bytes) runs past the end of the file (${bytes.length} bytes)`,
        { file: label },
      );
    }
  }
  const [first, count] = fragmentRange(ds, pixelData, numberOfFrames, frameIndex, marker, label);
  if (count === 1) {
    const f = fragments[first];
    return bytes.subarray(f.position, f.position + f.length);
  }
  let total = 0;
  for (let i = first; i < first + count; i++) total += fragments[i].length;
  const out = new Uint8Array(total);
  let at = 0;
  for (let i = first; i < first + count; i++) {
    const f = fragments[i];
    out.set(bytes.subarray(f.position, f.position + f.length), at);
    at += f.length;
  }
  return out;
}

/** [first fragment index, fragment count] of the frame. */
function fragmentRange(
  ds: dicomParser.DataSet,
  pixelData: dicomParser.Element,
  numberOfFrames: number,
  frameIndex: number,
  marker: FrameStartMarker,
  label: string,
): [number, number] {
  const fragments = pixelData.fragments ?? [];
  if (numberOfFrames === 1) return [0, fragments.length];

  const byOffsets = (offsets: readonly number[]): [number, number] | undefined => {
    if (offsets.length !== numberOfFrames) return undefined;
    const start = offsets[frameIndex];
    const end = frameIndex + 1 < offsets.length ? offsets[frameIndex + 1] : Infinity;
    const first = fragments.findIndex((f) => f.offset === start);
    if (first < 0 || !(end > start)) return undefined;
    let count = 0;
    while (first + count < fragments.length && fragments[first + count].offset < end) count++;
    return [first, count];
  };

  const extended = extendedOffsets(ds);
  const fromExtended = extended ? byOffsets(extended) : undefined;
  if (fromExtended) return fromExtended;
  const fromBasic = byOffsets(pixelData.basicOffsetTable ?? []);
  if (fromBasic) return fromBasic;
  if (fragments.length === numberOfFrames) return [frameIndex, 1];

  if (marker !== 'none') {
    const starts: number[] = [];
    fragments.forEach((f, i) => {
      if (startsFrame(ds.byteArray, f.position, f.length, marker)) starts.push(i);
    });
    if (starts.length === numberOfFrames && starts[0] === 0) {
      const end = frameIndex + 1 < starts.length ? starts[frameIndex + 1] : fragments.length;
      return [starts[frameIndex], end - starts[frameIndex]];
    }
  }
  throw new ImagingError(
    'DECODE_FAILED',
    `cannot tell which of ${fragments.length} fragments belong to frame ${frameIndex} of ${numberOfFrames}: no usable offset table`,
    { file: label },
  );
}

/** Extended Offset Table (7FE0,0001), OV: 64-bit offsets, or undefined when absent. */
function extendedOffsets(ds: dicomParser.DataSet): number[] | undefined {
  const el = ds.elements.x7fe00001;
  if (!el || el.length === 0 || el.length % 8 !== 0) return undefined;
  if (el.dataOffset + el.length > ds.byteArray.length) return undefined;
  const view = new DataView(
    ds.byteArray.buffer,
    ds.byteArray.byteOffset + el.dataOffset,
    el.length,
  );
  const out: number[] = [];
  for (let i = 0; i < el.length; i += 8) {
    const lo = view.getUint32(i, true);
    const hi = view.getUint32(i + 4, true);
    out.push(hi * 0x100000000 + lo);
  }
  return out;
}

function startsFrame(b: Uint8Array, at: number, length: number, marker: FrameStartMarker): boolean {
  if (length < 4) return false;
  if (marker === 'jpeg') return b[at] === 0xff && b[at + 1] === 0xd8;
  // JPEG 2000 codestream SOC+SIZ, or a JP2 file's signature box (ISO 15444-1 I.5.1)
  return (
    (b[at] === 0xff && b[at + 1] === 0x4f && b[at + 2] === 0xff && b[at + 3] === 0x51) ||
    (length >= 8 &&
      b[at] === 0 &&
      b[at + 1] === 0 &&
      b[at + 2] === 0 &&
      b[at + 3] === 0x0c &&
      b[at + 4] === 0x6a &&
      b[at + 5] === 0x50)
  );
}
