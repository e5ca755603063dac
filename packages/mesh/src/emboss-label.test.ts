import { test } from 'node:test';
import assert from 'node:assert/strict';
import { embossLabels } from './emboss-label.ts';
import { ManifoldEngine } from './manifold-engine.ts';
import { analyzeMesh } from './analyze-mesh.ts';
import type { Mesh } from './mesh.ts';

/** Box [-30,30] x [-20,20] x [-15,15] mm (LPS) or given bounds, CCW from outside. */
function box(lo: number[] = [-30, -20, -15], hi: number[] = [30, 20, 15]): Mesh {
  const positions = new Float32Array(24);
  for (let v = 0; v < 8; v++) {
    positions[3 * v] = v & 1 ? hi[0] : lo[0];
    positions[3 * v + 1] = v & 2 ? hi[1] : lo[1];
    positions[3 * v + 2] = v & 4 ? hi[2] : lo[2];
  }
  // prettier-ignore
  const triangles = new Uint32Array([
    0, 2, 1, 1, 2, 3, 4, 5, 6, 5, 7, 6, 0, 1, 4, 1, 5, 4,
    2, 6, 3, 3, 6, 7, 0, 4, 2, 2, 4, 6, 1, 3, 5, 3, 7, 5,
  ]);
  return { kind: 'Mesh', positions, triangles };
}

/** Vertices lying on the plane coordinate[axis] = value (the floor of an engraving). */
function onPlane(m: Mesh, axis: number, value: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.positions.length; i += 3) {
    if (Math.abs(m.positions[i + axis] - value) < 1e-3) {
      out.push([m.positions[i], m.positions[i + 1], m.positions[i + 2]]);
    }
  }
  return out;
}

test('engrave case id on the anterior side and L/R markers: manifold, in place, not mirrored', async () => {
  const engine = await ManifoldEngine.create();
  const input = box();
  const r = embossLabels(engine, input, {
    text: 'AB-12',
    face: 'anterior',
    mode: 'engrave',
    depthMm: 1,
    textHeightMm: 6,
    lateralityMarker: true,
  });
  assert.deepEqual(r.findings, []);
  const check = engine.check(r.mesh);
  assert.equal(check.status, 'NoError');
  assert.equal(check.genus, 0);
  assert.equal(analyzeMesh(r.mesh).watertight, true);
  assert.ok(check.volume < 60 * 40 * 30 - 10, 'material removed');
  assert.equal(input.triangles.length, 36, 'input not mutated');

  // case id: engraving floor 1 mm behind the anterior face (y = -20 + 1), inside the footprint
  const [id, left, right] = r.placements;
  assert.equal(id.text, 'AB-12');
  assert.deepEqual(id.normal, [0, -1, 0]);
  assert.deepEqual(id.right, [1, 0, 0], "reads towards the patient's left, seen from the front");
  const floor = onPlane(r.mesh, 1, -19);
  assert.ok(floor.length > 20);
  for (const p of floor) {
    assert.ok(Math.abs(p[0] - id.centre[0]) <= id.widthMm / 2 + 1e-3);
    assert.ok(Math.abs(p[2] - id.centre[2]) <= id.heightMm / 2 + 1e-3);
  }

  // 'L' on +x (the patient's left), 'R' on -x
  assert.equal(left.text, 'L');
  assert.deepEqual(left.normal, [1, 0, 0]);
  assert.equal(right.text, 'R');
  assert.deepEqual(right.normal, [-1, 0, 0]);
  const lFloor = onPlane(r.mesh, 0, 29);
  const rFloor = onPlane(r.mesh, 0, -29);
  assert.ok(lFloor.length > 6 && rFloor.length > 6);
  // seen from the patient's left the reader's right is posterior (+y): the L's bar (top
  // part) sits at the anterior end, its foot runs posterior
  const zMid = left.centre[2];
  const top = lFloor.filter((p) => p[2] > zMid + 2);
  const bottom = lFloor.filter((p) => p[2] < zMid - 3);
  assert.ok(top.length > 0 && bottom.length > 0);
  const maxY = (ps: number[][]) => Math.max(...ps.map((p) => p[1]));
  assert.ok(maxY(top) + 3 < maxY(bottom), 'L not mirrored');
  engine.dispose();
});

test('emboss raises letters; a label larger than the side is skipped with a finding', async () => {
  const engine = await ManifoldEngine.create();
  const r = embossLabels(engine, box(), { text: 'X1', face: 'superior', mode: 'emboss' });
  const c = engine.check(r.mesh);
  assert.equal(c.status, 'NoError');
  assert.ok(c.volume > 60 * 40 * 30 + 5, 'material added');
  assert.ok(analyzeMesh(r.mesh).bounds.max[2] > 15.7, 'letters stand 0.8 mm above the top');
  const big = embossLabels(engine, box(), { text: 'MUCH-TOO-LONG-CASE-ID', textHeightMm: 10 });
  assert.equal(big.placements.length, 0);
  assert.match(big.findings[0], /no surface/);
  assert.throws(
    () => embossLabels(engine, { ...box(), triangles: box().triangles.slice(3) }, { text: 'A' }),
    /manifold/,
  );
  engine.dispose();
});

test('a label wider than any solid part goes on a plate that bridges the gap', async () => {
  // two 'ribs' (bars along x, 6 mm tall in z) 6 mm apart: 12 mm text does not fit on either
  // even shrunk to 6 mm (7.1 mm with its strokes)
  const a = box([-30, -5, 3], [30, 5, 9]);
  const b = box([-30, -5, -9], [30, 5, -3]);
  const two: Mesh = {
    kind: 'Mesh',
    positions: Float32Array.from([...a.positions, ...b.positions]),
    triangles: Uint32Array.from([...a.triangles, ...[...b.triangles].map((i) => i + 8)]),
  };
  assert.equal(analyzeMesh(two).shells, 2);
  const engine = await ManifoldEngine.create();
  const r = embossLabels(engine, two, { text: 'R2D2', textHeightMm: 12 });
  assert.match(r.findings[0], /placed on a plate on the anterior side/);
  assert.equal(r.placements.length, 1);
  const c = engine.check(r.mesh);
  assert.equal(c.status, 'NoError');
  const after = analyzeMesh(r.mesh);
  assert.equal(after.shells, 1, 'the plate joins both bars');
  // plate top 1.5 mm in front of the bars' front (y = -5), letters 0.8 mm further
  assert.ok(Math.abs(after.bounds.min[1] - (-5 - 1.5 - 0.8)) < 1e-3);
  engine.dispose();
});
