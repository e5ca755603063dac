import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CUBE_TABLES, TRIANGLE_STRIDE } from './cube-tables.ts';

const { edgeCorners, triangleCount, triangleEdges, patchCount, patchOfEdge } = CUBE_TABLES;

test('every case uses exactly its crossed edges, each in one patch', () => {
  for (let m = 0; m < 256; m++) {
    const used = new Set<number>();
    for (let t = 0; t < 3 * triangleCount[m]; t++) used.add(triangleEdges[m * TRIANGLE_STRIDE + t]);
    for (let e = 0; e < 12; e++) {
      const crossed = ((m >> edgeCorners[2 * e]) & 1) !== ((m >> edgeCorners[2 * e + 1]) & 1);
      assert.equal(used.has(e), crossed, `case ${m} edge ${e}`);
      assert.equal(patchOfEdge[m * 12 + e] >= 0, crossed);
      if (crossed) assert.ok(patchOfEdge[m * 12 + e] < patchCount[m]);
    }
  }
  assert.equal(triangleCount[0], 0);
  assert.equal(triangleCount[255], 0);
});

test('case tables: known patch counts and triangle counts', () => {
  assert.equal(patchCount[1], 1); // one corner
  assert.equal(triangleCount[1], 1);
  assert.equal(patchCount[0b1001], 2); // corners 0 and 3: face diagonal, separated
  assert.equal(patchCount[0b10000001], 2); // corners 0 and 7: body diagonal
  assert.equal(patchCount[0b01111110], 2); // all but 0 and 7: two outside corners cut off
  assert.equal(triangleCount[0b1111], 2); // a face: one quad
  // each loop of n crossings gives n - 2 triangles
  for (let m = 0; m < 256; m++) {
    let crossed = 0;
    for (let e = 0; e < 12; e++) if (patchOfEdge[m * 12 + e] >= 0) crossed++;
    assert.equal(triangleCount[m], crossed - 2 * patchCount[m], `case ${m}`);
  }
});

test('triangles of case 1 face away from the inside corner', () => {
  const mid = (e: number) => {
    const a = edgeCorners[2 * e];
    const b = edgeCorners[2 * e + 1];
    return [0, 1, 2].map((r) => (((a >> r) & 1) + ((b >> r) & 1)) / 2);
  };
  const [p, q, r] = [0, 1, 2].map((k) => mid(triangleEdges[TRIANGLE_STRIDE + k]));
  const u = q.map((x, i) => x - p[i]);
  const v = r.map((x, i) => x - p[i]);
  const n = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
  assert.ok(n[0] > 0 && n[1] > 0 && n[2] > 0);
});
