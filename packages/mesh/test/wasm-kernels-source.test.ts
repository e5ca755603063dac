import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
// @ts-expect-error -- a plain .mjs script without types
import { WASM_MODULES, embeddingModule } from '../../../scripts/build-wasm.mjs';

const haveClang = spawnSync('clang', ['--version']).status === 0;
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
