import { test } from 'node:test';
import assert from 'node:assert/strict';
import { smoothSegment } from './smooth-segment.ts';
import { countOf, grid, labelMapFrom } from '../test/support/phantoms.ts';

const g = grid([30, 30, 10], [0.5, 0.5, 2.0]);
const inBox = (i: number, j: number, k: number) =>
  i >= 5 && i < 25 && j >= 5 && j < 25 && k >= 2 && k < 8;
// a box with a one-voxel spur sticking out of one face and a lone voxel elsewhere
const spurred = labelMapFrom(g, (i, j, k) =>
  inBox(i, j, k) || (i === 25 && j === 15 && k === 5) || (i === 1 && j === 1 && k === 1) ? 1 : 0,
);
const clean = labelMapFrom(g, (i, j, k) => (inBox(i, j, k) ? 1 : 0));

test('median, open and gaussian remove a spur and an island and keep the box', () => {
  for (const method of ['median', 'open', 'gaussian'] as const) {
    // opening needs a disk whose tip is wider than the one-voxel spur: 1.2 mm, not 1 mm
    const radiusMm = method === 'gaussian' ? 0.5 : method === 'open' ? 1.2 : 1;
    const out = smoothSegment(spurred, { method, radiusMm });
    // the box faces are flat: the majority / opening / blur-threshold keeps them exactly,
    // except at edges and corners where median and gaussian round off
    assert.equal(out.data[25 + 30 * 15 + 900 * 5], 0, method);
    assert.equal(out.data[1 + 30 + 900], 0, method);
    // nothing outside the clean box survives (opening also rounds the box's vertical edges)
    for (let p = 0; p < out.data.length; p++) assert.ok(out.data[p] <= clean.data[p], method);
    for (let k = 3; k < 7; k++)
      for (let j = 7; j < 23; j++)
        for (let i = 7; i < 23; i++) assert.equal(out.data[i + 30 * j + 900 * k], 1);
  }
});

test('close fills a one-voxel notch once the disk is wider than the notch', () => {
  const notched = labelMapFrom(g, (i, j, k) =>
    inBox(i, j, k) && !(i === 5 && j === 15 && k === 5) ? 1 : 0,
  );
  // radius 1 mm = 2 in-plane voxels: the disk's tip is one voxel and fits the notch (kept open)
  assert.equal(smoothSegment(notched, { method: 'close', radiusMm: 1 }).data[5 + 450 + 4500], 0);
  // radius 1.2 mm: the tip is three voxels wide, the notch closes and the box is unchanged
  assert.deepEqual(smoothSegment(notched, { method: 'close', radiusMm: 1.2 }).data, clean.data);
});

test('keepThinnerThanMm keeps a thin rod that the median would erase', () => {
  const rod = labelMapFrom(g, (i, j, k) =>
    inBox(i, j, k) || (j === 27 && k === 5 && i >= 5 && i < 25) ? 1 : 0,
  );
  const plain = smoothSegment(rod, { method: 'median', radiusMm: 1 });
  assert.equal(plain.data[15 + 30 * 27 + 900 * 5], 0);
  const kept = smoothSegment(rod, { method: 'median', radiusMm: 1, keepThinnerThanMm: 1 });
  for (let i = 5; i < 25; i++) assert.equal(kept.data[i + 30 * 27 + 900 * 5], 1);
  // kept = plain + original voxels thinner than 1 mm (the rod, and the box's sharp edges)
  for (let p = 0; p < kept.data.length; p++) {
    assert.ok(
      kept.data[p] >= plain.data[p] && kept.data[p] <= Math.max(plain.data[p], rod.data[p]),
    );
  }
  assert.ok(countOf(kept.data, 1) >= countOf(plain.data, 1) + 20);
  assert.throws(() => smoothSegment(rod, { method: 'median', radiusMm: 0 }), {
    code: 'INVALID_OPTION',
  });
});
