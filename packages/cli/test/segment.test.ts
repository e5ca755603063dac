import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNifti, writeDicomSeries, writeNifti, type Volume } from '@anatomodel/imaging';
import { corpusRoot } from '../../imaging/test/support/corpus.ts';

const bin = new URL('../bin/anatomodel.js', import.meta.url).pathname;
const run = (...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

/** CT phantom, 0.5 x 0.5 x 2.0 mm: a 1000 HU shell (r 3..5 mm, a sealed cavity) + a 1-voxel speck. */
function phantom(): { volume: Volume; shellVoxels: number; solidVoxels: number } {
  const dims = [32, 32, 10] as const;
  const data = new Int16Array(32 * 32 * 10).fill(-1000);
  let shellVoxels = 0;
  let solidVoxels = 0;
  for (let k = 0; k < 10; k++)
    for (let j = 0; j < 32; j++)
      for (let i = 0; i < 32; i++) {
        const r2 = ((i - 16) * 0.5) ** 2 + ((j - 16) * 0.5) ** 2 + ((k - 5) * 2) ** 2;
        if (r2 <= 25) solidVoxels++;
        if (r2 <= 25 && r2 > 9) {
          data[i + 32 * j + 1024 * k] = 1000;
          shellVoxels++;
        }
      }
  data[1 + 32 + 1024] = 1000; // a speck far from the shell
  const volume: Volume = {
    kind: 'Volume',
    geometry: {
      dims,
      spacing: [0.5, 0.5, 2.0],
      origin: [-8, -8, -10],
      axes: [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ],
    },
    data,
    unit: 'HU',
  };
  return { volume, shellVoxels, solidVoxels };
}

test('segment: threshold + keep largest + fill holes writes the filled sphere on the source grid', () => {
  const dir = mkdtempSync(join(tmpdir(), 'anatomodel-seg-'));
  try {
    const { volume, shellVoxels, solidVoxels } = phantom();
    const input = join(dir, 'ct.nii.gz');
    writeFileSync(input, writeNifti(volume, { gzip: true }));
    const out = join(dir, 'labels.nii.gz');
    const r = run(
      'segment',
      input,
      '--preset',
      'ct-bone',
      '--assume-hu',
      '--keep-largest',
      '--fill-holes',
      '--out',
      out,
    );
    assert.equal(r.status, 0, r.stderr);
    const lm = readNifti(new Uint8Array(readFileSync(out)), out).volume;
    assert.deepEqual(lm.geometry.dims, volume.geometry.dims);
    for (let c = 0; c < 3; c++) {
      assert.ok(Math.abs(lm.geometry.origin[c] - volume.geometry.origin[c]) < 1e-4);
      assert.ok(Math.abs(lm.geometry.spacing[c] - volume.geometry.spacing[c]) < 1e-6);
    }
    let n = 0;
    for (let p = 0; p < lm.data.length; p++) n += lm.data[p] === 1 ? 1 : 0;
    assert.equal(n, solidVoxels);
    assert.ok(solidVoxels > shellVoxels);
    assert.match(
      r.stdout,
      new RegExp(
        `segment 1 'ct-bone': ${solidVoxels} voxels, ${(solidVoxels * 0.5).toFixed(1)} mm3`,
      ),
    );

    // without cleanup the speck stays; a raw range works on NIfTI values without --assume-hu
    const r2 = run('segment', input, '--threshold', '300:3071', '--out', out);
    assert.equal(r2.status, 0, r2.stderr);
    assert.match(r2.stdout, new RegExp(`${shellVoxels + 1} voxels`));
    // islands below 1 mm3 (two voxels' worth) go
    const r3 = run(
      'segment',
      input,
      '--threshold',
      '300:3071',
      '--min-island-mm3',
      '1',
      '--out',
      out,
    );
    assert.match(r3.stdout, new RegExp(`${shellVoxels} voxels`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('segment: a DICOM input thresholded on 2 threads (shared memory) gives the 1-thread result', () => {
  const dir = mkdtempSync(join(tmpdir(), 'anatomodel-seg-'));
  try {
    const { volume, shellVoxels } = phantom();
    const [ni, nj, nk] = volume.geometry.dims;
    const files = writeDicomSeries(
      {
        rows: nj,
        columns: ni,
        pixelSpacing: [0.5, 0.5],
        rowDirection: [1, 0, 0],
        columnDirection: [0, 1, 0],
        positions: Array.from({ length: nk }, (_, k) => [-8, -8, -10 + 2 * k] as const),
      },
      (k) => new Int16Array(volume.data.subarray(k * ni * nj, (k + 1) * ni * nj)),
      { modality: 'CT', seed: 'segment-threads' },
    );
    mkdirSync(join(dir, 'dicom'));
    for (const f of files) writeFileSync(join(dir, 'dicom', f.name), f.bytes);
    const outs = ['1', '2'].map((threads) => {
      const out = join(dir, `t${threads}.nii`);
      const r = run(
        'segment',
        join(dir, 'dicom'),
        '--preset',
        'ct-bone',
        '--threads',
        threads,
        '--out',
        out,
      );
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, threads === '2' ? /threshold \(2 threads\)/ : /threshold\.\.\./);
      assert.match(r.stdout, new RegExp(`segment 1 'ct-bone': ${shellVoxels + 1} voxels`));
      return readFileSync(out);
    });
    assert.ok(outs[0].equals(outs[1]), 'identical label maps');
    assert.match(
      run(
        'segment',
        join(dir, 'dicom'),
        '--preset',
        'ct-bone',
        '--threads',
        '0',
        '--out',
        join(dir, 'x.nii'),
      ).stderr,
      /--threads must be an integer >= 1/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('segment: bad arguments fail with a message and exit code 1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'anatomodel-seg-'));
  try {
    const input = join(dir, 'ct.nii');
    writeFileSync(input, writeNifti(phantom().volume));
    const out = join(dir, 'l.nii.gz');
    const both = run('segment', input, '--preset', 'ct-bone', '--threshold', '1:2', '--out', out);
    assert.equal(both.status, 1);
    assert.match(both.stderr, /exactly one of --preset/);
    const raw = run('segment', input, '--preset', 'ct-bone', '--out', out);
    assert.equal(raw.status, 1);
    assert.match(raw.stderr, /INVALID_OPTION/);
    const conn = run('segment', input, '--threshold', '0:1', '--connectivity', '8', '--out', out);
    assert.equal(conn.status, 1);
    assert.match(
      run('segment', input, '--preset', 'bogus', '--assume-hu', '--out', out).stderr,
      /UNKNOWN_PRESET/,
    );
    assert.equal(existsSync(out), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('segment: corpus CT, bone preset, largest component', (t) => {
  const root = corpusRoot();
  const ct = root === undefined ? '' : join(root, 'ct_abdomen_pancreas_tcia', 'dicom');
  if (ct === '' || !existsSync(ct)) {
    t.skip('CORPUS_ABSENT');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'anatomodel-seg-'));
  try {
    const out = join(dir, 'bone.nii.gz');
    const r = run('segment', ct, '--preset', 'ct-bone', '--keep-largest', '--out', out);
    assert.equal(r.status, 0, r.stderr);
    const lm = readNifti(new Uint8Array(readFileSync(out)), out).volume;
    assert.deepEqual(lm.geometry.dims, [512, 512, 134]);
    const m = /segment 1 'ct-bone': (\d+) voxels, ([\d.]+) mm3/.exec(r.stdout);
    assert.ok(m, r.stdout);
    // the skeleton of a chest-abdomen CT: hundreds of mL of bone, not noise and not the body
    const ml = Number(m?.[2]) / 1000;
    assert.ok(ml > 100 && ml < 3000, `bone volume ${ml} mL`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
