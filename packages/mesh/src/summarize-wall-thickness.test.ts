import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarizeWallThickness } from './summarize-wall-thickness.ts';

test('wall thickness summary: min, percentiles to the 0.01 mm bin, thin share', () => {
  // 100 segment voxels: 10 at 0.5 mm, 90 at 2.0 mm; zeros are outside
  const t = new Float32Array(150);
  for (let i = 0; i < 10; i++) t[i] = 0.5;
  for (let i = 10; i < 100; i++) t[i] = 2.0;
  const s = summarizeWallThickness(t, 1.0);
  assert.ok(s);
  assert.equal(s.minMm, 0.5);
  assert.ok(Math.abs(s.p5Mm - 0.505) < 1e-9);
  assert.ok(Math.abs(s.medianMm - 2.005) < 1e-9);
  assert.equal(s.thinVolumePct, 10);
  assert.equal(summarizeWallThickness(t)?.thinVolumePct, 0);
  assert.equal(summarizeWallThickness(new Float32Array(5)), undefined);
});
