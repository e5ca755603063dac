import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Vec3 } from '@anatomodel/imaging';
import type { LabelMap } from '@anatomodel/segmentation';
import { surfaceNets, type LabelSurface } from './surface-nets.ts';
import { labelSurfaceToMeshes } from './label-surface-to-meshes.ts';
import { analyzeMesh } from './analyze-mesh.ts';
import type { Mesh } from './mesh.ts';
import { centredGeometry } from '../test/support/phantoms.ts';

/** Binary noise of the given density on a small grid (many patches, pinches, four-way edges). */
function noise(dims: Vec3, density: number, seed: number, leftHanded = false): LabelMap {
  const n = dims[0] * dims[1] * dims[2];
  const data = new Uint8Array(n);
  let r = seed;
  for (let i = 0; i < n; i++) {
    r = (r * 1103515245 + 12345) >>> 0;
    data[i] = (r >>> 8) / (1 << 24) < density ? 5 : 0;
  }
  const g = centredGeometry(dims, [0.5, 0.6, 0.7]);
  const geometry = leftHanded
    ? {
        ...g,
        axes: [
          [0, 1, 0],
          [1, 0, 0],
          [0, 0, 1],
        ] as [Vec3, Vec3, Vec3],
      }
    : g;
  return { kind: 'LabelMap', geometry, data, segments: new Map() };
}

/**
 * The same surface with every other triangle stored from the other side ([0, label], wound
 * the other way, patch pairs swapped), as the kernel wrote them before: it takes the general
 * path of `labelSurfaceToMeshes`.
 */
function mixedSides(s: LabelSurface): LabelSurface {
  const triangles = s.triangles.slice();
  const labels = s.labels.slice();
  const cornerPatches = s.cornerPatches.slice();
  for (let t = 1; t < triangles.length / 3; t += 2) {
    labels[2 * t] = s.labels[2 * t + 1];
    labels[2 * t + 1] = s.labels[2 * t];
    triangles[3 * t + 1] = s.triangles[3 * t + 2];
    triangles[3 * t + 2] = s.triangles[3 * t + 1];
    for (const [k, to] of [
      [0, 0],
      [1, 2],
      [2, 1],
    ]) {
      cornerPatches[6 * t + 2 * to] = s.cornerPatches[6 * t + 2 * k + 1];
      cornerPatches[6 * t + 2 * to + 1] = s.cornerPatches[6 * t + 2 * k];
    }
  }
  return { ...s, triangles, labels, cornerPatches };
}

/**
 * Asserts that `a` and `b` are the same mesh up to a renumbering of the vertices: the first
 * `nt0` triangles correspond one to one (split in place alike), the rest (the split passes'
 * appended halves) as sets; corresponding vertices have identical positions.
 */
function assertSameUpToVertexOrder(a: Mesh, b: Mesh, nt0: number): void {
  assert.equal(a.positions.length, b.positions.length);
  assert.equal(a.triangles.length, b.triangles.length);
  const nv = a.positions.length / 3;
  const map = new Int32Array(nv).fill(-1);
  const inverse = new Int32Array(nv).fill(-1);
  for (let i = 0; i < 3 * nt0; i++) {
    const u = a.triangles[i];
    const v = b.triangles[i];
    if (map[u] === -1) {
      assert.equal(inverse[v], -1, `vertex ${v} of b has two counterparts`);
      map[u] = v;
      inverse[v] = u;
    } else assert.equal(map[u], v, `vertex ${u} of a has two counterparts`);
  }
  for (let u = 0; u < nv; u++) {
    assert.ok(map[u] >= 0, `vertex ${u} of a is used by no original triangle`);
    for (let r = 0; r < 3; r++) assert.equal(a.positions[3 * u + r], b.positions[3 * map[u] + r]);
  }
  const rest = (m: Mesh, f: (v: number) => number) => {
    const keys: string[] = [];
    for (let t = nt0; t < m.triangles.length / 3; t++) {
      const c = [0, 1, 2].map((k) => f(m.triangles[3 * t + k]));
      const s = c.indexOf(Math.min(...c));
      keys.push([c[s], c[(s + 1) % 3], c[(s + 2) % 3]].join(' '));
    }
    return keys.sort();
  };
  assert.deepEqual(
    rest(a, (u) => map[u]),
    rest(b, (v) => v),
  );
}

