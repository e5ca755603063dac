import { test } from 'node:test';
import assert from 'node:assert/strict';
import dicomParser from 'dicom-parser';
import type { Vec3 } from '../volume.ts';
import { formatDs } from './format-ds.ts';
import { writeDicomSeries, type SlicePlan, type WriteSeriesOptions } from './write-dicom-series.ts';

const c = Math.cos((18.5 * Math.PI) / 180);
const s = Math.sin((18.5 * Math.PI) / 180);

const plan: SlicePlan = {
  rows: 3,
  columns: 4,
  pixelSpacing: [0.75, 0.5],
  rowDirection: [1, 0, 0],
  columnDirection: [0, c, -s],
  positions: [
    [-125, -123.5404569, 5.8360586],
    [-125, -123.5404569, 10.0560586],
  ],
  sliceThickness: 4,
  gantryTiltDeg: 18.5,
  patientPosition: 'HFS',
};

/** HU of pixel (r, col) of slice k: distinct, negative and positive. */
const hu = (k: number, r: number, col: number) => -1000 + 100 * k + 10 * r + col * 7;
const values = (k: number) =>
  Float32Array.from({ length: plan.rows * plan.columns }, (_, i) =>
    hu(k, Math.floor(i / plan.columns), i % plan.columns),
  );

function parse(bytes: Uint8Array) {
  return dicomParser.parseDicom(bytes);
}

function numbers(ds: dicomParser.DataSet, tag: string): number[] {
  return (ds.string(tag) ?? '').split('\\').map(Number);
}

function storedPixels(
  ds: dicomParser.DataSet,
  bytes: Uint8Array,
  signed: boolean,
  bigEndian: boolean,
): number[] {
  const el = ds.elements.x7fe00010;
  const view = new DataView(bytes.buffer, bytes.byteOffset + el.dataOffset, el.length);
  const out: number[] = [];
  for (let i = 0; i < el.length; i += 2)
    out.push(signed ? view.getInt16(i, !bigEndian) : view.getUint16(i, !bigEndian));
  return out;
}

for (const transferSyntax of ['explicit-le', 'implicit-le', 'explicit-be'] as const) {
  test(`CT series in ${transferSyntax} parses with dicom-parser; tags and pixels as planned`, () => {
    const options: WriteSeriesOptions = {
      modality: 'CT',
      transferSyntax,
      seed: 'test-ct',
      seriesDescription: 'tilt test',
      rescaleIntercept: -1024,
      rescaleSlope: 1,
      bitsStored: 12,
      instanceNumbers: [7, 3],
    };
    const files = writeDicomSeries(plan, values, options);
    assert.deepEqual(
      files.map((f) => f.name),
      ['IM0001.dcm', 'IM0002.dcm'],
    );
    for (const [k, f] of files.entries()) {
      assert.equal(String.fromCharCode(...f.bytes.subarray(128, 132)), 'DICM');
      assert.ok(f.bytes.subarray(0, 128).every((b) => b === 0));
      const ds = parse(f.bytes);
      // (0002,0000) group length covers exactly the rest of group 0002
      const metaEnd = Math.max(
        ...Object.values(ds.elements)
          .filter((e) => e.tag.startsWith('x0002'))
          .map((e) => e.dataOffset + e.length),
      );
      assert.equal(ds.uint32('x00020000'), metaEnd - 144);
      assert.equal(
        ds.string('x00020010'),
        {
          'explicit-le': '1.2.840.10008.1.2.1',
          'implicit-le': '1.2.840.10008.1.2',
          'explicit-be': '1.2.840.10008.1.2.2',
        }[transferSyntax],
      );
      assert.equal(ds.string('x00080016'), '1.2.840.10008.5.1.4.1.1.2');
      assert.equal(ds.string('x00020002'), ds.string('x00080016'));
      assert.equal(ds.string('x00020003'), ds.string('x00080018'));
      assert.equal(ds.string('x00080060'), 'CT');
      assert.equal(ds.string('x0008103e'), 'tilt test');
      assert.deepEqual(numbers(ds, 'x00200032'), plan.positions[k]);
      assert.deepEqual(numbers(ds, 'x00200037'), [
        1,
        0,
        0,
        0,
        Number(formatDs(c)),
        Number(formatDs(-s)),
      ]);
      assert.ok(Math.abs(numbers(ds, 'x00200037')[4] - c) < 1e-14);
      assert.deepEqual(numbers(ds, 'x00280030'), [0.75, 0.5]);
      assert.equal(ds.string('x00281052'), '-1024');
      assert.equal(ds.string('x00281053'), '1');
      assert.equal(ds.string('x00281054'), 'HU');
      assert.equal(ds.string('x00180050'), '4');
      assert.equal(ds.string('x00181120'), '18.5');
      assert.equal(ds.string('x00185100'), 'HFS');
      assert.equal(ds.intString('x00200013'), [7, 3][k]);
      assert.equal(ds.uint16('x00280010'), 3);
      assert.equal(ds.uint16('x00280011'), 4);
      assert.equal(ds.uint16('x00280100'), 16);
      assert.equal(ds.uint16('x00280101'), 12);
      assert.equal(ds.uint16('x00280102'), 11);
      assert.equal(ds.uint16('x00280103'), 0);
      assert.equal(ds.string('x00280004'), 'MONOCHROME2');
      const stored = storedPixels(ds, f.bytes, false, transferSyntax === 'explicit-be');
      assert.deepEqual(
        stored,
        Array.from(values(k), (v) => v + 1024),
      );
    }
    const a = parse(files[0].bytes);
    const b = parse(files[1].bytes);
    assert.equal(a.string('x0020000e'), b.string('x0020000e'));
    assert.equal(a.string('x0020000d'), b.string('x0020000d'));
    assert.equal(a.string('x00200052'), b.string('x00200052'));
    assert.notEqual(a.string('x00080018'), b.string('x00080018'));
  });
}

