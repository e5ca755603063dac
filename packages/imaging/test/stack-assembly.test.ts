/**
 * Stack assembly on synthetic series with exact truth: missing slices, irregular spacing,
 * duplicates, mixed series, localizers, non-DICOM files, zip input and damaged files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zipSync } from 'fflate';
import type { DicomSource, Vec3, Volume } from '../src/index.ts';
import { ImagingError, indexToLps, loadDicomSeries, readZip, scanDicom } from '../src/index.ts';
import { writeDicomSeries, type SlicePlan } from '../src/dicom-write/write-dicom-series.ts';

/** A value that encodes the z position exactly: 10 * z (mm) + column index. */
function rampSeries(
  zs: readonly number[],
  options: { seed?: string; description?: string; uid?: string } = {},
) {
  const plan: SlicePlan = {
    rows: 6,
    columns: 8,
    pixelSpacing: [1.5, 1.25],
    rowDirection: [1, 0, 0],
    columnDirection: [0, 1, 0],
    positions: zs.map((z): Vec3 => [-5, -4, z]),
  };
  return writeDicomSeries(
    plan,
    (k) => {
      const a = new Float32Array(48);
      for (let p = 0; p < 48; p++) a[p] = Math.round(10 * zs[k]) + (p % 8);
      return a;
    },
    {
      modality: 'CT',
      seed: options.seed ?? 'ramp',
      seriesDescription: options.description,
      seriesInstanceUid: options.uid,
    },
  );
}

const sources = (files: { name: string; bytes: Uint8Array }[]): DicomSource[] =>
  files.map((f) => ({ label: f.name, read: () => f.bytes }));

function zAt(v: Volume, k: number): number {
  return indexToLps(v.geometry, 0, 0, k)[2];
}

test('uniform stack: spacing from positions, not SliceThickness; values exact', async () => {
  const zs = [10, 12.5, 15, 17.5, 20];
  const { volume } = await loadDicomSeries(await scanDicom(sources(rampSeries(zs).reverse())));
  assert.deepEqual(volume.geometry.dims, [8, 6, 5]);
  assert.ok(Math.abs(volume.geometry.spacing[2] - 2.5) < 1e-9);
  for (let k = 0; k < 5; k++) {
    assert.ok(Math.abs(zAt(volume, k) - zs[k]) < 1e-9);
    assert.equal(volume.data[k * 48 + 3], 10 * zs[k] + 3);
  }
});

test('a missing slice is refused with MISSING_SLICES naming the gap', async () => {
  const files = rampSeries([0, 2, 4, 6, 8, 10]);
  files.splice(3, 1); // drop z = 6
  await assert.rejects(loadDicomSeries(await scanDicom(sources(files))), (e: unknown) => {
    assert.ok(e instanceof ImagingError);
    assert.equal(e.code, 'MISSING_SLICES');
    assert.match(e.message, /1 missing between .* \(4\.00 mm\) and .* \(8\.00 mm\)/);
    return true;
  });
});

test('missing slices interpolated when the user opts in', async () => {
  const files = rampSeries([0, 2, 4, 6, 8, 10]);
  files.splice(3, 1);
  const { volume, warnings } = await loadDicomSeries(await scanDicom(sources(files)), {
    onMissingSlices: 'interpolate',
  });
  assert.equal(volume.geometry.dims[2], 6);
  assert.ok(Math.abs(zAt(volume, 3) - 6) < 1e-9);
  assert.equal(volume.data[3 * 48 + 5], 60 + 5, 'linear interpolation between z=4 and z=8');
  assert.ok(warnings.some((w) => /missing slices interpolated/.test(w)));
});

