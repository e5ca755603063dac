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
  box = false,
): Float32Array {
  // per-axis term of an index offset: centre to centre, or centre to the voxel's box
  const t = (d: number, s: number) => (box ? (d === 0 ? 0 : (Math.abs(d) - 0.5) * s) : d * s);
  const [ni, nj, nk] = dims;
  const out = new Float32Array(mask.length);
  const [fa, fb, fc]: number[][] = [[], [], []];
  for (let c = 0; c < nk; c++)
    for (let b = 0; b < nj; b++)
      for (let a = 0; a < ni; a++) {
        if (mask[a + ni * (b + nj * c)] !== feature) continue;
        fa.push(a);
        fb.push(b);
        fc.push(c);
      }
  for (let k = 0; k < nk; k++)
    for (let j = 0; j < nj; j++)
      for (let i = 0; i < ni; i++) {
        let best = Infinity;
        if (outside) {
          for (const d of [
            t(i + 1, sp[0]),
            t(ni - i, sp[0]),
            t(j + 1, sp[1]),
            t(nj - j, sp[1]),
            t(k + 1, sp[2]),
            t(nk - k, sp[2]),
          ])
            best = Math.min(best, d * d);
        }
        for (let n = 0; n < fa.length; n++) {
          const d2 = t(fa[n] - i, sp[0]) ** 2 + t(fb[n] - j, sp[1]) ** 2 + t(fc[n] - k, sp[2]) ** 2;
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

test('box metric (distance to feature voxel boxes) equals brute force, 0.5x0.5x2.0 spacing', () => {
  const random = rng(11);
  for (const density of [0.02, 0.3, 0.9]) {
    const g = grid([9, 7, 6], [0.5, 0.5, 2.0]);
    const mask = maskFrom(g, () => random() < density);
    for (const feature of [0, 1] as const) {
      for (const outside of [false, true]) {
        const got = squaredDistanceTransform(mask, g, {
          feature,
          outsideIsFeature: outside,
          featureShape: 'box',
        });
        const want = bruteForce(mask, g.dims, g.spacing, feature, outside, true);
        assert.deepEqual(got, want, `density ${density} feature ${feature} outside ${outside}`);
      }
    }
  }
  // a single feature voxel: an axis neighbour is half a voxel from its box, a diagonal one
  // half a voxel along each axis
  const g = grid([5, 5, 5], [0.5, 0.5, 2.0]);
  const one = maskFrom(g, (i, j, k) => i === 2 && j === 2 && k === 2);
  const d = squaredDistanceTransform(one, g, { featureShape: 'box' });
  assert.equal(d[2 + 5 * 2 + 25 * 2], 0);
  assert.equal(d[3 + 5 * 2 + 25 * 2], 0.0625);
  assert.equal(d[2 + 5 * 2 + 25 * 3], 1);
  assert.equal(d[3 + 5 * 3 + 25 * 3], 0.0625 + 0.0625 + 1);
});

test('tiled passes: EDT on lines longer and wider than a tile equals brute force', () => {
  const random = rng(3);
  const g = grid([70, 37, 41], [0.5, 0.5, 2.0]);
  const mask = maskFrom(g, () => random() < 0.002);
  const got = squaredDistanceTransform(mask, g);
  const want = bruteForce(mask, g.dims, g.spacing, 1, false);
  assert.deepEqual(got, want);
});

test('rows without segment voxels (read 4 voxels at a time when ni % 4 = 0) equal brute force', () => {
  const random = rng(9);
  const g = grid([12, 9, 5], [0.5, 0.5, 2.0]);
  // about half the rows empty, the others random
  const mask = maskFrom(g, (_i, j, k) => (j + k) % 2 === 0 && random() < 0.4);
  for (const feature of [0, 1] as const) {
    for (const outside of [false, true]) {
      for (const featureShape of ['centre', 'box'] as const) {
        const got = squaredDistanceTransform(mask, g, {
          feature,
          outsideIsFeature: outside,
          featureShape,
        });
        const want = bruteForce(mask, g.dims, g.spacing, feature, outside, featureShape === 'box');
        assert.deepEqual(got, want, `feature ${feature} outside ${outside} ${featureShape}`);
      }
    }
  }
});

test('distances to background skip tiles without segment voxels (40 wide: tiles of 32 and 8)', () => {
  const random = rng(19);
  const g = grid([40, 8, 16], [0.5, 0.5, 2.0]);
  // segment voxels only in columns i < 6 and in slices k % 5 = 1, so most tiles are empty
  const mask = maskFrom(g, (i, _j, k) => (i < 6 || k % 5 === 1) && random() < 0.7);
  for (const outside of [false, true]) {
    for (const featureShape of ['centre', 'box'] as const) {
      const got = squaredDistanceTransform(mask, g, {
        feature: 0,
        outsideIsFeature: outside,
        featureShape,
      });
      const want = bruteForce(mask, g.dims, g.spacing, 0, outside, featureShape === 'box');
      assert.deepEqual(got, want, `outside ${outside} ${featureShape}`);
    }
  }
});

test('maxDistanceMm: values within the cap are exact, the others above it', () => {
  const random = rng(13);
  // 40 wide: tiles of 32 and 8 lines, skipped when no segment voxel is within the cap
  const g = grid([40, 11, 9], [0.5, 0.5, 2.0]);
  const mask = maskFrom(g, () => random() < 0.004);
  const want = bruteForce(mask, g.dims, g.spacing, 1, false);
  for (const cap of [0, 1, 2.3, 5]) {
    const got = squaredDistanceTransform(mask, g, { maxDistanceMm: cap });
    for (let p = 0; p < got.length; p++) {
      if (want[p] <= cap * cap) assert.equal(got[p], want[p], `cap ${cap} voxel ${p}`);
      else assert.ok(got[p] > cap * cap, `cap ${cap} voxel ${p}`);
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
