// Round trips through real encoders: dcmjs-codecs (DCMTK's IJG libjpeg, CharLS, OpenJPEG in one
// WASM module) encodes synthetic frames; decodeFrame must return the original values exactly for
// lossless syntaxes and, for lossy ones, exactly what the reference decoder returns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDicom } from '../dicom/parse-dicom.ts';
import { decodeFrame } from './decode-frame.ts';
import { readPixelFormat } from './pixel-format.ts';
import { dcmjsCodecs } from '../../test/support/dcmjs-codecs.ts';
import { buildPart10, TS } from '../../test/support/synthetic-part10.ts';

const W = 24;
const H = 16;

interface Spec {
  readonly bitsAllocated: 8 | 16;
  readonly bitsStored: number;
  readonly pixelRepresentation: 0 | 1;
  readonly samplesPerPixel?: number;
  readonly photometric?: string;
}

async function contextFor(
  spec: Spec,
  data: { decodedBuffer?: Uint8Array; encodedBuffer?: Uint8Array },
) {
  const m = await dcmjsCodecs();
  return new m.Context({
    width: W,
    height: H,
    bitsAllocated: spec.bitsAllocated,
    bitsStored: spec.bitsStored,
    samplesPerPixel: spec.samplesPerPixel ?? 1,
    pixelRepresentation: spec.pixelRepresentation,
    planarConfiguration: 0,
    photometricInterpretation: spec.photometric ?? 'MONOCHROME2',
    ...data,
  });
}

type Encoder = 'encodeJpeg' | 'encodeJpegLs' | 'encodeJpeg2000';

async function encode(
  spec: Spec,
  raw: Uint8Array,
  encoder: Encoder,
  options: Record<string, unknown>,
) {
  const m = await dcmjsCodecs();
  const out = m.NativeCodecs[encoder](
    await contextFor(spec, { decodedBuffer: raw }),
    options,
  ).getEncodedBuffer();
  assert.ok(out && out.length > 0, 'encoder produced a stream');
  return out;
}

async function ours(spec: Spec, transferSyntax: string, stream: Uint8Array) {
  const bytes = buildPart10({
    transferSyntax,
    rows: H,
    columns: W,
    bitsAllocated: spec.bitsAllocated,
    bitsStored: spec.bitsStored,
    pixelRepresentation: spec.pixelRepresentation,
    samplesPerPixel: spec.samplesPerPixel,
    photometric: spec.photometric,
    planarConfiguration: spec.samplesPerPixel === 3 ? 0 : undefined,
    pixelData: { fragments: [stream] },
  });
  const ds = parseDicom(bytes, 'rt.dcm');
  return decodeFrame(ds, readPixelFormat(ds, 'rt.dcm'), 0, 'rt.dcm');
}

const signed16 = Int16Array.from({ length: W * H }, (_, i) => ((i * 331) % 60000) - 30000);
const signed12 = Int16Array.from({ length: W * H }, (_, i) => ((i * 37) % 4096) - 2048);
const smoothGrey = Uint8Array.from(
  { length: W * H },
  (_, i) => 60 + ((i % W) * 5 + Math.floor(i / W) * 3),
);
const bytesOf = (a: Int16Array | Uint8Array) =>
  new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

test('JPEG lossless SV1, signed 16-bit: exact', async () => {
  const spec: Spec = { bitsAllocated: 16, bitsStored: 16, pixelRepresentation: 1 };
  const stream = await encode(spec, bytesOf(signed16), 'encodeJpeg', { lossy: false });
  assert.deepEqual([...(await ours(spec, TS.jpegLossless, stream))], [...signed16]);
});

test('JPEG-LS lossless, signed 12-bit in 16: exact; near-lossless within NEAR', async () => {
  const spec: Spec = { bitsAllocated: 16, bitsStored: 12, pixelRepresentation: 1 };
  const lossless = await encode(spec, bytesOf(signed12), 'encodeJpegLs', {});
  assert.deepEqual([...(await ours(spec, TS.jpegLs, lossless))], [...signed12]);
  const near = await encode(spec, bytesOf(signed12), 'encodeJpegLs', {
    lossy: true,
    allowedLossyError: 2,
  });
  const decoded = await ours(spec, '1.2.840.10008.1.2.4.81', near);
  const worst = Math.max(...[...decoded].map((v, i) => Math.abs(v - signed12[i])));
  assert.ok(worst <= 2, `near-lossless error ${worst} exceeds NEAR = 2`);
});

test('JPEG 2000 lossless, signed 16-bit: exact; lossy equals the reference decoder', async () => {
  const spec: Spec = { bitsAllocated: 16, bitsStored: 16, pixelRepresentation: 1 };
  const lossless = await encode(spec, bytesOf(signed16), 'encodeJpeg2000', {});
  assert.deepEqual([...(await ours(spec, TS.j2k, lossless))], [...signed16]);
  const lossy = await encode(spec, bytesOf(signed16), 'encodeJpeg2000', { lossy: true, rate: 5 });
  const m = await dcmjsCodecs();
  const ref = m.NativeCodecs.decodeJpeg2000(
    await contextFor(spec, { encodedBuffer: lossy }),
    {},
  ).getDecodedBuffer();
  assert.ok(ref);
  const decoded = await ours(spec, '1.2.840.10008.1.2.4.91', lossy);
  assert.deepEqual([...decoded], [...new Int16Array(ref.slice().buffer)]);
  assert.notDeepEqual([...decoded], [...signed16], 'rate 5 really is lossy');
});

test('JPEG baseline 8-bit grey (libjpeg-turbo): equals IJG islow decoding and stays close to the source', async () => {
  const spec: Spec = { bitsAllocated: 8, bitsStored: 8, pixelRepresentation: 0 };
  const stream = await encode(spec, smoothGrey, 'encodeJpeg', { lossy: true, quality: 90 });
  const m = await dcmjsCodecs();
  const ref = m.NativeCodecs.decodeJpeg(
    await contextFor(spec, { encodedBuffer: stream }),
    {},
  ).getDecodedBuffer();
  assert.ok(ref);
  const decoded = await ours(spec, TS.jpegBaseline, stream);
  assert.ok(decoded instanceof Uint8Array);
  assert.deepEqual([...decoded], [...ref]);
  const worst = Math.max(...[...decoded].map((v, i) => Math.abs(v - smoothGrey[i])));
  assert.ok(worst <= 6, `quality 90 error ${worst}`);
});

test('JPEG baseline colour (YBR_FULL_422) decodes to RGB close to the source', async () => {
  const spec: Spec = {
    bitsAllocated: 8,
    bitsStored: 8,
    pixelRepresentation: 0,
    samplesPerPixel: 3,
    photometric: 'RGB',
  };
  // a smooth colour ramp: R across, G down, B constant
  const rgb = Uint8Array.from({ length: W * H * 3 }, (_, k) => {
    const p = Math.floor(k / 3);
    const c = k % 3;
    return c === 0 ? 40 + (p % W) * 6 : c === 1 ? 50 + Math.floor(p / W) * 8 : 120;
  });
  const stream = await encode(spec, rgb, 'encodeJpeg', { lossy: true, quality: 95 });
  const decoded = await ours({ ...spec, photometric: 'YBR_FULL_422' }, TS.jpegBaseline, stream);
  assert.equal(decoded.length, W * H * 3);
  const worst = Math.max(...[...decoded].map((v, i) => Math.abs(v - rgb[i])));
  assert.ok(worst <= 12, `colour error ${worst}: output is not RGB in source order`);
});
