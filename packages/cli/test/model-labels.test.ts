import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeNifti, type Vec3, type Volume } from '@anatomodel/imaging';
import { main } from '../src/main.ts';
import { captureStderr } from './support/capture-stderr.ts';

/** CT-like block 40 x 30 x 24 mm (700 HU) centred at LPS (0, 0, 20), 1 mm voxels. */
function block(): Volume {
  const dims: Vec3 = [50, 40, 34];
  const origin: Vec3 = [-24.5, -19.5, 3.5];
  const data = new Int16Array(dims[0] * dims[1] * dims[2]).fill(-1000);
  let n = 0;
  for (let k = 0; k < dims[2]; k++)
    for (let j = 0; j < dims[1]; j++)
      for (let i = 0; i < dims[0]; i++) {
        const x = origin[0] + i;
        const y = origin[1] + j;
        const z = origin[2] + k;
        if (Math.abs(x) < 20 && Math.abs(y) < 15 && Math.abs(z - 20) < 12) data[n] = 700;
        n++;
      }
  const axes: [Vec3, Vec3, Vec3] = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];
  return { kind: 'Volume', geometry: { dims, spacing: [1, 1, 1], origin, axes }, data, unit: 'HU' };
}

test('model --emboss --laterality-marker --decimate --material: labels, deviation, walls', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'anatomodel-labels-'));
  const input = join(dir, 'ct.nii.gz');
  writeFileSync(input, writeNifti(block(), { gzip: true }));
  const out = join(dir, 'model.stl');
  const code = await main([
    'node',
    'anatomodel',
    'model',
    input,
    '--threshold',
    '300:3000',
    '--out',
    out,
    '--no-progress',
    '--decimate',
    '0.5',
    '--emboss',
    'T-7',
    '--laterality-marker',
    '--material',
    'pla',
    '--manifold-check',
  ]);
  assert.equal(code, 0);
  const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
  const [p] = report.parts;
  assert.equal(p.watertight, true);
  assert.equal(p.manifoldStatus, 'NoError');
  const notes: string[] = report.notes;
  assert.ok(
    notes.some((n) => /'T-7' embossed on the anterior side/.test(n)),
    notes.join('\n'),
  );
  const lNote = notes.find((n) => /'L' embossed on the left side at LPS/.test(n));
  const rNote = notes.find((n) => /'R' embossed on the right side at LPS/.test(n));
  assert.ok(lNote && rNote, notes.join('\n'));
  // the L marker sits on the patient's left face (x ~ +20 mm), the R on the right (x ~ -20)
  const xOf = (note: string) => Number(/at LPS (-?[\d.]+),/.exec(note)?.[1]);
  assert.ok(xOf(lNote) > 18 && xOf(rNote) < -18, `${lNote} / ${rNote}`);
  // letters raised 0.8 mm: the box grows beyond +-20 mm in x
  assert.ok(p.boundsMm.max[0] > 20.5 && p.boundsMm.min[0] < -20.5);
  // deviation from the Surface Nets surface is reported, small for a smoothed box
  assert.ok(p.deviationMm.maxMm > 0 && p.deviationMm.maxMm < 2.5, JSON.stringify(p.deviationMm));
  assert.ok(Math.abs(p.volumeChangeSimplificationPct) < 0.5);
  // 24 mm is the thinnest extent: walls far above 1 mm, nothing thinner than PLA's minimum
  assert.equal(p.wallThickness.thinVolumePct, 0);
  assert.ok(p.wallThickness.medianMm > 5);
  const html = readFileSync(join(dir, 'report.html'), 'utf8');
  assert.match(html, /<li>anterior view \(from the front\): patient's left on image right/);
});

test('model: a bad --emboss-face exits non-zero with a clear message', async () => {
  const { result: code, stderr } = await captureStderr(() =>
    main([
      'node',
      'anatomodel',
      'model',
      'missing.nii',
      '--threshold',
      '300:3000',
      '--out',
      'x.stl',
      '--emboss',
      'A',
      '--emboss-face',
      'top',
    ]),
  );
  assert.notEqual(code, 0);
  assert.match(stderr, /--emboss-face must be one of anterior/);
});
