import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasThreshold16Wasm, threshold16Wasm } from './threshold16-wasm.ts';

function reference(src: ArrayLike<number>, lower: number, upper: number): Uint8Array {
  const out = new Uint8Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = src[i] >= lower && src[i] <= upper ? 1 : 0;
  return out;
}

/** Deterministic pseudo-random 16-bit values, with the type's extremes mixed in. */
function values(n: number, signed: boolean, seed: number): Int16Array | Uint16Array {
  const a = signed ? new Int16Array(n) : new Uint16Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    a[i] = s >>> 16; // wraps to the type
  }
  const extremes = signed ? [-32768, 32767, -1, 0, 1] : [0, 65535, 32767, 32768, 1];
  for (let i = 0; i < extremes.length && i < n; i++) a[(i * 7919) % n] = extremes[i];
  return a;
}

test('threshold16Wasm equals the scalar range test (signed and unsigned, any length and offset)', () => {
  assert.ok(hasThreshold16Wasm(), 'Node 20 has WebAssembly SIMD');
  const cases: Array<[boolean, number, number]> = [
    [true, 300, 3071],
    [true, -1000, -200],
    [true, -32768, 32767],
    [true, 299.5, 3071.9], // fractional bounds: same as 300..3071
    [true, -1e9, 1e9], // beyond the type: everything
    [true, 40000, 50000], // above the type: nothing
    [true, 5, 5],
    [false, 100, 40000],
    [false, 0, 0],
    [false, -5, 10], // negative lower on unsigned data
    [false, 65535, 70000],
  ];
  for (const [signed, lower, upper] of cases) {
    for (const n of [1, 15, 16, 17, 16384, 16384 * 2 + 37]) {
      const src = values(n + 5, signed, n);
      const start = n > 3 ? 3 : 0;
      const count = n - start;
      const mask = new Uint8Array(n + 5).fill(7);
      assert.ok(threshold16Wasm(src, mask, lower, upper, start, count));
      const want = reference(src, lower, upper);
      for (let i = 0; i < n + 5; i++) {
        const expected = i >= start && i < start + count ? want[i] : 7;
        if (mask[i] !== expected) {
          assert.fail(
            `${signed ? 'int16' : 'uint16'} [${lower}, ${upper}] n=${n}: voxel ${i} (${src[i]}) = ${mask[i]}, want ${expected}`,
          );
        }
      }
    }
  }
});

test('threshold16Wasm reads a view at an odd element offset of a larger buffer', () => {
  const whole = values(40001, true, 99) as Int16Array;
  const view = whole.subarray(1); // byteOffset 2: not 4-aligned
  const mask = new Uint8Array(view.length);
  threshold16Wasm(view, mask, -100, 100, 0, view.length);
  assert.deepEqual(mask, reference(view, -100, 100));
});