test('irregular spacing: resampled to the finest spacing by default, refused on request', async () => {
  const zs = [0, 1, 2, 4.5, 5.5, 7];
  const { volume, warnings } = await loadDicomSeries(await scanDicom(sources(rampSeries(zs))));
  assert.ok(Math.abs(volume.geometry.spacing[2] - 1) < 1e-9);
  assert.equal(volume.geometry.dims[2], 8);
  assert.ok(Math.abs(zAt(volume, 7) - 7) < 1e-9, 'last slice kept in place');
  // output z = 3 lies 0.4 of the way from z=2 to z=4.5: value 20 + 0.4*25 = 30
  assert.ok(Math.abs(zAt(volume, 3) - 3) < 1e-9);
  assert.equal(volume.data[3 * 48], 30);
  assert.ok(warnings.some((w) => /non-uniform/.test(w)));
  await assert.rejects(
    loadDicomSeries(await scanDicom(sources(rampSeries(zs))), { onNonUniformSpacing: 'error' }),
    (e: unknown) => e instanceof ImagingError && e.code === 'NON_UNIFORM_SPACING',
  );
});

test('two images at one position in one series: MIXED_SERIES naming both files', async () => {
  const a = rampSeries([0, 2, 4], { seed: 'a', uid: '1.2.3.4' });
  const b = rampSeries([4], { seed: 'b', uid: '1.2.3.4' }).map((f) => ({
    ...f,
    name: 'extra-' + f.name,
  }));
  await assert.rejects(loadDicomSeries(await scanDicom(sources([...a, ...b]))), (e: unknown) => {
    assert.ok(e instanceof ImagingError && e.code === 'MIXED_SERIES', String(e));
    assert.match(e.message, /extra-/);
    return true;
  });
});

test('several series: refused without a choice, loaded by SeriesInstanceUID', async () => {
  const a = rampSeries([0, 2, 4], { seed: 'a', uid: '1.2.3.1', description: 'bone' });
  const b = rampSeries([0, 3, 6, 9], { seed: 'b', uid: '1.2.3.2', description: 'soft' });
  const scan = await scanDicom(sources([...a, ...b]));
  assert.equal(scan.series.length, 2);
  await assert.rejects(
    loadDicomSeries(scan),
    (e: unknown) => e instanceof ImagingError && e.code === 'MIXED_SERIES',
  );
  const { volume } = await loadDicomSeries(scan, { seriesInstanceUid: '1.2.3.2' });
  assert.equal(volume.geometry.dims[2], 4);
  await assert.rejects(
    loadDicomSeries(scan, { seriesInstanceUid: '9.9' }),
    (e: unknown) => e instanceof ImagingError && e.code === 'SERIES_NOT_FOUND',
  );
});

test('non-DICOM files are skipped with a reason; duplicates of an instance are skipped', async () => {
  const files = rampSeries([0, 2, 4]);
  const extra = [
    { name: 'notes.txt', bytes: new TextEncoder().encode('hello, this is not DICOM at all') },
    { name: 'copy.dcm', bytes: files[1].bytes },
  ];
  const scan = await scanDicom(sources([...files, ...extra]));
  assert.equal(scan.series.length, 1);
  assert.equal(scan.series[0].slices.length, 3);
  const reasons = Object.fromEntries(scan.skipped.map((s) => [s.file, s.reason]));
  assert.ok(reasons['notes.txt'], 'text file skipped');
  assert.match(reasons['copy.dcm'], /duplicate/);
});

test('a truncated DICOM file fails the load, naming the file', async () => {
  const files = rampSeries([0, 2, 4, 6]);
  files[2] = { name: 'broken.dcm', bytes: files[2].bytes.subarray(0, files[2].bytes.length - 40) };
  const scan = await scanDicom(sources(files));
  await assert.rejects(loadDicomSeries(scan), (e: unknown) => {
    assert.ok(e instanceof ImagingError, String(e));
    assert.equal(e.file, 'broken.dcm');
    return true;
  });
});

