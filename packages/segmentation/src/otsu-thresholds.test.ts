import { test } from 'node:test';
import assert from 'node:assert/strict';
import { otsuThresholds } from './otsu-thresholds.ts';
import { grid, volumeFrom } from '../test/support/phantoms.ts';

test('Otsu separates a two-level volume exactly', () => {
  const v = volumeFrom(grid([20, 10, 3]), (i, j) => (i < 7 ? 10 : 250) + (j % 3), 'raw');
  const [t] = otsuThresholds(v);
  assert.ok(t > 12 && t <= 250, `threshold ${t}`);
  for (let p = 0; p < v.data.length; p++) assert.equal(v.data[p] >= t, v.data[p] >= 250);
});

test('multi-Otsu with 3 and 4 classes separates three and four tissue levels', () => {
  const levels = [0, 400, 800, 1500];
  const v = volumeFrom(grid([40, 8, 2]), (i, j) => levels[i % 4] + (j % 4), 'raw');
  const t3 = otsuThresholds(
    volumeFrom(grid([30, 8, 2]), (i, j) => levels[i % 3] + (j % 4), 'raw'),
    {
      classes: 3,
    },
  );
  assert.equal(t3.length, 2);
  assert.ok(t3[0] > 3 && t3[0] <= 400 && t3[1] > 403 && t3[1] <= 800, `${t3}`);
  const t4 = otsuThresholds(v, { classes: 4, bins: 128 });
  assert.equal(t4.length, 3);
  const cls = (x: number) => t4.filter((t) => x >= t).length;
  // every voxel lands in the class of its level
  for (let p = 0; p < v.data.length; p++) {
    const level = levels.findLastIndex((l) => v.data[p] >= l);
    assert.equal(cls(v.data[p]), level);
  }
});

test('Otsu rejects bad class counts', () => {
  const v = volumeFrom(grid([4, 4, 1]), (i) => i, 'raw');
  assert.throws(() => otsuThresholds(v, { classes: 5 }), { code: 'INVALID_OPTION' });
});
