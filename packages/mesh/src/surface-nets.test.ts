import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Vec3 } from '@anatomodel/imaging';
import { prepareSurfaceNets, surfaceNets } from './surface-nets.ts';
import { assembleLabelSurface } from '../test/support/assemble-slabs.ts';
import { surfaceNetsSlab } from './surface-nets-slab.ts';
import { countSurfaceNetsPlanes } from './surface-nets-count.ts';
import { createSlabWorkspace } from './surface-nets-planes.ts';
import { labelSurfaceToMeshes } from './label-surface-to-meshes.ts';
import { analyzeMesh } from './analyze-mesh.ts';
import { smoothWindowedSinc } from './smooth-windowed-sinc.ts';
import {
  centredGeometry,
  labelNoise,
  labelPhantom,
  obliqueAxes,
  sphereSdf,
  torusSdf,
  vertexDistance,
} from '../test/support/phantoms.ts';
import { mergeAndCancel } from '../test/support/merge-by-position.ts';

const grids: Array<{ name: string; spacing: Vec3; axes?: [Vec3, Vec3, Vec3] }> = [
  { name: 'isotropic', spacing: [0.5, 0.5, 0.5] },
  { name: 'anisotropic', spacing: [0.4, 0.6, 1.0] },
  { name: 'oblique', spacing: [0.5, 0.5, 0.7], axes: obliqueAxes(30, -12) },
  {
    name: 'left-handed',
    spacing: [0.5, 0.6, 0.5],
    axes: [
      [0, 1, 0],
      [1, 0, 0],
      [0, 0, 1],
    ],
  },
];

for (const grid of grids) {
  test(`label sphere r=10 mm on a ${grid.name} grid: closed, genus 0, volume, distance`, () => {
    const c: Vec3 = [-4.1, 7.3, 2.2];
    const dims = grid.spacing.map((s) => Math.ceil(24 / s)) as unknown as Vec3;
    const g = centredGeometry(dims, grid.spacing, c, grid.axes);
    const sdf = sphereSdf(c, 10);
    const meshes = labelSurfaceToMeshes(surfaceNets(labelPhantom(g, [{ label: 3, sdf }])));
    assert.deepEqual(
      meshes.map((m) => m.label),
      [3],
    );
    const a = analyzeMesh(meshes[0].mesh);
    assert.equal(a.watertight, true, JSON.stringify(a));
    assert.equal(a.shells, 1);
    assert.equal(a.genus, 0);
    const rel = a.signedVolume / ((4 / 3) * Math.PI * 1000) - 1;
    assert.ok(Math.abs(rel) < 0.02, `volume error ${rel}`);
    // unsmoothed surface nets lie within half the largest voxel diagonal of the surface
    const d = vertexDistance(meshes[0].mesh.positions, sdf);
    assert.ok(d.max < 0.5 * Math.hypot(...grid.spacing), `max distance ${d.max}`);
  });
}

test('label torus: genus 1', () => {
  const g = centredGeometry([60, 60, 24], [0.5, 0.5, 0.5]);
  const [m] = labelSurfaceToMeshes(
    surfaceNets(labelPhantom(g, [{ label: 1, sdf: torusSdf([0, 0, 0], 10, 4) }])),
  );
  const a = analyzeMesh(m.mesh);
  assert.equal(a.watertight, true);
  assert.equal(a.genus, 1);
  assert.equal(a.eulerCharacteristic, 0);
  const rel = a.signedVolume / (2 * Math.PI ** 2 * 10 * 16) - 1;
  assert.ok(Math.abs(rel) < 0.03, `volume error ${rel}`);
});

test('nested shells: hollow label gives two shells, core inside', () => {
  const g = centredGeometry([48, 48, 48], [0.5, 0.5, 0.5]);
  const outer = sphereSdf([0, 0, 0], 10);
  const inner = sphereSdf([0, 0, 0], 6);
  const lm = labelPhantom(g, [
    { label: 1, sdf: sphereSdf([0, 0, 0], 5) },
    { label: 2, sdf: (x, y, z) => Math.max(outer(x, y, z), -inner(x, y, z)) },
  ]);
  const meshes = labelSurfaceToMeshes(surfaceNets(lm));
  const shell = analyzeMesh(meshes[1].mesh);
  assert.equal(shell.watertight, true);
  assert.equal(shell.shells, 2);
  assert.equal(shell.eulerCharacteristic, 4);
  assert.equal(shell.genus, 0);
  const expected = (4 / 3) * Math.PI * (1000 - 216);
  assert.ok(Math.abs(shell.signedVolume / expected - 1) < 0.03, String(shell.signedVolume));
  const core = analyzeMesh(meshes[0].mesh);
  assert.equal(core.shells, 1);
  assert.ok(core.bounds.max[0] < 5.5 && core.bounds.max[0] > 4.5);
});

