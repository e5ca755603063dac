import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hollowSegment } from './hollow-segment.ts';
import { labelComponents } from './label-components.ts';
import { countOf, grid, labelMapFrom } from '../test/support/phantoms.ts';

// box i,j in [4, 36), k in [2, 12) on 0.5 x 0.5 x 2.0 mm
const g = grid([40, 40, 14], [0.5, 0.5, 2.0]);
const inBox = (i: number, j: number, k: number, m = 0, mk = 0) =>
  i >= 4 + m && i < 36 - m && j >= 4 + m && j < 36 - m && k >= 2 + mk && k < 12 - mk;
const box = labelMapFrom(g, (i, j, k) => (inBox(i, j, k) ? 1 : 0));

test('inside wall of 2 mm: 4 voxels at 0.5 mm, 1 slice at 2.0 mm, cavity exact', () => {
  const shell = hollowSegment(box, { wallMm: 2 });
  for (let k = 0; k < 14; k++)
    for (let j = 0; j < 40; j++)
      for (let i = 0; i < 40; i++) {
        const want = inBox(i, j, k) && !inBox(i, j, k, 4, 1) ? 1 : 0;
        assert.equal(shell.data[i + 40 * j + 1600 * k], want, `${i},${j},${k}`);
      }
  assert.equal(countOf(shell.data, 1), 32 * 32 * 10 - 24 * 24 * 8);
});

test('outside and centred walls', () => {
  const out = hollowSegment(box, { wallMm: 2, side: 'outside' });
  let truth = 0;
  for (let k = 0; k < 14; k++)
    for (let j = 0; j < 40; j++)
      for (let i = 0; i < 40; i++) {
        if (inBox(i, j, k)) continue;
        const dx = Math.max(4 - i, i - 35, 0) * 0.5;
        const dy = Math.max(4 - j, j - 35, 0) * 0.5;
        const dz = Math.max(2 - k, k - 11, 0) * 2;
        if (dx * dx + dy * dy + dz * dz <= 4) truth++;
      }
  assert.equal(countOf(out.data, 1), truth);
  const centred = hollowSegment(box, { wallMm: 2, side: 'centred' });
  // 1 mm each way: 2 voxels in and out in-plane; along k (2 mm spacing) nothing within 1 mm
  const inner = 32 * 32 * 10 - 28 * 28 * 10;
  let outer = 0;
  for (let k = 2; k < 12; k++)
    for (let j = 0; j < 40; j++)
      for (let i = 0; i < 40; i++) {
        if (inBox(i, j, k)) continue;
        const dx = Math.max(4 - i, i - 35, 0) * 0.5;
        const dy = Math.max(4 - j, j - 35, 0) * 0.5;
        if (dx * dx + dy * dy <= 1) outer++;
      }
  assert.equal(countOf(centred.data, 1), inner + outer);
});

test('a drain hole opens the cavity to the outside', () => {
  const closed = hollowSegment(box, { wallMm: 2 });
  const bg = (d: ArrayLike<number>) => {
    const m = new Uint8Array(d.length);
    for (let p = 0; p < m.length; p++) m[p] = d[p] === 0 ? 1 : 0;
    return labelComponents(m, g.dims, 6).count;
  };
  assert.equal(bg(closed.data), 2, 'outside + sealed cavity');
  // hole of 1.5 mm through the top wall (k = 11 at z = 22 mm), axis along +k, at the box centre
  const open = hollowSegment(box, {
    wallMm: 2,
    drainHoles: [{ pointLps: [9.75, 9.75, 22], directionLps: [0, 0, 1], diameterMm: 1.5 }],
  });
  assert.equal(bg(open.data), 1, 'cavity connected to the outside');
  // removed voxels: a 1-slice disk of radius 0.75 mm around (19.5, 19.5) => 4 voxel centres
  assert.equal(countOf(closed.data, 1) - countOf(open.data, 1), 4);
  assert.throws(() => hollowSegment(box, { wallMm: 0 }), { code: 'INVALID_OPTION' });
});
