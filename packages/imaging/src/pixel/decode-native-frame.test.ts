import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDicom } from '../dicom/parse-dicom.ts';
import { ImagingError } from '../imaging-error.ts';
import { decodeFrame } from './decode-frame.ts';
import { decodeNativeFrame } from './decode-native-frame.ts';
import { readPixelFormat, type PixelFormat } from './pixel-format.ts';
import {
  buildPart10,
  packSamples,
  TS,
  type SyntheticImage,
} from '../../test/support/synthetic-part10.ts';

async function decode(img: SyntheticImage, frame = 0) {
  const ds = parseDicom(buildPart10(img), 'n.dcm');
  return decodeFrame(ds, readPixelFormat(ds, 'n.dcm'), frame, 'n.dcm');
}

const grey = (p: Partial<SyntheticImage> & Pick<SyntheticImage, 'pixelData'>): SyntheticImage => ({
  transferSyntax: TS.explicitLe,
  rows: 2,
  columns: 2,
  bitsAllocated: 16,
  bitsStored: 16,
  pixelRepresentation: 0,
  ...p,
});

test('16-bit signed, 12 bits stored, LE: sign extension and garbage bits removed', async () => {
  // raw words: -2048, -1, 2047 with bits 12..15 set as garbage, 5 with overlay bit
  const raw = [0x0800, 0xffff, 0x37ff, 0x8005];
  const out = await decode(
    grey({ bitsStored: 12, pixelRepresentation: 1, pixelData: packSamples(raw, 16) }),
  );
  assert.ok(out instanceof Int16Array);
  assert.deepEqual([...out], [-2048, -1, 2047, 5]);
});

test('16-bit unsigned, 12 bits stored: high bits masked', async () => {
  const out = await decode(
    grey({ bitsStored: 12, pixelData: packSamples([0xf000 | 4095, 0x1000, 7, 0x8000 | 2048], 16) }),
  );
  assert.ok(out instanceof Uint16Array);
  assert.deepEqual([...out], [4095, 0, 7, 2048]);
});

test('explicit VR big endian, 16-bit signed, swapped to host order', async () => {
  const values = [-32768, -2, 1000, 32767];
  const out = await decode(
    grey({
      transferSyntax: TS.explicitBe,
      pixelRepresentation: 1,
      pixelData: packSamples(values, 16, true),
    }),
  );
  assert.ok(out instanceof Int16Array);
  assert.deepEqual([...out], values);
});

test('explicit VR big endian, 12-bit unsigned in 16 with garbage bits', async () => {
  const out = await decode(
    grey({
      transferSyntax: TS.explicitBe,
      bitsStored: 12,
      pixelData: packSamples([0xa123, 0x0fff, 0, 0x1001], 16, true),
    }),
  );
  assert.deepEqual([...out], [0x123, 0xfff, 0, 1]);
});

test('explicit VR big endian, 32-bit signed', async () => {
  const values = [-2147483648, -1, 65536, 2147483647];
  const out = await decode(
    grey({
      transferSyntax: TS.explicitBe,
      bitsAllocated: 32,
      bitsStored: 32,
      pixelRepresentation: 1,
      pixelData: packSamples(values, 32, true),
    }),
  );
  assert.ok(out instanceof Int32Array);
  assert.deepEqual([...out], values);
});

test('explicit VR big endian, 8-bit in OW: byte pairs swapped back', async () => {
  // OW is a stream of 16-bit words: pixel bytes [1,2,3,4] are written as words 0x0102 BE -> 02 01
  const out = await decode(
    grey({
      transferSyntax: TS.explicitBe,
      bitsAllocated: 8,
      bitsStored: 8,
      pixelVr: 'OW',
      pixelData: new Uint8Array([2, 1, 4, 3]),
    }),
  );
  assert.deepEqual([...out], [1, 2, 3, 4]);
});

test('8-bit unsigned and signed, implicit VR LE', async () => {
  const u = await decode(
    grey({
      transferSyntax: TS.implicitLe,
      bitsAllocated: 8,
      bitsStored: 8,
      pixelData: new Uint8Array([0, 127, 128, 255]),
    }),
  );
  assert.ok(u instanceof Uint8Array);
  assert.deepEqual([...u], [0, 127, 128, 255]);
  const s = await decode(
    grey({
      transferSyntax: TS.implicitLe,
      bitsAllocated: 8,
      bitsStored: 8,
      pixelRepresentation: 1,
      pixelData: new Uint8Array([0, 127, 128, 255]),
    }),
  );
  assert.ok(s instanceof Int8Array);
  assert.deepEqual([...s], [0, 127, -128, -1]);
  const s6 = await decode(
    grey({
      bitsAllocated: 8,
      bitsStored: 6,
      pixelRepresentation: 1,
      pixelData: new Uint8Array([0x20, 0x1f, 0xff, 0xc1]),
    }),
  );
  assert.deepEqual([...s6], [-32, 31, -1, 1]);
});

