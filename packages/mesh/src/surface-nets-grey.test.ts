import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Vec3, Volume, VolumeGeometry } from '@anatomodel/imaging';
import type { LabelMap } from '@anatomodel/segmentation';
import { GREY_MARGIN, greyCrossing, prepareSurfaceNetsGrey } from './surface-nets-grey.ts';
import { boundaryGrey } from './boundary-grey.ts';
import { prepareSurfaceNets, surfaceNets } from './surface-nets.ts';
import { assembleLabelSurface } from '../test/support/assemble-slabs.ts';
import { surfaceNetsSlab } from './surface-nets-slab.ts';
import { labelSurfaceToMeshes } from './label-surface-to-meshes.ts';
import { smoothMesh } from './smooth-mesh.ts';
import { analyzeMesh } from './analyze-mesh.ts';
import {
  centredGeometry,
  obliqueAxes,
  sdfVolume,
  sphereSdf,
  vertexDistance,
} from '../test/support/phantoms.ts';
import type { Sdf } from '../test/support/phantoms.ts';
import { partialVolume, thresholdLabels } from '../test/support/grey-phantoms.ts';
import { mergeAndCancel } from '../test/support/merge-by-position.ts';

const R = 40;
const V = (4 / 3) * Math.PI * R ** 3;

/** Binary and grey-guided extraction of one thresholded grey volume, raw and smoothed. */
function compare(volume: Volume, lower: number, upper: number, sdf: Sdf) {
  const lm = thresholdLabels(volume, lower, upper);
  const binary = surfaceNets(lm);
  const guided = surfaceNets(lm, { grey: { volume, ranges: { lower, upper } } });
  // topology is the label map's: only positions differ
  assert.deepEqual(guided.triangles, binary.triangles);
  assert.deepEqual(guided.labels, binary.labels);
  assert.deepEqual(guided.cornerPatches, binary.cornerPatches);
  // the boundary voxels' grey values alone give the same positions
  const sparse = boundaryGrey(volume, { lower, upper });
  assert.ok(sparse.value.length < volume.data.length / 10);
  const fromBoundary = surfaceNets(lm, { grey: { volume: sparse, ranges: { lower, upper } } });
  assert.deepEqual(fromBoundary.positions, guided.positions);
  const [b] = labelSurfaceToMeshes(binary);
  const [g] = labelSurfaceToMeshes(guided);
  assert.deepEqual(g.mesh.triangles, b.mesh.triangles);
  const { mesh } = smoothMesh(g.mesh);
  const a = analyzeMesh(mesh);
  assert.equal(a.watertight, true);
  assert.equal(a.genus, 0);
  return {
    rawBinary: vertexDistance(b.mesh.positions, sdf),
    rawGrey: vertexDistance(g.mesh.positions, sdf),
    volumeError: a.signedVolume / V - 1,
    radial: vertexDistance(mesh.positions, sdf),
  };
}

const grids: Array<{ name: string; dims: Vec3; spacing: Vec3; axes?: [Vec3, Vec3, Vec3] }> = [
  // odd dims: the sphere's centre (0, 0, 0) is a voxel centre (binary: flat poles, 0.18 mm)
  { name: 'isotropic, centre on a voxel centre', dims: [171, 171, 171], spacing: [0.5, 0.5, 0.5] },
  { name: 'isotropic, centre on a voxel corner', dims: [170, 170, 170], spacing: [0.5, 0.5, 0.5] },
  { name: 'anisotropic 0.4 x 0.6 x 0.6', dims: [211, 143, 141], spacing: [0.4, 0.6, 0.6] },
  {
    name: 'oblique 0.5 x 0.5 x 0.7',
    dims: [171, 171, 123],
    spacing: [0.5, 0.5, 0.7],
    axes: obliqueAxes(30, -12),
  },
];