test('big-endian files store tags, lengths and pixel words most significant byte first', () => {
  const [le] = writeDicomSeries(plan, values, {
    modality: 'CT',
    seed: 'x',
    transferSyntax: 'explicit-le',
  });
  const [be] = writeDicomSeries(plan, values, {
    modality: 'CT',
    seed: 'x',
    transferSyntax: 'explicit-be',
  });
  // Same size: only the transfer syntax UID value differs in length (both 20 chars padded)
  assert.equal(be.bytes.length, le.bytes.length);
  const find = (bytes: Uint8Array, pattern: number[]) => {
    for (let i = 0; i < bytes.length - pattern.length; i++)
      if (pattern.every((p, j) => bytes[i + j] === p)) return i;
    return -1;
  };
  // (0028,0010) Rows US 2 = 3 in big endian: 00 28 00 10 'U' 'S' 00 02 00 03
  assert.ok(find(be.bytes, [0x00, 0x28, 0x00, 0x10, 0x55, 0x53, 0x00, 0x02, 0x00, 0x03]) > 0);
  assert.ok(find(le.bytes, [0x28, 0x00, 0x10, 0x00, 0x55, 0x53, 0x02, 0x00, 0x03, 0x00]) > 0);
  // pixel data: (7FE0,0010) OW, then first stored value 24 = 0x0018
  const at = find(be.bytes, [0x7f, 0xe0, 0x00, 0x10, 0x4f, 0x57, 0, 0]);
  assert.deepEqual([...be.bytes.subarray(at + 8, at + 14)], [0, 0, 0, 24, 0x00, 0x18]);
  // the meta group stays little endian
  assert.ok(find(be.bytes, [0x02, 0x00, 0x10, 0x00, 0x55, 0x49]) > 0);
});

test('MR, signed pixels with slope and intercept, MONOCHROME1, UTF-8 patient name', () => {
  const mrPlan: SlicePlan = {
    ...plan,
    rowDirection: [0, 1, 0],
    columnDirection: [0, 0, -1],
    positions: [[10, -20.25, 30.5]],
  };
  const v = Float32Array.from({ length: 12 }, (_, i) => (i - 6) * 2.5 + 0.5);
  const [f] = writeDicomSeries(mrPlan, () => v, {
    modality: 'MR',
    pixelRepresentation: 1,
    rescaleSlope: 0.5,
    rescaleIntercept: 0.5,
    photometric: 'MONOCHROME1',
    patientName: 'Müller^Zoë',
  });
  const ds = parse(f.bytes);
  assert.equal(ds.string('x00080016'), '1.2.840.10008.5.1.4.1.1.4');
  assert.equal(ds.string('x00080005'), 'ISO_IR 192');
  assert.equal(
    new TextDecoder()
      .decode(
        f.bytes.subarray(
          ds.elements.x00100010.dataOffset,
          ds.elements.x00100010.dataOffset + ds.elements.x00100010.length,
        ),
      )
      .trim(),
    'Müller^Zoë',
  );
  assert.equal(ds.string('x00280004'), 'MONOCHROME1');
  assert.equal(ds.uint16('x00280103'), 1);
  assert.equal(ds.string('x00281053'), '0.5');
  assert.equal(ds.string('x00281052'), '0.5');
  assert.equal(ds.string('x00281054'), undefined);
  assert.deepEqual(
    storedPixels(ds, f.bytes, true, false),
    Array.from(v, (x) => Math.round((x - 0.5) / 0.5)),
  );
  assert.deepEqual(numbers(ds, 'x00200032'), [10, -20.25, 30.5]);
  // SliceLocation is the position along the slice normal (row x column = (-1, 0, 0))
  assert.equal(Number(ds.string('x00201041')), -10);
  // MR without rescale options writes no rescale
  const [g] = writeDicomSeries(mrPlan, () => v.map((x) => x + 20), { modality: 'MR' });
  assert.equal(parse(g.bytes).string('x00281053'), undefined);
});

