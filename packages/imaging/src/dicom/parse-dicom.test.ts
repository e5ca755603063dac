import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isProbablyDicom, parseDicom } from './parse-dicom.ts';
import { ImagingError } from '../imaging-error.ts';
import { buildPart10, packSamples, TS } from '../../test/support/synthetic-part10.ts';

const image = (transferSyntax: string, extra: Record<string, unknown> = {}) =>
  buildPart10({
    transferSyntax,
    rows: 2,
    columns: 3,
    bitsAllocated: 16,
    bitsStored: 16,
    pixelRepresentation: 0,
    pixelData: packSamples([1, 2, 3, 4, 5, 6], 16, transferSyntax === TS.explicitBe),
    ...extra,
  });

function assertImagingError(fn: () => unknown, code: string, label: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ImagingError, `expected ImagingError, got ${String(e)}`);
    assert.equal(e.code, code);
    assert.equal(e.file, label);
    return true;
  });
}

test('isProbablyDicom looks for DICM at 128', () => {
  assert.equal(isProbablyDicom(image(TS.explicitLe)), true);
  assert.equal(isProbablyDicom(new Uint8Array(132)), false);
  assert.equal(isProbablyDicom(new Uint8Array(10)), false);
});

test('parses explicit LE, implicit LE and explicit BE alike', () => {
  for (const ts of [TS.explicitLe, TS.implicitLe, TS.explicitBe]) {
    const ds = parseDicom(image(ts), 'x.dcm');
    assert.equal(ds.string('x00020010'), ts);
    assert.equal(ds.uint16('x00280010'), 2);
    assert.equal(ds.uint16('x00280011'), 3);
    assert.equal(ds.elements.x7fe00010.length, 12);
  }
});

test('inflates Deflated Explicit VR LE with fflate', () => {
  const bytes = image(TS.deflated);
  const ds = parseDicom(bytes, 'dfl.dcm');
  assert.equal(ds.uint16('x00280011'), 3);
  const px = ds.elements.x7fe00010;
  const view = new DataView(ds.byteArray.buffer, ds.byteArray.byteOffset + px.dataOffset, 12);
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5].map((i) => view.getUint16(2 * i, true)),
    [1, 2, 3, 4, 5, 6],
  );
});

test('corrupt deflate stream is CORRUPT', () => {
  const bytes = image(TS.deflated);
  // the deflated dataset starts right after the meta header; damage its first block header
  const good = parseDicom(bytes, 'ok').elements.x00020010;
  const start = good.dataOffset + good.length;
  const bad = bytes.slice();
  bad.fill(0xff, start, start + 8);
  assertImagingError(() => parseDicom(bad, 'bad-dfl.dcm'), 'CORRUPT', 'bad-dfl.dcm');
});

test('accepts a Part 10 file without preamble and a raw implicit LE dataset', () => {
  const noPreamble = parseDicom(image(TS.explicitLe, { noPreamble: true }), 'np.dcm');
  assert.equal(noPreamble.uint16('x00280010'), 2);
  const raw = parseDicom(image(TS.implicitLe, { raw: true }), 'raw.dcm');
  assert.equal(raw.uint16('x00280011'), 3);
  assert.equal(raw.string('x00020010'), TS.implicitLe);
});

test('rejects non-DICOM input with NOT_DICOM', () => {
  assertImagingError(() => parseDicom(new Uint8Array(0), 'empty'), 'NOT_DICOM', 'empty');
  const text = new TextEncoder().encode('%PDF-1.7 this is not a DICOM file at all '.repeat(10));
  assertImagingError(() => parseDicom(text, 'doc.pdf'), 'NOT_DICOM', 'doc.pdf');
});

test('a file cut short is TRUNCATED', () => {
  const bytes = image(TS.explicitLe);
  assertImagingError(
    () => parseDicom(bytes.subarray(0, bytes.length - 5), 'cut.dcm'),
    'TRUNCATED',
    'cut.dcm',
  );
  // cut in the middle of the meta header
  assertImagingError(() => parseDicom(bytes.subarray(0, 150), 'cut2.dcm'), 'TRUNCATED', 'cut2.dcm');
});

test('magic without a meta header is CORRUPT or TRUNCATED, never a raw exception', () => {
  const junk = new Uint8Array(400);
  junk.set([0x44, 0x49, 0x43, 0x4d], 128);
  for (let i = 132; i < junk.length; i++) junk[i] = (i * 37) & 0xff;
  assert.throws(
    () => parseDicom(junk, 'junk.dcm'),
    (e: unknown) => e instanceof ImagingError && ['CORRUPT', 'TRUNCATED'].includes(e.code),
  );
});