for (const grid of grids) {
  test(`issue target, grey-guided Surface Nets, sphere r=40 sampled at voxel centres, ${grid.name}`, () => {
    const g = centredGeometry(grid.dims, grid.spacing, [0, 0, 0], grid.axes);
    const sdf = sphereSdf([0, 0, 0], R);
    // grey = -sdf (mm) clamped to +-100: threshold [0, 100] is the sphere
    const r = compare(sdfVolume(g, sdf), 0, 100, sdf);
    assert.ok(Math.abs(r.volumeError) < 0.001, `volume error ${r.volumeError}`);
    assert.ok(r.radial.max < 0.1, `radial error ${r.radial.max}`);
    // before smoothing the grey-guided mesh is already far closer than the binary one
    assert.ok(r.rawGrey.max < 0.05 && r.rawGrey.max < r.rawBinary.max / 4, JSON.stringify(r));
    assert.ok(r.rawGrey.mean < r.rawBinary.mean / 4, JSON.stringify(r));
  });
}

for (const grid of [grids[0], grids[3]]) {
  test(`issue target on an analytic partial-volume CT sphere (Int16), ${grid.name}`, () => {
    const g = centredGeometry(grid.dims, grid.spacing, [0, 0, 0], grid.axes);
    const sdf = sphereSdf([0.05, -0.1, 0.02], R);
    const r = compare(partialVolume(g, sdf, 1000, -100), 450, 3000, sdf);
    assert.ok(Math.abs(r.volumeError) < 0.001, `volume error ${r.volumeError}`);
    assert.ok(r.radial.max < 0.1, `radial error ${r.radial.max}`);
    assert.ok(r.rawGrey.max < r.rawBinary.max / 2, JSON.stringify(r));
    assert.ok(r.rawGrey.mean < r.rawBinary.mean / 2, JSON.stringify(r));
  });
}

test('greyCrossing: interpolates at the crossed bound only where labels agree with the range', () => {
  const b = prepareSurfaceNetsGrey(
    {
      volume: {
        kind: 'Volume',
        geometry: centredGeometry([1, 1, 1], [1, 1, 1]),
        data: new Int16Array(1),
        unit: 'HU',
      },
      ranges: new Map([[1, { lower: 100, upper: 200 }]]),
    },
    [1, 1, 1],
  ).bounds;
  assert.equal(greyCrossing(b, 1, 150, 0, 50), 0.5); // (150 - 100) / (150 - 50)
  assert.equal(greyCrossing(b, 0, 50, 1, 150), 0.5);
  assert.equal(greyCrossing(b, 1, 120, 0, 20), 0.2);
  assert.equal(greyCrossing(b, 0, 20, 1, 120), 0.8);
  assert.equal(greyCrossing(b, 1, 150, 0, 350), 0.25); // upper bound crossed
  assert.equal(greyCrossing(b, 1, 100, 0, 0), GREY_MARGIN); // clamped off the voxel centre
  assert.equal(greyCrossing(b, 1, 50, 0, 20), 0.5); // label 1 out of range (a filled hole)
  assert.equal(greyCrossing(b, 1, 150, 0, 160), 0.5); // background inside the range
  assert.equal(greyCrossing(b, 1, 150, 0, NaN), 0.5); // padding outside the grid
  assert.equal(greyCrossing(b, 2, 150, 0, 50), 0.5); // label without a range
});

test('grey guide is validated against the label map', () => {
  const g = centredGeometry([4, 4, 4], [1, 1, 1]);
  const lm: LabelMap = {
    kind: 'LabelMap',
    geometry: g,
    data: new Uint8Array(64),
    segments: new Map(),
  };
  const volume = (geometry: VolumeGeometry, n: number): Volume => ({
    kind: 'Volume',
    geometry,
    data: new Int16Array(n),
    unit: 'HU',
  });
  const ranges = { lower: 0, upper: 1 };
  assert.throws(
    () =>
      surfaceNets(lm, {
        grey: { volume: volume(centredGeometry([4, 4, 5], [1, 1, 1]), 80), ranges },
      }),
    /dims/,
  );
  assert.throws(() => surfaceNets(lm, { grey: { volume: volume(g, 60), ranges } }), /length/);
  assert.throws(
    () => surfaceNets(lm, { grey: { volume: volume(g, 64), ranges: { lower: 2, upper: 1 } } }),
    /lower <= upper/,
  );
});

