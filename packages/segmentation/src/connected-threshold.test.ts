import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectedThreshold } from './connected-threshold.ts';
import { confidenceConnected } from './confidence-connected.ts';
import { countOf, grid, volumeFrom } from '../test/support/phantoms.ts';

test('grows inside the seeded sphere only', () => {
  const g = grid([30, 16, 8], [0.5, 0.5, 2.0]);
  const inA = (p: readonly number[]) =>
    (p[0] - 3.5) ** 2 + (p[1] - 3.5) ** 2 + (p[2] - 7) ** 2 <= 9;
  const inB = (p: readonly number[]) =>
    (p[0] - 10.5) ** 2 + (p[1] - 3.5) ** 2 + (p[2] - 7) ** 2 <= 9;
  const v = volumeFrom(g, (_i, _j, _k, p) => (inA(p) || inB(p) ? 500 : 0));
  let truthA = 0;
  for (let k = 0; k < 8; k++)
    for (let j = 0; j < 16; j++)
      for (let i = 0; i < 30; i++) if (inA([i * 0.5, j * 0.5, k * 2])) truthA++;
  const lm = connectedThreshold(v, { seeds: [[7, 7, 3]], lower: 300, upper: 3071 });
  assert.equal(countOf(lm.data, 1), truthA);
  assert.equal(lm.data[21 + 30 * 7 + 480 * 3], 0, 'sphere B stays out');
  const none = connectedThreshold(v, { seeds: [[0, 0, 0]], lower: 300, upper: 3071 });
  assert.equal(countOf(none.data, 1), 0, 'a seed outside the range grows nothing');
});

test('connectivity 6 / 18 / 26 decides whether edge and corner neighbours join', () => {
  const g = grid([3, 3, 3]);
  // the centre voxel, an edge neighbour (1 step in i and j) and a corner neighbour
  const v = volumeFrom(g, (i, j, k) =>
    (i === 1 && j === 1 && k === 1) ||
    (i === 2 && j === 2 && k === 1) ||
    (i === 0 && j === 0 && k === 0)
      ? 1
      : 0,
  );
  const grow = (c: 6 | 18 | 26) =>
    countOf(
      connectedThreshold(v, { seeds: [[1, 1, 1]], lower: 1, upper: 1, connectivity: c }).data,
      1,
    );
  assert.equal(grow(6), 1);
  assert.equal(grow(18), 2);
  assert.equal(grow(26), 3);
});

test('seed off the grid is an error; growing is cancellable', () => {
  const v = volumeFrom(grid([4, 4, 4]), () => 1);
  assert.throws(() => connectedThreshold(v, { seeds: [[4, 0, 0]], lower: 0, upper: 1 }), {
    code: 'SEED_OUTSIDE',
  });
  const ac = new AbortController();
  ac.abort();
  const big = volumeFrom(grid([64, 64, 32]), () => 1);
  assert.throws(
    () =>
      connectedThreshold(big, { seeds: [[0, 0, 0]], lower: 0, upper: 1 }, { signal: ac.signal }),
    { name: 'AbortError' },
  );
});

test('confidence connected finds a noisy box against a distinct background', () => {
  const g = grid([20, 20, 6]);
  const inBox = (i: number, j: number) => i >= 5 && i < 15 && j >= 5 && j < 15;
  const v = volumeFrom(g, (i, j, k) =>
    inBox(i, j) ? 100 + ((i * 7 + j * 3 + k) % 9) - 4 : 20 + (i % 3),
  );
  const lm = confidenceConnected(v, { seeds: [[10, 10, 3]], multiplier: 2.5, iterations: 3 });
  assert.equal(countOf(lm.data, 1), 10 * 10 * 6);
  for (let k = 0; k < 6; k++)
    for (let j = 0; j < 20; j++)
      for (let i = 0; i < 20; i++) assert.equal(lm.data[i + 20 * j + 400 * k], inBox(i, j) ? 1 : 0);
});
