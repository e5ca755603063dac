import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error -- a plain .mjs script without types
import { WASM_MODULES, embeddingModule, wasmBuild } from '../../../scripts/build-wasm.mjs';

/** The part of the WebAssembly JS API used here (lib ES2023 and @types/node 20 do not declare it). */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => object;
};

const haveClang = spawnSync('clang', ['--version']).status === 0;
const haveObjdump = spawnSync('llvm-objdump', ['--version']).status === 0;
const repo = new URL('../../../', import.meta.url);

for (const entry of WASM_MODULES as Array<{ module: string; builds: Array<{ source: string }> }>) {
  test(
    `${entry.module} embeds the build of ${[...new Set(entry.builds.map((b) => b.source))].join(', ')}`,
    { skip: haveClang ? false : 'clang (Debian clang, lld) is not installed: .ci/run installs it' },
    () => {
      assert.equal(
        readFileSync(new URL(entry.module, repo), 'utf8'),
        embeddingModule(entry) as string,
        'run `node scripts/build-wasm.mjs` after editing a C source',
      );
    },
  );
}

test(
  'the shared-memory windowed-sinc build keeps no state: no static data, no stack (threads share its memory)',
  {
    skip:
      haveClang && haveObjdump
        ? false
        : 'clang or llvm-objdump (Debian clang, lld, llvm) is not installed: .ci/run installs them',
  },
  () => {
    const entry = (
      WASM_MODULES as Array<{
        builds: Array<{ constant: string; source: string; flags: string[] }>;
      }>
    )
      .flatMap((e) => e.builds)
      .find((b) => b.constant === 'WINDOWED_SINC_SHARED_WASM');
    assert.ok(entry);
    const dir = mkdtempSync(join(tmpdir(), 'anatomodel-wasm-test-'));
    try {
      // the same build with the data section's bounds exported: equal when there is no data
      const file = join(dir, 'k.wasm');
      const flags = [...entry.flags, '-Wl,--export=__data_end', '-Wl,--export=__global_base'];
      const bytes = wasmBuild(entry.source, flags) as Buffer;
      writeFileSync(file, bytes);
      const memory = new WebAssembly.Memory({ initial: 2, maximum: 65536, shared: true });
      const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } })
        .exports as Record<string, { value: number }>;
      assert.equal(exports.__data_end.value, exports.__global_base.value, 'static data');
      // and no global in the code (the stack pointer is one)
      const dump = spawnSync('llvm-objdump', ['-d', file], { encoding: 'utf8' });
      assert.equal(dump.status, 0, dump.stderr);
      const code = dump.stdout.split('\n').filter((l) => /^\s+[0-9a-f]+:/.test(l));
      assert.ok(code.length > 100, 'disassembled');
      assert.deepEqual(
        code.filter((l) => /global\.(get|set)/.test(l)),
        [],
        'a global (the stack pointer?) in the shared build',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
