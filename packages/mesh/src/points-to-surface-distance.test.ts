import { test } from 'node:test';
import assert from 'node:assert/strict';
import { directedDistance } from './hausdorff-distance.ts';
import { pointTriangleSquared } from './point-triangle-distance.ts';
import { pointsToSurfaceDistance } from './points-to-surface-distance.ts';
import { quadricDecimate } from './quadric-decimate.ts';
import { smoothWindowedSinc } from './smooth-windowed-sinc.ts';
import { pointsToSurfaceDistanceTs } from '../test/support/points-to-surface-distance-ts.ts';
import { buildTriangleGrid } from './triangle-grid.ts';
import { extractIsosurface } from './extract-isosurface.ts';
import type { Mesh } from './mesh.ts';
import {
  centredGeometry,
  decimationTorus,
  sdfVolume,
  sphereSdf,
} from '../test/support/phantoms.ts';

/** A sphere surface on voxels three times taller than wide (tall triangles, as CT slices). */
function tallSphere(): Mesh {
  return extractIsosurface(
    sdfVolume(centredGeometry([28, 28, 12], [0.5, 0.5, 1.5]), sphereSdf([0, 0, 0], 5)),
    { isoValue: 0 },
  );
}

/** Exact distance from (x, y, z) to the nearest triangle, by testing every triangle. */
function bruteDistance(mesh: Mesh, x: number, y: number, z: number): number {
  const T = mesh.triangles;
  let best = Infinity;
  for (let t = 0; t < T.length; t += 3) {
    const d = pointTriangleSquared(x, y, z, mesh.positions, 3 * T[t], 3 * T[t + 1], 3 * T[t + 2]);
    if (d < best) best = d;
  }
  return Math.sqrt(best);
}

/** Points near, inside and far outside the sphere (deterministic). */
function probePoints(count: number): Float32Array {
  let seed = 4242;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  const p = new Float32Array(3 * count);
  for (let q = 0; q < count; q++) {
    const s = q % 3 === 0 ? 6 : q % 3 === 1 ? 3 : 60; // near, inside, far
    p[3 * q] = s * rnd();
    p[3 * q + 1] = s * rnd();
    p[3 * q + 2] = s * rnd();
  }
  return p;
}

test('each point: the exact distance to the nearest triangle (brute force), near, inside, far', () => {
  const mesh = tallSphere();
  const points = probePoints(90);
  for (let q = 0; q < 90; q++) {
    const one = points.subarray(3 * q, 3 * q + 3);
    const got = pointsToSurfaceDistance(one, mesh);
    const want = bruteDistance(mesh, one[0], one[1], one[2]);
    assert.ok(
      Math.abs(got.max - want) <= 1e-12 * Math.max(1, want),
      `${one}: ${got.max} vs ${want}`,
    );
    assert.equal(got.mean, got.max);
  }
});

test('max and mean equal directedDistance over buildTriangleGrid, many points at once', () => {
  const mesh = tallSphere();
  // the mesh's own vertices moved along a wave (as a decimated, smoothed surface would be),
  // plus the probe points
  const P = mesh.positions;
  const points = new Float32Array(P.length + 3 * 300);
  for (let i = 0; i < P.length; i += 3) {
    const w = 0.4 * Math.sin(P[i] * 1.7) * Math.cos(P[i + 2]);
    points[i] = P[i] * (1 + w / 5);
    points[i + 1] = P[i + 1] * (1 + w / 5);
    points[i + 2] = P[i + 2] * (1 + w / 5);
  }
  points.set(probePoints(300), P.length);
  const got = pointsToSurfaceDistance(points, mesh);
  const want = directedDistance(points, buildTriangleGrid(mesh));
  assert.ok(Math.abs(got.max - want.max) <= 1e-12 * want.max, `${got.max} vs ${want.max}`);
  assert.ok(Math.abs(got.mean - want.mean) <= 1e-12 * want.mean, `${got.mean} vs ${want.mean}`);
  assert.ok(got.max > 50); // the far probes count
});

test('vertices no triangle uses are not surface; degenerate triangles are; edge cases', () => {
  // one triangle in the plane z = 0, an unused vertex right at the query, a degenerate
  // triangle (a segment) at x = 10
  const mesh: Mesh = {
    kind: 'Mesh',
    positions: new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0, 0.2, 0.2, 3, 10, 0, 0, 12, 0, 0]),
    triangles: new Uint32Array([0, 1, 2, 4, 5, 5]),
  };
  const at = (x: number, y: number, z: number) =>
    pointsToSurfaceDistance(new Float32Array([x, y, z]), mesh).max;
  assert.ok(Math.abs(at(0.2, 0.2, 3) - 3) < 1e-6); // not 0: vertex 3 is unused
  assert.ok(Math.abs(at(11, 0, 2) - 2) < 1e-6); // nearest corner of the degenerate triangle
  assert.ok(Math.abs(at(0.25, 0.25, -0.5) - 0.5) < 1e-6);
  assert.ok(Math.abs(at(5000, 0, 0) - 4988) < 1e-3); // far: the bound's box grows
  assert.deepEqual(pointsToSurfaceDistance(new Float32Array(0), mesh), { max: 0, mean: 0 });
  const empty: Mesh = { kind: 'Mesh', positions: mesh.positions, triangles: new Uint32Array(0) };
  assert.deepEqual(pointsToSurfaceDistance(new Float32Array([1, 2, 3]), empty), {
    max: Infinity,
    mean: Infinity,
  });
  const withNaN = pointsToSurfaceDistance(new Float32Array([0.25, 0.25, 1, NaN, 0, 0]), mesh);
  assert.ok(Math.abs(withNaN.max - 1) < 1e-6);
  assert.ok(Number.isNaN(withNaN.mean));
});

