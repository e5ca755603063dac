/** `npm start` runs `anatomodel demo`: a generated phantom through the whole model job. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/anatomodel.js', import.meta.url));

test('demo writes a phantom series, a watertight model and the report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'anatomodel-demo-'));
  try {
    const r = spawnSync(process.execPath, [bin, 'demo', '--out-dir', dir, '--format', 'stl'], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(join(dir, 'model.stl')));
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as {
      ok: boolean;
      parts: { watertight: boolean; shells: number; genus: number }[];
    };
    assert.equal(report.ok, true);
    // three marker spheres and the ring: four closed shells, one handle
    assert.equal(report.parts[0].shells, 4);
    assert.equal(report.parts[0].genus, 1);
    assert.equal(report.parts[0].watertight, true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
