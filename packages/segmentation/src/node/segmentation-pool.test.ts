import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SegmentationPool } from './segmentation-pool.ts';
import { parallelDistanceTransform } from './parallel-distance-transform.ts';
import { squaredDistanceTransform } from '../squared-distance-transform.ts';
import { morphMask, type MorphOperation } from '../morph-mask.ts';
import { thicknessMap } from '../thickness-map.ts';
import { grid, labelMapFrom, maskFrom, rng } from '../../test/support/phantoms.ts';

test('pool kernels are identical to the single-threaded ones (2 and 3 threads)', async () => {
  const random = rng(5);
  const g = grid([37, 29, 23], [0.5, 0.5, 2.0]);
  const sparse = maskFrom(g, () => random() < 0.1);
  // blobs for morphology and thickness: spheres of random centres and radii
  const balls = Array.from({ length: 6 }, () => [
    random() * 18,
    random() * 14,
    random() * 46,
    1.5 + random() * 4,
  ]);
  const blobs = maskFrom(g, (_i, _j, _k, p) =>
    balls.some(([x, y, z, r]) => (p[0] - x) ** 2 + (p[1] - y) ** 2 + (p[2] - z) ** 2 <= r * r),
  );
  const lm = labelMapFrom(g, (i, j, k) => blobs[i + 37 * (j + 29 * k)]);
  for (const threads of [2, 3]) {
    const pool = await SegmentationPool.create({ threads });
    try {
      assert.equal(pool.threads, threads);
      for (const outsideIsFeature of [false, true]) {
        for (const featureShape of ['centre', 'box'] as const) {
          const opts = { feature: 1 as const, outsideIsFeature, featureShape };
          const want = squaredDistanceTransform(sparse, g, opts);
          const seen: number[] = [];
          const got = await pool.squaredDistanceTransform(sparse, g, opts, {
            onProgress: (f) => seen.push(f),
          });
          assert.deepEqual(got, want);
          assert.equal(seen.at(-1), 1);
          assert.ok(seen.every((f, n) => n === 0 || f >= seen[n - 1]));
        }
      }
      // 1.3: a small ball (shifted rows on the calling thread); 5: distance transform on slabs
      for (const radius of [1.3, 5]) {
        for (const op of ['dilate', 'erode', 'open', 'close'] as MorphOperation[]) {
          const want = morphMask(blobs, g, op, radius);
          const got = await pool.morphMask(blobs, g, op, radius);
          assert.deepEqual(got, want, `${op} ${radius}`);
          assert.ok(got.buffer instanceof SharedArrayBuffer);
          assert.ok(!got.every((v) => v === 0), `${op} ${radius}`);
        }
      }
      assert.deepEqual(await pool.thicknessMap(lm), thicknessMap(lm));
    } finally {
      await pool.dispose();
    }
  }
  // the one-off wrapper starts and ends its own pool
  const want = squaredDistanceTransform(sparse, g, { feature: 0 });
  assert.deepEqual(await parallelDistanceTransform(sparse, g, { feature: 0, threads: 2 }), want);
});

test('pool: abort rejects and the pool stays usable; bad input is a typed error', async () => {
  const pool = await SegmentationPool.create({ threads: 2 });
  try {
    const g = grid([64, 64, 64]);
    const mask = maskFrom(g, (i, j, k) => i === 3 && j === 5 && k === 7);
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(pool.squaredDistanceTransform(mask, g, {}, { signal: ac.signal }), {
      name: 'AbortError',
    });
    const late = new AbortController();
    const p = pool.morphMask(mask, g, 'dilate', 3, {
      signal: late.signal,
      onProgress: () => late.abort(),
    });
    await assert.rejects(p, { name: 'AbortError' });
    assert.deepEqual(await pool.morphMask(mask, g, 'dilate', 3), morphMask(mask, g, 'dilate', 3));
    await assert.rejects(pool.squaredDistanceTransform(new Uint8Array(5), g), {
      name: 'SegmentationError',
      code: 'INVALID_OPTION',
    });
    await assert.rejects(pool.morphMask(mask, g, 'dilate', -1), { code: 'INVALID_OPTION' });
  } finally {
    await pool.dispose();
  }
  await assert.rejects(pool.squaredDistanceTransform(new Uint8Array(8), grid([2, 2, 2])));
});
