import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ImagingError } from '../imaging-error.ts';
import { decodeJpegDct } from './decode-jpeg-dct.ts';
import { dcmjsCodecs } from '../../test/support/dcmjs-codecs.ts';

/**
 * Minimal 12-bit SOF1 encoder for flat 8x8 blocks (DC only, quantiser 1). For such a block the
 * islow IDCT returns exactly the block value, so the expected image is known without a codec.
 * DC table: categories 0..14 get 4-bit codes 0000..1110, category 15 gets 11110; AC table: EOB = 0.
 */
function encodeFlatBlocks(
  width: number,
  height: number,
  blockValue: (bx: number, by: number) => number,
  restartInterval = 0,
  dropRestart = -1,
): Uint8Array {
  const bytes: number[] = [0xff, 0xd8];
  const segment = (marker: number, body: number[]) =>
    bytes.push(0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 255, ...body);
  segment(0xdb, [0x00, ...new Array(64).fill(1)]);
  segment(0xc1, [12, height >> 8, height & 255, width >> 8, width & 255, 1, 1, 0x11, 0]);
  const dcCounts = [0, 0, 0, 15, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  segment(0xc4, [0x00, ...dcCounts, ...Array.from({ length: 16 }, (_, i) => i)]);
  segment(0xc4, [0x10, 1, ...new Array(15).fill(0), 0x00]);
  if (restartInterval) segment(0xdd, [restartInterval >> 8, restartInterval & 255]);
  segment(0xda, [1, 1, 0x00, 0, 63, 0]);
  let acc = 0;
  let n = 0;
  const flushByte = (b: number) => {
    bytes.push(b);
    if (b === 0xff) bytes.push(0);
  };
  const put = (value: number, length: number) => {
    for (let i = length - 1; i >= 0; i--) {
      acc = (acc << 1) | ((value >> i) & 1);
      if (++n === 8) {
        flushByte(acc);
        acc = 0;
        n = 0;
      }
    }
  };
  const align = () => {
    while (n !== 0) put(1, 1);
  };
  let pred = 0;
  let rst = 0;
  const bw = Math.ceil(width / 8);
  const total = bw * Math.ceil(height / 8);
  for (let b = 0; b < total; b++) {
    if (restartInterval && b > 0 && b % restartInterval === 0) {
      align();
      if (rst !== dropRestart) bytes.push(0xff, 0xd0 + (rst & 7));
      rst++;
      pred = 0;
    }
    const dc = 8 * (blockValue(b % bw, Math.floor(b / bw)) - 2048);
    const diff = dc - pred;
    pred = dc;
    const s = diff === 0 ? 0 : Math.floor(Math.log2(Math.abs(diff))) + 1;
    if (s < 15) put(s, 4);
    else put(0b11110, 5);
    if (s > 0) put(diff < 0 ? diff + (1 << s) - 1 : diff, s);
    put(0, 1); // EOB
  }
  align();
  bytes.push(0xff, 0xd9);
  return new Uint8Array(bytes);
}

const value = (bx: number, by: number) => [0, 4095, 2048, 1, 3000, 17][(bx + 3 * by) % 6];

test('flat 12-bit blocks decode exactly, cropped to a size that is not a multiple of 8', () => {
  const img = decodeJpegDct(encodeFlatBlocks(20, 12, value), 'flat');
  assert.equal(img.width, 20);
  assert.equal(img.height, 12);
  assert.equal(img.precision, 12);
  for (let y = 0; y < 12; y++) {
    for (let x = 0; x < 20; x++)
      assert.equal(img.samples[y * 20 + x], value(x >> 3, y >> 3), `(${x},${y})`);
  }
});

test('restart intervals reset the predictor; a missing RST marker is DECODE_FAILED', () => {
  const img = decodeJpegDct(encodeFlatBlocks(40, 16, value, 3), 'rst');
  for (let i = 0; i < img.samples.length; i++) {
    const x = i % 40;
    const y = Math.floor(i / 40);
    assert.equal(img.samples[i], value(x >> 3, y >> 3));
  }
  assert.throws(
    () => decodeJpegDct(encodeFlatBlocks(40, 16, value, 3, 1), 'rst.dcm'),
    (e: unknown) => e instanceof ImagingError && e.code === 'DECODE_FAILED' && e.file === 'rst.dcm',
  );
});

test('damaged or unsupported streams throw typed errors', () => {
  const good = encodeFlatBlocks(16, 16, value);
  const code = (bytes: Uint8Array) => {
    try {
      decodeJpegDct(bytes, 'x');
      return 'ok';
    } catch (e) {
      assert.ok(e instanceof ImagingError, String(e));
      return e.code;
    }
  };
  assert.equal(code(good), 'ok');
  assert.equal(code(good.subarray(0, good.length - 8)), 'DECODE_FAILED');
  assert.equal(code(new Uint8Array([1, 2, 3, 4])), 'DECODE_FAILED');
  const progressive = good.slice();
  progressive[progressive.indexOf(0xc1, 2)] = 0xc2;
  assert.equal(code(progressive), 'UNSUPPORTED_TRANSFER_SYNTAX');
  const colour = good.slice();
  colour[colour.indexOf(0xc1, 2) + 8] = 3; // Nf = 3
  assert.equal(code(colour), 'UNSUPPORTED_TRANSFER_SYNTAX');
});

test('lossy IJG streams (dcmjs-codecs) decode identically to IJG, at 8 and at 12 bits', async () => {
  // dcmjs-codecs encodes lossy JPEG only at 8 bits. The 12-bit case reuses that entropy-coded
  // stream with the SOF precision byte set to 12: the same coefficients then go through both
  // decoders' 12-bit IDCT and range limiting.
  const m = await dcmjsCodecs();
  const W = 40;
  const H = 24;
  const pixels = Array.from({ length: W * H }, (_, i) => {
    const x = i % W;
    const y = Math.floor(i / W);
    return Math.min(
      255,
      Math.round((255 * (x + y)) / (W + H) + ((x * 7919 + y * 104729) % 97) * 0.6),
    );
  });
  const ctx = (bits: number, data: { decodedBuffer?: Uint8Array; encodedBuffer?: Uint8Array }) =>
    new m.Context({
      width: W,
      height: H,
      bitsAllocated: bits === 8 ? 8 : 16,
      bitsStored: bits,
      samplesPerPixel: 1,
      pixelRepresentation: 0,
      planarConfiguration: 0,
      photometricInterpretation: 'MONOCHROME2',
      ...data,
    });
  for (const quality of [50, 90]) {
    const stream8 = m.NativeCodecs.encodeJpeg(ctx(8, { decodedBuffer: Uint8Array.from(pixels) }), {
      lossy: true,
      quality,
    }).getEncodedBuffer();
    assert.ok(stream8);
    const ref8 = m.NativeCodecs.decodeJpeg(
      ctx(8, { encodedBuffer: stream8 }),
      {},
    ).getDecodedBuffer();
    assert.ok(ref8);
    const ours8 = decodeJpegDct(stream8, 'ijg8');
    assert.deepEqual([...ours8.samples], [...ref8], `8-bit quality ${quality}`);
    assert.notDeepEqual([...ref8], pixels, 'the stream really is lossy');

    const stream12 = stream8.slice();
    const sof = stream12.findIndex(
      (b, i) => b === 0xff && (stream12[i + 1] === 0xc0 || stream12[i + 1] === 0xc1),
    );
    stream12[sof + 1] = 0xc1;
    stream12[sof + 4] = 12;
    const ref12 = m.NativeCodecs.decodeJpeg(
      ctx(12, { encodedBuffer: stream12 }),
      {},
    ).getDecodedBuffer();
    assert.ok(ref12);
    const ours12 = decodeJpegDct(stream12, 'ijg12');
    assert.equal(ours12.precision, 12);
    assert.deepEqual(
      [...ours12.samples],
      [...new Uint16Array(ref12.slice().buffer)],
      `12-bit quality ${quality}`,
    );
  }
});

test('random damage gives a full-size image or a typed error, never a hang or a foreign error', () => {
  const good = encodeFlatBlocks(40, 16, value, 2);
  let s = 0x9e3779b9;
  const random = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
  let failures = 0;
  for (let trial = 0; trial < 400; trial++) {
    const bytes = good.slice();
    for (let k = 0; k < 1 + Math.floor(random() * 3); k++)
      bytes[2 + Math.floor(random() * (bytes.length - 2))] = Math.floor(random() * 256);
    try {
      const img = decodeJpegDct(
        trial % 4 === 0 ? bytes.subarray(0, Math.floor(random() * bytes.length)) : bytes,
        'fz',
      );
      assert.equal(img.samples.length, img.width * img.height);
    } catch (e) {
      assert.ok(e instanceof ImagingError, `trial ${trial}: ${String(e)}`);
      failures++;
    }
  }
  assert.ok(failures > 0);
});
