import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hausdorffDistance, nearestSquared } from './hausdorff-distance.ts';
import { buildTriangleGrid } from './triangle-grid.ts';
import { extractIsosurface } from './extract-isosurface.ts';
import type { Mesh } from './mesh.ts';
import { centredGeometry, sdfVolume, sphereSdf } from '../test/support/phantoms.ts';

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

test('unit cube against itself shifted by 0.3 mm: exact vertex-sampled distances', () => {
  const h = hausdorffDistance(unitCube(0), unitCube(0.3));
  // x=0 vertices are 0.3 from the face x=0.3; x=1 vertices lie on faces y/z = 0 or 1 of B
  assert.ok(Math.abs(h.aToB.max - 0.3) < 1e-6);
  assert.ok(Math.abs(h.aToB.mean - 0.15) < 1e-6);
  assert.ok(Math.abs(h.bToA.max - 0.3) < 1e-6);
  assert.ok(Math.abs(h.maxMm - 0.3) < 1e-6);
  assert.equal(hausdorffDistance(unitCube(0), unitCube(0)).maxMm, 0);
});

test('grid search equals brute force at points near, inside and far outside a sphere mesh', () => {
  const mesh = extractIsosurface(
    sdfVolume(centredGeometry([24, 24, 24], [0.5, 0.5, 0.5]), sphereSdf([0, 0, 0], 4)),
    { isoValue: 0 },
  );
  const grid = buildTriangleGrid(mesh);
  let seed = 12345;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  const P = mesh.positions;
  const T = mesh.triangles;
  for (let q = 0; q < 60; q++) {
    const s = q < 20 ? 5 : q < 40 ? 2 : 40; // near, inside, far
    const x = s * rnd();
    const y = s * rnd();
    const z = s * rnd();
    let brute = Infinity;
    // brute force over points sampled densely on each triangle is not exact; instead use the
    // grid function against a single-cell grid, which tests every triangle
    for (let t = 0; t < T.length; t += 3) {
      const one: Mesh = {
        kind: 'Mesh',
        positions: P,
        triangles: T.subarray(t, t + 3),
      };
      brute = Math.min(brute, nearestSquared(buildTriangleGrid(one), x, y, z, q));
    }
    const d = nearestSquared(grid, x, y, z, q);
    assert.ok(Math.abs(d - brute) <= 1e-9 * Math.max(1, brute), `${x},${y},${z}: ${d} vs ${brute}`);
  }
});

test('hashed grid (two small spheres 2 m apart: far more cells than entries) equals brute force', () => {
  const sphere = extractIsosurface(
    sdfVolume(centredGeometry([12, 12, 12], [0.5, 0.5, 0.5]), sphereSdf([0, 0, 0], 2)),
    { isoValue: 0 },
  );
  const nv = sphere.positions.length / 3;
  const positions = new Float32Array(2 * sphere.positions.length);
  positions.set(sphere.positions);
  for (let i = 0; i < sphere.positions.length; i++) {
    positions[sphere.positions.length + i] = sphere.positions[i] + (i % 3 === 0 ? 2000 : 0);
  }
  const triangles = new Uint32Array(2 * sphere.triangles.length);
  triangles.set(sphere.triangles);
  for (let i = 0; i < sphere.triangles.length; i++) {
    triangles[sphere.triangles.length + i] = sphere.triangles[i] + nv;
  }
  const mesh: Mesh = { kind: 'Mesh', positions, triangles };
  const grid = buildTriangleGrid(mesh);
  assert.equal(grid.dense, false);
  for (let q = 0; q < 40; q++) {
    const x = (q % 2) * 2000 + ((q * 7) % 9) - 4;
    const y = ((q * 5) % 7) - 3;
    const z = ((q * 3) % 11) / 2 - 2.5;
    let brute = Infinity;
    for (let t = 0; t < triangles.length; t += 3) {
      const one: Mesh = { kind: 'Mesh', positions, triangles: triangles.subarray(t, t + 3) };
      brute = Math.min(brute, nearestSquared(buildTriangleGrid(one), x, y, z, q));
    }
    const got = nearestSquared(grid, x, y, z, 1000 + q);
    assert.ok(Math.abs(Math.sqrt(got) - Math.sqrt(brute)) < 1e-4, `query ${q}: ${got} vs ${brute}`);
  }
});
