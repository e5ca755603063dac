import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Vec3 } from '@anatomodel/imaging';
import { extractIsosurface } from './extract-isosurface.ts';
import { analyzeMesh } from './analyze-mesh.ts';
import {
  centredGeometry,
  obliqueAxes,
  sdfVolume,
  sphereSdf,
  torusSdf,
  vertexDistance,
} from '../test/support/phantoms.ts';

const sphereVolume = (r: number) => (4 / 3) * Math.PI * r ** 3;

const grids: Array<{ name: string; spacing: Vec3; axes?: [Vec3, Vec3, Vec3] }> = [
  { name: 'isotropic', spacing: [1, 1, 1] },
  { name: 'anisotropic', spacing: [0.7, 0.9, 1.6] },
  { name: 'oblique', spacing: [0.8, 0.8, 1.2], axes: obliqueAxes(25, 17) },
  {
    name: 'left-handed',
    spacing: [0.9, 0.9, 1.1],
    axes: [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, -1],
    ],
  },
];

for (const grid of grids) {
  test(`sphere r=10 mm on a ${grid.name} grid: watertight, genus 0, volume, distance`, () => {
    const centre: Vec3 = [3.3, -2.1, 5.7];
    const dims: Vec3 = [
      Math.ceil(28 / grid.spacing[0]),
      Math.ceil(28 / grid.spacing[1]),
      Math.ceil(28 / grid.spacing[2]),
    ];
    const g = centredGeometry(dims, grid.spacing, centre, grid.axes);
    const sdf = sphereSdf(centre, 10);
    const mesh = extractIsosurface(sdfVolume(g, sdf), { isoValue: 0 });
    const a = analyzeMesh(mesh);
    assert.equal(a.watertight, true, JSON.stringify(a));
    assert.equal(a.shells, 1);
    assert.equal(a.genus, 0);
    assert.equal(a.eulerCharacteristic, 2);
    assert.ok(a.signedVolume > 0);
    const relVol = a.signedVolume / sphereVolume(10) - 1;
    assert.ok(Math.abs(relVol) < 0.01, `volume error ${relVol}`);
    const relArea = a.area / (4 * Math.PI * 100) - 1;
    assert.ok(Math.abs(relArea) < 0.02, `area error ${relArea}`);
    const d = vertexDistance(mesh.positions, sdf);
    assert.ok(d.max < 0.05, `max distance ${d.max}`);
  });
}

test('torus: genus 1, volume 2 pi^2 R r^2', () => {
  const g = centredGeometry([40, 40, 16], [0.8, 0.8, 0.9]);
  const sdf = torusSdf([0, 0, 0], 10, 4);
  const mesh = extractIsosurface(sdfVolume(g, sdf), { isoValue: 0 });
  const a = analyzeMesh(mesh);
  assert.equal(a.watertight, true);
  assert.equal(a.shells, 1);
  assert.equal(a.genus, 1);
  assert.equal(a.eulerCharacteristic, 0);
  const rel = a.signedVolume / (2 * Math.PI ** 2 * 10 * 16) - 1;
  assert.ok(Math.abs(rel) < 0.01, `volume error ${rel}`);
});

test('object cut by the scan border is closed by padding', () => {
  const g = centredGeometry([20, 20, 20], [1, 1, 1]);
  // sphere centred on the +i face: half of it lies outside the grid
  const mesh = extractIsosurface(sdfVolume(g, sphereSdf([9.5, 0, 0], 6)), { isoValue: 0 });
  const a = analyzeMesh(mesh);
  assert.equal(a.watertight, true);
  assert.equal(a.genus, 0);
  assert.ok(a.signedVolume > 0);
  // the cap is closed half a voxel beyond the last voxel centre (i = 19 -> x = 9.5 + 0.5)
  assert.ok(Math.abs(a.bounds.max[0] - 10) < 1e-5, String(a.bounds.max[0]));
});

test('random noise volumes: every case combination stays closed and manifold', () => {
  const g = centredGeometry([17, 13, 11], [1, 1, 1]);
  const data = new Float32Array(17 * 13 * 11);
  for (const seed of [1, 12345, 777, 4242]) {
    let s = seed;
    for (let i = 0; i < data.length; i++) {
      s = (s * 1103515245 + 12345) >>> 0;
      data[i] = (s >>> 8) / 2 ** 24;
    }
    for (const isoValue of [0.3, 0.5, 0.7]) {
      const mesh = extractIsosurface(
        { kind: 'Volume', geometry: g, data, unit: 'raw' },
        { isoValue },
      );
      const a = analyzeMesh(mesh);
      assert.equal(a.watertight, true, JSON.stringify({ seed, isoValue, ...a }));
      assert.ok(a.signedVolume > 0);
    }
  }
});

test('empty and full volumes', () => {
  const g = centredGeometry([4, 4, 4], [1, 1, 1]);
  const empty = extractIsosurface(
    { kind: 'Volume', geometry: g, data: new Int16Array(64), unit: 'HU' },
    { isoValue: 1 },
  );
  assert.equal(empty.triangles.length, 0);
  const full = extractIsosurface(
    { kind: 'Volume', geometry: g, data: new Int16Array(64).fill(5), unit: 'HU' },
    { isoValue: 1 },
  );
  const a = analyzeMesh(full);
  assert.equal(a.watertight, true);
  // the 4 mm box, closed half a voxel beyond the outer centres, with the 12 edges and 8 corners
  // chamfered by marching cubes: 64 - 12 * (0.125 * 4) + 8 * (1/4 - 1/48) = 176/3 mm³
  assert.ok(Math.abs(a.signedVolume - 176 / 3) < 1e-4, String(a.signedVolume));
  assert.deepEqual(a.bounds, { min: [-2, -2, -2], max: [2, 2, 2] });
  assert.throws(() => extractIsosurface(full as never, { isoValue: NaN }), /isoValue/);
});
