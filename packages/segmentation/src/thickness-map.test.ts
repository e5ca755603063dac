import { test } from 'node:test';
import assert from 'node:assert/strict';
import { thicknessMap } from './thickness-map.ts';
import { grid, labelMapFrom } from '../test/support/phantoms.ts';

const g = grid([40, 40, 12], [0.5, 0.5, 2.0]);

test('a slab along k (2.0 mm) of 3 slices measures 6 mm; 4 slices measure 6 mm (n-1)', () => {
  for (const [n, want] of [
    [3, 6],
    [4, 6],
    [1, 2],
  ]) {
    const slab = labelMapFrom(g, (_i, _j, k) => (k >= 4 && k < 4 + n ? 1 : 0));
    const t = thicknessMap(slab);
    // away from the grid border (which counts as background) the wall is flat
    for (let k = 4; k < 4 + n; k++)
      for (let j = 15; j < 25; j++)
        for (let i = 15; i < 25; i++) assert.equal(t[i + 40 * j + 1600 * k], want, `n=${n}`);
    assert.equal(t[20 + 40 * 20 + 1600 * 3], 0);
  }
});

test('a slab along i (0.5 mm) of 5 voxels measures 2.5 mm', () => {
  const slab = labelMapFrom(g, (i) => (i >= 10 && i < 15 ? 1 : 0));
  const t = thicknessMap(slab);
  for (let k = 4; k < 8; k++)
    for (let j = 10; j < 30; j++)
      for (let i = 10; i < 15; i++) assert.equal(t[i + 40 * j + 1600 * k], 2.5);
});

test('a sphere of radius 5 mm: max thickness within a voxel of its diameter, never above', () => {
  const gs = grid([29, 29, 29], [0.5, 0.5, 0.5], [-7, -7, -7]);
  const sphere = labelMapFrom(gs, (_i, _j, _k, p) =>
    p[0] ** 2 + p[1] ** 2 + p[2] ** 2 <= 25 ? 1 : 0,
  );
  const t = thicknessMap(sphere);
  let max = 0;
  for (let p = 0; p < t.length; p++) {
    if (sphere.data[p] === 0) assert.equal(t[p], 0);
    else assert.ok(t[p] > 0);
    max = Math.max(max, t[p]);
  }
  assert.ok(max <= 10 && max >= 10 - 0.5, `max ${max}`);
});
