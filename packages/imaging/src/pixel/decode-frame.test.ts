import { test } from 'node:test';
import assert from 'node:assert/strict';
import openjphFactory from '@cornerstonejs/codec-openjph/wasmjs';
import { parseDicom } from '../dicom/parse-dicom.ts';
import { ImagingError } from '../imaging-error.ts';
import { decodeFrame } from './decode-frame.ts';
import { readPixelFormat } from './pixel-format.ts';
import { buildPart10, TS, type SyntheticImage } from '../../test/support/synthetic-part10.ts';

const ROWS = 6;
const COLS = 9;

/** A signed 12-bit frame encoded losslessly as HTJ2K with OpenJPH's encoder. */
async function htj2k(values: Int16Array): Promise<Uint8Array> {
  const m = await openjphFactory({ print: () => {}, printErr: () => {} });
  const Encoder = (m as unknown as { HTJ2KEncoder: new () => HtEncoder }).HTJ2KEncoder;
  const enc = new Encoder();
  try {
    enc
      .getDecodedBuffer({
        width: COLS,
        height: ROWS,
        bitsPerSample: 12,
        componentCount: 1,
        isSigned: true,
        isUsingColorTransform: false,
      })
      .set(new Uint8Array(values.buffer));
    enc.encode();
    return enc.getEncodedBuffer().slice();
  } finally {
    enc.delete();
  }
}
interface HtEncoder {
  getDecodedBuffer(info: object): Uint8Array;
  encode(): void;
  getEncodedBuffer(): Uint8Array;
  delete(): void;
}

const frameValues = (k: number) =>
  Int16Array.from({ length: ROWS * COLS }, (_, i) => ((i * 97 + k * 501) % 4096) - 2048);

const encapsulated = (
  transferSyntax: string,
  fragments: Uint8Array[],
  p: Partial<SyntheticImage> = {},
): SyntheticImage => ({
  transferSyntax,
  rows: ROWS,
  columns: COLS,
  bitsAllocated: 16,
  bitsStored: 12,
  pixelRepresentation: 1,
  pixelData: { fragments },
  ...p,
});

async function decodeAll(img: SyntheticImage, label = 'e.dcm') {
  const ds = parseDicom(buildPart10(img), label);
  const format = readPixelFormat(ds, label);
  const n = ds.intString('x00280008') ?? 1;
  const out = [];
  for (let k = 0; k < n; k++) out.push([...(await decodeFrame(ds, format, k, label))]);
  return out;
}

const rejectsWith = (p: Promise<unknown>, code: string, label = 'e.dcm') =>
  assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof ImagingError, `not an ImagingError: ${String(e)}`);
    assert.equal(e.code, code, e.message);
    assert.equal(e.file, label);
    return true;
  });

test('HTJ2K (OpenJPH WASM) round trip, signed 12-bit', async () => {
  const v = frameValues(0);
  const [decoded] = await decodeAll(encapsulated(TS.htj2k, [await htj2k(v)]));
  assert.deepEqual(decoded, [...v]);
});

test('multi-frame, two fragments per frame, Basic Offset Table', async () => {
  const streams = await Promise.all([0, 1, 2].map((k) => htj2k(frameValues(k))));
  const fragments: Uint8Array[] = [];
  const offsets: number[] = [];
  let at = 0;
  for (const s of streams) {
    offsets.push(at);
    const cut = (s.length >> 1) & ~1; // even split keeps fragments even-sized
    for (const part of [s.subarray(0, cut), s.subarray(cut)]) {
      fragments.push(part);
      at += 8 + part.length + (part.length % 2);
    }
  }
  const frames = await decodeAll(
    encapsulated(TS.htj2k, fragments, { frames: 3, pixelData: { fragments, offsets } }),
  );
  assert.deepEqual(
    frames,
    [0, 1, 2].map((k) => [...frameValues(k)]),
  );
});

test('multi-frame without offset table: frames split at JPEG 2000 SOC markers', async () => {
  const streams = await Promise.all([0, 1].map((k) => htj2k(frameValues(k))));
  const fragments = streams.flatMap((s) => [s.subarray(0, 40), s.subarray(40)]);
  const frames = await decodeAll(encapsulated(TS.htj2k, fragments, { frames: 2 }));
  assert.deepEqual(
    frames,
    [0, 1].map((k) => [...frameValues(k)]),
  );
});

test('undelimitable fragments are DECODE_FAILED', async () => {
  const junk = [
    new Uint8Array([1, 2, 3, 4]),
    new Uint8Array([5, 6, 7, 8]),
    new Uint8Array([9, 9, 9, 9]),
  ];
  await rejectsWith(decodeAll(encapsulated(TS.htj2k, junk, { frames: 2 })), 'DECODE_FAILED');
});

test('codec size disagreeing with Rows/Columns is DECODE_FAILED, never a wrong-sized array', async () => {
  const stream = await htj2k(frameValues(0));
  await rejectsWith(
    decodeAll(encapsulated(TS.htj2k, [stream], { rows: ROWS + 1 })),
    'DECODE_FAILED',
  );
});

test('garbage streams are DECODE_FAILED for every codec', async () => {
  const junk = new Uint8Array(64).map((_, i) => (i * 53 + 7) & 0xff);
  const soiJunk = new Uint8Array([0xff, 0xd8, ...junk]);
  for (const ts of [TS.jpegBaseline, TS.jpegLossless, TS.jpegLs, TS.j2k, TS.htj2k, TS.rle]) {
    const bitsAllocated = ts === TS.jpegBaseline ? 8 : 16;
    await rejectsWith(
      decodeAll(
        encapsulated(ts, [ts === TS.rle ? junk : soiJunk], {
          bitsAllocated,
          bitsStored: 8,
          pixelRepresentation: 0,
        }),
        ts,
      ),
      'DECODE_FAILED',
      ts,
    );
  }
});

test('JPEG extended: a broken 12-bit stream is DECODE_FAILED, other precisions unsupported', async () => {
  // SOI, SOF1 with P = 12 and a 6x9 single-component frame, then nothing to decode
  const sof1 = (p: number) =>
    new Uint8Array([
      0xff,
      0xd8,
      0xff,
      0xc1,
      0x00,
      0x0b,
      p,
      0,
      ROWS,
      0,
      COLS,
      1,
      1,
      0x11,
      0,
      0xff,
      0xd9,
    ]);
  await rejectsWith(
    decodeAll(encapsulated(TS.jpegExtended, [sof1(12)], { pixelRepresentation: 0 })),
    'DECODE_FAILED',
  );
  await rejectsWith(
    decodeAll(encapsulated(TS.jpegExtended, [sof1(16)], { pixelRepresentation: 0 })),
    'UNSUPPORTED_TRANSFER_SYNTAX',
  );
});

test('unknown transfer syntax is UNSUPPORTED_TRANSFER_SYNTAX', async () => {
  await rejectsWith(
    decodeAll(encapsulated('1.2.840.10008.1.2.4.100', [new Uint8Array(8)])),
    'UNSUPPORTED_TRANSFER_SYNTAX',
  );
});

test('a file cut inside its encapsulated pixel data is TRUNCATED', async () => {
  const bytes = buildPart10(encapsulated(TS.htj2k, [await htj2k(frameValues(0))]));
  // drop the sequence delimiter and part of the fragment: dicom-parser overruns the buffer
  assert.throws(
    () => parseDicom(bytes.subarray(0, bytes.length - 60), 'cut.dcm'),
    (e: unknown) => e instanceof ImagingError && e.code === 'TRUNCATED' && e.file === 'cut.dcm',
  );
});
