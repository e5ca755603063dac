import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fillHoles } from './fill-holes.ts';
import { countOf, grid, labelMapFrom } from '../test/support/phantoms.ts';

const g = grid([24, 24, 12], [0.5, 0.5, 1.0], [-6, -6, -6]);
const r2 = (p: readonly number[]) => p[0] ** 2 + p[1] ** 2 + p[2] ** 2;

test('3D: a hollow sphere is filled to the solid sphere', () => {
  const hollow = labelMapFrom(g, (_i, _j, _k, p) => (r2(p) <= 25 && r2(p) > 6.25 ? 1 : 0));
  const solid = labelMapFrom(g, (_i, _j, _k, p) => (r2(p) <= 25 ? 1 : 0));
  assert.ok(countOf(hollow.data, 1) < countOf(solid.data, 1));
  assert.deepEqual(fillHoles(hollow).data, solid.data);
});

test('3D: a torus keeps its (open) hole; slice mode fills an open tube', () => {
  const torus = labelMapFrom(g, (_i, _j, _k, p) => {
    const q = Math.hypot(p[0], p[1]) - 3.5;
    return q * q + p[2] * p[2] <= 1.5 * 1.5 ? 1 : 0;
  });
  assert.deepEqual(fillHoles(torus).data, torus.data);
  // tube along k through the whole grid: its lumen reaches the border in 3D, not in a slice
  const tube = labelMapFrom(g, (_i, _j, _k, p) => {
    const rr = p[0] ** 2 + p[1] ** 2;
    return rr <= 16 && rr > 4 ? 1 : 0;
  });
  assert.deepEqual(fillHoles(tube).data, tube.data);
  const filled = fillHoles(tube, { mode: 'slice', sliceAxis: 2 });
  const disk = labelMapFrom(g, (_i, _j, _k, p) => (p[0] ** 2 + p[1] ** 2 <= 16 ? 1 : 0));
  assert.deepEqual(filled.data, disk.data);
  // slicing along i cuts the tube lengthwise: no enclosed holes in those slices
  assert.deepEqual(fillHoles(tube, { mode: 'slice', sliceAxis: 0 }).data, tube.data);
});