test('two touching labels share their interface exactly (crack-free), before and after smoothing', () => {
  const g = centredGeometry([40, 40, 40], [0.5, 0.5, 0.5]);
  const ball = sphereSdf([0, 0, 0], 8);
  const lm = labelPhantom(g, [
    { label: 1, sdf: (x, y, z) => Math.max(ball(x, y, z), x - 0.1 * y) },
    { label: 2, sdf: ball },
  ]);
  const surface = surfaceNets(lm);
  const smoothed = { ...surface, positions: smoothWindowedSinc(surface) };
  for (const s of [surface, smoothed]) {
    const meshes = labelSurfaceToMeshes(s);
    assert.equal(meshes.length, 2);
    for (const m of meshes) assert.equal(analyzeMesh(m.mesh).watertight, true);
    // the union minus the interface (cancelled pairs) is the closed outer ball
    const union = analyzeMesh(mergeAndCancel(meshes.map((m) => m.mesh)));
    assert.equal(union.watertight, true);
    assert.equal(union.shells, 1);
    assert.equal(union.genus, 0);
    const vols = meshes.map((m) => analyzeMesh(m.mesh).signedVolume);
    assert.ok(Math.abs(union.signedVolume - vols[0] - vols[1]) < 1e-3 * union.signedVolume);
  }
});

test('segment touching the scan border is closed by padding', () => {
  const g = centredGeometry([20, 20, 20], [1, 1, 1]);
  const lm = labelPhantom(g, [{ label: 1, sdf: sphereSdf([0, 0, 9.5], 6) }]);
  const [m] = labelSurfaceToMeshes(surfaceNets(lm));
  const a = analyzeMesh(m.mesh);
  assert.equal(a.watertight, true);
  assert.ok(Math.abs(a.bounds.max[2] - 10) < 1e-5); // half a voxel beyond the last centre
});

test('random multi-label noise: every segment mesh is closed and manifold', () => {
  const g = centredGeometry([17, 13, 11], [1, 1, 1]);
  const data = new Uint8Array(17 * 13 * 11);
  for (const seed of [1, 99, 12345, 2024]) {
    let r = seed;
    for (let i = 0; i < data.length; i++) {
      r = (r * 1103515245 + 12345) >>> 0;
      data[i] = (r >>> 8) % 4;
    }
    const meshes = labelSurfaceToMeshes(
      surfaceNets({ kind: 'LabelMap', geometry: g, data, segments: new Map() }),
    );
    assert.equal(meshes.length, 3);
    for (const m of meshes) {
      const a = analyzeMesh(m.mesh);
      assert.equal(a.watertight, true, JSON.stringify({ seed, label: m.label, ...a }));
      assert.ok(a.signedVolume > 0);
    }
  }
});

test('sharedMemory: the same surface, its positions and triangles on SharedArrayBuffers', () => {
  // large enough for the output estimate and a growth of the arrays (grown keeps them shared)
  const g = centredGeometry([40, 36, 30], [0.7, 0.6, 0.9]);
  const lm = labelPhantom(g, [
    { label: 1, sdf: torusSdf([0.5, -0.3, 0.2], 7, 2.5) },
    { label: 2, sdf: sphereSdf([-3, 2, 1], 4) },
  ]);
  const plain = surfaceNets(lm);
  const shared = surfaceNets(lm, { sharedMemory: true });
  assert.ok(shared.positions.buffer instanceof SharedArrayBuffer);
  assert.ok(shared.triangles.buffer instanceof SharedArrayBuffer);
  assert.ok(!(plain.positions.buffer instanceof SharedArrayBuffer));
  assert.ok(plain.triangles.length > 1000);
  assert.deepEqual(shared.positions, plain.positions);
  assert.deepEqual(shared.triangles, plain.triangles);
  assert.deepEqual(shared.labels, plain.labels);
});

test('label selection and empty input', () => {
  const g = centredGeometry([10, 10, 10], [1, 1, 1]);
  const lm = labelPhantom(g, [
    { label: 1, sdf: sphereSdf([-2, 0, 0], 2) },
    { label: 2, sdf: sphereSdf([2.5, 0, 0], 2) },
  ]);
  const only2 = labelSurfaceToMeshes(surfaceNets(lm, { labels: [2] }));
  assert.deepEqual(
    only2.map((m) => m.label),
    [2],
  );
  const empty = surfaceNets({ ...lm, data: new Uint8Array(1000) });
  assert.equal(empty.triangles.length, 0);
  assert.throws(() => surfaceNets({ ...lm, data: new Uint8Array(5) }), /length/);
});

