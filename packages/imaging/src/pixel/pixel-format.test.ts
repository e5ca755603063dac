import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDicom } from '../dicom/parse-dicom.ts';
import { ImagingError } from '../imaging-error.ts';
import { readPixelFormat } from './pixel-format.ts';
import { buildPart10, TS, type SyntheticImage } from '../../test/support/synthetic-part10.ts';

const base: SyntheticImage = {
  transferSyntax: TS.explicitLe,
  rows: 4,
  columns: 5,
  bitsAllocated: 16,
  bitsStored: 12,
  pixelRepresentation: 1,
  pixelData: new Uint8Array(40),
};
const format = (img: Partial<SyntheticImage>) =>
  readPixelFormat(parseDicom(buildPart10({ ...base, ...img }), 'f.dcm'), 'f.dcm');

test('reads the Image Pixel Module', () => {
  assert.deepEqual(
    format({
      planarConfiguration: 1,
      samplesPerPixel: 3,
      photometric: 'RGB',
      bitsAllocated: 8,
      bitsStored: 8,
      pixelRepresentation: 0,
      pixelData: new Uint8Array(60),
    }),
    {
      rows: 4,
      columns: 5,
      samplesPerPixel: 3,
      bitsAllocated: 8,
      bitsStored: 8,
      highBit: 7,
      pixelRepresentation: 0,
      photometricInterpretation: 'RGB',
      planarConfiguration: 1,
    },
  );
});

test('defaults: HighBit = BitsStored - 1, PlanarConfiguration 0, MONOCHROME2', () => {
  const f = format({ omit: ['HighBit', 'PhotometricInterpretation', 'SamplesPerPixel'] });
  assert.equal(f.highBit, 11);
  assert.equal(f.planarConfiguration, 0);
  assert.equal(f.samplesPerPixel, 1);
  assert.equal(f.photometricInterpretation, 'MONOCHROME2');
  assert.equal(f.pixelRepresentation, 1);
});

test('absent required attributes are MISSING_ATTRIBUTE naming the keyword', () => {
  for (const keyword of ['Rows', 'Columns', 'BitsAllocated', 'BitsStored', 'PixelRepresentation']) {
    assert.throws(
      () => format({ omit: [keyword] }),
      (e: unknown) =>
        e instanceof ImagingError &&
        e.code === 'MISSING_ATTRIBUTE' &&
        e.file === 'f.dcm' &&
        e.message.includes(keyword),
    );
  }
});

test('values outside the standard are UNSUPPORTED_PIXEL_FORMAT', () => {
  const bad: Array<Partial<SyntheticImage>> = [
    { bitsAllocated: 12 },
    { bitsStored: 17 },
    { highBit: 16 },
    { highBit: 5 },
    { samplesPerPixel: 2 },
    { rows: 0 },
  ];
  for (const b of bad) {
    assert.throws(
      () => format(b),
      (e: unknown) => e instanceof ImagingError && e.code === 'UNSUPPORTED_PIXEL_FORMAT',
      JSON.stringify(b),
    );
  }
});
