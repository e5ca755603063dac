import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { writeDicomSeries, writeNifti, type Vec3, type Volume } from '@anatomodel/imaging';
import { main } from '../src/main.ts';
import { captureStderr } from './support/capture-stderr.ts';

/**
 * CT-like phantom: a 'body' sphere and a marker sphere on the patient's left, 1600 HU in air
 * (-1000 HU) with partial volume at the edges (3 x 3 x 3 sub-samples per voxel), so the 300 HU
 * threshold, the mid-level, lies on the true surfaces (grey-guided Surface Nets puts the
 * vertices there; a threshold off the mid-level would move them, as it does on a real scan).
 */
function phantom(dims: Vec3 = [40, 36, 30], spacing: Vec3 = [1, 1.2, 1.5]): Volume {
  const origin: Vec3 = [-20, -25, 10];
  const data = new Int16Array(dims[0] * dims[1] * dims[2]).fill(-1000);
  const inside = (x: number, y: number, z: number) =>
    Math.hypot(x + 3, y + 4, z - 32) < 10 || Math.hypot(x - 12, y + 4, z - 32) < 4;
  let n = 0;
  for (let k = 0; k < dims[2]; k++)
    for (let j = 0; j < dims[1]; j++)
      for (let i = 0; i < dims[0]; i++) {
        let m = 0;
        for (let c = -1; c <= 1; c++)
          for (let b = -1; b <= 1; b++)
            for (let a = -1; a <= 1; a++) {
              const x = origin[0] + (i + a / 3) * spacing[0];
              const y = origin[1] + (j + b / 3) * spacing[1];
              const z = origin[2] + (k + c / 3) * spacing[2];
              if (inside(x, y, z)) m++;
            }
        data[n++] = Math.round(-1000 + (2600 * m) / 27);
      }
  return {
    kind: 'Volume',
    geometry: {
      dims,
      spacing,
      origin,
      axes: [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ],
    },
    data,
    unit: 'HU',
  };
}

test('model: NIfTI in, 3MF out in RAS, report.json/html written, watertight parts', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'anatomodel-model-'));
  const input = join(dir, 'ct.nii.gz');
  writeFileSync(input, writeNifti(phantom(), { gzip: true }));
  const out = join(dir, 'out', 'model.3mf');
  const code = await main([
    'node',
    'anatomodel',
    'model',
    input,
    '--threshold',
    '300:3000',
    '--out',
    out,
    '--frame',
    'ras',
    '--no-progress',
    '--case-id',
    'T-1',
    '--printer',
    'prusa-mk4',
    '--manifold-check',
  ]);
  assert.equal(code, 0);
  const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
  assert.equal(report.ok, true, JSON.stringify(report.findings));
  assert.equal(report.frame, 'ras');
  assert.equal(report.parts.length, 1);
  const p = report.parts[0];
  assert.equal(p.watertight, true);
  assert.equal(p.manifoldStatus, 'NoError');
  assert.equal(p.shells, 2);
  assert.equal(p.genus, 0);
  const expected = (4 / 3) * Math.PI * (1000 + 64);
  assert.ok(Math.abs(p.volumeMm3 / expected - 1) < 0.05, String(p.volumeMm3));
  assert.ok(Math.abs(p.volumeChangePct) < 0.5, String(p.volumeChangePct));
  const html = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
  assert.match(html, /data:image\/png;base64,iVBORw0KGgo/);
  // the marker (patient left, LPS x = +12) is at RAS x = -12 in the file
  const xml = new TextDecoder().decode(unzipSync(readFileSync(out))['3D/3dmodel.model']);
  assert.match(xml, /<metadata name="anatomodel:frame">RAS<\/metadata>/);
  const xs = [...xml.matchAll(/<vertex x="([^"]+)"/g)].map((m) => Number(m[1]));
  // extents: marker edge at LPS x = +16 -> RAS -16, body edge at LPS x = -13 -> RAS +13,
  // within the ~1 mm a coarse (1-1.5 mm) binary surface moves when smoothed
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  assert.ok(lo < -14.5 && lo > -16.5, String(lo));
  assert.ok(hi > 12 && hi < 14, String(hi));
});

