import { test } from 'node:test';
import assert from 'node:assert/strict';
import { indexToLps } from '../geometry.ts';
import type { VolumeGeometry } from '../volume.ts';
import { spherePhantom } from './phantom.ts';
import { sampleVolume } from './sample-volume.ts';
import { standardGeometry } from './standard-geometry.ts';

const r = 10;
const truth = (4 / 3) * Math.PI * r ** 3;
const sphere = spherePhantom({ center: [0.31, -0.17, 0.43], radius: r, inside: 1000, outside: 0 });

const grids: Record<string, VolumeGeometry> = {
  axial1mm: standardGeometry({ orientation: 'axial', dims: [26, 26, 26], spacing: [1, 1, 1] }),
  obliqueAnisoLeft: standardGeometry({
    orientation: 'oblique',
    dims: [30, 22, 16],
    spacing: [0.8, 1.1, 1.7],
    reversed: true,
    obliqueDeg: 27,
  }),
  sagittalCoarse: standardGeometry({
    orientation: 'sagittal',
    dims: [11, 11, 11],
    spacing: [2.5, 2.5, 2.5],
  }),
};

for (const [name, g] of Object.entries(grids)) {
  test(`sphere volume on ${name} is 4/3 pi r^3 within a voxel-size tolerance`, () => {
    const area = 4 * Math.PI * r * r;
    const h = Math.max(...g.spacing);
    for (const [n, shell] of [
      [1, 0.05],
      [2, 0.02],
      [4, 0.01],
    ] as const) {
      // tolerance: a shell of `shell` voxels' thickness over the sphere's surface
      const tol = shell * area * h;
      const v = sampleVolume(sphere, g, { supersample: n, type: 'float32' });
      let sum = 0;
      for (let i = 0; i < v.data.length; i++) sum += v.data[i] / 1000;
      const volume = sum * g.spacing[0] * g.spacing[1] * g.spacing[2];
      assert.ok(Math.abs(volume - truth) <= tol, `n=${n}: ${volume} vs ${truth} (tol ${tol})`);
    }
  });
}

test('point sampling is exact at every voxel centre of an oblique left-handed grid', () => {
  const g = grids.obliqueAnisoLeft;
  const v = sampleVolume(sphere, g);
  assert.ok(v.data instanceof Int16Array);
  assert.equal(v.unit, 'HU');
  let inside = 0;
  for (let k = 0, n = 0; k < g.dims[2]; k++) {
    for (let j = 0; j < g.dims[1]; j++) {
      for (let i = 0; i < g.dims[0]; i++, n++) {
        const expected = sphere(...indexToLps(g, i, j, k));
        assert.equal(v.data[n], expected);
        if (expected) inside++;
      }
    }
  }
  assert.ok(inside > 1000);
});

test('int16 rounds and clamps; float32 keeps fractions; unit is stamped', () => {
  const g = standardGeometry({ orientation: 'axial', dims: [2, 1, 1], spacing: [1, 1, 1] });
  const half = (x: number) => (x < 0 ? 2.5 : 1e6);
  const i16 = sampleVolume(half, g);
  assert.deepEqual([...i16.data], [3, 32767]);
  const f32 = sampleVolume(half, g, { type: 'float32', unit: 'raw' });
  assert.ok(f32.data instanceof Float32Array);
  assert.deepEqual([...f32.data], [2.5, 1e6]);
  assert.equal(f32.unit, 'raw');
  // supersampling averages: half the sub-samples of voxel 0 lie left of x = -0.5
  const edge = (x: number) => (x < -0.5 ? 100 : 0);
  const s = sampleVolume(edge, g, { supersample: 4, type: 'float32' });
  assert.deepEqual([...s.data], [50, 0]);
  assert.throws(() => sampleVolume(edge, g, { supersample: 0 }), RangeError);
  assert.throws(() => sampleVolume(edge, g, { supersample: 1.5 }), RangeError);
});

test('progress is reported up to 1 and abort stops the kernel', () => {
  const g = standardGeometry({ orientation: 'axial', dims: [4, 4, 300], spacing: [1, 1, 1] });
  const calls: number[] = [];
  sampleVolume(sphere, g, {}, { onProgress: (f) => calls.push(f) });
  assert.ok(calls.length >= 2 && calls.length <= 101, `${calls.length} calls`);
  assert.equal(calls.at(-1), 1);
  assert.ok(calls.every((f, i) => i === 0 || f > calls[i - 1]));
  const controller = new AbortController();
  controller.abort(new Error('stop'));
  assert.throws(() => sampleVolume(sphere, g, {}, { signal: controller.signal }), /stop/);
});
