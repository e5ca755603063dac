import { test } from 'node:test';
import assert from 'node:assert/strict';
import type dicomParser from 'dicom-parser';
import { ImagingError } from '../imaging-error.ts';
import { encapsulatedFrame } from './encapsulated-frame.ts';

/**
 * A minimal stand-in for a parsed dataset: fragments of `sizes` bytes, each preceded by an
 * 8-byte item header, fragment k filled with the value k + 1 (JPEG SOI at the starts listed).
 */
function fake(sizes: number[], jpegStarts: number[], bot: number[] = [], eot?: number[]) {
  const total = sizes.reduce((s, n) => s + 8 + n, 0) + (eot ? eot.length * 8 : 0);
  const byteArray = new Uint8Array(total);
  const fragments: dicomParser.Fragment[] = [];
  let offset = 0;
  sizes.forEach((n, k) => {
    const position = offset + 8;
    byteArray.fill(k + 1, position, position + n);
    if (jpegStarts.includes(k)) byteArray.set([0xff, 0xd8], position);
    fragments.push({ offset, position, length: n });
    offset += 8 + n;
  });
  const elements: Record<string, dicomParser.Element> = {};
  if (eot) {
    const at = offset;
    const view = new DataView(byteArray.buffer);
    eot.forEach((v, i) => view.setUint32(at + 8 * i, v, true));
    elements.x7fe00001 = { tag: 'x7fe00001', length: eot.length * 8, dataOffset: at };
  }
  const pixelData = {
    tag: 'x7fe00010',
    length: -1,
    dataOffset: 0,
    encapsulatedPixelData: true,
    basicOffsetTable: bot,
    fragments,
  };
  return { ds: { byteArray, elements } as unknown as dicomParser.DataSet, pixelData };
}

const frameOf = (
  f: ReturnType<typeof fake>,
  frames: number,
  k: number,
  marker: 'jpeg' | 'none' = 'jpeg',
) => [
  ...new Set(
    encapsulatedFrame(f.ds, f.pixelData, frames, k, marker, 'f.dcm').filter((b) => b < 10),
  ),
];

test('single frame: all fragments concatenated', () => {
  const f = fake([4, 6, 2], [0]);
  const bytes = encapsulatedFrame(f.ds, f.pixelData, 1, 0, 'jpeg', 'f.dcm');
  assert.equal(bytes.length, 12);
  assert.deepEqual([...bytes.subarray(2)], [1, 1, 2, 2, 2, 2, 2, 2, 3, 3]);
});

test('Basic Offset Table selects a frame of several fragments', () => {
  // frames: [frag0, frag1], [frag2, frag3]; offsets are item-tag positions relative to frag 0
  const f = fake([4, 4, 6, 2], [], [0, 24]);
  assert.deepEqual(frameOf(f, 2, 0, 'none'), [1, 2]);
  assert.deepEqual(frameOf(f, 2, 1, 'none'), [3, 4]);
});

test('Extended Offset Table wins over an empty BOT', () => {
  const f = fake([4, 4, 6, 2], [], [], [0, 12, 24]);
  assert.deepEqual(frameOf(f, 3, 0, 'none'), [1]);
  assert.deepEqual(frameOf(f, 3, 1, 'none'), [2]);
  assert.deepEqual(frameOf(f, 3, 2, 'none'), [3, 4]);
});

test('without tables: one fragment per frame, else split at JPEG SOI markers', () => {
  const one = fake([4, 4], []);
  assert.deepEqual(frameOf(one, 2, 1, 'none'), [2]);
  const split = fake([4, 4, 6, 4, 2], [0, 3]);
  assert.deepEqual(frameOf(split, 2, 0), [1, 2, 3]);
  assert.deepEqual(frameOf(split, 2, 1), [4, 5]);
});

test('frames that cannot be delimited are DECODE_FAILED; missing fragments too', () => {
  const f = fake([4, 4, 6], []);
  assert.throws(
    () => encapsulatedFrame(f.ds, f.pixelData, 2, 0, 'none', 'f.dcm'),
    (e: unknown) => e instanceof ImagingError && e.code === 'DECODE_FAILED' && e.file === 'f.dcm',
  );
  const none = fake([], []);
  assert.throws(
    () => encapsulatedFrame(none.ds, none.pixelData, 1, 0, 'jpeg', 'f.dcm'),
    (e: unknown) => e instanceof ImagingError && e.code === 'DECODE_FAILED',
  );
});

test('a fragment running past the end of the bytes is TRUNCATED', () => {
  const f = fake([4, 4], []);
  f.pixelData.fragments[1].length = 400;
  assert.throws(
    () => encapsulatedFrame(f.ds, f.pixelData, 2, 0, 'none', 'f.dcm'),
    (e: unknown) => e instanceof ImagingError && e.code === 'TRUNCATED' && e.file === 'f.dcm',
  );
});
