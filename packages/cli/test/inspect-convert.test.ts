/**
 * `anatomodel inspect` and `anatomodel convert` end to end, through the installed bin, on a
 * generated left/right phantom series (and the corpus CT when present).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  isSameGrid,
  readNifti,
  indexToLps,
  lpsToIndex,
  leftRightPhantom,
  renderPhantomSeries,
  planFromGeometry,
  standardGeometry,
} from '@anatomodel/imaging';
import { loadVolumeFromPath } from '@anatomodel/imaging/node';

const bin = fileURLToPath(new URL('../bin/anatomodel.js', import.meta.url));

function cli(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
}

function phantomFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'anatomodel-cli-'));
  const g = standardGeometry({
    orientation: 'oblique',
    dims: [40, 36, 50],
    spacing: [3.2, 3, 3.6],
    feetFirst: true,
  });
  const files = renderPhantomSeries(leftRightPhantom().phantom, planFromGeometry(g), {
    modality: 'CT',
    seed: 'cli',
    seriesDescription: 'LR phantom',
  });
  mkdirSync(join(dir, 'series'));
  for (const f of files) writeFileSync(join(dir, 'series', f.name), f.bytes);
  writeFileSync(join(dir, 'series', 'README.txt'), 'not dicom');
  return dir;
}

test('inspect prints one line per series and lists skipped files; --json is parseable', () => {
  const dir = phantomFolder();
  try {
    const text = cli('inspect', dir);
    assert.equal(text.status, 0, text.stderr);
    const lines = text.stdout.trim().split('\n');
    assert.match(
      lines[0],
      /CT {2}"LR phantom" {2}40x36x50 {2}3\.2x3x3\.6 mm {2}oblique-axial {2}explicit-LE/,
    );
    assert.ok(
      lines.some((l) => /^skipped series\/README\.txt: /.test(l)),
      text.stdout,
    );
    const json = cli('inspect', dir, '--json');
    const report = JSON.parse(json.stdout) as {
      series: { dims: number[]; images: number }[];
      skipped: unknown[];
    };
    assert.deepEqual(report.series[0].dims, [40, 36, 50]);
    assert.equal(report.series[0].images, 50);
    assert.equal(report.skipped.length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('convert writes the volume exactly as the pipeline sees it, plus a JSON sidecar', async () => {
  const dir = phantomFolder();
  try {
    const out = join(dir, 'out', 'volume.nii.gz');
    const r = cli('convert', dir, '--out', out);
    assert.equal(r.status, 0, r.stderr);
    const { volume: nifti } = readNifti(readFileSync(out), out, { unit: 'HU' });
    const { volume } = await loadVolumeFromPath(dir);
    assert.ok(
      isSameGrid(nifti.geometry, volume.geometry, 1e-3, 1e-5),
      'same grid after RAS round trip',
    );
    assert.deepEqual(
      Array.from(nifti.data.subarray(0, 5000)),
      Array.from(volume.data.subarray(0, 5000)),
    );
    // the left marker is where the phantom put it, read back from the NIfTI
    const left = leftRightPhantom().markers.left;
    const idx = lpsToIndex(nifti.geometry, left).map(Math.round);
    const [nx, ny] = nifti.geometry.dims;
    assert.equal(nifti.data[idx[0] + nx * (idx[1] + ny * idx[2])], 1000);
    const p = indexToLps(nifti.geometry, idx[0], idx[1], idx[2]);
    assert.ok(Math.hypot(p[0] - left[0], p[1] - left[1], p[2] - left[2]) < 3);
    const sidecar = JSON.parse(readFileSync(join(dir, 'out', 'volume.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    assert.equal(sidecar.modality, 'CT');
    assert.equal(sidecar.unit, 'HU');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad input: non-zero exit and a one-line reason naming the problem', () => {
  const dir = mkdtempSync(join(tmpdir(), 'anatomodel-cli-bad-'));
  try {
    writeFileSync(join(dir, 'a.txt'), 'hello');
    const r = cli('convert', dir, '--out', join(dir, 'x.nii.gz'));
    assert.equal(r.status, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^anatomodel: NO_SERIES: /);
    const missing = cli('convert', join(dir, 'nope'), '--out', join(dir, 'x.nii.gz'));
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /IO_ERROR: no such file or folder/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
