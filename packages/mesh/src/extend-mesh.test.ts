import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extendMesh } from './extend-mesh.ts';

test('extendMesh in place: writes into the room past the ends, copies when it is short', () => {
  const pBuf = new Float32Array(12);
  const tBuf = new Uint32Array(9);
  pBuf.set([0, 0, 0, 1, 0, 0, 0, 1, 0]);
  tBuf.set([0, 1, 2]);
  const positions = pBuf.subarray(0, 9);
  const triangles = tBuf.subarray(0, 3);
  const roomy = extendMesh(positions, triangles, [0, 0, 1], [0, 2, 3, 1, 3, 2], true);
  assert.equal(roomy.positions.buffer, pBuf.buffer); // no copy
  assert.equal(roomy.triangles.buffer, tBuf.buffer);
  assert.deepEqual([...roomy.positions], [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]);
  assert.deepEqual([...roomy.triangles], [0, 1, 2, 0, 2, 3, 1, 3, 2]);
  // too little room for the triangles: both copied, same values
  const short = extendMesh(positions, triangles, [0, 0, 1], [0, 2, 3, 1, 3, 2, 0, 3, 1], true);
  assert.notEqual(short.triangles.buffer, tBuf.buffer);
  assert.deepEqual([...short.triangles], [0, 1, 2, 0, 2, 3, 1, 3, 2, 0, 3, 1]);
  assert.deepEqual([...short.positions], [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]);
  // not in place: always fresh arrays, the input untouched
  const copy = extendMesh(positions, triangles, [5, 5, 5]);
  assert.notEqual(copy.positions.buffer, pBuf.buffer);
  assert.equal(copy.triangles, triangles);
});