/** Random multi-label runs and a random grey volume (labels 1 and 2 from disjoint ranges). */
function noise(dims: Vec3, seed: number) {
  const n = dims[0] * dims[1] * dims[2];
  const data = new Uint8Array(n);
  const grey = new Float32Array(n);
  let r = seed;
  for (let i = 0; i < n; i++) {
    r = (r * 1103515245 + 12345) >>> 0;
    data[i] = i > 0 && (r >>> 8) % 4 !== 0 ? data[i - 1] : (r >>> 12) % 3;
    r = (r * 1103515245 + 12345) >>> 0;
    const u = (r >>> 8) / (1 << 24);
    // mostly agreeing with the labels, sometimes not (filled holes, edited voxels)
    const l = u < 0.1 ? (r >>> 4) % 3 : data[i];
    grey[i] = l === 0 ? -200 + 190 * u : l === 1 ? 100 * u : 100 + 100 * u;
  }
  const geometry = centredGeometry(
    dims,
    [0.5, 0.6, 0.7],
    [1, 2, 3],
    [
      [0, 1, 0],
      [1, 0, 0],
      [0, 0, 1],
    ],
  );
  const lm: LabelMap = { kind: 'LabelMap', geometry, data, segments: new Map() };
  const volume: Volume = { kind: 'Volume', geometry, data: grey, unit: 'raw' };
  const ranges = new Map([
    [1, { lower: 0, upper: 99.999 }],
    [2, { lower: 100, upper: 200 }],
  ]);
  return { lm, grey: { volume, ranges } };
}

test('multi-label noise, left-handed grid: same topology, closed meshes, shared interfaces, vertices stay in their cells', () => {
  for (const seed of [5, 4242]) {
    const { lm, grey } = noise([19, 14, 23], seed);
    const binary = surfaceNets(lm);
    const guided = surfaceNets(lm, { grey });
    assert.deepEqual(guided.triangles, binary.triangles);
    assert.deepEqual(guided.labels, binary.labels);
    assert.deepEqual(guided.cornerPatches, binary.cornerPatches);
    let moved = 0;
    const [sx, sy, sz] = lm.geometry.spacing;
    for (let i = 0; i < binary.positions.length; i += 3) {
      const d = Math.hypot(
        guided.positions[i] - binary.positions[i],
        guided.positions[i + 1] - binary.positions[i + 1],
        guided.positions[i + 2] - binary.positions[i + 2],
      );
      if (d > 1e-4) moved++;
      assert.ok(d <= 0.5 * Math.hypot(sx, sy, sz) + 1e-4, `vertex ${i / 3} moved ${d}`);
    }
    assert.ok(moved > binary.positions.length / 6, `only ${moved} vertices moved`);
    const sparse = boundaryGrey(grey.volume, [...grey.ranges.values()]);
    const fromBoundary = surfaceNets(lm, { grey: { ...grey, volume: sparse } });
    assert.deepEqual(fromBoundary.positions, guided.positions);
    const meshes = labelSurfaceToMeshes(guided);
    assert.equal(meshes.length, 2);
    for (const m of meshes) {
      const a = analyzeMesh(m.mesh);
      assert.equal(a.watertight, true, JSON.stringify({ seed, label: m.label, ...a }));
      assert.ok(a.signedVolume > 0);
    }
  }
});