test('model: worker threads give byte-identical output; manifold-3d only on request', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'anatomodel-model-'));
  const input = join(dir, 'ct.nii.gz');
  writeFileSync(input, writeNifti(phantom(), { gzip: true }));
  const outputs: Buffer[] = [];
  for (const threads of ['1', '3']) {
    const out = join(dir, threads, 'model.stl');
    const args = ['model', input, '--threshold', '300:3000', '--out', out, '--no-progress'];
    assert.equal(await main(['node', 'anatomodel', ...args, '--threads', threads]), 0);
    outputs.push(readFileSync(out));
    const report = JSON.parse(readFileSync(join(dir, threads, 'report.json'), 'utf8'));
    assert.equal(report.parts[0].watertight, true);
    assert.equal(report.parts[0].manifoldStatus, 'not checked');
  }
  assert.ok(outputs[0].length > 84 + 50 * 1000);
  assert.ok(outputs[0].equals(outputs[1]));
});

test('model --decimate on one and two threads: watertight, volume kept, deviation reported', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'anatomodel-model-'));
  const input = join(dir, 'ct.nii.gz');
  writeFileSync(input, writeNifti(phantom(), { gzip: true }));
  const deviations: Array<{ maxMm: number; meanMm: number; method: string }> = [];
  for (const threads of ['1', '2']) {
    const out = join(dir, threads, 'model.stl');
    const args = ['model', input, '--threshold', '300:3000', '--out', out, '--no-progress'];
    const code = await main([
      'node',
      'anatomodel',
      ...args,
      '--decimate',
      '0.2',
      '--threads',
      threads,
    ]);
    assert.equal(code, 0);
    const report = JSON.parse(readFileSync(join(dir, threads, 'report.json'), 'utf8'));
    const [p] = report.parts;
    assert.equal(p.watertight, true);
    assert.ok(
      Math.abs(p.volumeChangeSimplificationPct) < 0.5,
      String(p.volumeChangeSimplificationPct),
    );
    deviations.push(p.deviationMm);
  }
  for (const d of deviations) {
    assert.equal(d.method, 'one-sided');
    assert.ok(d.maxMm > 0 && d.maxMm < 1.5 && d.meanMm < d.maxMm, JSON.stringify(d));
  }
});

test(
  'model --decimate, one thread: a .nii.gz whose header is not in its first 64 KiB (a long gzip file name) and with zero padding after the gzip stream gives the same STL',
  { timeout: 120_000 },
  async () => {
    // a mask larger than the smoothing's low pages, so a stale mask under its arrays would show
    const dir = mkdtempSync(join(tmpdir(), 'anatomodel-model-'));
    const gz = writeNifti(phantom([80, 72, 60], [0.5, 0.6, 0.75]), { gzip: true });
    assert.equal(gz[3], 0); // no optional gzip header fields: the header is 10 bytes
    const header = new Uint8Array([0x1f, 0x8b, 8, 0x08, 0, 0, 0, 0, 0, 3]);
    const name = new Uint8Array(70_000).fill(0x61); // FNAME, then its zero byte
    const odd = new Uint8Array(header.length + name.length + 1 + gz.length - 10 + 512);
    odd.set(header);
    odd.set(name, header.length);
    odd.set(gz.subarray(10), header.length + name.length + 1);
    const stls: Buffer[] = [];
    for (const [file, bytes] of [
      ['plain.nii.gz', gz],
      ['odd.nii.gz', odd],
    ] as const) {
      writeFileSync(join(dir, file), bytes);
      const out = join(dir, file + '.stl');
      const args = ['model', join(dir, file), '--threshold', '300:3000', '--out', out];
      const code = await main([
        'node',
        'anatomodel',
        ...args,
        '--no-progress',
        '--decimate',
        '0.2',
      ]);
      assert.equal(code, 0, file);
      stls.push(readFileSync(out));
    }
    assert.ok(stls[0].equals(stls[1]));
  },
);

