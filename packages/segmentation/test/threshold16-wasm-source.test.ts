import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import wabtInit from 'wabt';
import { THRESHOLD16_WASM } from '../src/threshold16-wasm.ts';

test('the embedded bytes are the binary of wasm/threshold16.wat', async () => {
  const wabt = await wabtInit();
  const path = new URL('../src/wasm/threshold16.wat', import.meta.url);
  const parsed = wabt.parseWat('threshold16.wat', readFileSync(path, 'utf8'), { simd: true });
  const { buffer } = parsed.toBinary({});
  parsed.destroy();
  assert.equal(Buffer.from(buffer).toString('base64'), THRESHOLD16_WASM);
});
