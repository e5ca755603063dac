import { test } from 'node:test';
import assert from 'node:assert/strict';
import { POSITION_RECORD, QUADRIC_RECORD, edgeCollapseCost } from './edge-collapse-cost.ts';

/** Quadric of the plane n·p + d = 0 (unit n) with weight w, added into Q at vertex v. */
function addPlane(Q: Float64Array, v: number, n: number[], d: number, w = 1) {
  const [a, b, c] = n;
  const q = [a * a, a * b, a * c, a * d, b * b, b * c, b * d, c * c, c * d, d * d];
  for (let k = 0; k < 10; k++) Q[QUADRIC_RECORD * v + k] += w * q[k];
  Q[QUADRIC_RECORD * v + 10] += w;
}

/** Position records of the points (x, y, z per vertex). */
function place(xyz: number[]): Float64Array {
  const P = new Float64Array((POSITION_RECORD * xyz.length) / 3);
  for (let i = 0; i < xyz.length; i++) P[POSITION_RECORD * Math.floor(i / 3) + (i % 3)] = xyz[i];
  return P;
}

test('corner of three planes: the optimum is the corner, zero error', () => {
  const Q = new Float64Array(2 * QUADRIC_RECORD);
  addPlane(Q, 0, [1, 0, 0], -1); // x = 1
  addPlane(Q, 0, [0, 1, 0], 0); // y = 0
  addPlane(Q, 1, [0, 0, 1], -0.5); // z = 0.5
  const out = new Float64Array(3);
  // far from the edge (|corner - midpoint| > edge length): falls back to the edge
  const e = edgeCollapseCost(Q, place([0.5, 0.2, 0.1, 0.9, 0.3, 0.2]), 0, 1, out);
  assert.ok(e >= 0);
  const near = place([0.95, 0.05, 0.45, 1.05, -0.05, 0.55]);
  assert.equal(edgeCollapseCost(Q, near, 0, 1, out), 0);
  assert.deepEqual(
    [...out].map((x) => Math.round(x * 1e9) / 1e9 + 0),
    [1, 0, 0.5],
  );
});

test('flat patch (singular system): minimised along the edge, mean squared distance in mm²', () => {
  const Q = new Float64Array(2 * QUADRIC_RECORD);
  addPlane(Q, 0, [0, 0, 1], 0, 2); // z = 0, weight 2 at u
  addPlane(Q, 1, [0, 0, 1], 0, 2); // and at v
  // u at z = 0.2, v at z = -0.2: the edge crosses the plane half way
  const P = place([0, 0, 0.2, 1, 0, -0.2]);
  const out = new Float64Array(3);
  assert.ok(edgeCollapseCost(Q, P, 0, 1, out) < 1e-20);
  assert.deepEqual(
    [...out].map((x) => Math.round(x * 1e9) / 1e9 + 0),
    [0.5, 0, 0],
  );
  // both ends at z = 0.3: the best point on the edge is 0.3 mm off, error 0.09 mm²
  const Pa = place([0, 0, 0.3, 1, 0, 0.3]);
  assert.ok(Math.abs(edgeCollapseCost(Q, Pa, 0, 1, out) - 0.09) < 1e-12);
});

/** The summed quadric of u and v evaluated directly at p, divided by the summed weight. */
function quadricAt(Q: Float64Array, u: number, v: number, p: ArrayLike<number>): number {
  const q = (k: number) => Q[QUADRIC_RECORD * u + k] + Q[QUADRIC_RECORD * v + k];
  const [x, y, z] = [p[0], p[1], p[2]];
  const e =
    q(0) * x * x +
    q(4) * y * y +
    q(7) * z * z +
    2 * (q(1) * x * y + q(2) * x * z + q(5) * y * z) +
    2 * (q(3) * x + q(6) * y + q(8) * z) +
    q(9);
  return e / q(10);
}

test('the error is the summed quadric at the returned point, solved and along-edge alike', () => {
  // planes of a curved patch far from the origin (the coordinates of the corpus are ~100 mm),
  // so the shortcut bᵀp + c at the optimum is checked where cancellation would show
  let seed = 7;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
  let solvedSeen = 0;
  let lineSeen = 0;
  for (let trial = 0; trial < 200; trial++) {
    const Q = new Float64Array(2 * QUADRIC_RECORD);
    const centre = [120 + rnd(), -80 + rnd(), 240 + rnd()];
    const flat = trial % 2 === 1; // every other trial: near-parallel planes (singular system)
    for (let v = 0; v < 2; v++) {
      for (let k = 0; k < 4; k++) {
        const n = flat ? [0.01 * rnd(), 0.01 * rnd(), 1] : [rnd(), rnd(), rnd()];
        const len = Math.hypot(n[0], n[1], n[2]);
        const nn = n.map((c) => c / len);
        const d = -(nn[0] * centre[0] + nn[1] * centre[1] + nn[2] * centre[2]) + 0.2 * rnd();
        addPlane(Q, v, nn, d, 0.5 + Math.abs(rnd()));
      }
    }
    const P = place([
      centre[0] + 0.5 * rnd(),
      centre[1] + 0.5 * rnd(),
      centre[2] + 0.5 * rnd(),
      centre[0] + 0.5 * rnd(),
      centre[1] + 0.5 * rnd(),
      centre[2] + 0.5 * rnd(),
    ]);
    const out = new Float64Array(3);
    const e = edgeCollapseCost(Q, P, 0, 1, out);
    const direct = quadricAt(Q, 0, 1, out);
    assert.ok(Math.abs(e - Math.max(direct, 0)) <= 1e-9 + 1e-6 * direct, `${e} vs ${direct}`);
    // on the edge exactly when the along-edge branch was taken
    const t = [0, 1, 2].map((k) => (out[k] - P[k]) / (P[4 + k] - P[k]));
    if (Math.abs(t[0] - t[1]) < 1e-9 && Math.abs(t[1] - t[2]) < 1e-9) lineSeen++;
    else solvedSeen++;
  }
  assert.ok(solvedSeen > 20 && lineSeen > 20, `${solvedSeen} solved, ${lineSeen} on the edge`);
});
