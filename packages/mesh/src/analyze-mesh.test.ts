import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeMesh } from './analyze-mesh.ts';
import { measureMesh } from './measure-mesh.ts';
import type { Mesh } from './mesh.ts';

const mesh = (p: number[], t: number[]): Mesh => ({
  kind: 'Mesh',
  positions: Float32Array.from(p),
  triangles: Uint32Array.from(t),
});
/** Right tetrahedron with legs s at (dx, 0, 0), counter-clockwise from outside; volume s³/6. */
const TET_T = [0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3];
const tetP = (dx: number, s: number) => [dx, 0, 0, dx + s, 0, 0, dx, s, 0, dx, 0, s];

/** Torus as an n x m quad grid (two triangles per quad): V = nm, E = 3nm, F = 2nm, genus 1. */
function torus(n: number, m: number, R = 10, r = 3): Mesh {
  const p: number[] = [];
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const u = (2 * Math.PI * i) / n;
      const v = (2 * Math.PI * j) / m;
      p.push(
        (R + r * Math.cos(v)) * Math.cos(u),
        (R + r * Math.cos(v)) * Math.sin(u),
        r * Math.sin(v),
      );
      const a = i * m + j;
      const b = ((i + 1) % n) * m + j;
      const c = ((i + 1) % n) * m + ((j + 1) % m);
      const d = i * m + ((j + 1) % m);
      t.push(a, b, c, a, c, d);
    }
  }
  return mesh(p, t);
}

test('tetrahedron: counts, genus 0, exact volume, area and bounds', () => {
  const a = analyzeMesh(mesh(tetP(1, 6), TET_T));
  assert.equal(a.vertexCount, 4);
  assert.equal(a.edgeCount, 6);
  assert.equal(a.triangleCount, 4);
  assert.equal(a.shells, 1);
  assert.equal(a.eulerCharacteristic, 2);
  assert.equal(a.genus, 0);
  assert.equal(a.watertight, true);
  assert.equal(a.signedVolume, 36);
  assert.ok(Math.abs(a.area - (3 * 18 + (Math.sqrt(3) / 4) * 72)) < 1e-9);
  assert.deepEqual(a.bounds, { min: [1, 0, 0], max: [7, 6, 6] });
});

test('torus grid: V - E + F = 0, genus 1, watertight; its mirror has negative volume', () => {
  const m = torus(24, 12);
  const a = analyzeMesh(m);
  assert.deepEqual(
    [a.vertexCount, a.edgeCount, a.triangleCount, a.genus, a.shells, a.watertight],
    [288, 864, 576, 1, 1, true],
  );
  assert.ok(a.signedVolume > 0);
  const flipped = m.triangles.slice();
  for (let i = 0; i < flipped.length; i += 3)
    [flipped[i + 1], flipped[i + 2]] = [flipped[i + 2], flipped[i + 1]];
  const b = analyzeMesh({ ...m, triangles: flipped });
  assert.equal(b.watertight, true);
  assert.ok(Math.abs(b.signedVolume + a.signedVolume) < 1e-9 * a.signedVolume);
});

test('defects are counted exactly: hole, flipped face, pinch, fin, degenerate', () => {
  // hole: one face missing -> its three edges are boundary edges
  const open = analyzeMesh(mesh(tetP(0, 2), TET_T.slice(3)));
  assert.deepEqual([open.boundaryEdges, open.nonManifoldEdges, open.watertight], [3, 0, false]);
  // one face wound the wrong way: its three edges are traversed twice in one direction
  const t = TET_T.slice();
  [t[1], t[2]] = [t[2], t[1]];
  const flip = analyzeMesh(mesh(tetP(0, 2), t));
  assert.deepEqual([flip.misorientedEdges, flip.boundaryEdges, flip.watertight], [3, 0, false]);
  // two tetrahedra sharing vertex 0: one pinched vertex, one shell
  const p2 = [...tetP(0, 2), -2, 0, 0, 0, -2, 0, 0, 0, -2];
  const t2 = [...TET_T, 0, 4, 5, 0, 6, 4, 0, 5, 6, 4, 6, 5];
  const pinch = analyzeMesh(mesh(p2, t2));
  assert.deepEqual([pinch.nonManifoldVertices, pinch.shells, pinch.watertight], [1, 1, false]);
  assert.equal(pinch.boundaryEdges + pinch.nonManifoldEdges + pinch.misorientedEdges, 0);
  // a fin: a third triangle on edge 1-2 makes it non-manifold
  const fin = analyzeMesh(mesh([...tetP(0, 2), 5, 5, 5], [...TET_T, 1, 2, 4]));
  assert.deepEqual([fin.nonManifoldEdges, fin.boundaryEdges], [1, 2]);
  const deg = analyzeMesh(mesh(tetP(0, 2), [...TET_T, 0, 0, 1]));
  assert.deepEqual([deg.degenerateTriangles, deg.watertight], [1, false]);
});

test('measureMesh equals the analysis on volume, area and bounds; empty mesh is zero', () => {
  const m = torus(16, 8);
  const a = analyzeMesh(m);
  const q = measureMesh(m);
  assert.equal(q.signedVolume, a.signedVolume);
  assert.equal(q.area, a.area);
  assert.deepEqual(q.bounds, a.bounds);
  assert.deepEqual(measureMesh(mesh([], [])), {
    signedVolume: 0,
    area: 0,
    bounds: { min: [0, 0, 0], max: [0, 0, 0] },
  });
});

test('sameTriangles: topology reused for moved vertices, full analysis when the triangles differ', () => {
  const base = torus(12, 8);
  const known = {
    triangles: base.triangles,
    vertexCount: base.positions.length / 3,
    analysis: analyzeMesh(base),
  };
  // the same triangles (a copy) with every vertex moved: equals a fresh analysis
  const moved = mesh(
    Array.from(base.positions, (x, i) => 1.5 * x + (i % 3) + 0.01 * Math.sin(i)),
    Array.from(base.triangles),
  );
  assert.deepEqual(analyzeMesh(moved, { sameTriangles: known }), analyzeMesh(moved));
  // one triangle flipped: not the same triangles, so the flip is found
  const t = Array.from(base.triangles);
  [t[1], t[2]] = [t[2], t[1]];
  const flipped = mesh(Array.from(base.positions), t);
  const a = analyzeMesh(flipped, { sameTriangles: known });
  assert.deepEqual(a, analyzeMesh(flipped));
  assert.equal(a.watertight, false);
  // a different vertex count is not trusted either
  const extra = mesh([...base.positions, 0, 0, 0], Array.from(base.triangles));
  assert.equal(analyzeMesh(extra, { sameTriangles: known }).vertexCount, known.vertexCount);
  assert.deepEqual(analyzeMesh(extra, { sameTriangles: known }), analyzeMesh(extra));
});
