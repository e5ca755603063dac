import { test } from 'node:test';
import assert from 'node:assert/strict';
import { thicknessMap } from './thickness-map.ts';
import { grid, labelMapFrom, maskFrom, rng } from '../test/support/phantoms.ts';

const g = grid([40, 40, 12], [0.5, 0.5, 2.0]);

test('a slab along k (2.0 mm) of 3 slices measures 6 mm; 4 slices measure 6 mm (n-1)', () => {
  for (const [n, want] of [
    [3, 6],
    [4, 6],
    [1, 2],
  ]) {
    const slab = labelMapFrom(g, (_i, _j, k) => (k >= 4 && k < 4 + n ? 1 : 0));
    const t = thicknessMap(slab);
    // away from the grid border (which counts as background) the wall is flat
    for (let k = 4; k < 4 + n; k++)
      for (let j = 15; j < 25; j++)
        for (let i = 15; i < 25; i++) assert.equal(t[i + 40 * j + 1600 * k], want, `n=${n}`);
    assert.equal(t[20 + 40 * 20 + 1600 * 3], 0);
  }
});

test('a slab along i (0.5 mm) of 5 voxels measures 2.5 mm', () => {
  const slab = labelMapFrom(g, (i) => (i >= 10 && i < 15 ? 1 : 0));
  const t = thicknessMap(slab);
  for (let k = 4; k < 8; k++)
    for (let j = 10; j < 30; j++)
      for (let i = 10; i < 15; i++) assert.equal(t[i + 40 * j + 1600 * k], 2.5);
});

test('a sphere of radius 5 mm: max thickness within sqrt(3) voxels of its diameter, never above', () => {
  const gs = grid([29, 29, 29], [0.5, 0.5, 0.5], [-7, -7, -7]);
  const sphere = labelMapFrom(gs, (_i, _j, _k, p) =>
    p[0] ** 2 + p[1] ** 2 + p[2] ** 2 <= 25 ? 1 : 0,
  );
  const t = thicknessMap(sphere);
  let max = 0;
  for (let p = 0; p < t.length; p++) {
    if (sphere.data[p] === 0) assert.equal(t[p], 0);
    else assert.ok(t[p] > 0);
    max = Math.max(max, t[p]);
  }
  // the digital sphere is the union of voxel boxes: where its staircase surface runs diagonally
  // the inscribed ball loses up to half a voxel diagonal (sqrt(3)/2 voxels) on each side
  assert.ok(max <= 10 && max >= 10 - Math.sqrt(3) * 0.5, `max ${max}`);
});

/** Brute-force local thickness by the definition: max 2 r_c over centres c whose ball holds x. */
function bruteForceThickness(
  mask: Uint8Array,
  dims: readonly [number, number, number],
  sp: readonly [number, number, number],
): Float32Array {
  const [ni, nj, nk] = dims;
  const t = (d: number, s: number) => (d === 0 ? 0 : (Math.abs(d) - 0.5) * s);
  const idx = (i: number, j: number, k: number) => i + ni * (j + nj * k);
  const centres: Array<[number, number, number, number]> = [];
  for (let k = 0; k < nk; k++)
    for (let j = 0; j < nj; j++)
      for (let i = 0; i < ni; i++) {
        if (mask[idx(i, j, k)] === 0) continue;
        // r^2: to the nearest background box, the grid's outside included
        let r2 = Math.min(
          t(i + 1, sp[0]) ** 2,
          t(ni - i, sp[0]) ** 2,
          t(j + 1, sp[1]) ** 2,
          t(nj - j, sp[1]) ** 2,
          t(k + 1, sp[2]) ** 2,
          t(nk - k, sp[2]) ** 2,
        );
        for (let c = 0; c < nk; c++)
          for (let b = 0; b < nj; b++)
            for (let a = 0; a < ni; a++)
              if (mask[idx(a, b, c)] === 0)
                r2 = Math.min(
                  r2,
                  t(a - i, sp[0]) ** 2 + t(b - j, sp[1]) ** 2 + t(c - k, sp[2]) ** 2,
                );
        centres.push([i, j, k, Math.fround(r2)]);
      }
  const out = new Float32Array(mask.length);
  for (const [i, j, k, r2] of centres) {
    const diameter = Math.fround(2 * Math.sqrt(r2));
    for (const [a, b, c] of centres) {
      const d2 = ((a - i) * sp[0]) ** 2 + ((b - j) * sp[1]) ** 2 + ((c - k) * sp[2]) ** 2;
      const q = idx(a, b, c);
      if (d2 <= r2 * (1 + 1e-9) + 1e-12 && out[q] < diameter) out[q] = diameter;
    }
  }
  return out;
}

test('equals the brute-force definition on random blobby masks (0.5x0.5x2.0 and 0.7x0.7x1.0)', () => {
  const random = rng(21);
  for (const spacing of [
    [0.5, 0.5, 2.0],
    [0.7, 0.7, 1.0],
  ] as const) {
    for (const density of [0.5, 0.8, 0.95]) {
      const gr = grid([13, 11, 7], spacing);
      // blobs: random voxels, then a 6-neighbour majority so that solid regions form
      const seed = maskFrom(gr, () => random() < density);
      const mask = maskFrom(gr, (i, j, k) => {
        let n = 0;
        for (const [a, b, c] of [
          [i, j, k],
          [i - 1, j, k],
          [i + 1, j, k],
          [i, j - 1, k],
          [i, j + 1, k],
          [i, j, k - 1],
          [i, j, k + 1],
        ])
          if (a >= 0 && a < 13 && b >= 0 && b < 11 && c >= 0 && c < 7)
            n += seed[a + 13 * (b + 11 * c)];
        return n >= 4;
      });
      const lm = labelMapFrom(gr, (i, j, k) => mask[i + 13 * (j + 11 * k)]);
      const got = thicknessMap(lm);
      const want = bruteForceThickness(mask, gr.dims, gr.spacing);
      const what = `spacing ${spacing.join('x')} density ${density}`;
      if (spacing[0] === 0.5) assert.deepEqual(got, want, what);
      else {
        // 0.7 mm is not a binary fraction: the separable passes add the axis terms in another
        // order than the brute force, so the float32 values may differ in the last bits
        for (let p = 0; p < got.length; p++)
          assert.ok(Math.abs(got[p] - want[p]) <= 1e-6 * want[p], `${what} voxel ${p}`);
      }
    }
  }
});

test('thickness is cancellable and reports progress up to 1', () => {
  const slab = labelMapFrom(g, (i) => (i >= 10 && i < 15 ? 1 : 0));
  const seen: number[] = [];
  thicknessMap(slab, {}, { onProgress: (f) => seen.push(f) });
  assert.equal(seen.at(-1), 1);
  assert.ok(seen.every((f, n) => n === 0 || f >= seen[n - 1]));
  const ac = new AbortController();
  ac.abort();
  assert.throws(() => thicknessMap(slab, {}, { signal: ac.signal }), { name: 'AbortError' });
});