test('two touching grey-guided labels share their interface exactly', () => {
  const g = centredGeometry([40, 40, 40], [0.5, 0.5, 0.5]);
  const ball = sphereSdf([0, 0, 0], 8);
  // grey: 1000 in the half x > 0.1 y, 500 in the other half, partial volume at the borders
  const halfA = (x: number, y: number, z: number) => Math.max(ball(x, y, z), x - 0.1 * y);
  const a = partialVolume(g, halfA, 500, 0);
  const b = partialVolume(g, ball, 500, 0);
  const data = new Int16Array(a.data.length);
  for (let i = 0; i < data.length; i++) data[i] = b.data[i] + (b.data[i] - a.data[i]);
  const volume: Volume = { kind: 'Volume', geometry: g, data, unit: 'HU' };
  const labels = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) labels[i] = data[i] >= 750 ? 2 : data[i] >= 250 ? 1 : 0;
  const lm: LabelMap = { kind: 'LabelMap', geometry: g, data: labels, segments: new Map() };
  const ranges = new Map([
    [1, { lower: 250, upper: 749 }],
    [2, { lower: 750, upper: 2000 }],
  ]);
  const meshes = labelSurfaceToMeshes(surfaceNets(lm, { grey: { volume, ranges } }));
  assert.equal(meshes.length, 2);
  for (const m of meshes) assert.equal(analyzeMesh(m.mesh).watertight, true);
  const union = analyzeMesh(mergeAndCancel(meshes.map((m) => m.mesh)));
  assert.equal(union.watertight, true);
  assert.equal(union.shells, 1);
  const vols = meshes.map((m) => analyzeMesh(m.mesh).signedVolume);
  assert.ok(Math.abs(union.signedVolume - vols[0] - vols[1]) < 1e-3 * union.signedVolume);
  assert.ok(Math.abs(union.signedVolume / ((4 / 3) * Math.PI * 512) - 1) < 0.01);
});

test('grey-guided z-slabs (from sliced planes) concatenate to exactly the whole result', () => {
  const { lm, grey } = noise([19, 14, 23], 77);
  const whole = surfaceNets(lm, { grey });
  const prepared = prepareSurfaceNets(lm, { grey });
  const [nx, ny, nz] = lm.geometry.dims;
  const plane = nx * ny;
  for (const cuts of [[1], [2, 9], [5, 6, 7, 20, 23]]) {
    const bounds = [0, ...cuts, nz + 1];
    const slabs = [];
    for (let s = 0; s + 1 < bounds.length; s++) {
      const z0 = Math.max(0, bounds[s] - 2);
      const z1 = Math.min(nz, bounds[s + 1]);
      slabs.push(
        surfaceNetsSlab({
          ...prepared,
          data: lm.data.slice(z0 * plane, z1 * plane),
          grey: {
            data: grey.volume.data.slice(z0 * plane, z1 * plane),
            bounds: prepared.grey!.bounds,
          },
          dataZ0: z0,
          zFrom: bounds[s],
          zTo: bounds[s + 1],
        }),
      );
    }
    const joined = assembleLabelSurface(slabs, lm.segments);
    assert.deepEqual(joined.positions, whole.positions);
    assert.deepEqual(joined.triangles, whole.triangles);
  }
});

test('the grey bound table covers the labels the label data can hold (Uint8: 256, Uint16: 65536)', () => {
  const geometry = centredGeometry([2, 2, 2], [1, 1, 1]);
  const volume: Volume = { kind: 'Volume', geometry, data: new Int16Array(8), unit: 'HU' };
  const map = (data: Uint8Array | Uint16Array): LabelMap => ({
    kind: 'LabelMap',
    geometry,
    data,
    segments: new Map(),
  });
  const range = { lower: 100, upper: 200 };
  const small = prepareSurfaceNets(map(new Uint8Array(8)), { grey: { volume, ranges: range } });
  assert.equal(small.grey?.bounds.length, 512);
  assert.deepEqual([...(small.grey?.bounds.subarray(0, 4) ?? [])], [NaN, NaN, 100, 200]);
  assert.deepEqual([...(small.grey?.bounds.subarray(510) ?? [])], [100, 200]);
  const ranges = new Map([[300, range]]);
  const wide = prepareSurfaceNets(map(new Uint16Array(8)), { grey: { volume, ranges } });
  assert.equal(wide.grey?.bounds.length, 131072);
  assert.deepEqual([...(wide.grey?.bounds.subarray(598, 602) ?? [])], [NaN, NaN, 100, 200]);
  // a range of a label above 255 is still checked, and ignored by a Uint8 label map
  assert.throws(() =>
    prepareSurfaceNets(map(new Uint8Array(8)), {
      grey: { volume, ranges: new Map([[300, { lower: 2, upper: 1 }]]) },
    }),
  );
});
