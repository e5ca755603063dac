import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Mesh } from './mesh.ts';
import { quadricDecimate, quadricDecimateTestHook } from './quadric-decimate.ts';
import { VAREA, VERTEX_RECORD, VQ, VX } from './quadric-decimate-wasm.ts';
import { decimationTorus, shiftedMesh } from '../test/support/phantoms.ts';

const R = VERTEX_RECORD;

const torus = decimationTorus();

/**
 * Decimates `mesh` to a tenth and checks every survivor's stored quadric (in its own frame,
 * Float32) against a reference in doubles and absolute coordinates: the area-weighted plane
 * quadrics of the input triangles at every input vertex merged into it (each input vertex
 * contributes its triangles, as its initial quadric does). Both are evaluated at the
 * survivor's position and at 14 points 1 mm around it; returns the largest discrepancy in
 * units of (summed area · 1 mm²), i.e. of a 1 mm mean squared distance.
 */
function worstQuadricDiscrepancy(mesh: Mesh): { worst: number; survivors: number } {
  const X = mesh.positions;
  const I = mesh.triangles;
  const nv = X.length / 3;
  const parent = new Int32Array(nv).map((_, i) => i);
  let records: Float32Array | undefined;
  let calls = 0;
  quadricDecimateTestHook.onCollapse = (u, v, V) => {
    assert.equal(parent[v], v, 'the removed vertex was live');
    assert.equal(parent[u], u, 'the survivor was live');
    // the survivor's record holds the merged area by now
    assert.ok(V[VERTEX_RECORD * u + VAREA] > 0);
    parent[v] = u;
    calls++;
  };
  quadricDecimateTestHook.onRecords = (V) => {
    records = V;
  };
  let result;
  try {
    result = quadricDecimate(mesh, { targetTriangles: Math.floor(I.length / 3 / 10) });
  } finally {
    quadricDecimateTestHook.onCollapse = undefined;
    quadricDecimateTestHook.onRecords = undefined;
  }
  assert.equal(calls, result.collapses);
  assert.ok(records !== undefined && calls > 0.8 * nv);
  const V = records;
  const root = (w: number): number => {
    while (parent[w] !== w) w = parent[w];
    return w;
  };
  // reference: per merge group (by its root, the survivor), summed area and the quadric
  // Σ area (n·x + d)² = xᵀAx + 2bᵀx + c as a², ab, ac, b², bc, c², ad, bd, cd, d² (doubles)
  const ref = new Float64Array(11 * nv);
  for (let t = 0; t < I.length / 3; t++) {
    const a = I[3 * t];
    const b = I[3 * t + 1];
    const c = I[3 * t + 2];
    const ux = X[3 * b] - X[3 * a];
    const uy = X[3 * b + 1] - X[3 * a + 1];
    const uz = X[3 * b + 2] - X[3 * a + 2];
    const vx = X[3 * c] - X[3 * a];
    const vy = X[3 * c + 1] - X[3 * a + 1];
    const vz = X[3 * c + 2] - X[3 * a + 2];
    let nx = uy * vz - uz * vy;
    let ny = uz * vx - ux * vz;
    let nz = ux * vy - uy * vx;
    const len = Math.hypot(nx, ny, nz);
    if (len === 0) continue;
    nx /= len;
    ny /= len;
    nz /= len;
    const d = -(nx * X[3 * a] + ny * X[3 * a + 1] + nz * X[3 * a + 2]);
    const area = len / 2;
    const q = [nx * nx, nx * ny, nx * nz, ny * ny, ny * nz, nz * nz, nx * d, ny * d, nz * d, d * d];
    for (const w of [a, b, c]) {
      const o = 11 * root(w);
      ref[o] += area;
      for (let k = 0; k < 10; k++) ref[o + 1 + k] += area * q[k];
    }
  }
  /** xᵀAx + 2bᵀx + c for coefficients q[o..o+9] in the order of a vertex record. */
  const evaluate = (q: ArrayLike<number>, o: number, x: number, y: number, z: number): number =>
    q[o] * x * x +
    2 * q[o + 1] * x * y +
    2 * q[o + 2] * x * z +
    q[o + 3] * y * y +
    2 * q[o + 4] * y * z +
    q[o + 5] * z * z +
    2 * (q[o + 6] * x + q[o + 7] * y + q[o + 8] * z) +
    q[o + 9];
  const s = Math.SQRT1_2;
  const offsets = [
    [0, 0, 0],
    [1, 0, 0],
    [-1, 0, 0],
    [0, 1, 0],
    [0, -1, 0],
    [0, 0, 1],
    [0, 0, -1],
    [s, s, 0],
    [-s, s, 0],
    [0, s, -s],
    [0, -s, -s],
    [s, 0, s],
    [-s, 0, s],
    [0.6, -0.48, 0.64],
    [-0.36, 0.48, -0.8],
  ];
  let worst = 0;
  for (const u of result.vertexIds) {
    assert.equal(root(u), u, 'an output vertex is a survivor');
    const r = R * u;
    const o = 11 * u;
    const area = ref[o];
    assert.ok(Math.abs(V[r + VAREA] - area) <= 1e-5 * area, `area of ${u}`);
    const px = V[r + VX];
    const py = V[r + VX + 1];
    const pz = V[r + VX + 2];
    for (const [dx, dy, dz] of offsets) {
      const stored = evaluate(V, r + VQ, dx, dy, dz);
      const reference = evaluate(ref, o + 1, px + dx, py + dy, pz + dz);
      worst = Math.max(worst, Math.abs(stored - reference) / area);
    }
  }
  return { worst, survivors: result.vertexIds.length };
}

test('after the collapses each survivor keeps the summed quadric of its merged vertices, in its own frame', () => {
  // Measured (913 survivors of the torus at 10 %): 1.2e-7 at the origin, 1.5e-7 at 400-450
  // mm off (Float32 rounding). Wrong frames after a collapse (0.19-1.41 at either offset):
  // the merged quadric left in u's old frame (u unshifted, v moved into u's old frame) 0.67;
  // u moved to the new position but v only into u's old frame 1.41 / 0.53; v right but u
  // unshifted 0.19. The bound sits ~700x above the rounding and ~2000x below those.
  for (const d of [
    [0, 0, 0],
    [400, -300, 450],
  ] as const) {
    const { worst, survivors } = worstQuadricDiscrepancy(shiftedMesh(torus, d));
    assert.ok(survivors > 100);
    assert.ok(worst < 1e-4, `offset ${d.join(',')}: worst discrepancy ${worst} mm²/mm²`);
  }
});