test('surfaceNets stores the larger label as the inner one: a one-label surface is all [label, 0]', () => {
  const lm = noise([11, 9, 8], 0.5, 3);
  const s = surfaceNets(lm);
  for (let t = 0; t < s.labels.length / 2; t++) {
    assert.equal(s.labels[2 * t], 5);
    assert.equal(s.labels[2 * t + 1], 0);
  }
  // three labels: inner > outer everywhere
  const data = lm.data.slice();
  for (let i = 0; i < data.length; i += 3) if (data[i] === 5) data[i] = 2;
  const m = surfaceNets({ ...lm, data });
  for (let t = 0; t < m.labels.length / 2; t++) assert.ok(m.labels[2 * t] > m.labels[2 * t + 1]);
});

test('one-label fast path: the general path’s mesh up to vertex order (noise with patches, pinches, four-way edges); watertight in a left-handed frame', () => {
  let splitVertices = 0;
  for (const leftHanded of [false, true]) {
    for (const density of [0.2, 0.5, 0.8]) {
      for (const seed of [7, 8]) {
        const surface = surfaceNets(noise([23, 19, 17], density, seed, leftHanded));
        const nt0 = surface.triangles.length / 3;
        const [general] = labelSurfaceToMeshes(mixedSides(surface));
        const before = [surface.positions.slice(), surface.triangles.slice()];
        const fast = labelSurfaceToMeshes(surface);
        assert.equal(fast.length, 1);
        assert.equal(fast[0].label, 5);
        // not in place: the surface is unchanged
        assert.deepEqual([surface.positions, surface.triangles], before);
        if (!leftHanded) assertSameUpToVertexOrder(fast[0].mesh, general.mesh, nt0);
        else {
          // a four-way edge is split on the side that the vertex numbering picks (the edge
          // runs from its lower to its higher vertex), and a left-handed frame's winding
          // makes the two numberings disagree on some: another, equally valid split there
          assert.equal(fast[0].mesh.triangles.length, general.mesh.triangles.length);
          assert.equal(analyzeMesh(general.mesh).watertight, true);
        }
        // the surface's vertices keep their order and places
        assert.deepEqual(fast[0].mesh.positions.subarray(0, before[0].length), before[0]);
        const a = analyzeMesh(fast[0].mesh);
        assert.equal(a.watertight, true); // closed, manifold, consistently oriented
        // in place: the same mesh, made of the surface's own buffers
        const [own] = labelSurfaceToMeshes(surface, { inPlace: true });
        assert.deepEqual(own.mesh, fast[0].mesh);
        assert.equal(own.mesh.positions.buffer, surface.positions.buffer);
        assert.equal(own.mesh.triangles.buffer, surface.triangles.buffer);
        splitVertices += fast[0].mesh.positions.length - surface.positions.length;
      }
    }
  }
  // the cases did exercise patch copies and splits
  assert.ok(splitVertices > 300, `${splitVertices / 3} added vertices`);
});

test('one-label fast path without vertex flags checks every vertex: the same mesh', () => {
  const surface = surfaceNets(noise([23, 19, 17], 0.5, 11));
  const [flagged] = labelSurfaceToMeshes(surface);
  const [all] = labelSurfaceToMeshes({ ...surface, vertexFlags: undefined });
  assert.deepEqual(all, flagged);
});

test('empty surface: no meshes', () => {
  const lm = noise([5, 5, 5], 0, 1);
  assert.deepEqual(labelSurfaceToMeshes(surfaceNets(lm)), []);
  assert.deepEqual(labelSurfaceToMeshes(surfaceNets(lm), { inPlace: true }), []);
});
