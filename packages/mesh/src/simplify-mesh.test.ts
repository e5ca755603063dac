import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractIsosurface } from './extract-isosurface.ts';
import { simplifyMesh } from './simplify-mesh.ts';
import { analyzeMesh } from './analyze-mesh.ts';
import { ManifoldEngine } from './manifold-engine.ts';
import { centredGeometry, sdfVolume, torusSdf, vertexDistance } from '../test/support/phantoms.ts';

const sdf = torusSdf([0, 0, 0], 10, 4);
const raw = extractIsosurface(sdfVolume(centredGeometry([60, 60, 30], [0.5, 0.5, 0.5]), sdf), {
  isoValue: 0,
});

test('simplify torus to 10 %: watertight, genus 1, within the error bound', async () => {
  const r = await simplifyMesh(raw, { targetRatio: 0.1, maxErrorMm: 0.1 });
  assert.equal(r.simplified, true);
  assert.ok(r.ratio > 0.05 && r.ratio <= 0.11, String(r.ratio));
  const a = analyzeMesh(r.mesh);
  assert.equal(a.watertight, true);
  assert.equal(a.genus, 1);
  assert.ok(Math.abs(a.signedVolume / analyzeMesh(raw).signedVolume - 1) < 0.02);
  assert.ok(vertexDistance(r.mesh.positions, sdf).max < 0.1 + 0.05);
  await assert.rejects(simplifyMesh(raw, { targetRatio: 0 }), /targetRatio/);
});

test('manifold-3d agrees: status NoError, same genus and volume; rejects a holed mesh', async () => {
  const engine = await ManifoldEngine.create();
  const c = engine.check(raw);
  assert.equal(c.status, 'NoError');
  assert.equal(c.genus, 1);
  assert.ok(Math.abs(c.volume - analyzeMesh(raw).signedVolume) < 1e-6 * c.volume);
  const holed = { ...raw, triangles: raw.triangles.slice(3) };
  assert.equal(engine.check(holed).status, 'NotManifold');
  engine.dispose();
});
