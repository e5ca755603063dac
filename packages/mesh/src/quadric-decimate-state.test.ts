import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  TRIANGLE_RECORD,
  VAREA,
  VERTEX_RECORD,
  VQ,
  VX,
  edgeCollapseCost,
  initialDecimationState,
} from './quadric-decimate-wasm.ts';
import { decimationTorus, shiftedMesh } from '../test/support/phantoms.ts';

const R = VERTEX_RECORD;

// the test torus where the corpus lies (LPS ~ -150..500 mm), so frame errors would show
const mesh = shiftedMesh(decimationTorus(), [400, -300, 450]);

test('vertex records: position, summed area and the area-weighted plane quadric in mm', () => {
  const { V } = initialDecimationState(mesh);
  const X = mesh.positions;
  const I = mesh.triangles;
  const nv = X.length / 3;
  // reference in doubles and absolute coordinates: per vertex, its triangles' planes
  const area = new Float64Array(nv);
  const planes: number[][] = Array.from({ length: nv }, () => []);
  for (let t = 0; t < I.length / 3; t++) {
    const [a, b, c] = [I[3 * t], I[3 * t + 1], I[3 * t + 2]];
    const u = [0, 1, 2].map((k) => X[3 * b + k] - X[3 * a + k]);
    const v = [0, 1, 2].map((k) => X[3 * c + k] - X[3 * a + k]);
    const n = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
    const len = Math.hypot(n[0], n[1], n[2]);
    const nn = n.map((x) => x / len);
    const d = -(nn[0] * X[3 * a] + nn[1] * X[3 * a + 1] + nn[2] * X[3 * a + 2]);
    for (const w of [a, b, c]) {
      area[w] += len / 2;
      planes[w].push(len / 2, nn[0], nn[1], nn[2], d);
    }
  }
  let seed = 5;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
  for (let w = 0; w < nv; w += 7) {
    const r = R * w;
    for (let k = 0; k < 3; k++) assert.equal(V[r + VX + k], X[3 * w + k]);
    assert.ok(Math.abs(V[r + VAREA] - area[w]) <= 1e-6 * area[w], `area of ${w}`);
    for (let i = 0; i < 3; i++) {
      // a point within about an edge length of the vertex
      const p = [0, 1, 2].map((k) => X[3 * w + k] + 0.5 * rnd());
      let want = 0;
      const P = planes[w];
      for (let j = 0; j < P.length; j += 5) {
        const dist = P[j + 1] * p[0] + P[j + 2] * p[1] + P[j + 3] * p[2] + P[j + 4];
        want += P[j] * dist * dist;
      }
      const q = (k: number) => V[r + VQ + k];
      const [x, y, z] = [0, 1, 2].map((k) => p[k] - V[r + VX + k]);
      const got =
        q(0) * x * x +
        q(3) * y * y +
        q(5) * z * z +
        2 * (q(1) * x * y + q(2) * x * z + q(4) * y * z) +
        2 * (q(6) * x + q(7) * y + q(8) * z) +
        q(9);
      // Float32 coefficients: relative to the size of the terms (area · 0.5² mm²)
      assert.ok(Math.abs(got - want) <= 1e-5 * area[w], `quadric of ${w}: ${got} vs ${want}`);
    }
  }
});

test('initial errors: each edge carries the cost of collapsing it', () => {
  const { V, T } = initialDecimationState(mesh);
  const F = new Float32Array(T.buffer);
  let positive = 0;
  for (let t = 0; t < mesh.triangles.length / 3; t += 31) {
    for (let k = 0; k < 3; k++) {
      const a = T[TRIANGLE_RECORD * t + k];
      const b = T[TRIANGLE_RECORD * t + ((k + 1) % 3)];
      assert.equal(a, mesh.triangles[3 * t + k]);
      const out = edgeCollapseCost(V, Math.min(a, b), Math.max(a, b));
      assert.equal(F[TRIANGLE_RECORD * t + 3 + k], Math.fround(out[3]));
      if (out[3] > 0) positive++;
    }
  }
  assert.ok(positive > 100, `${positive} edges with a positive error`);
});
