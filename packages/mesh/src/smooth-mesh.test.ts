import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Vec3 } from '@anatomodel/imaging';
import { extractIsosurface } from './extract-isosurface.ts';
import { surfaceNets } from './surface-nets.ts';
import { labelSurfaceToMeshes } from './label-surface-to-meshes.ts';
import { createMemory } from './embedded-wasm.ts';
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

/** the filter written plainly (CSR of unique neighbours, one pass per step): the reference */
function referenceSinc(P: Float32Array, T: Uint32Array, iterations: number, passBand: number) {
  const nv = P.length / 3;
  const lists: number[][] = Array.from({ length: nv }, () => []);
  const push = (a: number, b: number) => {
    if (!lists[a].includes(b)) lists[a].push(b);
  };
  for (let t = 0; t < T.length; t += 3) {
    for (let k = 0; k < 3; k++) {
      push(T[t + k], T[t + ((k + 1) % 3)]);
      push(T[t + ((k + 1) % 3)], T[t + k]);
    }
  }
  const coef = sincCoefficients(iterations, passBand, 'nuttall');
  const centre = [0, 0, 0];
  for (let i = 0; i < 3 * nv; i++) centre[i % 3] += P[i];
  for (let r = 0; r < 3; r++) centre[r] /= nv;
  const xs = [Float32Array.from(P, (p, i) => p - centre[i % 3])];
  const sum = Float64Array.from(xs[0], (x) => coef[0] * x);
  for (let it = 1; it <= iterations; it++) {
    const x = xs[it - 1];
    const out = new Float32Array(3 * nv);
    for (let v = 0; v < nv; v++) {
      const w = Math.fround(lists[v].length > 0 ? 0.5 / lists[v].length : 0);
      for (let r = 0; r < 3; r++) {
        let m = 0;
        for (const u of lists[v]) m += x[3 * u + r];
        let y = w > 0 ? 0.5 * x[3 * v + r] + w * m : x[3 * v + r];
        y *= it === 1 ? 1 : 2;
        if (it > 1) y -= xs[it - 2][3 * v + r];
        out[3 * v + r] = y;
        sum[3 * v + r] += coef[it] * out[3 * v + r];
      }
    }
    xs.push(out);
  }
  return Float32Array.from(sum, (s, i) => s + centre[i % 3]);
}

test('smoothWindowedSinc equals the plain reference bit for bit: sphere, high-valence fans, isolated and degenerate', () => {
  const sphere = extractIsosurface(
    sdfVolume(centredGeometry([20, 20, 20], [1, 1, 1]), sphereSdf([0.2, 0, -0.1], 6)),
    { isoValue: 0 },
  );
  // a double cone over a 13-gon: both apexes have 13 neighbours (past the 8 slots), plus an
  // isolated vertex and a degenerate triangle
  const n = 13;
  const pos: number[] = [0, 0, 5, 0, 0, -5];
  const tri: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    pos.push(4 * Math.cos(a), 4 * Math.sin(a), 0.3 * (i % 3));
    tri.push(0, 2 + i, 2 + ((i + 1) % n), 1, 2 + ((i + 1) % n), 2 + i);
  }
  pos.push(9, 9, 9); // isolated
  tri.push(2, 2, 3); // degenerate
  const cone = { positions: Float32Array.from(pos), triangles: Uint32Array.from(tri) };
  for (const [mesh, iterations, passBand] of [
    [sphere, 20, 0.01],
    [cone, 7, 0.1],
    [cone, 1, 0.5],
    // every schedule of the sum's updates (steps 2, 5, 8, ... and the last)
    [cone, 2, 0.1],
    [cone, 3, 0.1],
    [cone, 4, 0.2],
    [sphere, 5, 0.05],
    [sphere, 6, 0.05],
  ] as const) {
    const expected = referenceSinc(mesh.positions, mesh.triangles, iterations, passBand);
    assert.deepEqual(smoothWindowedSinc(mesh, { iterations, passBand }), expected);
  }
});

