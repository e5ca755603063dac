import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ellipsoidPhantom, layeredPhantom, spherePhantom, torusPhantom } from './phantom.ts';

test('sphere: inside up to the radius (inclusive), outside beyond', () => {
  const p = spherePhantom({ center: [10, -20, 30], radius: 5, inside: 1000, outside: -1000 });
  assert.equal(p(10, -20, 30), 1000);
  assert.equal(p(15, -20, 30), 1000); // on the surface
  assert.equal(p(10, -20, 35.000001), -1000);
  assert.equal(p(10 + 3, -20 + 4, 30), 1000); // |(3,4,0)| = 5
  assert.equal(p(10 + 3, -20 + 4, 30.1), -1000);
  assert.equal(p(-10, 20, -30), -1000);
});

test('ellipsoid: semi-axes along x, y, z', () => {
  const p = ellipsoidPhantom({
    center: [0, 0, 0],
    semiAxes: [60, 45, 75],
    inside: 40,
    outside: -1000,
  });
  assert.equal(p(59.9, 0, 0), 40);
  assert.equal(p(60.1, 0, 0), -1000);
  assert.equal(p(0, -44.9, 0), 40);
  assert.equal(p(0, 45.1, 0), -1000);
  assert.equal(p(0, 0, 74.9), 40);
  assert.equal(p(0, 0, -75.1), -1000);
  assert.equal(p(30, 22.5, 37.5 * Math.SQRT2 * 0.99), 40); // (1/4 + 1/4 + 0.49) < 1
});

test('torus: tube around a circle of majorRadius about the axis; hole in the middle', () => {
  const p = torusPhantom({
    center: [1, 2, 3],
    axis: [0, 0, 2],
    majorRadius: 20,
    minorRadius: 5,
    inside: 1,
    outside: 0,
  });
  assert.equal(p(1, 2, 3), 0); // the hole
  assert.equal(p(21, 2, 3), 1); // on the centre line
  assert.equal(p(1, 22, 3), 1);
  assert.equal(p(1 - 20, 2, 3 + 4.9), 1);
  assert.equal(p(1 - 20, 2, 3 + 5.1), 0);
  assert.equal(p(1 + 25.1, 2, 3), 0);
  assert.equal(p(1 + 15.1, 2, 3), 1);
  assert.equal(p(1 + 14.9, 2, 3), 0);
  // a tilted axis: the ring lies in the plane normal to (1, 1, 0)
  const q = torusPhantom({
    center: [0, 0, 0],
    axis: [1, 1, 0],
    majorRadius: 10,
    minorRadius: 2,
    inside: 1,
    outside: 0,
  });
  assert.equal(q(0, 0, 10), 1);
  assert.equal(q(10 / Math.SQRT2, -10 / Math.SQRT2, 0), 1);
  assert.equal(q(10 / Math.SQRT2, 10 / Math.SQRT2, 0), 0); // along the axis
  assert.throws(
    () =>
      torusPhantom({
        center: [0, 0, 0],
        axis: [0, 0, 0],
        majorRadius: 1,
        minorRadius: 1,
        inside: 1,
        outside: 0,
      }),
    RangeError,
  );
});

test('layers: later layers paint over earlier ones', () => {
  const p = layeredPhantom(-1000, [
    spherePhantom({ center: [0, 0, 0], radius: 10, inside: 40, outside: -1000 }),
    spherePhantom({ center: [5, 0, 0], radius: 2, inside: 1000, outside: -1000 }),
  ]);
  assert.equal(p(0, 0, 0), 40);
  assert.equal(p(5, 0, 0), 1000);
  assert.equal(p(20, 0, 0), -1000);
});
