import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeMesh } from './analyze-mesh.ts';
import { hausdorffDistance } from './hausdorff-distance.ts';
import { createMemory } from './embedded-wasm.ts';
import { quadricDecimate } from './quadric-decimate.ts';
import { decimationBytes } from './quadric-decimate-wasm.ts';
import { smoothMesh } from './smooth-mesh.ts';
import { decimationTorus, shiftedMesh } from '../test/support/phantoms.ts';

const rawTorus = decimationTorus();

test('far from the origin (Float32 quadrics in vertex frames) the decimation is as good', () => {
  // 800-1000 mm off: Float32 quadrics in absolute coordinates would keep about 0.05 mm² of an
  // error there (d² ~ 1e6 mm²), far more than the errors ordered here (~1e-4 to 1e-2 mm²).
  // The bounds hold for any shift: over 100 random shifts within ±1000 mm the far/near ratios
  // (mean, max Hausdorff, max error) spread 0.95-1.06, 0.77-1.77 and 0.82-1.08, as with the
  // Float64 quadrics in absolute coordinates before (0.95-1.06, 0.80-1.41, 0.83-1.08): which
  // edges collapse first is chaotic, so a tighter bound holds at one shift by luck only.
  const d = [800, -600, 400] as const;
  const targetTriangles = Math.floor(rawTorus.triangles.length / 3 / 10);
  const near = quadricDecimate(rawTorus, { targetTriangles });
  const far = quadricDecimate(shiftedMesh(rawTorus, d), { targetTriangles });
  assert.equal(far.mesh.triangles.length, near.mesh.triangles.length);
  const back = shiftedMesh(far.mesh, [-d[0], -d[1], -d[2]]);
  const a = analyzeMesh(back);
  assert.equal(a.watertight, true);
  assert.equal(a.genus, 1);
  const hNear = hausdorffDistance(near.mesh, rawTorus);
  const hFar = hausdorffDistance(back, rawTorus);
  assert.ok(hFar.meanMm < 1.15 * hNear.meanMm, `mean ${hFar.meanMm} vs ${hNear.meanMm}`);
  assert.ok(hFar.maxMm < 2.5 * hNear.maxMm, `max ${hFar.maxMm} vs ${hNear.maxMm}`);
  assert.ok(Math.abs(far.maxErrorMm - near.maxErrorMm) < 0.3 * near.maxErrorMm);
  // the error is in mm: a root mean square distance to the merged planes stays below the
  // largest distance to the input surface (fails when the summed areas are not merged)
  for (const [r, h] of [
    [near, hNear],
    [far, hFar],
  ] as const) {
    assert.ok(r.maxErrorMm < h.maxMm, `max error ${r.maxErrorMm} vs Hausdorff ${h.maxMm}`);
  }
});

test('on a spent memory (dirty pages, e.g. smoothMesh keepMemory) the decimation is the same bit for bit', () => {
  const targetTriangles = Math.floor(rawTorus.triangles.length / 3 / 10);
  const fresh = quadricDecimate(rawTorus, { targetTriangles });
  // a memory full of garbage, smaller than the kernel needs (it grows it), and one larger;
  // not shared and shared (the shared build: its one-time initialisation flag lies in the
  // low bytes, which hold garbage here)
  for (const shared of [false, true]) {
    for (const pages of [16, 400]) {
      const memory = createMemory(pages, 65536, shared);
      new Uint8Array(memory.buffer).fill(0xa5);
      const reused = quadricDecimate(rawTorus, { targetTriangles, memory });
      assert.deepEqual(reused, fresh, `${pages} pages, shared ${shared}`);
    }
  }
  // decimationBytes: what the kernel grows a memory to (its outputs aside)
  const nv = rawTorus.positions.length / 3;
  const nt = rawTorus.triangles.length / 3;
  const grown = createMemory(1, 65536, false);
  quadricDecimate(rawTorus, { targetTriangles, memory: grown });
  const outputs = 32 * (fresh.mesh.positions.length / 3) + 12 * fresh.mesh.triangles.length;
  const need = decimationBytes(nv, nt);
  assert.ok(grown.buffer.byteLength >= need, `${grown.buffer.byteLength} vs ${need}`);
  assert.ok(grown.buffer.byteLength <= need + outputs + 65536, `${grown.buffer.byteLength}`);
  // the windowed sinc's own spent memory
  const smoothed = smoothMesh(rawTorus, { keepMemory: true });
  assert.ok(smoothed.memory && smoothed.memory.buffer.byteLength > 0);
  const plain = quadricDecimate(smoothed.mesh, { targetTriangles });
  const taken = quadricDecimate(smoothed.mesh, { targetTriangles, memory: smoothed.memory });
  assert.deepEqual(taken, plain);
  assert.equal(smoothMesh(rawTorus).memory, undefined);
});
