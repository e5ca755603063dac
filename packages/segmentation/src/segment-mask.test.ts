import { test } from 'node:test';
import assert from 'node:assert/strict';
import { segmentMask } from './segment-mask.ts';
import type { LabelMap, Segment } from './label-map.ts';
import { grid, rng } from '../test/support/phantoms.ts';

function mapOf(data: Uint8Array | Uint16Array, labels: number[]): LabelMap {
  const segments = new Map<number, Segment>(
    labels.map((l) => [l, { label: l, name: `S${l}`, color: [1, 2, 3] }]),
  );
  return { kind: 'LabelMap', geometry: grid([data.length, 1, 1]), data, segments };
}

test('segmentMask equals the per-voxel test for every label (4-voxel words and the tail)', () => {
  const random = rng(23);
  // 4n + 3 voxels: words plus a tail; values include 0x80 and 0xff, the SWAR edge cases
  const data = new Uint8Array(403).map(
    () => [0, 1, 2, 127, 128, 129, 254, 255][(random() * 8) | 0],
  );
  const labels = [1, 2, 127, 128, 129, 254, 255];
  const lm = mapOf(data, labels);
  for (const label of [undefined, ...labels]) {
    const got = segmentMask(lm, label);
    for (let p = 0; p < data.length; p++) {
      const want = label === undefined ? +(data[p] !== 0) : +(data[p] === label);
      assert.equal(got[p], want, `label ${label} voxel ${p}`);
    }
  }
  // an unaligned view takes the plain loop; Uint16 maps too
  const view = new Uint8Array(data.buffer, 1, 400);
  assert.deepEqual(
    segmentMask(mapOf(view, labels), 128),
    Uint8Array.from(view, (v) => +(v === 128)),
  );
  const wide = Uint16Array.from(data, (v) => v * 256);
  assert.deepEqual(
    segmentMask(mapOf(wide, [512]), 512),
    Uint8Array.from(data, (v) => +(v === 2)),
  );
  const out = new Uint8Array(new SharedArrayBuffer(403));
  assert.equal(segmentMask(lm, 2, out), out);
  assert.throws(() => segmentMask(lm, 3), { code: 'UNKNOWN_SEGMENT' });
});