test('z-slabs (with ghost planes, from sliced data) concatenate to exactly the whole result', () => {
  const dims: Vec3 = [19, 14, 23];
  const n = dims[0] * dims[1] * dims[2];
  for (const [seed, labels16] of [
    [3, false],
    [77, true],
  ] as const) {
    let r = seed;
    const data = labels16 ? new Uint16Array(n) : new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      r = (r * 1103515245 + 12345) >>> 0;
      // runs along x with occasional label changes, some labels above 255
      data[i] =
        i > 0 && (r >>> 8) % 5 !== 0 ? data[i - 1] : ((r >>> 12) % 3) * (labels16 ? 300 : 1);
    }
    const lm = {
      kind: 'LabelMap' as const,
      geometry: centredGeometry(
        dims,
        [0.5, 0.6, 0.7],
        [1, 2, 3],
        [
          [0, 1, 0],
          [1, 0, 0],
          [0, 0, 1],
        ],
      ),
      data,
      segments: new Map(),
    };
    const whole = surfaceNets(lm);
    assert.ok(whole.triangles.length > 1000);
    const prepared = prepareSurfaceNets(lm);
    const plane = dims[0] * dims[1];
    for (const cuts of [[1], [2, 9], [5, 6, 7, 20, 23]]) {
      const bounds = [0, ...cuts, dims[2] + 1];
      const slabs = [];
      for (let s = 0; s + 1 < bounds.length; s++) {
        // the slab reads data planes zFrom - 2 .. zTo - 1 (clipped): hand it only those
        const z0 = Math.max(0, bounds[s] - 2);
        const z1 = Math.min(dims[2], bounds[s + 1]);
        slabs.push(
          surfaceNetsSlab({
            ...prepared,
            data: data.slice(z0 * plane, z1 * plane),
            dataZ0: z0,
            zFrom: bounds[s],
            zTo: bounds[s + 1],
          }),
        );
      }
      const joined = assembleLabelSurface(slabs, lm.segments);
      assert.deepEqual(joined.positions, whole.positions);
      assert.deepEqual(joined.triangles, whole.triangles);
      assert.deepEqual(joined.labels, whole.labels);
      assert.deepEqual(joined.cornerPatches, whole.cornerPatches);
    }
  }
});

test('plane counts (the output estimate) equal what one-plane slabs make, in any order with one reused workspace', () => {
  const dims: Vec3 = [21, 13, 19];
  const { lm, volume } = labelNoise(dims, 11);
  for (const options of [{}, { grey: { volume, ranges: { lower: 0, upper: 600 } } }]) {
    const whole = surfaceNets(lm, options);
    const prepared = prepareSurfaceNets(lm, options);
    const planes = dims[2] + 1;
    const vertices = new Int32Array(planes);
    const quads = new Int32Array(planes);
    const workspace = createSlabWorkspace(dims[0], dims[1], 'grey' in options);
    countSurfaceNetsPlanes({ ...prepared, zFrom: 7, zTo: planes }, vertices, quads);
    countSurfaceNetsPlanes({ ...prepared, zFrom: 0, zTo: 7 }, vertices, quads, workspace.planes);
    let nv = 0;
    let nq = 0;
    for (const z of [5, 0, planes - 1, 3, 11, 1]) {
      const slab = surfaceNetsSlab({ ...prepared, zFrom: z, zTo: z + 1 });
      assert.equal(slab.positions.length / 3, vertices[z]);
      assert.equal(slab.triangles.length / 6, quads[z]);
    }
    for (let z = 0; z < planes; z++) {
      nv += vertices[z];
      nq += quads[z];
    }
    assert.equal(nv, whole.positions.length / 3);
    assert.equal(nq, whole.triangles.length / 6);
  }
});

test('vertex flags: checking only flagged vertices for pinches and four-way edges changes nothing (binary noise)', () => {
  const dims: Vec3 = [23, 19, 17];
  const n = dims[0] * dims[1] * dims[2];
  let flagged = 0;
  let vertices = 0;
  let splitVertices = 0;
  for (const density of [0.2, 0.5, 0.8]) {
    for (const seed of [7, 8, 9]) {
      let r = seed;
      const data = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        r = (r * 1103515245 + 12345) >>> 0;
        data[i] = (r >>> 8) / (1 << 24) < density ? 1 : 0;
      }
      const g = centredGeometry(dims, [0.5, 0.6, 0.7]);
      const surface = surfaceNets({ kind: 'LabelMap', geometry: g, data, segments: new Map() });
      const flags = surface.vertexFlags as Uint8Array;
      assert.equal(flags.length, surface.positions.length / 3);
      const fast = labelSurfaceToMeshes(surface);
      const full = labelSurfaceToMeshes({ ...surface, vertexFlags: undefined });
      assert.deepEqual(fast, full);
      // and the passes matter here: with no vertex flagged the meshes differ
      const none = labelSurfaceToMeshes({ ...surface, vertexFlags: new Uint8Array(flags.length) });
      if (density > 0.25) assert.notDeepEqual(none, full);
      assert.equal(analyzeMesh(fast[0].mesh).watertight, true);
      flagged += flags.reduce((a, b) => a + b, 0);
      vertices += flags.length;
      // the passes did split vertices here (pinches, four-way edges, patches)
      splitVertices += fast[0].mesh.positions.length / 3 - flags.length;
    }
  }
  assert.ok(flagged > 0 && flagged < vertices, `${flagged} of ${vertices} flagged`);
  assert.ok(splitVertices > 100, `${splitVertices} split vertices`);
});