test('smoothWindowedSinc equals the plain reference on shuffled vertices (far neighbours, high valence), one thread and chunks on shared memory', () => {
  // a sphere of 12,750 vertices and two 13-neighbour cone apexes, isolated and degenerate,
  // numbered at random: neighbours far apart in memory, the apexes past the eight ring slots
  const sphere = extractIsosurface(
    sdfVolume(centredGeometry([64, 64, 64], [1, 1, 1]), sphereSdf([0.2, 0, -0.1], 26)),
    { isoValue: 0 },
  );
  const nSphere = sphere.positions.length / 3;
  const pos = Array.from(sphere.positions);
  const tri = Array.from(sphere.triangles);
  const n = 13;
  const c = nSphere; // the cone's first vertex
  pos.push(0, 0, 35, 0, 0, 25);
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    pos.push(4 * Math.cos(a), 4 * Math.sin(a), 30 + 0.3 * (i % 3));
    tri.push(c, c + 2 + i, c + 2 + ((i + 1) % n), c + 1, c + 2 + ((i + 1) % n), c + 2 + i);
  }
  pos.push(9, 9, 9); // isolated
  tri.push(c + 2, c + 2, c + 3); // degenerate
  const nv = pos.length / 3;
  // a fixed random permutation (LCG)
  const order = Array.from({ length: nv }, (_, i) => i);
  let seed = 12345;
  for (let i = nv - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    const j = seed % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const P = new Float32Array(3 * nv);
  for (let v = 0; v < nv; v++) for (let r = 0; r < 3; r++) P[3 * order[v] + r] = pos[3 * v + r];
  const mesh = { positions: P, triangles: Uint32Array.from(tri, (v) => order[v]) };
  for (const [iterations, passBand] of [
    [20, 0.01],
    [4, 0.1],
  ] as const) {
    const expected = referenceSinc(mesh.positions, mesh.triangles, iterations, passBand);
    assert.deepEqual(smoothWindowedSinc(mesh, { iterations, passBand }), expected);
    // and the parallel loop over chunks on shared memory
    const state = prepareWindowedSinc(mesh, { iterations, passBand }, true);
    sincWorkLoop(state, new Int32Array(new SharedArrayBuffer(16)), 5);
    assert.deepEqual(finishWindowedSinc(state), expected);
  }
});

test('smoothWindowedSinc equals the plain reference when most vertices are past the eight ring slots (overflow rows run out and are grown twice)', () => {
  // 60 vertices in 700 random triangles: degrees ~41 (1,955 neighbours past the slots), 5
  // overflow rows a vertex, 300 in all: above the first allowance (60 / 16 + 64 = 68 rows)
  // and its fourfold (272)
  let seed = 99;
  const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const nv = 60;
  const P = Float32Array.from({ length: 3 * nv }, () => 10 * rnd());
  const T = Uint32Array.from({ length: 3 * 700 }, () => Math.floor(rnd() * nv));
  const mesh = { positions: P, triangles: T };
  for (const shared of [false, true]) {
    const state = prepareWindowedSinc(mesh, { iterations: 6, passBand: 0.1 }, shared);
    assert.ok(
      state.extraVertex.length === nv && state.extra.length > 1900,
      `${state.extra.length}`,
    );
  }
  const expected = referenceSinc(P, T, 6, 0.1);
  assert.deepEqual(smoothWindowedSinc(mesh, { iterations: 6, passBand: 0.1 }), expected);
  const state = prepareWindowedSinc(mesh, { iterations: 6, passBand: 0.1 }, true);
  sincWorkLoop(state, new Int32Array(new SharedArrayBuffer(16)), 3);
  assert.deepEqual(finishWindowedSinc(state), expected);
});

test('on a spent memory (dirty pages, e.g. a mask memory) the smoothing is the same bit for bit', () => {
  const g = centredGeometry([30, 28, 26], [0.7, 0.6, 0.8]);
  const lm = labelPhantom(g, [{ label: 1, sdf: sphereSdf([0.3, -0.2, 0.1], 7) }]);
  const mesh = labelSurfaceToMeshes(surfaceNets(lm))[0].mesh;
  const fresh = smoothMesh(mesh);
  // smaller than the filter needs (grown) and larger, full of garbage; shared too (the shared
  // build); garbage only below `memoryDirty`, zero above it
  for (const shared of [false, true]) {
    for (const pages of [3, 200]) {
      const memory = createMemory(pages, 65536, shared);
      const dirty = pages === 200 ? 150 * 65536 : undefined;
      new Uint8Array(memory.buffer, 0, dirty).fill(0x5a);
      const reused = smoothMesh(mesh, { memory, memoryDirty: dirty, keepMemory: true });
      assert.equal(reused.memory, memory);
      assert.deepEqual(reused.mesh, fresh.mesh, `${pages} pages, shared ${shared}`);
      assert.equal(reused.volumeOffset, fresh.volumeOffset);
    }
  }
});
