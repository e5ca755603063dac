import { test } from 'node:test';
import assert from 'node:assert/strict';
import { squaredDistanceTransform } from './squared-distance-transform.ts';
import { grid, maskFrom, rng } from '../test/support/phantoms.ts';

function bruteForce(
  mask: Uint8Array,
  dims: readonly [number, number, number],
  sp: readonly [number, number, number],
  feature: number,
  outside: boolean,
): Float32Array {
  const [ni, nj, nk] = dims;
  const out = new Float32Array(mask.length);
  for (let k = 0; k < nk; k++)
    for (let j = 0; j < nj; j++)
      for (let i = 0; i < ni; i++) {
        let best = Infinity;
        if (outside) {
          for (const d of [
            (i + 1) * sp[0],
            (ni - i) * sp[0],
            (j + 1) * sp[1],
            (nj - j) * sp[1],
            (k + 1) * sp[2],
            (nk - k) * sp[2],
          ])
            best = Math.min(best, d * d);
        }
        for (let c = 0; c < nk; c++)
          for (let b = 0; b < nj; b++)
            for (let a = 0; a < ni; a++) {
              if (mask[a + ni * (b + nj * c)] !== feature) continue;
              const d2 = ((a - i) * sp[0]) ** 2 + ((b - j) * sp[1]) ** 2 + ((c - k) * sp[2]) ** 2;
              if (d2 < best) best = d2;
            }
        out[i + ni * (j + nj * k)] = best;
      }
  return out;
}

test('EDT equals brute force on random masks, anisotropic 0.5x0.5x2.0 spacing', () => {
  const random = rng(7);
  for (const density of [0.02, 0.3, 0.9]) {
    const g = grid([9, 7, 6], [0.5, 0.5, 2.0]);
    const mask = maskFrom(g, () => random() < density);
    for (const feature of [0, 1] as const) {
      for (const outside of [false, true]) {
        const got = squaredDistanceTransform(mask, g, { feature, outsideIsFeature: outside });
        const want = bruteForce(mask, g.dims, g.spacing, feature, outside);
        assert.deepEqual(got, want, `density ${density} feature ${feature} outside ${outside}`);
      }
    }
  }
});

test('EDT of a single voxel is the squared distance to it; no feature gives Infinity', () => {
  const g = grid([11, 11, 5], [0.5, 0.5, 2.0]);
  const mask = maskFrom(g, (i, j, k) => i === 5 && j === 5 && k === 2);
  const d = squaredDistanceTransform(mask, g);
  assert.equal(d[0], (5 * 0.5) ** 2 + (5 * 0.5) ** 2 + (2 * 2) ** 2);
  assert.equal(d[5 + 11 * 5 + 121 * 2], 0);
  const none = squaredDistanceTransform(new Uint8Array(mask.length), g);
  assert.ok(none.every((v) => v === Infinity));
});

test('EDT is cancellable and reports progress up to 1', () => {
  const g = grid([8, 8, 8]);
  const mask = maskFrom(g, (i) => i === 0);
  const seen: number[] = [];
  squaredDistanceTransform(mask, g, {}, { onProgress: (f) => seen.push(f) });
  assert.equal(seen.at(-1), 1);
  assert.ok(seen.every((f, n) => n === 0 || f >= seen[n - 1]));
  const ac = new AbortController();
  ac.abort();
  assert.throws(() => squaredDistanceTransform(mask, g, {}, { signal: ac.signal }), {
    name: 'AbortError',
  });
});
