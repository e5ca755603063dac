import { test } from 'node:test';
import assert from 'node:assert/strict';
import dicomParser from 'dicom-parser';
import { indexToLps } from '../geometry.ts';
import type { Vec3, VolumeGeometry } from '../volume.ts';
import { leftRightPhantom } from './left-right-phantom.ts';
import { spherePhantom } from './phantom.ts';
import { planFromGeometry } from './plan-from-geometry.ts';
import { renderPhantomSeries } from './render-phantom-series.ts';
import { sampleVolume } from './sample-volume.ts';
import { standardGeometry } from './standard-geometry.ts';
import { tiltedPlan } from './tilted-plan.ts';

interface Slice {
  ipp: number[];
  iop: number[];
  spacing: number[];
  rows: number;
  columns: number;
  hu: Int16Array;
}

function readSlice(bytes: Uint8Array): Slice {
  const ds = dicomParser.parseDicom(bytes);
  const nums = (t: string) => (ds.string(t) ?? '').split('\\').map(Number);
  const el = ds.elements.x7fe00010;
  const slope = Number(ds.string('x00281053'));
  const intercept = Number(ds.string('x00281052'));
  const signed = ds.uint16('x00280103') === 1;
  const view = new DataView(bytes.buffer, bytes.byteOffset + el.dataOffset, el.length);
  const hu = new Int16Array(el.length / 2);
  for (let i = 0; i < hu.length; i++) {
    hu[i] = (signed ? view.getInt16(2 * i, true) : view.getUint16(2 * i, true)) * slope + intercept;
  }
  return {
    ipp: nums('x00200032'),
    iop: nums('x00200037'),
    spacing: nums('x00280030'),
    rows: ds.uint16('x00280010')!,
    columns: ds.uint16('x00280011')!,
    hu,
  };
}

/** LPS of pixel (r, c) from what the file says. */
function pixelLps(s: Slice, r: number, c: number): Vec3 {
  return [0, 1, 2].map(
    (a) => s.ipp[a] + c * s.spacing[1] * s.iop[a] + r * s.spacing[0] * s.iop[3 + a],
  ) as unknown as Vec3;
}

const { phantom, markers } = leftRightPhantom({ scale: 0.4 });
const grids: Record<string, VolumeGeometry> = {
  axialHfs: standardGeometry({
    orientation: 'axial',
    dims: [24, 20, 20],
    spacing: [2.5, 2.5, 2.5],
  }),
  axialFfsReversed: standardGeometry({
    orientation: 'axial',
    dims: [24, 20, 20],
    spacing: [2.5, 2.5, 2.5],
    feetFirst: true,
    reversed: true,
  }),
  coronal: standardGeometry({ orientation: 'coronal', dims: [24, 18, 20], spacing: [2.5, 3, 2] }),
  obliqueLeft: standardGeometry({
    orientation: 'oblique',
    dims: [26, 22, 20],
    spacing: [2.4, 2.6, 3],
    reversed: true,
  }),
};

for (const [name, g] of Object.entries(grids)) {
  test(`rendered ${name} series equals the sampled volume on the same grid, and markers are where stated`, () => {
    const files = renderPhantomSeries(phantom, planFromGeometry(g), { modality: 'CT', seed: name });
    assert.equal(files.length, g.dims[2]);
    const truth = sampleVolume(phantom, g);
    const sums = { left: [0, 0, 0, 0], anterior: [0, 0, 0, 0], superior: [0, 0, 0, 0] };
    for (const [k, f] of files.entries()) {
      const s = readSlice(f.bytes);
      assert.equal(s.rows, g.dims[1]);
      assert.equal(s.columns, g.dims[0]);
      const expectedIpp = indexToLps(g, 0, 0, k);
      for (let a = 0; a < 3; a++) assert.ok(Math.abs(s.ipp[a] - expectedIpp[a]) < 1e-9);
      for (let a = 0; a < 3; a++) {
        assert.ok(Math.abs(s.iop[a] - g.axes[0][a]) < 1e-12);
        assert.ok(Math.abs(s.iop[3 + a] - g.axes[1][a]) < 1e-12);
      }
      assert.deepEqual(s.spacing, [g.spacing[1], g.spacing[0]]);
      const offset = k * g.dims[0] * g.dims[1];
      assert.deepEqual(s.hu, truth.data.subarray(offset, offset + s.hu.length));
      // centroid of marker pixels, from the file's own geometry, assigned to the nearest marker
      for (let r = 0; r < s.rows; r++) {
        for (let c = 0; c < s.columns; c++) {
          if (s.hu[r * s.columns + c] !== 1000) continue;
          const p = pixelLps(s, r, c);
          const near = (Object.keys(markers) as (keyof typeof markers)[]).reduce((best, m) =>
            Math.hypot(...p.map((v, a) => v - markers[m][a])) <
            Math.hypot(...p.map((v, a) => v - markers[best][a]))
              ? m
              : best,
          );
          for (let a = 0; a < 3; a++) sums[near][a] += p[a];
          sums[near][3]++;
        }
      }
    }
    for (const m of Object.keys(markers) as (keyof typeof markers)[]) {
      const [x, y, z, n] = sums[m];
      assert.ok(n > 0, `${m} marker not found`);
      const centroid = [x / n, y / n, z / n];
      for (let a = 0; a < 3; a++)
        assert.ok(
          Math.abs(centroid[a] - markers[m][a]) < 0.5 * Math.max(...g.spacing),
          `${m}[${a}] ${centroid[a]} vs ${markers[m][a]}`,
        );
    }
  });
}

test('tilted series: every pixel holds the phantom value at its true (sheared) centre', () => {
  const sphere = spherePhantom({ center: [3, -4, 10], radius: 11.7, inside: 1000, outside: -1000 });
  const plan = tiltedPlan({
    rows: 21,
    columns: 23,
    pixelSpacing: [1.5, 1.25],
    slices: 11,
    sliceSpacing: 2.5,
    tiltDeg: 18.5,
    center: [3, -4, 10],
  });
  const files = renderPhantomSeries(sphere, plan, {
    modality: 'CT',
    seed: 'tilt',
    transferSyntax: 'implicit-le',
  });
  let inside = 0;
  for (const f of files) {
    const s = readSlice(f.bytes);
    for (let r = 0; r < s.rows; r++) {
      for (let c = 0; c < s.columns; c++) {
        const v = s.hu[r * s.columns + c];
        assert.equal(v, sphere(...pixelLps(s, r, c)));
        if (v === 1000) inside++;
      }
    }
  }
  assert.ok(inside > 500);
  // the stack centre is inside; its slice's GantryDetectorTilt says 18.5
  const mid = dicomParser.parseDicom(files[5].bytes);
  assert.equal(mid.string('x00181120'), '18.5');
  assert.equal(readSlice(files[5].bytes).hu[10 * 23 + 11], 1000);
});
