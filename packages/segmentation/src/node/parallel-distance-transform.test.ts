import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parallelDistanceTransform } from './parallel-distance-transform.ts';
import { squaredDistanceTransform } from '../squared-distance-transform.ts';
import { grid, maskFrom, rng } from '../../test/support/phantoms.ts';

test('parallel EDT is identical to the single-threaded EDT (2 and 3 threads)', async () => {
  const random = rng(5);
  const g = grid([37, 29, 23], [0.5, 0.5, 2.0]);
  const mask = maskFrom(g, () => random() < 0.1);
  for (const outsideIsFeature of [false, true]) {
    const want = squaredDistanceTransform(mask, g, { feature: 1, outsideIsFeature });
    for (const threads of [2, 3]) {
      const seen: number[] = [];
      const got = await parallelDistanceTransform(
        mask,
        g,
        { feature: 1, outsideIsFeature, threads },
        { onProgress: (f) => seen.push(f) },
      );
      assert.deepEqual(got, want);
      assert.equal(seen.at(-1), 1);
    }
  }
});

test('parallel EDT rejects when aborted', async () => {
  const g = grid([8, 8, 8]);
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(
    parallelDistanceTransform(new Uint8Array(512), g, {}, { signal: ac.signal }),
    {
      name: 'AbortError',
    },
  );
  const late = new AbortController();
  const p = parallelDistanceTransform(
    new Uint8Array(64 * 64 * 64),
    grid([64, 64, 64]),
    { threads: 2 },
    { signal: late.signal },
  );
  late.abort();
  await assert.rejects(p, { name: 'AbortError' });
});
