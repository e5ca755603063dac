import { test } from 'node:test';
import assert from 'node:assert/strict';
import { combineSegments } from './combine-segments.ts';
import { cropLabelMap } from './crop-label-map.ts';
import { maskVolume } from './mask-volume.ts';
import { countOf, grid, labelMapFrom, volumeFrom } from '../test/support/phantoms.ts';

// label 1: i < 6; label 2: i >= 6 && j < 3 (so 1 and 2 are disjoint); tool mask j < 3
const g = grid([10, 6, 2], [0.5, 0.5, 2.0], [10, 20, 30]);
const lm = labelMapFrom(g, (i, j) => (i < 6 ? 1 : j < 3 ? 2 : 0), [1, 2]);
const lower = new Uint8Array(120).map((_, p) => (Math.floor(p / 10) % 6 < 3 ? 1 : 0));

test('union, subtract, intersect change only the target', () => {
  const u = combineSegments(lm, { operation: 'union', target: 1, tool: 2 });
  assert.equal(countOf(u.data, 1), 72 + 24);
  assert.equal(countOf(u.data, 2), 0);
  const s = combineSegments(lm, { operation: 'subtract', target: 1, tool: lower });
  assert.equal(countOf(s.data, 1), 36);
  assert.equal(countOf(s.data, 2), 24);
  const x = combineSegments(lm, { operation: 'intersect', target: 1, tool: lower });
  assert.equal(countOf(x.data, 1), 36);
  assert.equal(countOf(lm.data, 1), 72, 'input not mutated');
  assert.throws(() => combineSegments(lm, { operation: 'union', target: 3, tool: 1 }), {
    code: 'UNKNOWN_SEGMENT',
  });
});

test('crop to an LPS box keeps LPS positions', () => {
  // voxel centres x = 10 + 0.5 i, y = 20 + 0.5 j, z = 30 + 2 k
  const c = cropLabelMap(lm, { min: [11, 20.4, 29], max: [13.1, 21.1, 31] });
  assert.deepEqual(c.geometry.dims, [5, 2, 1]);
  assert.deepEqual(c.geometry.origin, [11, 20.5, 30]);
  assert.deepEqual([...c.data], [1, 1, 1, 1, 2, 1, 1, 1, 1, 2]);
  assert.throws(() => cropLabelMap(lm, { min: [0, 0, 0], max: [1, 1, 1] }), {
    code: 'EMPTY_INPUT',
  });
});

test('mask a volume by a segment', () => {
  const v = volumeFrom(g, (i) => 100 + i);
  const m = maskVolume(v, lm, { label: 2 });
  for (let p = 0; p < 120; p++) assert.equal(m.data[p], lm.data[p] === 2 ? v.data[p] : -1024);
  const inv = maskVolume(v, lm, { label: 2, invert: true, fillValue: 0 });
  for (let p = 0; p < 120; p++) assert.equal(inv.data[p], lm.data[p] === 2 ? 0 : v.data[p]);
  const other = volumeFrom(grid([10, 6, 2]), () => 0);
  assert.throws(() => maskVolume(other, lm), { code: 'GRID_MISMATCH' });
});
