import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeNifti, type Vec3, type Volume } from '@anatomodel/imaging';
import { main } from '../src/main.ts';
import { captureStderr } from './support/capture-stderr.ts';

/** Sphere r = 10 mm, 1600 HU in -1000 HU, partial volume (4^3 sub-samples), centre (0, 0, 0) on a voxel centre. */
function sphere(): Volume {
  const dims: Vec3 = [31, 31, 31];
  const data = new Int16Array(31 ** 3);
  let n = 0;
  for (let k = 0; k < 31; k++)
    for (let j = 0; j < 31; j++)
      for (let i = 0; i < 31; i++) {
        let m = 0;
        for (let c = 0; c < 4; c++)
          for (let b = 0; b < 4; b++)
            for (let a = 0; a < 4; a++) {
              const r = Math.hypot(
                i - 15 + (a + 0.5) / 4 - 0.5,
                j - 15 + (b + 0.5) / 4 - 0.5,
                k - 15 + (c + 0.5) / 4 - 0.5,
              );
              if (r < 10) m++;
            }
        data[n++] = Math.round(-1000 + (2600 * m) / 64);
      }
  const axes: [Vec3, Vec3, Vec3] = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];
  return {
    kind: 'Volume',
    geometry: { dims, spacing: [1, 1, 1], origin: [-15, -15, -15], axes },
    data,
    unit: 'HU',
  };
}

/** Max |r - 10| over the OBJ's vertices, mm. */
function radialError(obj: string): number {
  let max = 0;
  for (const m of obj.matchAll(/^v (\S+) (\S+) (\S+)/gm)) {
    max = Math.max(max, Math.abs(Math.hypot(Number(m[1]), Number(m[2]), Number(m[3])) - 10));
  }
  return max;
}

test('model: vertices placed from the grey volume (default) beat the binary midpoints on a partial-volume sphere before smoothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'anatomodel-grey-'));
  const input = join(dir, 'ct.nii.gz');
  writeFileSync(input, writeNifti(sphere(), { gzip: true }));
  const errors: Record<string, number> = {};
  for (const [name, extra] of [
    ['grey', []],
    ['binary', ['--no-grey-guide']],
    ['grey raw', ['--no-smooth']],
    ['binary raw', ['--no-smooth', '--no-grey-guide']],
  ] as const) {
    const out = join(dir, `${name.replace(' ', '-')}.obj`);
    const args = ['node', 'anatomodel', 'model', input, '--threshold', '300:3000', '--out', out];
    const { result: code } = await captureStderr(() =>
      main([...args, '--no-progress', '--threads', '1', ...extra]),
    );
    assert.equal(code, 0);
    errors[name] = radialError(readFileSync(out, 'utf8'));
  }
  const msg = JSON.stringify(errors);
  assert.ok(errors['grey raw'] < 0.1 && errors['grey raw'] < errors['binary raw'] / 3, msg);
  // smoothing a sphere of only 10 voxels' radius costs about 0.1 mm either way
  assert.ok(errors.grey < 0.15 && errors.binary < 0.15, msg);
});
