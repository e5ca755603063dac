import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quaternionToRotation, rotationToQuaternion } from './nifti-quaternion.ts';

function rotation(axis: [number, number, number], angleDeg: number): number[] {
  const n = Math.hypot(...axis);
  const [x, y, z] = axis.map((v) => v / n);
  const t = (angleDeg * Math.PI) / 180;
  const c = Math.cos(t);
  const s = Math.sin(t);
  const C = 1 - c;
  return [
    c + x * x * C,
    x * y * C - z * s,
    x * z * C + y * s,
    y * x * C + z * s,
    c + y * y * C,
    y * z * C - x * s,
    z * x * C - y * s,
    z * y * C + x * s,
    c + z * z * C,
  ];
}

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(
      Math.abs(actual[i] - expected[i]) <= tol,
      `element ${i}: ${actual[i]} vs ${expected[i]}`,
    );
  }
}

test('identity is quaternion (0,0,0), qfac 1', () => {
  assert.deepEqual(rotationToQuaternion([1, 0, 0, 0, 1, 0, 0, 0, 1]), {
    b: 0,
    c: 0,
    d: 0,
    qfac: 1,
  });
});

test('180 deg about x is (1,0,0) — the nifti1.h example with qfac -1', () => {
  // i L->R, j A->P, k I->S in RAS: diag(1,-1,1), improper -> qfac -1 and R = diag(1,-1,-1)
  const q = rotationToQuaternion([1, 0, 0, 0, -1, 0, 0, 0, 1]);
  assert.equal(q.qfac, -1);
  assertClose([q.b, q.c, q.d], [1, 0, 0], 1e-12);
});

test('round trip of rotations, including the a ~ 0 branches', () => {
  const cases: Array<[[number, number, number], number]> = [
    [[1, 0, 0], 30],
    [[0, 1, 0], 179.9],
    [[0, 0, 1], 180],
    [[1, 2, 3], 77],
    [[-1, 0.5, 0.2], 180],
    [[0.3, -0.9, 0.1], 200],
  ];
  for (const [axis, angle] of cases) {
    const r = rotation(axis, angle);
    const q = rotationToQuaternion(r);
    assert.equal(q.qfac, 1);
    assertClose(quaternionToRotation(q.b, q.c, q.d), r, 1e-12);
  }
});

test('left-handed frames: qfac -1 and the third column negated', () => {
  const r = rotation([1, 2, 3], 40);
  const m = r.slice();
  for (const row of [0, 1, 2]) m[row * 3 + 2] = -m[row * 3 + 2];
  // scaled columns are normalised first
  const scaled = m.map((v, i) => v * [0.5, 2, 3.5][i % 3]);
  const q = rotationToQuaternion(scaled);
  assert.equal(q.qfac, -1);
  assertClose(quaternionToRotation(q.b, q.c, q.d), r, 1e-12);
});

test('float32 rounding that makes 1-b²-c²-d² slightly negative still gives a rotation', () => {
  const r = quaternionToRotation(Math.fround(1), Math.fround(1e-9), 0);
  assertClose(r, [1, 0, 0, 0, -1, 0, 0, 0, -1], 1e-8);
});

test('zero column is rejected', () => {
  assert.throws(() => rotationToQuaternion([0, 0, 0, 0, 1, 0, 0, 0, 1]), RangeError);
});
