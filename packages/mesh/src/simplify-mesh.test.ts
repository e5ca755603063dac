import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractIsosurface } from './extract-isosurface.ts';
import { simplifyMesh } from './simplify-mesh.ts';
import { quadricDecimate } from './quadric-decimate.ts';
import { analyzeMesh } from './analyze-mesh.ts';
import { hausdorffDistance } from './hausdorff-distance.ts';
import { ManifoldEngine } from './manifold-engine.ts';
import {
  centredGeometry,
  sdfVolume,
  sphereSdf,
  torusSdf,
  vertexDistance,
} from '../test/support/phantoms.ts';

const torus = torusSdf([0.1, -0.2, 0.05], 10, 4);
const rawTorus = extractIsosurface(
  sdfVolume(centredGeometry([60, 60, 30], [0.5, 0.5, 0.5]), torus),
  { isoValue: 0 },
);
const sphere = sphereSdf([0.13, -0.21, 0.07], 12);
const rawSphere = extractIsosurface(
  sdfVolume(centredGeometry([56, 56, 56], [0.5, 0.5, 0.5]), sphere),
  { isoValue: 0 },
);

for (const [name, raw, sdf, genus] of [
  ['torus', rawTorus, torus, 1],
  ['sphere', rawSphere, sphere, 0],
] as const) {
  test(`simplify ${name} to 10 %: watertight, manifold-3d NoError, genus ${genus}, volume within 1 %, close`, async () => {
    const before = analyzeMesh(raw);
    assert.equal(before.watertight, true);
    const r = simplifyMesh(raw, { targetRatio: 0.1 });
    assert.equal(r.simplified, true);
    const nt = before.triangleCount;
    assert.ok(r.mesh.triangles.length / 3 <= Math.floor(0.1 * nt), String(r.ratio));
    assert.ok(r.ratio > 0.09, String(r.ratio)); // reached the target, not stopped early
    const a = analyzeMesh(r.mesh);
    assert.equal(a.watertight, true);
    assert.equal(a.genus, genus);
    assert.equal(a.shells, 1);
    assert.ok(Math.abs(a.signedVolume / before.signedVolume - 1) < 0.01);
    const engine = await ManifoldEngine.create();
    const c = engine.check(r.mesh);
    engine.dispose();
    assert.equal(c.status, 'NoError');
    assert.equal(c.genus, genus);
    // deviation: to the analytic surface (vertices) and to the original mesh (both ways)
    assert.ok(vertexDistance(r.mesh.positions, sdf).max < 0.15);
    const h = hausdorffDistance(r.mesh, raw);
    // 10 % of an 18k-triangle torus leaves edges of ~2.5 mm around a 4 mm tube: chordal sag
    // ~0.2 mm, so the bound is a tenth of the tube radius
    assert.ok(h.maxMm < 0.4, `Hausdorff ${h.maxMm}`);
    assert.ok(h.meanMm < 0.08, `mean ${h.meanMm}`);
    assert.equal(raw.triangles.length / 3, nt, 'input not mutated');
  });
}

test('error bound in mm stops the decimation early; ratio 1 keeps every triangle', () => {
  const tight = quadricDecimate(rawSphere, { maxErrorMm: 0.005 });
  const loose = quadricDecimate(rawSphere, { maxErrorMm: 0.05 });
  const nt = rawSphere.triangles.length / 3;
  assert.ok(tight.maxErrorMm <= 0.005 && loose.maxErrorMm <= 0.05);
  assert.ok(loose.mesh.triangles.length < tight.mesh.triangles.length);
  assert.ok(tight.mesh.triangles.length / 3 < nt);
  assert.ok(vertexDistance(loose.mesh.positions, sphere).max < 0.05 + 0.05);
  const same = simplifyMesh(rawSphere, { targetRatio: 1 });
  assert.equal(same.mesh.triangles.length, rawSphere.triangles.length);
  assert.throws(() => simplifyMesh(rawSphere, { targetRatio: 0 }), /targetRatio/);
  const abort = new AbortController();
  abort.abort();
  assert.throws(() => quadricDecimate(rawSphere, {}, { signal: abort.signal }), /abort/i);
  const seen: number[] = [];
  quadricDecimate(rawSphere, { targetTriangles: 1000 }, { onProgress: (f) => seen.push(f) });
  assert.equal(seen.at(-1), 1);
});

test('open or tiny inputs: no broken output', () => {
  const holed = { ...rawSphere, triangles: rawSphere.triangles.slice(3) };
  const r = simplifyMesh(holed, { targetRatio: 0.1 });
  assert.equal(r.simplified, false);
  assert.equal(r.mesh, holed);
  // a tetrahedron cannot lose an edge (the merged vertex would keep two neighbours)
  const tet = {
    kind: 'Mesh' as const,
    positions: new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]),
    triangles: new Uint32Array([0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3]),
  };
  const t = quadricDecimate(tet, { targetTriangles: 0 });
  assert.equal(t.collapses, 0);
  assert.equal(analyzeMesh(t.mesh).watertight, true);
});

test('manifold-3d agrees on the raw torus: NoError, genus 1, same volume; rejects a holed mesh', async () => {
  const engine = await ManifoldEngine.create();
  const c = engine.check(rawTorus);
  assert.equal(c.status, 'NoError');
  assert.equal(c.genus, 1);
  assert.ok(Math.abs(c.volume - analyzeMesh(rawTorus).signedVolume) < 1e-6 * c.volume);
  const holed = { ...rawTorus, triangles: rawTorus.triangles.slice(3) };
  assert.equal(engine.check(holed).status, 'NotManifold');
  engine.dispose();
});

test('corner lists compacted and grown (no headroom) give the same decimation', () => {
  for (const raw of [rawTorus, rawSphere]) {
    const targetTriangles = Math.floor(raw.triangles.length / 3 / 20);
    const a = quadricDecimate(raw, { targetTriangles });
    const b = quadricDecimate(raw, { targetTriangles, listHeadroom: 0 });
    assert.deepEqual(b.mesh.triangles, a.mesh.triangles);
    assert.deepEqual(b.mesh.positions, a.mesh.positions);
    assert.deepEqual(b.vertexIds, a.vertexIds);
    assert.equal(b.collapses, a.collapses);
  }
});

test('normal limit: a stricter one refuses more collapses; above 90 degrees still closed', () => {
  const targetTriangles = Math.floor(rawTorus.triangles.length / 3 / 10);
  const strict = quadricDecimate(rawTorus, { targetTriangles, maxNormalChangeDeg: 2 });
  const usual = quadricDecimate(rawTorus, { targetTriangles });
  const wide = quadricDecimate(rawTorus, { targetTriangles, maxNormalChangeDeg: 120 });
  assert.ok(strict.collapses < usual.collapses, `${strict.collapses} vs ${usual.collapses}`);
  for (const r of [strict, usual, wide]) {
    const a = analyzeMesh(r.mesh);
    assert.equal(a.watertight, true);
    assert.equal(a.genus, 1);
    assert.equal(a.shells, 1);
  }
  assert.ok(wide.collapses >= usual.collapses, `${wide.collapses} vs ${usual.collapses}`);
});
