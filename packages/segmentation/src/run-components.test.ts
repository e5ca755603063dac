import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Vec3 } from '@anatomodel/imaging';
import { filterComponents } from './filter-components.ts';
import type { LabelMap } from './label-map.ts';
import { createRunComponents } from './run-components.ts';
import { grid, rng } from '../test/support/phantoms.ts';

/** A 0/1 label map of `dims` from a mask (segment 1). */
function labelMapOf(dims: Vec3, mask: Uint8Array): LabelMap {
  return {
    kind: 'LabelMap',
    geometry: grid(dims, [1, 1, 1]),
    data: mask.slice(),
    segments: new Map([[1, { label: 1, name: 'one', color: [255, 0, 0] as const }]]),
  };
}

/** Runs the mask through createRunComponents in slabs of `slab` slices. */
function streamed(
  dims: Vec3,
  mask: Uint8Array,
  conn: 6 | 18 | 26,
  slab: number,
  criterion: Parameters<ReturnType<typeof createRunComponents>['filter']>[1],
) {
  const out = mask.slice();
  const rc = createRunComponents(dims, conn);
  for (let k = 0; k < dims[2]; k += slab) rc.addSlices(out, k, Math.min(dims[2], k + slab));
  const result = rc.filter(out, criterion);
  assert.ok(result !== null, 'not given up');
  return { out, result };
}

test('run components equal filterComponents (largest, min volume) on random masks, 6/18/26, any slab size', () => {
  const random = rng(11);
  // widths: 4-aligned rows (read four voxels at a time) and not; densities from sparse dust
  // (many components, ties) to nearly solid
  for (const [ni, nj, nk, density] of [
    [13, 11, 7, 0.35],
    [16, 9, 8, 0.2],
    [16, 12, 6, 0.55],
    [5, 4, 3, 0.1],
    [24, 7, 9, 0.3],
  ] as const) {
    const dims: Vec3 = [ni, nj, nk];
    const mask = new Uint8Array(ni * nj * nk).map(() => (random() < density ? 1 : 0));
    for (const conn of [6, 18, 26] as const) {
      const largest = filterComponents(labelMapOf(dims, mask), {
        keep: 'largest',
        connectivity: conn,
      });
      for (const minVoxels of [1, 2, 3, 7]) {
        const islands = filterComponents(labelMapOf(dims, mask), {
          keep: 'min-volume',
          minVolumeMm3: minVoxels,
          connectivity: conn,
        });
        const s = streamed(dims, mask, conn, 2, { keep: 'min-voxels', minVoxels });
        assert.deepEqual(s.out, islands.data, `min ${minVoxels} ${dims} conn ${conn}`);
      }
      for (const slab of [1, 2, 3, nk, nk + 5]) {
        const s = streamed(dims, mask, conn, slab, { keep: 'largest' });
        assert.deepEqual(s.out, largest.data, `largest ${dims} conn ${conn} slab ${slab}`);
        let ones = 0;
        for (const v of largest.data) ones += v;
        assert.equal(s.result.keptVoxels, ones);
      }
    }
  }
});

test('run components: a U joined only in its last slice is one component; ties keep the first', () => {
  // two columns (i = 1 and i = 5, j = 1) joined by a bridge in the last slice: one component
  // of 2 * 4 + 3 voxels; a separate column of the same height at i = 8 is smaller
  const dims: Vec3 = [10, 3, 4];
  const mask = new Uint8Array(10 * 3 * 4);
  const at = (i: number, j: number, k: number) => i + 10 * (j + 3 * k);
  for (let k = 0; k < 4; k++) {
    mask[at(1, 1, k)] = 1;
    mask[at(5, 1, k)] = 1;
    mask[at(8, 1, k)] = 1;
  }
  for (let i = 2; i < 5; i++) mask[at(i, 1, 3)] = 1;
  const s = streamed(dims, mask, 6, 1, { keep: 'largest' });
  assert.equal(s.result.components, 2);
  assert.equal(s.result.keptVoxels, 11);
  assert.equal(s.out[at(8, 1, 0)], 0);
  assert.equal(s.out[at(1, 1, 0)], 1);
  // two equal columns: the one whose first voxel comes first in raster order is kept
  const tie = new Uint8Array(10 * 3 * 4);
  for (let k = 0; k < 4; k++) {
    tie[at(6, 0, k)] = 1;
    tie[at(2, 2, k)] = 1;
  }
  const t = streamed(dims, tie, 6, 4, { keep: 'largest' });
  assert.equal(t.out[at(6, 0, 0)], 1);
  assert.equal(t.out[at(2, 2, 0)], 0);
  // diagonal neighbours across slices: one component for 26, two for 18 and 6
  const diag = new Uint8Array(10 * 3 * 4);
  diag[at(1, 0, 0)] = 1;
  diag[at(2, 1, 1)] = 1;
  const counts = ([6, 18, 26] as const).map(
    (c) => streamed(dims, diag, c, 1, { keep: 'largest' }).result.components,
  );
  assert.deepEqual(counts, [2, 2, 1]);
});

test('run components refuse slices out of order and a filter before the last slice', () => {
  const rc = createRunComponents([4, 4, 4], 6);
  const mask = new Uint8Array(64);
  rc.addSlices(mask, 0, 2);
  assert.throws(() => rc.addSlices(mask, 3, 4), /do not follow/);
  assert.throws(() => rc.filter(mask, { keep: 'largest' }), /only 2 of 4/);
  assert.throws(() => createRunComponents([4, 4, 4], 8 as 6), /connectivity/);
});

test('run components give up past maxRuns: memory freed, filter returns null and leaves the mask', () => {
  const random = rng(5);
  const dims: Vec3 = [16, 10, 6];
  const mask = new Uint8Array(16 * 10 * 6).map(() => (random() < 0.5 ? 1 : 0));
  const copy = mask.slice();
  const rc = createRunComponents(dims, 6, 20);
  for (let k = 0; k < 6; k += 2) rc.addSlices(copy, k, k + 2);
  assert.equal(rc.filter(copy, { keep: 'largest' }), null);
  assert.deepEqual(copy, mask);
  // the default budget (one run per 32 voxels) is not reached by a bone-like mask
  const solid = new Uint8Array(16 * 10 * 6);
  for (let k = 1; k < 5; k++)
    for (let j = 2; j < 8; j++) solid.fill(1, 16 * (j + 10 * k) + 3, 16 * (j + 10 * k) + 12);
  const d = createRunComponents(dims, 6);
  d.addSlices(solid, 0, 6);
  assert.equal(d.filter(solid, { keep: 'largest' })?.keptVoxels, 4 * 6 * 9);
  assert.throws(() => createRunComponents([70000, 2, 2], 6), /65,535/);
});
