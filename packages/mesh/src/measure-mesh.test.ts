import { test } from 'node:test';
import assert from 'node:assert/strict';
import { measureMesh, measureVolumeArea } from './measure-mesh.ts';
import type { Mesh } from './mesh.ts';

const mesh = (p: number[], t: number[]): Mesh => ({
  kind: 'Mesh',
  positions: Float32Array.from(p),
  triangles: Uint32Array.from(t),
});

test('measureMesh: tetrahedron volume, area and bounds; unreferenced vertices outside the bounds', () => {
  // unit right tetrahedron at (2, -1, 3), plus a vertex no triangle uses
  const s = 2;
  const p = [2, -1, 3, 2 + s, -1, 3, 2, -1 + s, 3, 2, -1, 3 + s, 100, -100, 50];
  const m = measureMesh(mesh(p, [0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3]));
  assert.ok(Math.abs(m.signedVolume - s ** 3 / 6) < 1e-12);
  const area = (3 * (s * s)) / 2 + (Math.sqrt(3) / 4) * (s * Math.SQRT2) ** 2;
  assert.ok(Math.abs(m.area - area) < 1e-12);
  assert.deepEqual(m.bounds, { min: [2, -1, 3], max: [4, 1, 5] });
  const inverted = measureMesh(mesh(p, [0, 1, 2, 0, 3, 1, 0, 2, 3, 1, 3, 2]));
  assert.ok(Math.abs(inverted.signedVolume + s ** 3 / 6) < 1e-12);
});

test('measureVolumeArea equals measureMesh bit for bit; empty meshes are zero', () => {
  const p: number[] = [];
  const t: number[] = [];
  // a closed bumpy ring of quads (torus), off the origin
  const n = 23;
  const k = 11;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const u = (2 * Math.PI * i) / n;
      const v = (2 * Math.PI * j) / k;
      const r = 3 + 0.4 * Math.sin(5 * u + 2 * v);
      p.push(40 + (10 + r * Math.cos(v)) * Math.cos(u), -7 + (10 + r * Math.cos(v)) * Math.sin(u));
      p.push(120 + r * Math.sin(v));
      const a = i * k + j;
      const b = ((i + 1) % n) * k + j;
      const c = ((i + 1) % n) * k + ((j + 1) % k);
      const d = i * k + ((j + 1) % k);
      t.push(a, b, c, a, c, d);
    }
  }
  const m = mesh(p, t);
  const full = measureMesh(m);
  assert.deepEqual(measureVolumeArea(m), { signedVolume: full.signedVolume, area: full.area });
  assert.ok(full.signedVolume > 0 && full.area > 0);
  assert.deepEqual(measureVolumeArea(mesh([1, 2, 3], [])), { signedVolume: 0, area: 0 });
  assert.deepEqual(measureMesh(mesh([1, 2, 3], [])).bounds, { min: [0, 0, 0], max: [0, 0, 0] });
});