test('seeded output is byte-identical; unseeded UIDs differ', () => {
  const a = writeDicomSeries(plan, values, { modality: 'CT', seed: 's' });
  const b = writeDicomSeries(plan, values, { modality: 'CT', seed: 's' });
  assert.deepEqual(a, b);
  const c1 = writeDicomSeries(plan, values, { modality: 'CT' });
  const c2 = writeDicomSeries(plan, values, { modality: 'CT' });
  assert.notEqual(parse(c1[0].bytes).string('x0020000e'), parse(c2[0].bytes).string('x0020000e'));
  const given = writeDicomSeries(plan, values, {
    modality: 'CT',
    seriesInstanceUid: '1.2.3',
    studyInstanceUid: '1.2.4',
    frameOfReferenceUid: '1.2.5',
  });
  const ds = parse(given[1].bytes);
  assert.deepEqual(
    [ds.string('x0020000e'), ds.string('x0020000d'), ds.string('x00200052')],
    ['1.2.3', '1.2.4', '1.2.5'],
  );
});

test('out-of-range values throw, or clamp when asked; bad plans throw', () => {
  const hot = () => Float32Array.from({ length: 12 }, (_, i) => (i === 5 ? 5000 : 0));
  assert.throws(() => writeDicomSeries(plan, hot, { modality: 'CT', bitsStored: 12 }), {
    code: 'UNSUPPORTED_PIXEL_FORMAT',
    message: /pixel 5/,
  });
  const [f] = writeDicomSeries({ ...plan, positions: [plan.positions[0]] }, hot, {
    modality: 'CT',
    bitsStored: 12,
    clamp: true,
  });
  const ds = parse(f.bytes);
  assert.equal(storedPixels(ds, f.bytes, false, false)[5], 4095);
  assert.throws(
    () =>
      writeDicomSeries(plan, () => new Float32Array(12).fill(NaN), { modality: 'CT', clamp: true }),
    { code: 'UNSUPPORTED_PIXEL_FORMAT' },
  );
  assert.throws(
    () => writeDicomSeries(plan, () => new Float32Array(12).fill(-2000), { modality: 'CT' }),
    { code: 'UNSUPPORTED_PIXEL_FORMAT' },
  );
  assert.throws(() => writeDicomSeries(plan, () => new Float32Array(11), { modality: 'CT' }), {
    code: 'INCONSISTENT_GEOMETRY',
  });
  const skew: Vec3 = [0, 1, 0.1];
  assert.throws(
    () => writeDicomSeries({ ...plan, columnDirection: skew }, values, { modality: 'CT' }),
    { code: 'INCONSISTENT_GEOMETRY' },
  );
  assert.throws(
    () =>
      writeDicomSeries({ ...plan, rowDirection: [0, 1, 0], columnDirection: [0, 1, 0] }, values, {
        modality: 'CT',
      }),
    { code: 'INCONSISTENT_GEOMETRY' },
  );
  assert.throws(() => writeDicomSeries({ ...plan, positions: [] }, values, { modality: 'CT' }), {
    code: 'INCONSISTENT_GEOMETRY',
  });
  assert.throws(() => writeDicomSeries(plan, values, { modality: 'CT', instanceNumbers: [1] }), {
    code: 'INCONSISTENT_GEOMETRY',
  });
  assert.throws(() => writeDicomSeries(plan, values, { modality: 'CT', bitsStored: 17 }), {
    code: 'UNSUPPORTED_PIXEL_FORMAT',
  });
});

test('Int16Array values are accepted', () => {
  const [f] = writeDicomSeries(
    { ...plan, positions: [plan.positions[0]] },
    () => Int16Array.from({ length: 12 }, (_, i) => i - 3),
    { modality: 'CT', pixelRepresentation: 1, rescaleIntercept: 0 },
  );
  const ds = parse(f.bytes);
  assert.deepEqual(
    storedPixels(ds, f.bytes, true, false),
    Array.from({ length: 12 }, (_, i) => i - 3),
  );
});
