import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Mesh } from './mesh.ts';
import { splitPinchedVertices } from './split-pinched-vertices.ts';
import { analyzeMesh } from './analyze-mesh.ts';

test('two tetrahedra sharing one vertex: the pinch is split, volume and area unchanged', () => {
  // tet A at the origin corner, tet B mirrored through vertex 0
  const positions = new Float32Array([
    0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, -1, 0, 0, 0, -1, 0, 0, 0, -1,
  ]);
  const triangles = new Uint32Array([
    0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3, 0, 4, 5, 0, 6, 4, 0, 5, 6, 4, 6, 5,
  ]);
  const mesh: Mesh = { kind: 'Mesh', positions, triangles };
  const before = analyzeMesh(mesh);
  assert.equal(before.nonManifoldVertices, 1);
  assert.ok(before.signedVolume > 0);
  const { mesh: out, splits } = splitPinchedVertices(mesh);
  assert.equal(splits, 1);
  const after = analyzeMesh(out);
  assert.equal(after.watertight, true);
  assert.equal(after.shells, 2);
  assert.equal(after.eulerCharacteristic, 4);
  assert.equal(after.signedVolume, before.signedVolume);
  assert.equal(after.area, before.area);
  assert.equal(splitPinchedVertices(out).mesh, out); // nothing left to do
});
