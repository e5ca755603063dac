import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Vec3 } from '@anatomodel/imaging';
import { floodComponents, isolateComponent, retainComponents } from './flood-components.ts';
import { filterComponents } from './filter-components.ts';
import { labelComponents } from './label-components.ts';
import type { LabelMap } from './label-map.ts';
import { replaceSegment } from './replace-segment.ts';
import { segmentMask } from './segment-mask.ts';
import { grid, labelMapFrom, rng } from '../test/support/phantoms.ts';

/** The former filterComponents: full-size Int32 component labels, kept as the reference. */
function viaLabels(
  lm: LabelMap,
  keep: (size: number) => boolean,
  best: boolean,
  conn: 6 | 18 | 26,
) {
  const mask = segmentMask(lm, 1);
  const { labels, count, sizes } = labelComponents(mask, lm.geometry.dims, conn);
  const kept = new Uint8Array(count + 1);
  if (best) {
    let b = 0;
    for (let c = 1; c <= count; c++) if (sizes[c] > sizes[b]) b = c;
    if (b > 0) kept[b] = 1;
  } else for (let c = 1; c <= count; c++) kept[c] = keep(sizes[c]) ? 1 : 0;
  for (let p = 0; p < mask.length; p++) mask[p] = kept[labels[p]] & mask[p];
  return replaceSegment(lm, 1, mask).data;
}

test('floodComponents finds the components of labelComponents, in the same order', () => {
  const random = rng(11);
  const dims: Vec3 = [13, 9, 6];
  const mask = new Uint8Array(13 * 9 * 6).map(() => (random() < 0.4 ? 1 : 0));
  for (const conn of [6, 18, 26] as const) {
    const ref = labelComponents(mask, dims, conn);
    const m = mask.slice();
    const f = floodComponents(m, dims, conn);
    assert.equal(f.count, ref.count);
    assert.deepEqual([...f.sizes], [...ref.sizes.subarray(1)]);
    for (let c = 0; c < f.count; c++) {
      assert.equal(ref.labels[f.seeds[c]], c + 1, 'seed lies in its component');
      assert.equal(ref.labels.indexOf(c + 1), f.seeds[c], 'seed is the first voxel');
    }
    assert.deepEqual(
      m,
      mask.map((v) => v * 2),
      'every mask voxel marked 2, nothing else',
    );
    // keep the odd components: exactly their voxels remain
    const keep = Uint8Array.from({ length: f.count }, (_v, c) => c & 1);
    retainComponents(m, dims, conn, f, keep);
    assert.deepEqual(
      m,
      Uint8Array.from(ref.labels, (l) => (l > 0 && keep[l - 1] ? 1 : 0)),
    );
    // and the even ones (the other side is then the smaller flood)
    const m2 = mask.slice();
    const f2 = floodComponents(m2, dims, conn);
    const even = keep.map((v) => 1 - v);
    retainComponents(m2, dims, conn, f2, even);
    assert.deepEqual(
      m2,
      Uint8Array.from(ref.labels, (l) => (l > 0 && even[l - 1] ? 1 : 0)),
    );
    // keep all (floods nothing, maps 2 -> 1) and none (floods every component back to 1)
    for (const value of [1, 0]) {
      const m4 = mask.slice();
      const f4 = floodComponents(m4, dims, conn);
      retainComponents(m4, dims, conn, f4, new Uint8Array(f4.count).fill(value));
      assert.deepEqual(
        m4,
        mask.map((v) => v * value),
      );
    }
    // isolate the component under a voxel
    const m3 = mask.slice();
    const start = f.seeds[f.count >> 1];
    isolateComponent(m3, dims, conn, start);
    const id = ref.labels[start];
    assert.deepEqual(
      m3,
      Uint8Array.from(ref.labels, (l) => (l === id ? 1 : 0)),
    );
  }
});

test('a flood wider than the initial queue grows it and stays exact', () => {
  // one 64x64x8 block with a hole pattern: front of thousands of voxels
  const dims: Vec3 = [64, 64, 8];
  const mask = new Uint8Array(64 * 64 * 8).map((_v, p) => (p % 7 === 3 ? 0 : 1));
  for (const conn of [6, 26] as const) {
    const ref = labelComponents(mask, dims, conn);
    const f = floodComponents(mask.slice(), dims, conn);
    assert.equal(f.count, ref.count);
    assert.deepEqual([...f.sizes], [...ref.sizes.subarray(1)]);
  }
});

test('filterComponents equals the label-array version on random masks (6/18/26, anisotropic)', () => {
  const random = rng(5);
  // 16 wide: 4 voxels per word skipping; 15 wide: voxel by voxel
  for (const ni of [16, 15]) {
    const g = grid([ni, 10, 9], [0.7, 0.4, 2.5]);
    for (let trial = 0; trial < 3; trial++) {
      const density = 0.2 + 0.15 * trial;
      const lm = labelMapFrom(g, () => (random() < density ? 1 : random() < 0.1 ? 2 : 0), [1, 2]);
      const voxelMm3 = 0.7 * 0.4 * 2.5;
      for (const conn of [6, 18, 26] as const) {
        const largest = filterComponents(lm, { keep: 'largest', connectivity: conn });
        assert.deepEqual(
          largest.data,
          viaLabels(lm, () => false, true, conn),
          `largest ${conn}`,
        );
        for (const n of [1, 2, 3, 5, 20]) {
          const minVolumeMm3 = n * voxelMm3;
          const islands = filterComponents(lm, {
            keep: 'min-volume',
            minVolumeMm3,
            connectivity: conn,
          });
          const ref = viaLabels(lm, (s) => s >= minVolumeMm3 / voxelMm3 - 1e-9, false, conn);
          assert.deepEqual(islands.data, ref, `min ${n} voxels, ${conn}`);
        }
      }
    }
  }
});

test('filterComponents on an empty segment and with a bad connectivity', () => {
  const g = grid([8, 4, 2]);
  const empty = labelMapFrom(g, () => 0, [1]);
  assert.deepEqual(filterComponents(empty, { keep: 'largest' }).data, empty.data);
  assert.throws(() => filterComponents(empty, { keep: 'largest', connectivity: 8 as 6 }), {
    code: 'INVALID_OPTION',
  });
});
