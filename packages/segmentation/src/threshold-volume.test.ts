import { test } from 'node:test';
import assert from 'node:assert/strict';
import { thresholdVolume } from './threshold-volume.ts';
import { THRESHOLD_PRESETS } from './threshold-presets.ts';
import { countOf, grid, rng, volumeFrom } from '../test/support/phantoms.ts';

const g = grid([24, 24, 10], [0.5, 0.5, 2.0], [-6, -6, -10]);
// sphere of radius 5 mm centred at LPS (0, 0, 0): 1000 HU inside, -1000 HU outside
const inSphere = (p: readonly number[]) => p[0] ** 2 + p[1] ** 2 + p[2] ** 2 <= 25;
const sphere = volumeFrom(g, (_i, _j, _k, p) => (inSphere(p) ? 1000 : -1000));

test('ct-bone preset selects exactly the sphere voxels', () => {
  let truth = 0;
  for (let p = 0; p < sphere.data.length; p++) if (sphere.data[p] === 1000) truth++;
  assert.ok(truth > 100);
  const lm = thresholdVolume(sphere, { preset: 'ct-bone' });
  assert.equal(countOf(lm.data, 1), truth);
  // 24x24 slices take the 4-voxels-per-store path: every voxel must match
  for (let p = 0; p < lm.data.length; p++)
    assert.equal(lm.data[p], sphere.data[p] === 1000 ? 1 : 0);
  assert.equal(lm.data.length, sphere.data.length);
  assert.ok(lm.data instanceof Uint8Array);
  assert.equal(lm.segments.get(1)?.name, 'ct-bone');
  assert.deepEqual(lm.geometry, g);
});

test('bounds are inclusive and the label is honoured', () => {
  const ramp = volumeFrom(grid([10, 1, 1]), (i) => 298 + i);
  const lm = thresholdVolume(ramp, { lower: 300, upper: 303, label: 7 });
  assert.deepEqual([...lm.data], [0, 0, 7, 7, 7, 7, 0, 0, 0, 0]);
});

test('presets are a data table with HU ranges and sources', () => {
  const names = THRESHOLD_PRESETS.map((p) => p.name);
  assert.deepEqual(names, ['ct-bone', 'ct-vessels', 'ct-airway', 'ct-skin', 'ct-soft-tissue']);
  const bone = THRESHOLD_PRESETS[0];
  assert.deepEqual([bone.lower, bone.upper, bone.unit], [300, 3071, 'HU']);
  for (const p of THRESHOLD_PRESETS) {
    assert.ok(p.lower < p.upper && p.source.length > 20, p.name);
  }
});

test('bad input: unknown preset, HU preset on raw data, reversed bounds, abort', () => {
  assert.throws(() => thresholdVolume(sphere, { preset: 'nope' }), { code: 'UNKNOWN_PRESET' });
  const raw = { ...sphere, unit: 'raw' as const };
  assert.throws(() => thresholdVolume(raw, { preset: 'ct-bone' }), { code: 'INVALID_OPTION' });
  assert.throws(() => thresholdVolume(sphere, { lower: 5, upper: 1 }), { code: 'INVALID_OPTION' });
  const ac = new AbortController();
  ac.abort();
  assert.throws(() => thresholdVolume(sphere, { lower: 0, upper: 1 }, { signal: ac.signal }), {
    name: 'AbortError',
  });
});

test('packed 16-bit paths equal the plain test for any value and bound (Int16, Uint16, Float32)', () => {
  const gr = grid([8, 4, 3]);
  const n = 96;
  const random = rng(17);
  const i16 = new Int16Array(n).map(() => Math.floor(random() * 65536) - 32768);
  i16.set([-32768, 32767, 0, -1, 1, 300, 299, 3071]);
  const u16 = new Uint16Array(i16.buffer.slice(0));
  const f32 = Float32Array.from(i16, (v) => v + 0.5);
  const bounds: Array<[number, number]> = [
    [300, 3071],
    [-32768, 32767],
    [-1e9, 1e9],
    [299.5, 300.5],
    [-0.5, 0.5],
    [40000, 50000],
    [-50000, -40000],
    [65535, 70000],
  ];
  for (const data of [i16, u16, f32]) {
    const volume = { kind: 'Volume' as const, geometry: gr, data, unit: 'raw' as const };
    for (const [lower, upper] of bounds) {
      const got = thresholdVolume(volume, { lower, upper }).data;
      for (let p = 0; p < n; p++) {
        const want = data[p] >= lower && data[p] <= upper ? 1 : 0;
        assert.equal(got[p], want, `${data.constructor.name} [${lower}, ${upper}] voxel ${p}`);
      }
    }
  }
});