test('long thin triangles (nearest point far from the triangle centre) and huge ones', () => {
  // a comb: 40 triangles from the short edge (20, -0.1..0.1, z) to (0, 0, z), z = 0..39 mm,
  // and two huge triangles (a 400 mm square at z = -50) that are larger than the usual one
  const positions: number[] = [];
  const triangles: number[] = [];
  for (let z = 0; z < 40; z++) {
    positions.push(20, -0.1, z, 20, 0.1, z, 0, 0, z);
    triangles.push(3 * z, 3 * z + 1, 3 * z + 2);
  }
  const v = positions.length / 3;
  positions.push(-200, -200, -50, 200, -200, -50, 200, 200, -50, -200, 200, -50);
  triangles.push(v, v + 1, v + 2, v, v + 2, v + 3);
  const mesh: Mesh = {
    kind: 'Mesh',
    positions: new Float32Array(positions),
    triangles: new Uint32Array(triangles),
  };
  // beside a short edge: nearest point (20, 0, 7) mid-edge, the corners a little farther
  const points = new Float32Array([20.05, 0, 7.3, 150, 150, -49.2, 10, 0.02, 12.5, -90, 30, -45]);
  for (let q = 0; q < 4; q++) {
    const one = points.subarray(3 * q, 3 * q + 3);
    const want = bruteDistance(mesh, one[0], one[1], one[2]);
    const got = pointsToSurfaceDistance(one, mesh).max;
    assert.ok(Math.abs(got - want) <= 1e-12 * Math.max(1, want), `${one}: ${got} vs ${want}`);
  }
  assert.ok(Math.abs(pointsToSurfaceDistance(points.subarray(0, 3), mesh).max - 0.304138) < 1e-5);
  const all = pointsToSurfaceDistance(points, mesh);
  const grid = directedDistance(points, buildTriangleGrid(mesh));
  assert.ok(Math.abs(all.max - grid.max) <= 1e-12 && Math.abs(all.mean - grid.mean) <= 1e-12);
});

test('the WebAssembly kernel gives the TypeScript it replaced bit for bit (max and mean)', () => {
  const cases: Array<{ name: string; points: Float32Array; mesh: Mesh }> = [];
  // a smoothed, decimated torus's vertices against the raw one (the job's case)
  const raw = decimationTorus();
  const smoothed: Mesh = { ...raw, positions: smoothWindowedSinc(raw) };
  const decimated = quadricDecimate(smoothed, {
    targetTriangles: raw.triangles.length / 15,
  }).mesh;
  cases.push({ name: 'decimated torus', points: decimated.positions, mesh: raw });
  // the tall sphere: its vertices on a wave, and probes near, inside and far (several
  // pass-1 rounds for the far ones)
  const sphere = tallSphere();
  const wave = sphere.positions.map((x, i) => x * (1 + 0.08 * Math.sin(i * 0.37)));
  cases.push({ name: 'tall sphere, wave', points: wave, mesh: sphere });
  cases.push({ name: 'tall sphere, probes', points: probePoints(500), mesh: sphere });
  // huge and degenerate triangles, an unused vertex, a non-finite point
  const odd: Mesh = {
    kind: 'Mesh',
    positions: new Float32Array([
      0, 0, 0, 1, 0, 0, 0, 1, 0, 0.2, 0.2, 3, 10, 0, 0, 12, 0, 0, -300, -300, -40, 300, -300, -40,
      0, 300, -40,
    ]),
    triangles: new Uint32Array([0, 1, 2, 4, 5, 5, 6, 7, 8, 1, 1, 1]),
  };
  const oddPoints = new Float32Array(3 * 200);
  oddPoints.set(probePoints(199));
  oddPoints.set([NaN, 0, 0], 3 * 199);
  cases.push({ name: 'odd triangles', points: oddPoints, mesh: odd });
  cases.push({ name: 'odd triangles, finite points', points: probePoints(199), mesh: odd });
  // triangles with infinite corners: the usual triangle's size and the grids' extents become
  // infinite (JavaScript's grids then have NaN cells, the kernel's one cell; no lookup hits)
  const inf: number[] = [];
  for (let t = 0; t < 20; t++) inf.push(t, 0, 0, t + 1, 0, Infinity, t, 1, Infinity);
  const infinite: Mesh = {
    kind: 'Mesh',
    positions: new Float32Array(inf),
    triangles: Uint32Array.from({ length: 60 }, (_, i) => i),
  };
  cases.push({ name: 'infinite corners', points: probePoints(30), mesh: infinite });
  for (const { name, points, mesh } of cases) {
    const got = pointsToSurfaceDistance(points, mesh);
    const want = pointsToSurfaceDistanceTs(points, mesh);
    assert.deepEqual(got, want, name);
  }
});
