/**
 * Loading with `sharedMemory`: the voxels lie on a SharedArrayBuffer (for worker threads, no
 * copy) and equal the default load, on the direct and the resampling path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DicomSource, Vec3 } from '../src/index.ts';
import { loadDicomSeries, scanDicom } from '../src/index.ts';
import { writeDicomSeries, type SlicePlan } from '../src/dicom-write/write-dicom-series.ts';

/** A CT series of 8 x 6 slices at `zs`, values from z, column and row. */
function series(zs: readonly number[]): DicomSource[] {
  const plan: SlicePlan = {
    rows: 6,
    columns: 8,
    pixelSpacing: [1.5, 1.25],
    rowDirection: [1, 0, 0],
    columnDirection: [0, 1, 0],
    positions: zs.map((z): Vec3 => [-5, -4, z]),
  };
  const files = writeDicomSeries(
    plan,
    (k) => {
      const a = new Float32Array(48);
      for (let p = 0; p < 48; p++) a[p] = Math.round(10 * zs[k]) + (p % 8) * 7 - 200;
      return a;
    },
    { modality: 'CT', seed: 'shared' },
  );
  return files.map((f) => ({ label: f.name, read: () => f.bytes }));
}

for (const [name, zs] of [
  ['uniform stack', [10, 12.5, 15, 17.5, 20]],
  ['irregular stack (resampled)', [0, 1, 2, 4.5, 5.5, 7]],
] as const) {
  test(`sharedMemory: ${name} loads onto a SharedArrayBuffer with the default values`, async () => {
    const plain = await loadDicomSeries(await scanDicom(series(zs)));
    const shared = await loadDicomSeries(await scanDicom(series(zs)), { sharedMemory: true });
    assert.ok(!(plain.volume.data.buffer instanceof SharedArrayBuffer));
    assert.ok(shared.volume.data.buffer instanceof SharedArrayBuffer);
    assert.equal(shared.volume.data.byteOffset, 0);
    assert.equal(shared.volume.data.byteLength, shared.volume.data.buffer.byteLength);
    assert.equal(shared.volume.data.constructor, plain.volume.data.constructor);
    assert.deepEqual(shared.volume.geometry, plain.volume.geometry);
    assert.deepEqual(Array.from(shared.volume.data), Array.from(plain.volume.data));
    assert.equal(plain.volume.data[3], 10 * zs[0] + 3 * 7 - 200);
  });
}
