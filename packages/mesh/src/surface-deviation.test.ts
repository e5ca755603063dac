import { test } from 'node:test';
import assert from 'node:assert/strict';
import { surfaceDeviation } from './surface-deviation.ts';
import type { Mesh } from './mesh.ts';

/** Axis-aligned box [x0,x0+1]x[0,1]x[0,1], counter-clockwise from outside. */
function unitCube(x0: number): Mesh {
  const positions = new Float32Array(24);
  for (let v = 0; v < 8; v++) {
    positions[3 * v] = x0 + (v & 1);
    positions[3 * v + 1] = (v >> 1) & 1;
    positions[3 * v + 2] = (v >> 2) & 1;
  }
  // prettier-ignore
  const triangles = new Uint32Array([
    0, 2, 1, 1, 2, 3, 4, 5, 6, 5, 7, 6, 0, 1, 4, 1, 5, 4,
    2, 6, 3, 3, 6, 7, 0, 4, 2, 2, 4, 6, 1, 3, 5, 3, 7, 5,
  ]);
  return { kind: 'Mesh', positions, triangles };
}

/** The unit cube with its +x face pushed out by `dx` mm (same triangles). */
function pushedCube(dx: number): Mesh {
  const c = unitCube(0);
  const positions = c.positions.slice();
  for (let v = 0; v < 8; v++) if (v & 1) positions[3 * v] += dx;
  return { kind: 'Mesh', positions, triangles: c.triangles };
}

test('same triangles: vertex displacement, exact for a face moved along its normal', () => {
  const d = surfaceDeviation(pushedCube(0.25), unitCube(0));
  assert.equal(d.method, 'vertex-displacement');
  assert.ok(Math.abs(d.maxMm - 0.25) < 1e-6);
  assert.ok(Math.abs(d.meanMm - 0.125) < 1e-6); // four of eight vertices moved
  // a copy of the triangle list counts as the same triangles
  const copy: Mesh = { ...pushedCube(0.25), triangles: unitCube(0).triangles.slice() };
  assert.equal(surfaceDeviation(copy, unitCube(0)).method, 'vertex-displacement');
});

test('different triangles: one-sided vertex-to-surface distance', () => {
  // the shifted cube (x in [0.3, 1.3]) with its triangles reversed in order
  const shifted = unitCube(0.3);
  const t = shifted.triangles;
  const reversed = new Uint32Array(t.length);
  for (let i = 0; i < t.length; i += 3) reversed.set(t.subarray(t.length - 3 - i, t.length - i), i);
  const d = surfaceDeviation({ ...shifted, triangles: reversed }, unitCube(0));
  assert.equal(d.method, 'one-sided');
  // x = 0.3 vertices lie on the reference's y/z faces (0), x = 1.3 vertices are 0.3 outside
  assert.ok(Math.abs(d.maxMm - 0.3) < 1e-6);
  assert.ok(Math.abs(d.meanMm - 0.15) < 1e-6);
});

test('hausdorff on request: symmetric, never below the one-sided figure', () => {
  const a = unitCube(0.3);
  const h = surfaceDeviation(a, unitCube(0), { method: 'hausdorff' });
  assert.equal(h.method, 'hausdorff');
  assert.ok(Math.abs(h.maxMm - 0.3) < 1e-6);
  assert.equal(surfaceDeviation(unitCube(0), unitCube(0)).maxMm, 0);
  assert.throws(
    () => surfaceDeviation(a, a, { method: 'x' as 'fast' }),
    (e: Error & { code?: string }) => e.code === 'INVALID_OPTIONS',
  );
});
