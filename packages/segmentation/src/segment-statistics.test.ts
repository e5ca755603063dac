import { test } from 'node:test';
import assert from 'node:assert/strict';
import { segmentStatistics } from './segment-statistics.ts';
import { grid, labelMapFrom } from '../test/support/phantoms.ts';

test('voxel count, volume and bounding boxes per segment', () => {
  // axes: i -> -x (left-handed flip) to check the LPS box uses the full transform
  const g = grid(
    [10, 8, 6],
    [0.5, 0.5, 2.0],
    [100, 0, 0],
    [
      [-1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ],
  );
  const lm = labelMapFrom(
    g,
    (i, j, k) =>
      i >= 2 && i <= 5 && j >= 1 && j <= 3 && k >= 2 && k <= 4
        ? 1
        : i === 9 && j === 7 && k === 5
          ? 2
          : 0,
    [1, 2, 3],
  );
  const s = segmentStatistics(lm);
  assert.deepEqual(
    s.map((x) => [x.label, x.voxelCount, x.volumeMm3]),
    [
      [1, 36, 18],
      [2, 1, 0.5],
      [3, 0, 0],
    ],
  );
  assert.deepEqual(s[0].bboxIndex, { min: [2, 1, 2], max: [5, 3, 4] });
  assert.deepEqual(s[0].bboxLps, { min: [97.5, 0.5, 4], max: [99, 1.5, 8] });
  assert.equal(s[2].bboxIndex, undefined);
});
