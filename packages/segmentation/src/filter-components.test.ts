import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filterComponents, keepLargestComponent, removeSmallIslands } from './filter-components.ts';
import { labelComponents } from './label-components.ts';
import type { LabelMap } from './label-map.ts';
import { replaceSegment } from './replace-segment.ts';
import { segmentMask } from './segment-mask.ts';
import { countOf, grid, labelMapFrom, maskFrom, rng } from '../test/support/phantoms.ts';

// three boxes: A 4x4x2 = 32 voxels, B 2x2x2 = 8, C 1 voxel; plus label 2 elsewhere
const g = grid([16, 12, 6], [0.5, 0.5, 2.0]);
const box = (
  i: number,
  j: number,
  k: number,
  i0: number,
  i1: number,
  j0: number,
  j1: number,
  k0: number,
  k1: number,
) => i >= i0 && i < i1 && j >= j0 && j < j1 && k >= k0 && k < k1;
const lm = labelMapFrom(
  g,
  (i, j, k) =>
    box(i, j, k, 1, 5, 1, 5, 1, 3) ||
    box(i, j, k, 8, 10, 8, 10, 3, 5) ||
    (i === 14 && j === 1 && k === 5)
      ? 1
      : i === 0 && j === 11 && k === 0
        ? 2
        : 0,
  [1, 2],
);

test('labelComponents numbers components in raster order with exact sizes', () => {
  const mask = maskFrom(g, (i, j, k) => lm.data[i + 16 * j + 192 * k] === 1);
  const c = labelComponents(mask, g.dims);
  assert.equal(c.count, 3);
  assert.deepEqual([...c.sizes], [0, 32, 8, 1]);
  assert.equal(c.labels[1 + 16 + 192], 1);
  assert.equal(c.labels[8 + 16 * 8 + 192 * 3], 2);
});

test('labelComponents agrees with a flood-fill reference on random masks (6/18/26)', () => {
  const random = rng(3);
  // 13 wide: rows read voxel by voxel; 16 wide: 4 at a time, with empty rows skipped
  for (const [ni, rowEvery] of [
    [13, 1],
    [16, 3],
  ] as const) {
    const dims = [ni, 11, 7] as const;
    const mask = new Uint8Array(ni * 11 * 7).map((_v, p) =>
      Math.floor(p / ni) % rowEvery === 0 && random() < 0.35 ? 1 : 0,
    );
    const slice = ni * 11;
    for (const conn of [6, 18, 26] as const) {
      const c = labelComponents(mask, dims, conn);
      // reference: BFS over the same neighbourhood
      const ref = new Int32Array(mask.length);
      let count = 0;
      for (let p = 0; p < mask.length; p++) {
        if (mask[p] === 0 || ref[p] !== 0) continue;
        ref[p] = ++count;
        const stack = [p];
        while (stack.length) {
          const q = stack.pop()!;
          const k = Math.floor(q / slice);
          const j = Math.floor((q % slice) / ni);
          const i = q % ni;
          for (let dk = -1; dk <= 1; dk++)
            for (let dj = -1; dj <= 1; dj++)
              for (let di = -1; di <= 1; di++) {
                const nz = +(di !== 0) + +(dj !== 0) + +(dk !== 0);
                if (nz === 0 || (conn === 6 && nz > 1) || (conn === 18 && nz > 2)) continue;
                const [a, b, e] = [i + di, j + dj, k + dk];
                if (a < 0 || b < 0 || e < 0 || a >= ni || b >= 11 || e >= 7) continue;
                const r = a + ni * b + slice * e;
                if (mask[r] && !ref[r]) {
                  ref[r] = count;
                  stack.push(r);
                }
              }
        }
      }
      assert.equal(c.count, count, `connectivity ${conn}`);
      assert.deepEqual(c.labels, ref, `connectivity ${conn}`);
    }
  }
});

