import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axesDeterminant, dot, indexToLps, norm } from '../geometry.ts';
import { standardGeometry, type StandardGeometryOptions } from './standard-geometry.ts';

const base = { dims: [5, 4, 3], spacing: [0.5, 0.75, 2], center: [10, -20, 30] } as const;

test('every variant: orthonormal axes, centred, handedness as asked', () => {
  for (const orientation of ['axial', 'coronal', 'sagittal', 'oblique'] as const) {
    for (const feetFirst of [false, true]) {
      for (const reversed of [false, true]) {
        const o: StandardGeometryOptions = { ...base, orientation, feetFirst, reversed };
        const g = standardGeometry(o);
        for (let a = 0; a < 3; a++) {
          assert.ok(Math.abs(norm(g.axes[a]) - 1) < 1e-12);
          for (let b = a + 1; b < 3; b++) assert.ok(Math.abs(dot(g.axes[a], g.axes[b])) < 1e-12);
        }
        assert.ok(Math.abs(axesDeterminant(g) - (reversed ? -1 : 1)) < 1e-12);
        const mid = indexToLps(g, 2, 1.5, 1);
        for (let r = 0; r < 3; r++) assert.ok(Math.abs(mid[r] - base.center[r]) < 1e-12);
      }
    }
  }
});

test('directions as scanners write them', () => {
  assert.deepEqual(standardGeometry({ ...base, orientation: 'axial' }).axes, [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ]);
  assert.deepEqual(standardGeometry({ ...base, orientation: 'axial', feetFirst: true }).axes, [
    [-1, 0, 0],
    [0, 1, 0],
    [0, 0, -1],
  ]);
  assert.deepEqual(standardGeometry({ ...base, orientation: 'axial', reversed: true }).axes, [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, -1],
  ]);
  assert.deepEqual(standardGeometry({ ...base, orientation: 'coronal' }).axes, [
    [1, 0, 0],
    [0, 0, -1],
    [0, 1, 0],
  ]);
  assert.deepEqual(standardGeometry({ ...base, orientation: 'sagittal' }).axes, [
    [0, 1, 0],
    [0, 0, -1],
    [-1, 0, 0],
  ]);
  const ob = standardGeometry({ ...base, orientation: 'oblique', obliqueDeg: 30 });
  // normal = R [0,0,1], with R = Ry(18 deg) Rx(30 deg)
  const a = Math.PI / 6;
  const b = 0.6 * a;
  const expected = [Math.cos(a) * Math.sin(b), -Math.sin(a), Math.cos(a) * Math.cos(b)];
  for (let r = 0; r < 3; r++) assert.ok(Math.abs(ob.axes[2][r] - expected[r]) < 1e-12);
  assert.ok(ob.axes.every((ax) => ax.every((v) => v !== 0) || ax === ob.axes[0]));
});
