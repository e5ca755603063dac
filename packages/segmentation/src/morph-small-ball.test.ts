import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Vec3 } from '@anatomodel/imaging';
import { ballRows, isSmallBall, morphSmallBall } from './morph-small-ball.ts';
import { morphBallRadius2, morphCapMm, morphMask } from './morph-mask.ts';
import { squaredDistanceTransform } from './squared-distance-transform.ts';
import { grid, rng } from '../test/support/phantoms.ts';

/** Dilation / erosion by definition: every voxel pair within the ball, grid border ignored. */
function bruteForce(mask: Uint8Array, dims: Vec3, spacing: Vec3, r2: number, dilate: boolean) {
  const [ni, nj, nk] = dims;
  const out = new Uint8Array(mask.length);
  const reach = spacing.map((s) => Math.floor(Math.sqrt(r2) / s));
  const want = dilate ? 1 : 0;
  for (let k = 0; k < nk; k++)
    for (let j = 0; j < nj; j++)
      for (let i = 0; i < ni; i++) {
        const p = i + ni * (j + nj * k);
        if (!dilate && mask[p] === 0) continue;
        let hit = false;
        for (let dk = -reach[2]; dk <= reach[2] && !hit; dk++)
          for (let dj = -reach[1]; dj <= reach[1] && !hit; dj++)
            for (let di = -reach[0]; di <= reach[0] && !hit; di++) {
              const [a, b, c] = [i + di, j + dj, k + dk];
              if (a < 0 || b < 0 || c < 0 || a >= ni || b >= nj || c >= nk) continue;
              const d2 = (di * spacing[0]) ** 2 + (dj * spacing[1]) ** 2 + (dk * spacing[2]) ** 2;
              if (d2 <= r2 && (mask[a + ni * (b + nj * c)] !== 0 ? 1 : 0) === want) hit = true;
            }
        out[p] = dilate ? (hit ? 1 : 0) : hit ? 0 : 1;
      }
  return out;
}

test('ballRows: the 2 mm ball on a 1.0742 x 1.0742 x 3 mm CT grid is 3 x 3 x 1 voxels', () => {
  const rows = ballRows([1.0742, 1.0742, 3], morphBallRadius2(2));
  assert.deepEqual(
    rows.map((r) => [r.dj, r.dk, r.halfWidth]),
    [
      [-1, 0, 1],
      [0, 0, 1],
      [1, 0, 1],
    ],
  );
  assert.ok(isSmallBall(rows));
  // exact boundary: r = 1 voxel on a unit grid includes the 6 face neighbours only
  const unit = ballRows([1, 1, 1], morphBallRadius2(1));
  assert.equal(
    unit.reduce((s, r) => s + 2 * r.halfWidth + 1, 0),
    7,
  );
  assert.ok(!isSmallBall(ballRows([0.5, 0.5, 0.5], morphBallRadius2(5))));
});

test('morphSmallBall equals the definition and the distance-transform route (random masks, anisotropic)', () => {
  const random = rng(5);
  const cases: Array<[Vec3, Vec3, number]> = [
    [[13, 9, 7], [1.0742, 1.0742, 3], 2],
    [[16, 8, 6], [0.5, 0.5, 2], 1.2],
    [[12, 11, 9], [1, 1, 1], 1],
    [[12, 11, 9], [1, 1, 1], Math.SQRT2],
    [[10, 10, 10], [0.8, 1.3, 0.6], 1.7],
    [[7, 5, 4], [2, 2, 2], 0.5], // radius below the spacing: identity
  ];
  for (const [dims, spacing, radius] of cases) {
    const g = grid(dims, spacing, [0, 0, 0]);
    const n = dims[0] * dims[1] * dims[2];
    const r2 = morphBallRadius2(radius);
    const rows = ballRows(spacing, r2);
    for (const density of [0.05, 0.5, 0.9]) {
      const mask = Uint8Array.from({ length: n }, () => (random() < density ? 1 : 0));
      for (const dilate of [true, false]) {
        const got = morphSmallBall(mask, dims, rows, dilate);
        const label = `${dims.join('x')} @ ${spacing.join('x')} r=${radius} ${dilate ? 'dilate' : 'erode'} p=${density}`;
        assert.deepEqual(got, bruteForce(mask, dims, spacing, r2, dilate), label);
        const d = squaredDistanceTransform(mask, g, {
          feature: dilate ? 1 : 0,
          maxDistanceMm: morphCapMm(r2),
        });
        const viaEdt = Uint8Array.from(mask, (m, p) =>
          dilate ? (d[p] <= r2 ? 1 : 0) : m !== 0 && d[p] > r2 ? 1 : 0,
        );
        assert.deepEqual(got, viaEdt, `${label} (vs EDT)`);
      }
    }
  }
});

test('morphMask takes the small-ball route for open/close too, with progress and abort', () => {
  const dims: Vec3 = [20, 20, 6];
  const g = grid(dims, [1.0742, 1.0742, 3], [0, 0, 0]);
  const random = rng(9);
  const mask = Uint8Array.from({ length: 2400 }, () => (random() < 0.4 ? 1 : 0));
  const rows = ballRows(g.spacing, morphBallRadius2(2));
  const opened = morphMask(mask, g, 'open', 2);
  assert.deepEqual(
    opened,
    morphSmallBall(morphSmallBall(mask, dims, rows, false), dims, rows, true),
  );
  const seen: number[] = [];
  morphMask(mask, g, 'close', 2, { onProgress: (f) => seen.push(f) });
  assert.equal(seen.at(-1), 1);
  const controller = new AbortController();
  controller.abort();
  assert.throws(() => morphMask(mask, g, 'dilate', 2, { signal: controller.signal }));
});