test('keep largest, keep under seed, remove islands by mm3 on anisotropic spacing', () => {
  const largest = keepLargestComponent(lm);
  assert.equal(countOf(largest.data, 1), 32);
  assert.equal(countOf(largest.data, 2), 1, 'other segments untouched');
  const seeded = filterComponents(lm, { keep: 'seed', seed: [9, 9, 4] });
  assert.equal(countOf(seeded.data, 1), 8);
  const onBackground = filterComponents(lm, { keep: 'seed', seed: [0, 0, 0] });
  assert.equal(countOf(onBackground.data, 1), 0);
  // voxel volume 0.5 mm3: B is 4 mm3, C 0.5 mm3
  assert.equal(countOf(removeSmallIslands(lm, { minVolumeMm3: 4 }).data, 1), 40);
  assert.equal(countOf(removeSmallIslands(lm, { minVolumeMm3: 4.01 }).data, 1), 32);
  assert.equal(countOf(removeSmallIslands(lm, { minVolumeMm3: 0.5 }).data, 1), 41);
  assert.equal(countOf(lm.data, 1), 41, 'input not mutated');
  assert.throws(() => filterComponents(lm, { keep: 'seed', seed: [16, 0, 0] }), {
    code: 'SEED_OUTSIDE',
  });
  assert.throws(() => keepLargestComponent(lm, { label: 9 }), { code: 'UNKNOWN_SEGMENT' });
});

test('the result equals replaceSegment with the kept components, Uint8 (in the mask) and Uint16', () => {
  const r = rng(11);
  const rg = grid([13, 9, 7], [0.8, 0.6, 1.5]);
  const map8 = labelMapFrom(rg, () => (r() < 0.45 ? 0 : 1 + Math.floor(r() * 3)), [1, 2, 3]);
  const map16: LabelMap = {
    ...map8,
    data: Uint16Array.from(map8.data, (v) => (v === 2 ? 300 : v)),
    segments: new Map([...map8.segments].map(([l, s]) => [l === 2 ? 300 : l, s])),
  };
  for (const map of [map8, map16]) {
    const before = map.data.slice();
    for (const label of map.data instanceof Uint8Array ? [1, 2, 3] : [1, 300]) {
      for (const connectivity of [6, 18, 26] as const) {
        // reference: the largest component by labelComponents, merged by replaceSegment
        const c = labelComponents(segmentMask(map, label), rg.dims, connectivity);
        let best = 1;
        for (let i = 2; i <= c.count; i++) if (c.sizes[i] > c.sizes[best]) best = i;
        const keep = Uint8Array.from(c.labels, (v) => (v === best ? 1 : 0));
        const want = replaceSegment(map, label, keep).data;
        const got = filterComponents(map, { keep: 'largest', label, connectivity });
        assert.equal(got.data.constructor, map.data.constructor);
        assert.deepEqual(got.data, want, `label ${label}, ${connectivity}-connected`);
        assert.equal(got.segments, map.segments);
      }
    }
    assert.deepEqual(map.data, before, 'input not mutated');
  }
});

test('inPlace: a single-segment Uint8 map is filtered in its own array, same result; other maps are copied', () => {
  const r = rng(23);
  const rg = grid([14, 10, 6], [0.7, 0.7, 2]);
  for (const label of [1, 5]) {
    const single = labelMapFrom(rg, () => (r() < 0.5 ? label : 0), [label]);
    for (const criterion of [
      { keep: 'largest' } as const,
      { keep: 'min-volume', minVolumeMm3: 3 } as const,
      { keep: 'seed', seed: [3, 4, 2] } as const,
    ]) {
      const copy = { ...single, data: single.data.slice() };
      const want = filterComponents(copy, { ...criterion, label, connectivity: 18 });
      const input = { ...single, data: single.data.slice() };
      const got = filterComponents(input, {
        ...criterion,
        label,
        connectivity: 18,
        inPlace: true,
      });
      assert.equal(got.data, input.data, 'the input array is the result');
      assert.deepEqual(got.data, want.data, `${criterion.keep}, label ${label}`);
    }
  }
  // two segments: in place is ignored, the input is left as it was
  const before = lm.data.slice();
  const got = filterComponents(lm, { keep: 'largest', inPlace: true });
  assert.notEqual(got.data, lm.data);
  assert.deepEqual(lm.data, before);
  assert.equal(countOf(got.data, 1), 32);
});
