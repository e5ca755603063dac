import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDicom } from '../dicom/parse-dicom.ts';
import { ImagingError } from '../imaging-error.ts';
import { decodeFrame } from './decode-frame.ts';
import { decodeRle } from './decode-rle.ts';
import { readPixelFormat, type PixelFormat } from './pixel-format.ts';
import { buildPart10, TS } from '../../test/support/synthetic-part10.ts';

/** PackBits encoder (PS3.5 G.3.1): replicate runs of >= 3, literals otherwise, max 128 each. */
function packBits(src: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < src.length) {
    let run = 1;
    while (i + run < src.length && run < 128 && src[i + run] === src[i]) run++;
    if (run >= 3) {
      out.push(257 - run, src[i]);
      i += run;
      continue;
    }
    const start = i;
    while (i < src.length && i - start < 128) {
      if (i + 2 < src.length && src[i] === src[i + 1] && src[i] === src[i + 2]) break;
      i++;
    }
    out.push(i - start - 1, ...src.slice(start, i));
  }
  if (out.length % 2) out.push(0x80); // pad with the no-op header to an even length
  return out;
}

/** RLE frame: header + one segment per byte of each sample, MSB first (PS3.5 G.2). */
function encodeRle(values: readonly number[], bytesPerSample: number, samples: number): Uint8Array {
  const pixels = values.length / samples;
  const segments: number[][] = [];
  for (let s = 0; s < samples; s++) {
    for (let b = bytesPerSample - 1; b >= 0; b--) {
      const plane: number[] = [];
      for (let p = 0; p < pixels; p++) plane.push((values[p * samples + s] >>> (8 * b)) & 0xff);
      segments.push(packBits(plane));
    }
  }
  const header = new Uint8Array(64);
  const view = new DataView(header.buffer);
  view.setUint32(0, segments.length, true);
  let offset = 64;
  segments.forEach((seg, k) => {
    view.setUint32(4 + 4 * k, offset, true);
    offset += seg.length;
  });
  return new Uint8Array([...header, ...segments.flat()]);
}

const fmt = (p: Partial<PixelFormat>): PixelFormat => ({
  rows: 4,
  columns: 50,
  samplesPerPixel: 1,
  bitsAllocated: 16,
  bitsStored: 16,
  highBit: 15,
  pixelRepresentation: 0,
  photometricInterpretation: 'MONOCHROME2',
  planarConfiguration: 0,
  ...p,
});

// 200 values with long runs (> 128), short literals and negative numbers
const signedValues = Array.from({ length: 200 }, (_, i) =>
  i < 140 ? -1000 : i % 7 === 0 ? 7 : -3 * i,
);

test('PackBits test encoder is itself right on a known case', () => {
  assert.deepEqual(packBits([1, 1, 1, 1, 2, 3]), [253, 1, 1, 2, 3, 0x80]);
});

test('decodes a 16-bit signed RLE frame with 12 bits stored', () => {
  const values = signedValues.map((v) => Math.max(-2048, Math.min(2047, v)));
  const raw = values.map((v) => (v & 0xfff) | 0xa000); // garbage above bit 11
  const out = decodeRle(
    encodeRle(raw, 2, 1),
    fmt({ bitsStored: 12, highBit: 11, pixelRepresentation: 1 }),
    'r',
  );
  assert.ok(out instanceof Int16Array);
  assert.deepEqual([...out], values);
});

test('decodes 8-bit RGB (3 segments) into interleaved samples', () => {
  const values = Array.from({ length: 200 * 3 }, (_, i) =>
    i % 3 === 0 ? 200 : i % 3 === 1 ? (i >> 3) & 0xff : 9,
  );
  const out = decodeRle(
    encodeRle(values, 1, 3),
    fmt({
      bitsAllocated: 8,
      bitsStored: 8,
      highBit: 7,
      samplesPerPixel: 3,
      photometricInterpretation: 'RGB',
    }),
    'r',
  );
  assert.deepEqual([...out], values);
});

test('decodes 32-bit unsigned (4 segments)', () => {
  const values = Array.from({ length: 200 }, (_, i) => (i * 0x01020304) >>> 0);
  const out = decodeRle(
    encodeRle(values, 4, 1),
    fmt({ bitsAllocated: 32, bitsStored: 32, highBit: 31 }),
    'r',
  );
  assert.deepEqual([...out], values);
});

test('multi-frame RLE through decodeFrame, one fragment per frame with a Basic Offset Table', async () => {
  const f0 = Array.from({ length: 200 }, (_, i) => i);
  const f1 = Array.from({ length: 200 }, (_, i) => 4000 - i);
  const e0 = encodeRle(f0, 2, 1);
  const e1 = encodeRle(f1, 2, 1);
  const bytes = buildPart10({
    transferSyntax: TS.rle,
    rows: 4,
    columns: 50,
    bitsAllocated: 16,
    bitsStored: 12,
    pixelRepresentation: 0,
    frames: 2,
    pixelData: { fragments: [e0, e1], offsets: [0, 8 + e0.length + (e0.length % 2)] },
  });
  const ds = parseDicom(bytes, 'rle.dcm');
  const format = readPixelFormat(ds, 'rle.dcm');
  assert.deepEqual([...(await decodeFrame(ds, format, 0, 'rle.dcm'))], f0);
  assert.deepEqual([...(await decodeFrame(ds, format, 1, 'rle.dcm'))], f1);
});

test('bad RLE streams are DECODE_FAILED, never wrong pixels', () => {
  const good = encodeRle(
    signedValues.map((v) => v & 0xffff),
    2,
    1,
  );
  const f = fmt({ pixelRepresentation: 1 });
  const expectFail = (bytes: Uint8Array, why: string) =>
    assert.throws(
      () => decodeRle(bytes, f, 'bad.dcm'),
      (e: unknown) =>
        e instanceof ImagingError && e.code === 'DECODE_FAILED' && e.file === 'bad.dcm',
      why,
    );
  expectFail(good.subarray(0, 40), 'short header');
  const wrongCount = good.slice();
  wrongCount[0] = 3;
  expectFail(wrongCount, 'segment count');
  expectFail(good.subarray(0, good.length - 20), 'short last segment');
  const badOffset = good.slice();
  new DataView(badOffset.buffer).setUint32(8, 1_000_000, true);
  expectFail(badOffset, 'offset beyond frame');
  expectFail(
    encodeRle(
      signedValues.slice(0, 150).map((v) => v & 0xffff),
      2,
      1,
    ),
    'too few pixels',
  );
});