test('model: bad input exits non-zero with a clear message', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'anatomodel-model-'));
  const { stderr } = await captureStderr(async () => {
    const missing = await main([
      'node',
      'anatomodel',
      'model',
      join(dir, 'nope'),
      '--preset',
      'bone',
      '--out',
      join(dir, 'm.stl'),
    ]);
    assert.equal(missing, 1);
    const badExt = await main([
      'node',
      'anatomodel',
      'model',
      dir,
      '--preset',
      'bone',
      '--out',
      join(dir, 'm.dae'),
    ]);
    assert.equal(badExt, 1);
  });
  assert.match(stderr, /--out must end in/);
  assert.equal(existsSync(join(dir, 'report.json')), false);
});

test('model: a NIfTI file (thresholded slab by slab as it streams) and a DICOM series (read whole) of one phantom give the same STL', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'anatomodel-model-'));
  const volume = phantom();
  const [ni, nj, nk] = volume.geometry.dims;
  const { spacing, origin } = volume.geometry;
  writeFileSync(join(dir, 'ct.nii.gz'), writeNifti(volume, { gzip: true }));
  const files = writeDicomSeries(
    {
      rows: nj,
      columns: ni,
      pixelSpacing: [spacing[1], spacing[0]],
      rowDirection: [1, 0, 0],
      columnDirection: [0, 1, 0],
      positions: Array.from(
        { length: nk },
        (_, k) => [origin[0], origin[1], origin[2] + k * spacing[2]] as const,
      ),
    },
    (k) => new Int16Array(volume.data.subarray(k * ni * nj, (k + 1) * ni * nj)),
    { modality: 'CT', seed: 'model-stream' },
  );
  mkdirSync(join(dir, 'dicom'));
  for (const f of files) writeFileSync(join(dir, 'dicom', f.name), f.bytes);
  const stl = async (input: string, name: string): Promise<{ bytes: Buffer; trace: string }> => {
    const out = join(dir, name, 'model.stl');
    const args = [
      'model',
      input,
      '--preset',
      'ct-bone',
      '--assume-hu',
      '--out',
      out,
      '--no-progress',
    ];
    // the memory trace names the stages, so it shows which path ran
    process.env.ANATOMODEL_TRACE_MEMORY = '1';
    try {
      const { result, stderr } = await captureStderr(() => main(['node', 'anatomodel', ...args]));
      assert.equal(result, 0, stderr);
      return { bytes: readFileSync(out), trace: stderr };
    } finally {
      delete process.env.ANATOMODEL_TRACE_MEMORY;
    }
  };
  const nifti = await stl(join(dir, 'ct.nii.gz'), 'nifti');
  const dicom = await stl(join(dir, 'dicom'), 'dicom');
  assert.match(nifti.trace, /segment [(]threshold, boundary grey[)]/, 'the NIfTI was streamed');
  assert.match(dicom.trace, /segment [(]grey volume freed[)]/, 'the DICOM series was read whole');
  // a HU preset on a NIfTI without --assume-hu: the reason, not a stream error
  const refused = await captureStderr(() =>
    main([
      'node',
      'anatomodel',
      'model',
      join(dir, 'ct.nii.gz'),
      '--preset',
      'ct-bone',
      '--out',
      join(dir, 'x.stl'),
      '--no-progress',
    ]),
  );
  assert.notEqual(refused.result, 0);
  assert.match(refused.stderr, /in HU but the volume holds raw values/);
  const fromNifti = nifti.bytes;
  const fromDicom = dicom.bytes;
  assert.ok(fromNifti.length > 84 + 50 * 1000);
  // the same triangles; coordinates equal up to the float32 rounding of the NIfTI affine
  assert.equal(fromNifti.length, fromDicom.length);
  const a = new DataView(fromNifti.buffer, fromNifti.byteOffset, fromNifti.length);
  const b = new DataView(fromDicom.buffer, fromDicom.byteOffset, fromDicom.length);
  let worst = 0;
  for (let o = 84; o < fromNifti.length; o += 50) {
    for (let f = 12; f < 48; f += 4) {
      worst = Math.max(worst, Math.abs(a.getFloat32(o + f, true) - b.getFloat32(o + f, true)));
    }
  }
  assert.ok(worst < 1e-4, `largest coordinate difference ${worst} mm`);
});
