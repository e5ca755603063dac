import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'fflate';
import type { Volume, VolumeGeometry } from '../volume.ts';
import { readNifti } from './read-nifti.ts';
import { writeNifti } from './write-nifti.ts';
import { bigEndianCopy } from '../../test/support/nifti-big-endian.ts';

const grid: VolumeGeometry = {
  dims: [3, 4, 2],
  spacing: [0.5, 0.75, 2],
  origin: [-10, 20, 30],
  axes: [
    [1, 0, 0],
    [0, 0, -1],
    [0, 1, 0],
  ],
};
const values = Int16Array.from({ length: 24 }, (_, i) => i * 100 - 1000);
const plain = (): Uint8Array => writeNifti({ kind: 'Volume', geometry: grid, data: values });

test('scl_slope / scl_inter are applied and give Float32 data; slope 0 means none', () => {
  const bytes = plain();
  const view = new DataView(bytes.buffer);
  view.setFloat32(112, 0.5, true);
  view.setFloat32(116, -7, true);
  const scaled = readNifti(bytes, 'scaled').volume.data;
  assert.ok(scaled instanceof Float32Array);
  assert.deepEqual(
    scaled,
    Float32Array.from(values, (v) => v * 0.5 - 7),
  );
  view.setFloat32(112, 0, true);
  const none = readNifti(bytes, 'slope0').volume.data;
  assert.ok(none instanceof Int16Array);
  assert.deepEqual(none, values);
});

test('units: metres and microns are converted to mm', () => {
  const bytes = plain();
  bytes[123] = 1 | 8; // metre, second
  const m = readNifti(bytes, 'm');
  assert.equal(m.header.spaceUnit, 'm');
  assert.deepEqual(m.volume.geometry.spacing, [500, 750, 2000]);
  assert.deepEqual(m.volume.geometry.origin, [-10000, 20000, 30000]);
  bytes[123] = 3;
  const um = readNifti(bytes, 'um');
  assert.equal(um.header.spaceUnit, 'um');
  assert.ok(Math.abs(um.volume.geometry.spacing[2] - 0.002) < 1e-12);
});

test('big-endian NIfTI-1 reads the same as little-endian', () => {
  const le = plain();
  const be = bigEndianCopy(le);
  const a = readNifti(le, 'le');
  const b = readNifti(be, 'be');
  assert.equal(b.header.littleEndian, false);
  assert.deepEqual(b.volume.geometry, a.volume.geometry);
  assert.deepEqual(b.volume.data, a.volume.data);
});

test('only the first volume of a 4D file is read', () => {
  const g4: VolumeGeometry = { ...grid, dims: [3, 4, 2] };
  const bytes = writeNifti({ geometry: g4, data: values });
  const longer = new Uint8Array(bytes.length + values.byteLength);
  longer.set(bytes);
  const view = new DataView(longer.buffer);
  view.setInt16(40, 4, true);
  view.setInt16(48, 2, true);
  const r = readNifti(longer, '4d');
  assert.deepEqual(r.header.dims, [3, 4, 2, 2]);
  assert.deepEqual(r.volume.data, values);
});

test('bad input is a typed error', () => {
  const ok = plain();
  assert.throws(() => readNifti(new Uint8Array(10), 'tiny'), { code: 'NIFTI_INVALID' });
  assert.throws(() => readNifti(new Uint8Array(2), 'tiny'), { code: 'TRUNCATED' });
  assert.throws(() => readNifti(ok.subarray(0, 200), 'cut-header'), { code: 'TRUNCATED' });
  assert.throws(() => readNifti(ok.subarray(0, ok.length - 1), 'cut-data'), {
    code: 'TRUNCATED',
    message: /cut-data/,
  });
  const badMagic = ok.slice();
  badMagic[345] = 'x'.charCodeAt(0);
  assert.throws(() => readNifti(badMagic, 'magic'), { code: 'NIFTI_INVALID', message: /magic/ });
  const pair = ok.slice();
  pair[345] = 'i'.charCodeAt(0);
  assert.throws(() => readNifti(pair, 'pair'), { code: 'NIFTI_INVALID', message: /hdr\/\.img/ });
  const rgb = ok.slice();
  new DataView(rgb.buffer).setInt16(70, 128, true);
  assert.throws(() => readNifti(rgb, 'rgb'), { code: 'NIFTI_INVALID', message: /datatype 128/ });
  const zeroAxis = ok.slice();
  for (let o = 280; o < 328; o += 16) new DataView(zeroAxis.buffer).setFloat32(o, 0, true);
  assert.throws(() => readNifti(zeroAxis, 'zero'), { code: 'NIFTI_INVALID', message: /axis 0/ });
  const gz = gzipSync(ok);
  assert.throws(() => readNifti(gz.subarray(0, gz.length - 20), 'gz'), { code: 'CORRUPT' });
  const v: Volume = readNifti(gz, 'gz-ok').volume;
  assert.deepEqual(v.data, values);
});

test('multi-member gzip (concatenated members, as bgzip writes) is read whole', () => {
  const ok = plain();
  const cut = 500;
  const a = gzipSync(ok.subarray(0, cut));
  const b = gzipSync(ok.subarray(cut));
  const both = new Uint8Array(a.length + b.length);
  both.set(a);
  both.set(b, a.length);
  assert.deepEqual(readNifti(both, 'two-members').volume.data, values);
});

test('a tiny shear (< 1e-4) is accepted as stored', () => {
  const bytes = plain();
  const view = new DataView(bytes.buffer);
  // column k is (0, 2, 0) in LPS = srow[1][2] = -2; add 1e-5 mm of x to it (cos ~ 5e-6)
  view.setFloat32(280 + 8, -1e-5, true);
  const g = readNifti(bytes, 'tiny-shear').volume.geometry;
  assert.ok(Math.abs(g.axes[2][0] - 5e-6) < 1e-9);
  view.setFloat32(280 + 8, -0.01, true);
  assert.throws(() => readNifti(bytes, 'shear'), { code: 'NIFTI_INVALID' });
});

test('adoptBytes views unscaled voxels in place; default copies; gunzipped data are viewed', () => {
  const bytes = plain();
  const copied = readNifti(bytes, 'copy.nii').volume.data;
  const viewed = readNifti(bytes, 'view.nii', { adoptBytes: true }).volume.data;
  assert.deepEqual(Array.from(viewed), Array.from(values));
  assert.deepEqual(Array.from(copied), Array.from(values));
  assert.equal(viewed.buffer, bytes.buffer, 'in place');
  assert.notEqual(copied.buffer, bytes.buffer, 'copied by default');
  const gz = readNifti(gzipSync(bytes), 'view.nii.gz').volume.data;
  assert.deepEqual(Array.from(gz), Array.from(values));
  assert.ok(gz.byteOffset > 0, 'the gunzipped buffer is viewed, header included');
});
