import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Volume } from '@anatomodel/imaging';
import { thresholdVolume } from '@anatomodel/segmentation';
import { boundaryGrey } from './boundary-grey.ts';
import { createMemory } from './embedded-wasm.ts';
import { thresholdSlabStream } from './threshold-slab-stream.ts';
import { centredGeometry } from '../test/support/phantoms.ts';

/** A grey volume of runs (uniform stretches) and noise, int16 or float32. */
function phantom(dims: readonly [number, number, number], float: boolean): Volume {
  const [nx, ny, nz] = dims;
  const data = float ? new Float32Array(nx * ny * nz) : new Int16Array(nx * ny * nz);
  let r = 5;
  for (let i = 0; i < data.length; i++) {
    r = (r * 1103515245 + 12345) >>> 0;
    data[i] = i > 0 && (r >>> 8) % 7 !== 0 ? data[i - 1] : ((r >>> 12) % 600) - 200;
    if (float) data[i] += 0.25;
  }
  return { kind: 'Volume', geometry: centredGeometry(dims, [0.8, 0.9, 2]), data, unit: 'HU' };
}

test('thresholdSlabStream equals thresholdVolume + boundaryGrey on the whole volume, any slab size', () => {
  for (const dims of [
    [16, 9, 11],
    [13, 7, 6],
    [20, 12, 1],
  ] as const) {
    for (const float of [false, true]) {
      const volume = phantom(dims, float);
      const plane = dims[0] * dims[1];
      const range = { lower: 0, upper: 150 };
      const want = thresholdVolume(volume, { ...range, name: 'Bone' });
      const wantGrey = boundaryGrey(volume, range, want.data as Uint8Array);
      for (const slabSlices of [1, 2, 3, 5, dims[2], dims[2] + 4]) {
        for (const withGuide of [true, false]) {
          // the mask in a WebAssembly memory with the guide (the same results): its own, or
          // one given (made ahead)
          const given = slabSlices === 2 ? createMemory(1, 1, false) : undefined;
          const stream = thresholdSlabStream(
            volume.geometry,
            'HU',
            { ...range, name: 'Bone' },
            withGuide ? range : undefined,
            undefined,
            withGuide && (given ?? true),
          );
          assert.equal(stream.memory !== undefined, withGuide);
          if (withGuide && given) assert.equal(stream.memory, given);
          const nz = dims[2];
          for (let k0 = 0; k0 < nz; k0 += slabSlices) {
            const k1 = Math.min(nz, k0 + slabSlices);
            const h0 = Math.max(0, k0 - 1);
            const h1 = Math.min(nz, k1 + 1);
            // a copy, overwritten after the push: the stream must not keep the caller's data
            const data = volume.data.slice(h0 * plane, h1 * plane);
            stream.push({ data, h0, h1, k0, k1 });
            data.fill(9999);
          }
          const got = stream.finish();
          const label = `${dims} float ${float} slab ${slabSlices}`;
          if (stream.memory) assert.equal(got.labelMap.data.buffer, stream.memory.buffer);
          assert.deepEqual(new Uint8Array(got.labelMap.data), want.data, label);
          assert.deepEqual(got.labelMap.geometry, want.geometry, label);
          assert.deepEqual([...got.labelMap.segments], [...want.segments], label);
          if (!withGuide) {
            assert.equal(got.guide, undefined);
            continue;
          }
          const g = got.guide?.volume;
          assert.ok(g && g.kind === 'BoundaryGrey', label);
          assert.deepEqual(g.dims, wantGrey.dims, label);
          assert.deepEqual(g.rowStart, wantGrey.rowStart, label);
          assert.deepEqual(g.column, wantGrey.column, label);
          assert.deepEqual(g.value, wantGrey.value, label);
          assert.deepEqual(got.guide?.ranges, range);
        }
      }
    }
  }
});

test('thresholdSlabStream refuses slabs out of order and a missing end; presets need HU', () => {
  const volume = phantom([8, 4, 6], false);
  const stream = thresholdSlabStream(volume.geometry, 'HU', { lower: 0, upper: 10 });
  const plane = 32;
  stream.push({ data: volume.data.slice(0, 3 * plane), h0: 0, h1: 3, k0: 0, k1: 2 });
  assert.throws(
    () => stream.push({ data: volume.data.slice(0, 3 * plane), h0: 0, h1: 3, k0: 0, k1: 2 }),
    { code: 'INVALID_OPTIONS' },
  );
  assert.throws(() => stream.finish(), { code: 'INVALID_OPTIONS' });
  assert.throws(() => thresholdSlabStream(volume.geometry, 'raw', { preset: 'ct-bone' }), {
    code: 'INVALID_OPTION',
  });
});
