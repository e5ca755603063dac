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
