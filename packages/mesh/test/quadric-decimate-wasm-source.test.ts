import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
// @ts-expect-error -- a plain .mjs script without types
import { WASM_KERNELS, embeddingModule, wasmBuild } from '../../../scripts/build-wasm.mjs';

const haveClang = spawnSync('clang', ['--version']).status === 0;

test(
  'the embedded decimation kernel is the build of wasm/quadric-decimate.c',
  { skip: haveClang ? false : 'clang (Debian clang, lld) is not installed: .ci/run installs it' },
  () => {
    const kernel = (WASM_KERNELS as Array<{ source: string; module: string }>).find((k) =>
      k.source.endsWith('quadric-decimate.c'),
    );
    assert.ok(kernel);
    const built = embeddingModule(kernel, wasmBuild(kernel.source)) as string;
    const repo = new URL('../../../', import.meta.url);
    assert.equal(
      readFileSync(new URL(kernel.module, repo), 'utf8'),
      built,
      'run `node scripts/build-wasm.mjs` after editing the C source',
    );
  },
);
