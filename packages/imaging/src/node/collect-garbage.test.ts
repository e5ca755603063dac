import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { releaseMemory } from './collect-garbage.ts';

/** The part of the WebAssembly JS API used here (lib ES2023 and @types/node 20 lack it). */
declare const WebAssembly: {
  Memory: new (d: { initial: number; maximum?: number; shared?: boolean }) => {
    readonly buffer: ArrayBuffer;
  };
};

/** The resident set of this process in MB (Linux), or null. */
function residentMb(): number | null {
  if (!existsSync('/proc/self/status')) return null;
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : null;
}

for (const shared of [false, true]) {
  test(`releaseMemory unmaps a dropped ${shared ? 'shared ' : ''}WebAssembly.Memory`, async (t) => {
    if (residentMb() === null) {
      t.skip('needs /proc/self/status (Linux) to read the resident set');
      return;
    }
    // 48 MiB, every page touched
    let memory: { readonly buffer: ArrayBuffer } | null = new WebAssembly.Memory(
      shared ? { initial: 768, maximum: 1024, shared: true } : { initial: 768 },
    );
    new Uint8Array(memory.buffer).fill(1);
    const held = residentMb() as number;
    memory = null;
    await releaseMemory();
    const after = residentMb() as number;
    assert.ok(held - after > 40, `resident ${held.toFixed(0)} -> ${after.toFixed(0)} MB`);
  });
}
