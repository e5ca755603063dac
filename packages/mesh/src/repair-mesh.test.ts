import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Mesh } from './mesh.ts';
import { repairMesh } from './repair-mesh.ts';
import { analyzeMesh } from './analyze-mesh.ts';

const tet = (dx: number, s: number, flip = false): { p: number[]; t: number[] } => ({
  p: [dx, 0, 0, dx + s, 0, 0, dx, s, 0, dx, 0, s],
  t: flip ? [0, 1, 2, 0, 3, 1, 0, 2, 3, 1, 3, 2] : [0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3],
});

test('repair: drops degenerate/duplicate triangles, flips inside-out shells, drops small shells', () => {
  const big = tet(0, 6); // 36 mm³
  const inverted = tet(10, 6, true);
  const crumb = tet(20, 1); // 1/6 mm³
  const p = [...big.p, ...inverted.p, ...crumb.p];
  const t = [...big.t, ...inverted.t.map((v) => v + 4), ...crumb.t.map((v) => v + 8)];
  t.push(0, 0, 1); // degenerate
  t.push(2, 1, 0); // duplicate of the first triangle, other winding
  const mesh: Mesh = {
    kind: 'Mesh',
    positions: Float32Array.from(p),
    triangles: Uint32Array.from(t),
  };
  const r = repairMesh(mesh, { minShellMm3: 1 });
  const codes = Object.fromEntries(r.issues.map((i) => [i.code, i.count]));
  assert.deepEqual(codes, {
    DEGENERATE_TRIANGLES_REMOVED: 1,
    DUPLICATE_TRIANGLES_REMOVED: 1,
    SHELLS_FLIPPED: 1,
    SMALL_SHELLS_DROPPED: 1,
  });
  assert.equal(r.shells, 2);
  const a = analyzeMesh(r.mesh);
  assert.equal(a.watertight, true);
  assert.equal(a.shells, 2);
  assert.ok(Math.abs(a.signedVolume - 72) < 1e-9);
  assert.equal(r.mesh.positions.length, 8 * 3);
});

test('repair keeps a cavity (negative shell enclosed by another) as it is', () => {
  const outer = tet(0, 12);
  const cavity = tet(1, 3, true); // inside the outer tetrahedron, facing inwards
  const p = [...outer.p, ...cavity.p.map((x, i) => (i % 3 === 0 ? x : x + 1))];
  const t = [...outer.t, ...cavity.t.map((v) => v + 4)];
  const mesh: Mesh = {
    kind: 'Mesh',
    positions: Float32Array.from(p),
    triangles: Uint32Array.from(t),
  };
  const r = repairMesh(mesh);
  assert.deepEqual(r.issues, []);
  assert.ok(Math.abs(analyzeMesh(r.mesh).signedVolume - (288 - 4.5)) < 1e-9);
});

test('repair reports a hole instead of hiding it when filling is off', () => {
  const { p, t } = tet(0, 2);
  const mesh: Mesh = {
    kind: 'Mesh',
    positions: Float32Array.from(p),
    triangles: Uint32Array.from(t.slice(3)),
  };
  const r = repairMesh(mesh, { fillHolesMaxEdges: 0 });
  assert.equal(r.issues.length, 1);
  assert.equal(r.issues[0].code, 'NOT_WATERTIGHT');
  assert.equal(r.issues[0].count, 3);
});

test('repair: a clean mesh comes back as the same object; a lone duplicate pair is found', () => {
  const { p, t } = tet(0, 6);
  const mesh: Mesh = {
    kind: 'Mesh',
    positions: Float32Array.from(p),
    triangles: Uint32Array.from(t),
  };
  const r = repairMesh(mesh);
  assert.equal(r.mesh, mesh);
  assert.deepEqual(r.issues, []);
  assert.deepEqual(r.analysis, analyzeMesh(mesh));
  // plus a two-triangle 'pillow' (one triangle and its mirror) elsewhere: watertight by the
  // edge rules, but a duplicate; removing it leaves an open triangle, which is reported
  const pillow: Mesh = {
    kind: 'Mesh',
    positions: Float32Array.from([...p, 20, 0, 0, 21, 0, 0, 20, 1, 0]),
    triangles: Uint32Array.from([...t, 4, 5, 6, 4, 6, 5]),
  };
  assert.equal(analyzeMesh(pillow).watertight, true);
  const q = repairMesh(pillow);
  const codes = Object.fromEntries(q.issues.map((i) => [i.code, i.count]));
  assert.deepEqual(codes, { DUPLICATE_TRIANGLES_REMOVED: 1, NOT_WATERTIGHT: 3 });
  assert.equal(q.mesh.triangles.length, 15);
});

