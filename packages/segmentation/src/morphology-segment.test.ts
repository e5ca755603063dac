import { test } from 'node:test';
import assert from 'node:assert/strict';
import { morphologySegment, marginSegment } from './morphology-segment.ts';
import { morphMask } from './morph-mask.ts';
import { countOf, grid, labelMapFrom, maskFrom, rng } from '../test/support/phantoms.ts';

const g = grid([21, 21, 9], [0.5, 0.5, 2.0]);

test('dilating one voxel gives exactly the anisotropic Euclidean ball', () => {
  const lm = labelMapFrom(g, (i, j, k) => (i === 10 && j === 10 && k === 4 ? 1 : 0));
  for (const r of [1, 2, 2.5, 4.1]) {
    const out = morphologySegment(lm, { operation: 'dilate', radiusMm: r });
    let truth = 0;
    for (let k = 0; k < 9; k++)
      for (let j = 0; j < 21; j++)
        for (let i = 0; i < 21; i++) {
          const inside =
            ((i - 10) * 0.5) ** 2 + ((j - 10) * 0.5) ** 2 + ((k - 4) * 2) ** 2 <= r * r;
          if (inside) truth++;
          assert.equal(out.data[i + 21 * j + 441 * k], inside ? 1 : 0);
        }
    assert.equal(countOf(out.data, 1), truth, `r=${r}`);
  }
});

test('eroding a box by 1 mm removes 2 voxels in-plane and 0 slices along k (2 mm spacing)', () => {
  const lm = labelMapFrom(g, (i, j, k) =>
    i >= 3 && i < 18 && j >= 3 && j < 18 && k >= 1 && k < 8 ? 1 : 0,
  );
  const out = morphologySegment(lm, { operation: 'erode', radiusMm: 1 });
  assert.equal(countOf(out.data, 1), 11 * 11 * 7);
  const out2 = marginSegment(lm, { marginMm: -2 });
  assert.equal(countOf(out2.data, 1), 7 * 7 * 5);
});

test('open <= A <= close, and both are idempotent (exact ball structuring element)', () => {
  const random = rng(11);
  const mask = maskFrom(grid([16, 14, 8], [0.5, 0.5, 2.0]), () => random() < 0.55);
  const gg = grid([16, 14, 8], [0.5, 0.5, 2.0]);
  const open = morphMask(mask, gg, 'open', 1.2);
  const close = morphMask(mask, gg, 'close', 1.2);
  for (let p = 0; p < mask.length; p++) {
    assert.ok(open[p] <= mask[p] && mask[p] <= close[p]);
  }
  assert.deepEqual(morphMask(open, gg, 'open', 1.2), open);
  // closing is idempotent away from the grid border (outside the grid is ignored)
  assert.deepEqual(morphMask(close, gg, 'close', 1.2), close);
  assert.ok(countOf(open, 1) < countOf(mask, 1) && countOf(close, 1) > countOf(mask, 1));
});

test('dilation grows into background only unless overwrite; bad radius throws', () => {
  const lm = labelMapFrom(
    g,
    (i, j, k) => (k !== 4 ? 0 : i === 10 && j === 10 ? 1 : i === 11 && j === 10 ? 2 : 0),
    [1, 2],
  );
  const out = morphologySegment(lm, { operation: 'dilate', radiusMm: 0.5 });
  assert.equal(out.data[11 + 210 + 441 * 4], 2);
  assert.equal(countOf(out.data, 1), 4);
  const over = morphologySegment(lm, { operation: 'dilate', radiusMm: 0.5, overwrite: true });
  assert.equal(over.data[11 + 210 + 441 * 4], 1);
  assert.throws(() => morphologySegment(lm, { operation: 'dilate', radiusMm: -1 }), {
    code: 'INVALID_OPTION',
  });
});