test('multi-frame: frame k is read from k * frame size, and a short last frame is TRUNCATED', async () => {
  const frames = [0, 1, 2].map((k) => [10 * k, 10 * k + 1, 10 * k + 2, 10 * k + 3]);
  const img = grey({ frames: 3, pixelData: packSamples(frames.flat(), 16) });
  for (let k = 0; k < 3; k++) assert.deepEqual([...(await decode(img, k))], frames[k]);
  const short = grey({ frames: 3, pixelData: packSamples(frames.flat().slice(0, 10), 16) });
  await assert.rejects(
    decode(short, 2),
    (e: unknown) => e instanceof ImagingError && e.code === 'TRUNCATED' && e.file === 'n.dcm',
  );
  assert.deepEqual([...(await decode(short, 1))], frames[1]);
  await assert.rejects(
    decode(img, 3),
    (e: unknown) => e instanceof ImagingError && e.code === 'DECODE_FAILED',
  );
});

test('RGB planar configuration 1 becomes interleaved', async () => {
  const out = await decode({
    transferSyntax: TS.explicitLe,
    rows: 1,
    columns: 2,
    bitsAllocated: 8,
    bitsStored: 8,
    pixelRepresentation: 0,
    samplesPerPixel: 3,
    photometric: 'RGB',
    planarConfiguration: 1,
    pixelData: new Uint8Array([10, 11, 20, 21, 30, 31]),
  });
  assert.deepEqual([...out], [10, 20, 30, 11, 21, 31]);
});

test('native YBR_FULL and YBR_FULL_422 are converted to RGB (PS3.3 C.7.6.3.1.2)', async () => {
  const rgb = {
    transferSyntax: TS.explicitLe,
    rows: 1,
    columns: 2,
    bitsAllocated: 8,
    bitsStored: 8,
    pixelRepresentation: 0 as const,
    samplesPerPixel: 3,
  };
  // grey (Cb = Cr = 128) stays grey; pure chroma offsets follow the JFIF equations
  const full = await decode({
    ...rgb,
    photometric: 'YBR_FULL',
    pixelData: new Uint8Array([100, 128, 128, 100, 228, 28]),
  });
  // Y=100, Cb=+100, Cr=-100: R = 100 - 140.2 -> 0; G = 100 - 34.41 + 71.41 = 137; B = 100 + 177.2 -> 255
  assert.deepEqual([...full], [100, 100, 100, 0, 137, 255]);
  const sub = await decode({
    ...rgb,
    photometric: 'YBR_FULL_422',
    pixelData: new Uint8Array([50, 60, 128, 148]),
  });
  // Cr=+20: R = Y + 28.04, G = Y - 14.28, B = Y
  assert.deepEqual([...sub], [78, 36, 50, 88, 46, 60]);
});

test('1-bit frames are unpacked LSB first and may start mid-byte', () => {
  const format: PixelFormat = {
    rows: 1,
    columns: 5,
    samplesPerPixel: 1,
    bitsAllocated: 1,
    bitsStored: 1,
    highBit: 0,
    pixelRepresentation: 0,
    photometricInterpretation: 'MONOCHROME2',
    planarConfiguration: 0,
  };
  const bits = new Uint8Array([0b10100111, 0b00000010]);
  assert.deepEqual(
    [...decodeNativeFrame(bits, format, 0, { bigEndian: false }, 'b')],
    [1, 1, 1, 0, 0],
  );
  assert.deepEqual(
    [...decodeNativeFrame(bits, format, 1, { bigEndian: false }, 'b')],
    [1, 0, 1, 0, 1],
  );
  assert.throws(
    () => decodeNativeFrame(bits, format, 3, { bigEndian: false }, 'b'),
    (e: unknown) => e instanceof ImagingError && e.code === 'TRUNCATED',
  );
});

test('returns a copy: mutating the frame leaves the file bytes alone', async () => {
  const bytes = buildPart10(grey({ pixelData: packSamples([1, 2, 3, 4], 16) }));
  const ds = parseDicom(bytes, 'c.dcm');
  const f = await decodeFrame(ds, readPixelFormat(ds, 'c.dcm'), 0, 'c.dcm');
  f[0] = 999;
  const again = await decodeFrame(ds, readPixelFormat(ds, 'c.dcm'), 0, 'c.dcm');
  assert.equal(again[0], 1);
});
