import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeMesh } from './analyze-mesh.ts';
import { extractIsosurface } from './extract-isosurface.ts';
import { hausdorffDistance } from './hausdorff-distance.ts';
import type { Mesh } from './mesh.ts';
import { quadricDecimate } from './quadric-decimate.ts';
import { centredGeometry, sdfVolume, torusSdf } from '../test/support/phantoms.ts';

const rawTorus = extractIsosurface(
  sdfVolume(centredGeometry([60, 60, 30], [0.5, 0.5, 0.5]), torusSdf([0.1, -0.2, 0.05], 10, 4)),
  { isoValue: 0 },
);

/** The mesh moved by d (mm). */
function shifted(mesh: Mesh, d: readonly [number, number, number]): Mesh {
  const positions = mesh.positions.map((x, i) => x + d[i % 3]);
  return { kind: 'Mesh', positions, triangles: mesh.triangles };
}

test('far from the origin (Float32 quadrics in vertex frames) the decimation is as good', () => {
  // 800-1000 mm off: Float32 quadrics in absolute coordinates would keep about 0.05 mm² of an
  // error there (d² ~ 1e6 mm²), far more than the errors ordered here (~1e-4 to 1e-2 mm²)
  const d = [800, -600, 400] as const;
  const targetTriangles = Math.floor(rawTorus.triangles.length / 3 / 10);
  const near = quadricDecimate(rawTorus, { targetTriangles });
  const far = quadricDecimate(shifted(rawTorus, d), { targetTriangles });
  assert.equal(far.mesh.triangles.length, near.mesh.triangles.length);
  const back = shifted(far.mesh, [-d[0], -d[1], -d[2]]);
  const a = analyzeMesh(back);
  assert.equal(a.watertight, true);
  assert.equal(a.genus, 1);
  const hNear = hausdorffDistance(near.mesh, rawTorus);
  const hFar = hausdorffDistance(back, rawTorus);
  assert.ok(hFar.meanMm < 1.05 * hNear.meanMm, `mean ${hFar.meanMm} vs ${hNear.meanMm}`);
  assert.ok(hFar.maxMm < 1.2 * hNear.maxMm, `max ${hFar.maxMm} vs ${hNear.maxMm}`);
  assert.ok(Math.abs(far.maxErrorMm - near.maxErrorMm) < 0.01 * near.maxErrorMm);
});