test('repair closes small holes of an open mesh (after dropping a duplicate), leaves large ones', () => {
  // a tetrahedron with legs of 4 mm (64 / 6 mm³) without its first triangle, plus a
  // degenerate and a duplicate (reversed) triangle
  const { p, t } = tet(0, 4);
  const mesh: Mesh = {
    kind: 'Mesh',
    positions: Float32Array.from(p),
    triangles: Uint32Array.from([...t.slice(3), 1, 1, 2, 3, 2, 0]),
  };
  const r = repairMesh(mesh);
  const codes = Object.fromEntries(r.issues.map((i) => [i.code, i.count]));
  assert.deepEqual(codes, {
    DEGENERATE_TRIANGLES_REMOVED: 1,
    DUPLICATE_TRIANGLES_REMOVED: 1,
    HOLES_FILLED: 1,
  });
  const a = analyzeMesh(r.mesh);
  assert.equal(a.watertight, true);
  assert.equal(r.analysis.watertight, true);
  assert.equal(r.mesh.triangles.length, 12); // the missing face came back, once
  assert.ok(Math.abs(a.signedVolume - 64 / 6) < 1e-9); // outward, as the rest of the shell
  // an open box lid of 4 edges: closed with a fan of 4 triangles around the centroid
  const box: Mesh = openBox();
  const b = repairMesh(box);
  assert.deepEqual(
    b.issues.map((i) => [i.code, i.count]),
    [['HOLES_FILLED', 1]],
  );
  assert.equal(analyzeMesh(b.mesh).watertight, true);
  assert.ok(Math.abs(analyzeMesh(b.mesh).signedVolume - 1) < 1e-6);
  // too large for the limit: left open and reported
  const c = repairMesh(box, { fillHolesMaxEdges: 3 });
  assert.deepEqual(
    c.issues.map((i) => i.code),
    ['NOT_WATERTIGHT'],
  );
  assert.equal(c.mesh, box);
});

/** Unit cube, counter-clockwise from outside, without its two z = 1 triangles. */
function openBox(): Mesh {
  const positions = new Float32Array(24);
  for (let v = 0; v < 8; v++) {
    positions[3 * v] = v & 1;
    positions[3 * v + 1] = (v >> 1) & 1;
    positions[3 * v + 2] = (v >> 2) & 1;
  }
  // prettier-ignore
  const triangles = new Uint32Array([
    0, 2, 1, 1, 2, 3, 0, 1, 4, 1, 5, 4,
    2, 6, 3, 3, 6, 7, 0, 4, 2, 2, 4, 6, 1, 3, 5, 3, 7, 5,
  ]);
  return { kind: 'Mesh', positions, triangles };
}

test('repair: a single closed shell is still flipped when inside out and dropped when small', () => {
  const inverted = tet(0, 6, true);
  const mesh: Mesh = {
    kind: 'Mesh',
    positions: Float32Array.from(inverted.p),
    triangles: Uint32Array.from(inverted.t),
  };
  const r = repairMesh(mesh);
  assert.deepEqual(
    r.issues.map((i) => i.code),
    ['SHELLS_FLIPPED'],
  );
  assert.ok(Math.abs(r.analysis.signedVolume - 36) < 1e-9);
  const small = repairMesh(
    { ...mesh, triangles: Uint32Array.from(tet(0, 6).t) },
    { minShellMm3: 40 },
  );
  assert.deepEqual(
    small.issues.map((i) => i.code),
    ['SMALL_SHELLS_DROPPED'],
  );
  assert.equal(small.mesh.triangles.length, 0);
  assert.equal(small.shells, 0);
});

test('repair with sameTriangles (the analysis before the vertices moved) equals a fresh repair', () => {
  const { p, t } = tet(0, 6);
  const raw: Mesh = {
    kind: 'Mesh',
    positions: Float32Array.from(p),
    triangles: Uint32Array.from(t),
  };
  const sameTriangles = { triangles: raw.triangles, vertexCount: 4, analysis: analyzeMesh(raw) };
  const moved: Mesh = { ...raw, positions: Float32Array.from(p, (x) => 0.9 * x + 1) };
  const r = repairMesh(moved, { sameTriangles });
  assert.equal(r.mesh, moved);
  assert.deepEqual(r, repairMesh(moved));
  // moved inside out (mirrored): flipped as without the hint
  const mirrored: Mesh = { ...raw, positions: Float32Array.from(p, (x, i) => (i % 3 ? x : -x)) };
  const m = repairMesh(mirrored, { sameTriangles });
  assert.deepEqual(m, repairMesh(mirrored));
  assert.deepEqual(
    m.issues.map((i) => i.code),
    ['SHELLS_FLIPPED'],
  );
});
