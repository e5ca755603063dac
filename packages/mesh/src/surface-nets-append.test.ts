import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Vec3 } from '@anatomodel/imaging';
import { prepareSurfaceNets, surfaceNets } from './surface-nets.ts';
import { surfaceNetsSlabAppend } from './surface-nets-slab.ts';
import { copyThreadSlabs, SLAB_ROW, slabScratchFor, writeSlabRow } from './surface-nets-append.ts';
import type { SlabScratch } from './surface-nets-append.ts';
import { boundaryGrey } from './boundary-grey.ts';
import { labelNoise } from '../test/support/phantoms.ts';

test('slabs appended to two threads kept buffers (any order, reused across calls) and copied into place equal the whole result', () => {
  const dims: Vec3 = [21, 13, 19];
  const planes = dims[2] + 1;
  const bounds = [0, 3, 4, 11, 17, planes];
  // two "threads", each keeping its scratch and buffers from call to call
  const kept: [SlabScratch | null, SlabScratch | null] = [null, null];
  let calls = 0;
  let patched = 0;
  for (const seed of [11, 12, 13]) {
    const { lm, volume } = labelNoise(dims, seed);
    const dense = { grey: { volume, ranges: { lower: 0, upper: 600 } } };
    const ranges = new Map([
      [1, { lower: -200, upper: 300 }],
      [3, { lower: 100, upper: 900 }],
    ]);
    const range = { lower: 0, upper: 600 };
    const boundary = { grey: { volume: boundaryGrey(volume, range), ranges: range } };
    for (const options of [{}, dense, boundary, { grey: { volume, ranges } }, { labels: [2, 3] }]) {
      const whole = surfaceNets(lm, options);
      patched += whole.cornerPatches.some((v) => v !== 0) ? 1 : 0;
      const prepared = prepareSurfaceNets(lm, options);
      const withGrey = prepared.grey !== null;
      const table = new Float64Array(SLAB_ROW * (bounds.length - 1));
      // slabs in a scrambled order, alternating between the threads
      [3, 0, 4, 1, 2].forEach((s, k) => {
        const thread = (k + calls) % 2;
        const scratch =
          k < 2 ? slabScratchFor(kept[thread], dims[0], dims[1], withGrey) : kept[thread]!;
        kept[thread] = scratch;
        const part = surfaceNetsSlabAppend(
          { ...prepared, zFrom: bounds[s], zTo: bounds[s + 1] },
          scratch.buffers,
          {},
          scratch.workspace,
        );
        writeSlabRow(table, s, thread, part);
      });
      calls++;
      const starts = new Float64Array(2 * (bounds.length - 1));
      let nv = 0;
      let nq = 0;
      for (let i = 0; i < bounds.length - 1; i++) {
        const r = SLAB_ROW * i;
        starts[2 * i] = nv;
        starts[2 * i + 1] = nq;
        nv += table[r + 3] - table[r + 1] - table[r + 2];
        nq += table[r + 5] - table[r + 4];
      }
      assert.equal(nv, whole.positions.length / 3);
      assert.equal(nq, whole.triangles.length / 6);
      const target = {
        positions: new Float32Array(3 * nv),
        triangles: new Uint32Array(6 * nq),
        labels: new Uint16Array(4 * nq),
        cornerPatches: new Uint8Array(12 * nq),
        vertexFlags: new Uint8Array(nv),
      };
      copyThreadSlabs(kept[0]!.buffers, table, starts, target, 0);
      copyThreadSlabs(kept[1]!.buffers, table, starts, target, 1);
      assert.deepEqual(target.positions, whole.positions);
      assert.deepEqual(target.triangles, whole.triangles);
      assert.deepEqual(target.labels, whole.labels);
      assert.deepEqual(target.cornerPatches, whole.cornerPatches);
      assert.deepEqual(target.vertexFlags, whole.vertexFlags);
    }
  }
  // the noise has cells with several patches, so the packed corner patches were exercised
  assert.ok(patched > 0);
});

test('grey-guided triangles equal the binary ones when two cell planes outgrow the midpoint ring', () => {
  // 300 x 300 noise planes: ~90k mixed cells per plane, beyond the ring's first 32768 vertices
  const dims: Vec3 = [300, 300, 4];
  const { lm, volume } = labelNoise(dims, 5);
  const binary = surfaceNets(lm);
  assert.ok(binary.positions.length / 3 / (dims[2] + 1) > 32768);
  const grey = { volume, ranges: { lower: 0, upper: 600 } };
  const guided = surfaceNets(lm, { grey });
  assert.deepEqual(guided.triangles, binary.triangles);
  assert.notDeepEqual(guided.positions, binary.positions);
  // a slab appended to kept buffers (a ring kept from an earlier call) gives the same
  const scratch = slabScratchFor(null, dims[0], dims[1], true);
  const prepared = prepareSurfaceNets(lm, { grey });
  for (let call = 0; call < 2; call++) {
    const s = slabScratchFor(scratch, dims[0], dims[1], true);
    const part = surfaceNetsSlabAppend(
      { ...prepared, zFrom: 0, zTo: dims[2] + 1 },
      s.buffers,
      {},
      s.workspace,
    );
    assert.deepEqual(
      s.buffers.triangles.subarray(6 * part.quadStart, 6 * part.quadEnd),
      binary.triangles,
    );
  }
});
