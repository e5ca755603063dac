// Damaged input must only ever produce ImagingError (or a correctly sized frame), whatever the
// damage: deterministic byte flips, truncations and splices over small synthetic files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDicom } from '../dicom/parse-dicom.ts';
import { ImagingError } from '../imaging-error.ts';
import { decodeFrame } from './decode-frame.ts';
import { readPixelFormat } from './pixel-format.ts';
import {
  buildPart10,
  packSamples,
  TS,
  type SyntheticImage,
} from '../../test/support/synthetic-part10.ts';

/** xorshift32: reproducible damage */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
}

const values = Array.from({ length: 48 }, (_, i) => (i * 977) & 0xfff);
const rleFrame = (() => {
  // two literal segments of 48 bytes each (MSB plane, LSB plane)
  const header = new Uint8Array(64);
  const v = new DataView(header.buffer);
  v.setUint32(0, 2, true);
  v.setUint32(4, 64, true);
  v.setUint32(8, 64 + 49 + 1, true);
  const seg = (shift: number) => [47, ...values.map((x) => (x >> shift) & 0xff), 0x80];
  return new Uint8Array([...header, ...seg(8), ...seg(0)]);
})();

const base = {
  rows: 6,
  columns: 8,
  bitsAllocated: 16,
  bitsStored: 12,
  pixelRepresentation: 0 as const,
};
const sources: Array<[string, SyntheticImage]> = [
  [
    'explicit LE',
    { ...base, transferSyntax: TS.explicitLe, frames: 1, pixelData: packSamples(values, 16) },
  ],
  [
    'explicit BE',
    { ...base, transferSyntax: TS.explicitBe, pixelData: packSamples(values, 16, true) },
  ],
  ['implicit LE', { ...base, transferSyntax: TS.implicitLe, pixelData: packSamples(values, 16) }],
  ['deflated', { ...base, transferSyntax: TS.deflated, pixelData: packSamples(values, 16) }],
  ['RLE', { ...base, transferSyntax: TS.rle, pixelData: { fragments: [rleFrame] } }],
];

for (const [name, img] of sources) {
  test(`damaged ${name} files give ImagingError or a right-sized frame`, async () => {
    const good = buildPart10(img);
    {
      const ds = parseDicom(good, 'ok');
      assert.deepEqual([...(await decodeFrame(ds, readPixelFormat(ds, 'ok'), 0, 'ok'))], values);
    }
    const random = rng(name.length * 7919);
    let errors = 0;
    for (let trial = 0; trial < 150; trial++) {
      const bytes = good.slice();
      const kind = trial % 3;
      if (kind === 0) {
        for (let k = 0; k < 1 + Math.floor(random() * 4); k++) {
          bytes[132 + Math.floor(random() * (bytes.length - 132))] = Math.floor(random() * 256);
        }
      }
      const input = kind === 1 ? bytes.subarray(0, Math.floor(random() * bytes.length)) : bytes;
      if (kind === 2)
        bytes.copyWithin(
          132 + Math.floor(random() * 100),
          132 + Math.floor(random() * 100),
          bytes.length,
        );
      try {
        const ds = parseDicom(input, 'fuzz.dcm');
        const format = readPixelFormat(ds, 'fuzz.dcm');
        const frame = await decodeFrame(ds, format, 0, 'fuzz.dcm');
        assert.equal(frame.length, format.rows * format.columns * format.samplesPerPixel);
      } catch (e) {
        if (!(e instanceof ImagingError)) assert.fail(`trial ${trial}: foreign error ${String(e)}`);
        assert.equal(e.file, 'fuzz.dcm');
        errors++;
      }
    }
    assert.ok(errors > 0, 'the damage was noticed at least once');
  });
}
