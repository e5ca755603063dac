/** SegmentationPool.thresholdVolume against thresholdVolume on random volumes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Vec3, Volume, VoxelArray } from '@anatomodel/imaging';
import { SegmentationPool } from './segmentation-pool.ts';
import { isOnSharedMemory } from './shared-memory.ts';
import { thresholdVolume } from '../threshold-volume.ts';
import { grid, rng } from '../../test/support/phantoms.ts';

type Kind = 'int16' | 'uint16' | 'uint8' | 'float32';

/**
 * A random volume of `kind` on shared memory (or not), its voxels starting `offset` elements
 * into the buffer, values spread over [lo, hi] with the bounds themselves frequent.
 */
function randomVolume(kind: Kind, dims: Vec3, seed: number, isShared: boolean, offset = 0): Volume {
  const random = rng(seed);
  const n = dims[0] * dims[1] * dims[2];
  const Ctor = { int16: Int16Array, uint16: Uint16Array, uint8: Uint8Array, float32: Float32Array }[
    kind
  ] as unknown as {
    new (b: ArrayBufferLike, at: number, n: number): VoxelArray;
    BYTES_PER_ELEMENT: number;
  };
  const bytes = (n + offset) * Ctor.BYTES_PER_ELEMENT;
  const buffer = isShared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  const data = new Ctor(buffer, offset * Ctor.BYTES_PER_ELEMENT, n);
  const [lo, hi] = { int16: [-1200, 1800], uint16: [0, 60000], uint8: [0, 255], float32: [-5, 5] }[
    kind
  ];
  for (let p = 0; p < n; p++) {
    const r = random();
    data[p] = r < 0.1 ? 100 : r < 0.2 ? 300 : lo + (hi - lo) * random();
  }
  return { kind: 'Volume', geometry: grid(dims, [0.7, 0.7, 1.5]), data, unit: 'HU' };
}

test('pool threshold equals thresholdVolume: every voxel type, odd sizes, offsets', async () => {
  const pool = await SegmentationPool.create({ threads: 2 });
  try {
    let seed = 1;
    // 16x12 slices take the packed 16-bit path, 13x7 and a 2-byte offset the scalar one; 3
    // slices give fewer slabs than 2 threads x 4
    for (const dims of [
      [16, 12, 21],
      [13, 7, 9],
      [8, 4, 3],
    ] as Vec3[]) {
      for (const kind of ['int16', 'uint16', 'uint8', 'float32'] as Kind[]) {
        for (const offset of [0, 1]) {
          const volume = randomVolume(kind, dims, seed++, true, offset);
          for (const options of [
            { lower: 100, upper: 300 },
            { lower: 99.5, upper: 100.5, label: 9, name: 'narrow' },
            { lower: -Infinity, upper: 150.25 },
          ]) {
            const want = thresholdVolume(volume, options);
            const seen: number[] = [];
            const got = await pool.thresholdVolume(volume, options, {
              onProgress: (f) => seen.push(f),
            });
            const what = `${kind} ${dims.join('x')} +${offset} ${JSON.stringify(options)}`;
            assert.deepEqual(got, want, what);
            assert.ok(got.data.some((v) => v !== 0) && got.data.some((v) => v === 0), what);
            assert.equal(seen.at(-1), 1, what);
            assert.ok(
              seen.every((f, i) => i === 0 || f >= seen[i - 1]),
              what,
            );
            if ((options.label ?? 1) === 1) assert.ok(isOnSharedMemory(got.data), what);
          }
        }
      }
    }
  } finally {
    await pool.dispose();
  }
});

test('pool threshold: presets, a non-shared volume on this thread, errors, abort', async () => {
  const pool = await SegmentationPool.create({ threads: 2 });
  try {
    const onShared = randomVolume('int16', [16, 12, 10], 77, true);
    const plain = randomVolume('int16', [16, 12, 10], 77, false);
    assert.ok(isOnSharedMemory(onShared.data) && !isOnSharedMemory(plain.data));
    const want = thresholdVolume(plain, { preset: 'ct-bone' });
    assert.equal(want.segments.get(1)?.name, 'ct-bone');
    assert.deepEqual(await pool.thresholdVolume(onShared, { preset: 'ct-bone' }), want);
    const fallback = await pool.thresholdVolume(plain, { preset: 'ct-bone' });
    assert.deepEqual(fallback, want);
    assert.ok(!isOnSharedMemory(fallback.data));
    await assert.rejects(pool.thresholdVolume(onShared, { lower: 5, upper: 1 }), {
      name: 'SegmentationError',
      code: 'INVALID_OPTION',
    });
    await assert.rejects(pool.thresholdVolume(onShared, { preset: 'no-such' }), {
      code: 'UNKNOWN_PRESET',
    });
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(
      pool.thresholdVolume(onShared, { lower: 0, upper: 1 }, { signal: ac.signal }),
      { name: 'AbortError' },
    );
    assert.deepEqual(await pool.thresholdVolume(onShared, { preset: 'ct-bone' }), want);
  } finally {
    await pool.dispose();
  }
  await assert.rejects(
    pool.thresholdVolume(randomVolume('uint8', [2, 2, 2], 3, true), {
      lower: 0,
      upper: 1,
    }),
  );
});
