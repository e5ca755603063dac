import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cross, dot, sub } from '../geometry.ts';
import { tiltedPlan } from './tilted-plan.ts';

test('GE convention: IOP [1,0,0, 0,cos t,-sin t], IPP moving along +z only', () => {
  const plan = tiltedPlan({
    rows: 5,
    columns: 7,
    pixelSpacing: [0.5, 0.25],
    slices: 9,
    sliceSpacing: 4,
    tiltDeg: 18.5,
    center: [1, 2, 3],
  });
  assert.deepEqual(plan.rowDirection, [1, 0, 0]);
  // corpus ct_head_tilt_ge_varspacing at +18.5 deg: [1,0,0, 0,0.9483237,-0.3173047]
  assert.ok(Math.abs(plan.columnDirection[1] - 0.9483237) < 5e-8);
  assert.ok(Math.abs(plan.columnDirection[2] - -0.3173047) < 5e-8);
  assert.equal(plan.columnDirection[0], 0);
  assert.equal(plan.gantryTiltDeg, 18.5);
  assert.equal(plan.sliceThickness, 4);
  assert.equal(plan.patientPosition, 'HFS');
  const normal = cross(plan.rowDirection, plan.columnDirection);
  for (let k = 1; k < plan.positions.length; k++) {
    const d = sub(plan.positions[k], plan.positions[k - 1]);
    assert.equal(d[0], 0);
    assert.equal(d[1], 0);
    assert.ok(Math.abs(d[2] - 4 / Math.cos((18.5 * Math.PI) / 180)) < 1e-12); // 4.218 mm table step
    assert.ok(Math.abs(dot(d, normal) - 4) < 1e-12); // 4 mm between planes
  }
  // the middle pixel of the middle slice is the centre
  const p = plan.positions[4];
  const mid = [0, 1, 2].map(
    (r) => p[r] + 3 * 0.25 * plan.rowDirection[r] + 2 * 0.5 * plan.columnDirection[r],
  );
  for (let r = 0; r < 3; r++) assert.ok(Math.abs(mid[r] - [1, 2, 3][r]) < 1e-12);
});

test('zero tilt is a plain axial stack; negative tilt flips the column z component', () => {
  const flat = tiltedPlan({
    rows: 2,
    columns: 2,
    pixelSpacing: [1, 1],
    slices: 2,
    sliceSpacing: 3,
    tiltDeg: 0,
  });
  assert.deepEqual(flat.columnDirection, [0, 1, 0]);
  assert.deepEqual(sub(flat.positions[1], flat.positions[0]), [0, 0, 3]);
  const neg = tiltedPlan({
    rows: 2,
    columns: 2,
    pixelSpacing: [1, 1],
    slices: 2,
    sliceSpacing: 3,
    tiltDeg: -10,
  });
  assert.ok(neg.columnDirection[2] > 0);
});