test('zip input: entries listed without inflating, series loads', async () => {
  const files = rampSeries([0, 2, 4, 6]);
  const zip = zipSync(Object.fromEntries(files.map((f, i) => [`study/s${i}.dcm`, f.bytes])), {
    level: 6,
  });
  const entries = readZip(zip, 'study.zip');
  assert.deepEqual(entries.map((e) => e.name).sort(), [
    'study/s0.dcm',
    'study/s1.dcm',
    'study/s2.dcm',
    'study/s3.dcm',
  ]);
  const { volume } = await loadDicomSeries(
    await scanDicom(entries.map((e) => ({ label: `study.zip:${e.name}`, read: () => e.read() }))),
  );
  assert.equal(volume.geometry.dims[2], 4);
  assert.equal(volume.data[2 * 48 + 1], 41);
  assert.throws(
    () => readZip(zip.subarray(0, 100), 'cut.zip'),
    (e: unknown) => e instanceof ImagingError,
  );
});

test('abort signal stops a load', async () => {
  const scan = await scanDicom(sources(rampSeries([0, 2, 4])));
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(loadDicomSeries(scan, { signal: ac.signal }));
});

test('microns of position rounding are not a gantry tilt; a real shear is', async () => {
  const zs = [0, 2, 4, 6, 8];
  const jitter = [0, 0.004, -0.003, 0.002, 0.004];
  // rewrite the positions with in-plane jitter (IPP x), as rounded oblique exports show
  const jittered = writeDicomSeries(
    {
      rows: 6,
      columns: 8,
      pixelSpacing: [1.5, 1.25],
      rowDirection: [1, 0, 0],
      columnDirection: [0, 1, 0],
      positions: zs.map((z, k): Vec3 => [-5 + jitter[k], -4, z]),
    },
    (k) => Float32Array.from({ length: 48 }, (_, p) => 10 * zs[k] + (p % 8)),
    { modality: 'CT', seed: 'jitter' },
  );
  const a = await loadDicomSeries(await scanDicom(sources(jittered)));
  assert.equal(a.plan.resample, undefined, 'no resampling for 4 micron drift');
  assert.equal(a.volume.data[4 * 48 + 7], 87);
  const sheared = writeDicomSeries(
    {
      rows: 6,
      columns: 8,
      pixelSpacing: [1.5, 1.25],
      rowDirection: [1, 0, 0],
      columnDirection: [0, 1, 0],
      positions: zs.map((z): Vec3 => [-5 + 0.05 * z, -4, z]), // 2.9 deg tilt along x
    },
    (k) => Float32Array.from({ length: 48 }, (_, p) => 10 * zs[k] + (p % 8)),
    { modality: 'CT', seed: 'shear' },
  );
  const b = await loadDicomSeries(await scanDicom(sources(sheared)));
  assert.ok(b.plan.resample, 'sheared stack resampled');
  assert.ok(Math.abs(b.plan.tiltDeg - (Math.atan(0.05) * 180) / Math.PI) < 1e-6);
});

test('a DICOMDIR and a non-image DICOM object are skipped with their reasons', async () => {
  const files = rampSeries([0, 2, 4]);
  // a DICOMDIR: MediaStorageSOPClassUID (0002,0002) = Media Storage Directory Storage
  const dicomdir = new Uint8Array(files[0].bytes);
  const from = new TextEncoder().encode('1.2.840.10008.5.1.4.1.1.2\0');
  const to = new TextEncoder().encode('1.2.840.10008.1.3.10\0\0\0\0\0\0');
  const at = dicomdir.findIndex((_, i) => from.every((b, j) => dicomdir[i + j] === b));
  assert.ok(at > 0 && at < 400, 'meta SOP class found');
  dicomdir.set(to, at);
  const scan = await scanDicom(sources([...files, { name: 'DICOMDIR', bytes: dicomdir }]));
  const reasons = Object.fromEntries(scan.skipped.map((s) => [s.file, s.reason]));
  assert.match(reasons['DICOMDIR'], /DICOMDIR/);
  assert.equal(scan.series[0].slices.length, 3);
});
