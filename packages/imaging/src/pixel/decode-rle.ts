import { ImagingError } from '../imaging-error.ts';
import type { PixelFormat } from './pixel-format.ts';
import { allocateStoredFrame, normaliseStoredBits, type StoredFrame } from './stored-frame.ts';

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Decodes one DICOM RLE Lossless frame (1.2.840.10008.1.2.5, PS3.5 Annex G).
 *
 * The frame starts with a 64-byte header: the number of segments (uint32 LE) and 15 segment
 * offsets. There is one segment per byte of each sample: for each sample (R, G, B, or the one grey
 * sample) its bytes most significant first (G.2). Each segment is PackBits-compressed (G.3.1)
 * and expands to rows*columns bytes (a trailing pad byte is tolerated).
 * The result is interleaved whatever PlanarConfiguration says, and masked / sign-extended per
 * BitsStored and PixelRepresentation.
 *
 * @param frame the concatenated fragment bytes of one frame; not mutated
 * @throws ImagingError DECODE_FAILED for a bad header, a segment count that does not match
 *   BitsAllocated * SamplesPerPixel, or a segment that is short or overruns
 */
export function decodeRle(frame: Uint8Array, format: PixelFormat, label: string): StoredFrame {
  const fail = (why: string) =>
    new ImagingError('DECODE_FAILED', `RLE frame: ${why}`, { file: label });
  if (format.bitsAllocated === 1) throw fail('BitsAllocated 1 is not defined for RLE');
  if (frame.length < 64) throw fail(`only ${frame.length} bytes, header needs 64`);
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const segmentCount = view.getUint32(0, true);
  const bytesPerSample = format.bitsAllocated / 8;
  const expected = bytesPerSample * format.samplesPerPixel;
  if (segmentCount !== expected) {
    throw fail(`${segmentCount} segments, expected ${expected} (G.2)`);
  }
  const offsets: number[] = [];
  for (let s = 0; s < segmentCount; s++) offsets.push(view.getUint32(4 + 4 * s, true));
  offsets.push(frame.length);
  const pixels = format.rows * format.columns;
  const out = allocateStoredFrame(format);
  const outBytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  const stride = expected; // bytes per pixel in the interleaved output
  for (let s = 0; s < segmentCount; s++) {
    const begin = offsets[s];
    const end = offsets[s + 1];
    if (begin < 64 || begin > end || end > frame.length) {
      throw fail(
        `segment ${s} offsets ${begin}..${end} outside the frame of ${frame.length} bytes`,
      );
    }
    const sample = Math.floor(s / bytesPerSample);
    const msbIndex = s % bytesPerSample; // 0 = most significant byte
    const byteInSample = HOST_LITTLE_ENDIAN ? bytesPerSample - 1 - msbIndex : msbIndex;
    const base = sample * bytesPerSample + byteInSample;
    const got = unpackSegment(frame, begin, end, outBytes, base, stride, pixels);
    if (got < 0) throw fail(`segment ${s} has a run that reads past its end`);
    if (got < pixels) throw fail(`segment ${s} expands to ${got} bytes, expected ${pixels}`);
  }
  return normaliseStoredBits(out, format);
}

/**
 * PackBits-decodes src[begin, end) into dst[base + k*stride] for k < count. Returns the number of
 * bytes written; stops early at `count` (padding after it is ignored). A run that would write
 * past `count` is clipped. Returns -1 when a run reads past `end`.
 */
function unpackSegment(
  src: Uint8Array,
  begin: number,
  end: number,
  dst: Uint8Array,
  base: number,
  stride: number,
  count: number,
): number {
  let i = begin;
  let k = 0;
  let d = base;
  while (i < end && k < count) {
    const header = src[i++];
    if (header < 128) {
      // literal run of header + 1 bytes
      let len = header + 1;
      if (i + len > end) return -1;
      if (k + len > count) len = count - k;
      for (let j = 0; j < len; j++, d += stride) dst[d] = src[i + j];
      i += header + 1;
      k += len;
    } else if (header > 128) {
      // replicate the next byte 257 - header times; 128 (-128) is a no-op
      if (i >= end) return -1;
      let len = 257 - header;
      if (k + len > count) len = count - k;
      const v = src[i++];
      for (let j = 0; j < len; j++, d += stride) dst[d] = v;
      k += len;
    }
  }
  return k;
}
