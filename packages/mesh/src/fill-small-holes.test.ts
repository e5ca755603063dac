import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fillSmallHoles } from './fill-small-holes.ts';
import { analyzeMesh } from './analyze-mesh.ts';
import { extractIsosurface } from './extract-isosurface.ts';
import type { Mesh } from './mesh.ts';
import { centredGeometry, sdfVolume, sphereSdf } from '../test/support/phantoms.ts';

const sphere = extractIsosurface(
  sdfVolume(centredGeometry([30, 30, 30], [0.5, 0.5, 0.5]), sphereSdf([0.1, 0, -0.1], 5)),
  { isoValue: 0 },
);

/** The mesh without the triangles for which `drop(t)` holds. */
function without(m: Mesh, drop: (t: number) => boolean): Mesh {
  const keep: number[] = [];
  for (let t = 0; t < m.triangles.length / 3; t++) {
    if (!drop(t)) keep.push(...m.triangles.subarray(3 * t, 3 * t + 3));
  }
  return { kind: 'Mesh', positions: m.positions, triangles: Uint32Array.from(keep) };
}

test('a one-triangle hole gets back exactly that triangle, consistently oriented', () => {
  const holed = without(sphere, (t) => t === 10);
  assert.equal(analyzeMesh(holed).boundaryEdges, 3);
  const r = fillSmallHoles(holed, 8);
  assert.equal(r.filled, 1);
  assert.equal(r.leftOpen, 0);
  const a = analyzeMesh(r.mesh);
  assert.equal(a.watertight, true);
  assert.ok(Math.abs(a.signedVolume - analyzeMesh(sphere).signedVolume) < 1e-9);
  assert.equal(r.mesh.positions.length, sphere.positions.length);
});

test('a vertex fan hole is capped with a centroid fan; a large hole stays open', () => {
  // hole 1: the triangles around one vertex; hole 2: the triangles touching the closed
  // one-ring of the top vertex (a simple loop of about 12-20 edges)
  const T = sphere.triangles;
  const P = sphere.positions;
  const touchesIn = (tris: Uint32Array, t: number, set: Set<number>) =>
    set.has(tris[3 * t]) || set.has(tris[3 * t + 1]) || set.has(tris[3 * t + 2]);
  const touches = (t: number, set: Set<number>) => touchesIn(T, t, set);
  const v = T[0];
  const small = without(sphere, (t) => touches(t, new Set([v])));
  const ring = analyzeMesh(small).boundaryEdges;
  assert.ok(ring >= 4 && ring <= 8, String(ring));
  let top = 0;
  for (let i = 0; i < P.length / 3; i++) if (P[3 * i + 2] > P[3 * top + 2]) top = i;
  const oneRing = new Set([top]);
  for (let t = 0; t < T.length / 3; t++) {
    if (touches(t, new Set([top]))) for (let k = 0; k < 3; k++) oneRing.add(T[3 * t + k]);
  }
  const both = without(small, (t) => touchesIn(small.triangles, t, oneRing));
  const big = analyzeMesh(both).boundaryEdges - ring;
  assert.ok(big > 10, String(big));
  const r = fillSmallHoles(both, 10);
  assert.equal(r.filled, 1);
  assert.equal(r.leftOpen, 1);
  assert.equal(r.openEdges, big);
  const a = analyzeMesh(r.mesh);
  assert.equal(a.boundaryEdges, big);
  assert.equal(a.misorientedEdges, 0);
  assert.equal(r.mesh.positions.length, P.length + 3, 'one centroid vertex');
  const all = fillSmallHoles(both, 1000);
  assert.equal(all.filled, 2);
  assert.equal(analyzeMesh(all.mesh).watertight, true);
  assert.equal(analyzeMesh(all.mesh).genus, 0);
  assert.throws(() => fillSmallHoles(sphere, 2), /maxEdges/);
  assert.equal(fillSmallHoles(sphere, 8).mesh, sphere, 'closed input returned as is');
});
