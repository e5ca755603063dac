import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Vec3 } from '@anatomodel/imaging';
import { extractIsosurface } from './extract-isosurface.ts';
import { surfaceNets } from './surface-nets.ts';
import { labelSurfaceToMeshes } from './label-surface-to-meshes.ts';
import { smoothMesh } from './smooth-mesh.ts';
import {
  finishWindowedSinc,
  prepareWindowedSinc,
  sincCoefficients,
  sincWorkLoop,
  smoothWindowedSinc,
} from './smooth-windowed-sinc.ts';
import { MeshError } from './mesh-error.ts';
import { analyzeMesh } from './analyze-mesh.ts';
import {
  centredGeometry,
  labelPhantom,
  sdfVolume,
  sphereSdf,
  vertexDistance,
} from '../test/support/phantoms.ts';

const R = 40;
const V = (4 / 3) * Math.PI * R ** 3;
const grid = centredGeometry([170, 170, 170], [0.5, 0.5, 0.5]);

test('issue target, grey sphere r=40 mm at 0.5 mm: volume error < 0.1 %, radial < 0.1 mm', () => {
  const c: Vec3 = [0.13, -0.21, 0.07]; // off-grid centre
  const sdf = sphereSdf(c, R);
  const raw = extractIsosurface(sdfVolume(grid, sdf), { isoValue: 0 });
  const { mesh } = smoothMesh(raw, { iterations: 20, passBand: 0.01 });
  const a = analyzeMesh(mesh);
  assert.equal(a.watertight, true);
  assert.ok(Math.abs(a.signedVolume / V - 1) < 0.001, `volume error ${a.signedVolume / V - 1}`);
  assert.ok(vertexDistance(mesh.positions, sdf).max < 0.1);
});

test('binary label sphere r=40 mm at 0.5 mm (centre on a voxel corner): same targets', () => {
  const sdf = sphereSdf([0, 0, 0], R);
  const [seg] = labelSurfaceToMeshes(surfaceNets(labelPhantom(grid, [{ label: 1, sdf }])));
  const before = vertexDistance(seg.mesh.positions, sdf).max;
  const { mesh, volumeOffset } = smoothMesh(seg.mesh);
  const a = analyzeMesh(mesh);
  assert.equal(a.watertight, true);
  assert.ok(Math.abs(a.signedVolume / V - 1) < 0.001, `volume error ${a.signedVolume / V - 1}`);
  const after = vertexDistance(mesh.positions, sdf).max;
  assert.ok(after < 0.1 && after < before, `radial error ${after} (before ${before})`);
  assert.ok(volumeOffset > 0 && volumeOffset < 0.1); // sinc filter shrinkage undone
});

test('small sphere (r = 20 voxels): the filter alone shrinks it by a few %, preservation restores it', () => {
  const sdf = sphereSdf([0, 0, 0], 10);
  const raw = extractIsosurface(sdfVolume(centredGeometry([50, 50, 50], [0.5, 0.5, 0.5]), sdf), {
    isoValue: 0,
  });
  const v0 = analyzeMesh(raw).signedVolume;
  const v1 = analyzeMesh(smoothMesh(raw, { preserveVolume: false }).mesh).signedVolume;
  const v2 = analyzeMesh(smoothMesh(raw).mesh).signedVolume;
  assert.ok(v1 < 0.97 * v0 && v1 > 0.9 * v0, String(v1 / v0));
  assert.ok(Math.abs(v2 / v0 - 1) < 1e-4, String(v2 / v0));
});

test('filter: coefficients sum to 1, translation commutes, input untouched', () => {
  for (const w of ['nuttall', 'hamming', 'none'] as const) {
    const c = sincCoefficients(20, 0.01, w);
    assert.ok(Math.abs(c.reduce((s, x) => s + x, 0) - 1) < 1e-12);
  }
  const raw = extractIsosurface(
    sdfVolume(centredGeometry([20, 20, 20], [1, 1, 1]), sphereSdf([0, 0, 0], 6)),
    { isoValue: 0 },
  );
  const copy = raw.positions.slice();
  const p = smoothWindowedSinc(raw);
  assert.deepEqual(raw.positions, copy);
  const moved = raw.positions.map((x, i) => x + [100, -50, 20][i % 3]);
  const q = smoothWindowedSinc({ positions: moved, triangles: raw.triangles });
  for (let i = 0; i < p.length; i++)
    assert.ok(Math.abs(q[i] - p[i] - [100, -50, 20][i % 3]) < 1e-3);
  assert.throws(() => smoothWindowedSinc(raw, { passBand: 2 }), /passBand/);
  assert.throws(() => smoothWindowedSinc(raw, { iterations: 0 }), /iterations/);
});

test('sincWorkLoop: one thread over chunks equals smoothWindowedSinc; a failed run throws, not hangs', () => {
  const g = centredGeometry([24, 22, 20], [0.8, 0.9, 1]);
  const lm = labelPhantom(g, [{ label: 1, sdf: sphereSdf([0.3, -0.2, 0.1], 6) }]);
  const mesh = labelSurfaceToMeshes(surfaceNets(lm))[0].mesh;
  const options = { iterations: 12, passBand: 0.05 };
  const state = prepareWindowedSinc(mesh, options, true);
  const control = new Int32Array(new SharedArrayBuffer(16));
  assert.equal(sincWorkLoop(state, control, 7), 12 * 7);
  assert.deepEqual(finishWindowedSinc(state), smoothWindowedSinc(mesh, options));
  // another thread failed during step 1: the next claim (step 2) must not wait forever
  const failed = new Int32Array(new SharedArrayBuffer(16));
  failed[0] = 7; // step 1's chunks are claimed, none done
  failed[3] = 1;
  assert.throws(
    () => sincWorkLoop(prepareWindowedSinc(mesh, options, true), failed, 7),
    (e: unknown) => e instanceof MeshError && e.code === 'WORKER_FAILED',
  );
});
