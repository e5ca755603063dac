import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isWasmTrap, wasmCodecs } from './wasm-codecs.ts';

test('all four codec modules instantiate in one process, each once, shared by concurrent calls', async () => {
  // OpenJPEG before OpenJPH once failed when the modules shared one options object
  for (const load of [
    wasmCodecs.charls,
    wasmCodecs.libjpegTurbo,
    wasmCodecs.openjpeg,
    wasmCodecs.openjph,
  ]) {
    const [a, b] = await Promise.all([load(), load()]);
    assert.equal(a, b);
    assert.equal(await load(), a);
  }
});

test('reset() gives a fresh, working instance', async () => {
  const first = await wasmCodecs.openjpeg();
  wasmCodecs.openjpeg.reset();
  const second = await wasmCodecs.openjpeg();
  assert.notEqual(second, first);
  const decoder = new second.J2KDecoder();
  decoder.delete();
});

test('isWasmTrap recognises a real WebAssembly trap and nothing else', async () => {
  // (module (func (export "f") unreachable))
  const bytes = new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02,
    0x01, 0x00, 0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00, 0x0a, 0x05, 0x01, 0x03, 0x00, 0x00, 0x0b,
  ]);
  const wasm = (
    globalThis as unknown as {
      WebAssembly: {
        instantiate(b: Uint8Array): Promise<{ instance: { exports: { f(): void } } }>;
      };
    }
  ).WebAssembly;
  const { instance } = await wasm.instantiate(bytes);
  let trap: unknown;
  try {
    instance.exports.f();
  } catch (e) {
    trap = e;
  }
  assert.equal(isWasmTrap(trap), true);
  assert.equal(isWasmTrap(new Error('plain')), false);
  assert.equal(isWasmTrap('string'), false);
});
