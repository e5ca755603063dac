/**
 * NIfTI read/write throughput on a CT-sized volume (512 x 512 x 134 int16, the size of the
 * corpus abdomen; left/right phantom plus deterministic noise so gzip has real work) and on the
 * corpus's upstream dcm2niix .nii.gz (XA30 head, 96 x 128 x 128). Median of 5 runs after one
 * warm-up. MB/s counts uncompressed voxel bytes.
 *
 * Peer: nifti-reader-js 0.8 (readHeader + readImage; it gunzips with fflate's gunzipSync, we
 * with fflate's streaming Gunzip, which also decodes multi-member files).
 * Its header parse is not equivalent (it reports the qform when sform_code == qform_code), so
 * this compares speed only. node:zlib gunzip is listed as the floor for decompression.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gunzipSync as zlibGunzip } from 'node:zlib';
import * as niftiReader from 'nifti-reader-js';
import { readNifti } from '../../packages/imaging/src/nifti/read-nifti.ts';
import { writeNifti } from '../../packages/imaging/src/nifti/write-nifti.ts';
import { leftRightPhantom } from '../../packages/imaging/src/phantom/left-right-phantom.ts';
import { sampleVolume } from '../../packages/imaging/src/phantom/sample-volume.ts';
import { standardGeometry } from '../../packages/imaging/src/phantom/standard-geometry.ts';
import type { Volume } from '../../packages/imaging/src/volume.ts';
import { corpusRoot } from '../../packages/imaging/test/support/corpus.ts';
import { printTable } from './table.ts';

function median(run: () => unknown, times = 5): number {
  run();
  const t: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    run();
    t.push(performance.now() - t0);
  }
  return t.sort((a, b) => a - b)[Math.floor(times / 2)];
}

function peerRead(bytes: Uint8Array): ArrayBuffer {
  let buf: ArrayBuffer = bytes.slice().buffer;
  if (niftiReader.isCompressed(buf)) buf = niftiReader.decompress(buf) as ArrayBuffer;
  const h = niftiReader.readHeader(buf);
  return niftiReader.readImage(h, buf);
}

export default async function niftiBench(): Promise<void> {
  const g = standardGeometry({
    orientation: 'axial',
    dims: [512, 512, 134],
    spacing: [0.75, 0.75, 3],
  });
  const base = sampleVolume(leftRightPhantom({ scale: 1.5 }).phantom, g);
  const data = base.data as Int16Array;
  let s = 12345;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    data[i] += ((s >>> 24) % 21) - 10;
  }
  const volume: Volume = base;
  const mb = data.byteLength / 1e6;
  const plain = writeNifti(volume);
  const gz = writeNifti(volume, { gzip: true });
  const rows: Record<string, string | number>[] = [];
  const add = (case_: string, op: string, impl: string, ms: number, bytes = mb) =>
    rows.push({
      case: case_,
      operation: op,
      implementation: impl,
      'median ms': ms,
      'MB/s': bytes / (ms / 1000),
    });
  const ct = `CT 512x512x134 int16 (${mb.toFixed(1)} MB, gz ${(gz.length / 1e6).toFixed(1)} MB)`;
  add(
    ct,
    'write .nii',
    'anatomodel',
    median(() => writeNifti(volume)),
  );
  add(
    ct,
    'write .nii.gz',
    'anatomodel (fflate level 6)',
    median(() => writeNifti(volume, { gzip: true }), 3),
  );
  add(
    ct,
    'write .nii.gz',
    'anatomodel (gzipLevel 1)',
    median(() => writeNifti(volume, { gzip: true, gzipLevel: 1 }), 3),
  );
  add(
    ct,
    'read .nii',
    'anatomodel',
    median(() => readNifti(plain, 'ct')),
  );
  add(
    ct,
    'read .nii',
    'nifti-reader-js',
    median(() => peerRead(plain)),
  );
  add(
    ct,
    'read .nii.gz',
    'anatomodel',
    median(() => readNifti(gz, 'ct')),
  );
  add(
    ct,
    'read .nii.gz',
    'nifti-reader-js',
    median(() => peerRead(gz)),
  );
  add(
    ct,
    'gunzip only',
    'node:zlib (floor)',
    median(() => zlibGunzip(gz)),
  );
  const root = corpusRoot();
  if (root) {
    const up = new Uint8Array(
      readFileSync(join(root, 'mr_head_t1_enhanced_xa30/ref_upstream/5_anat-T1w_acq-tfl.nii.gz')),
    );
    const upMb = (96 * 128 * 128 * 2) / 1e6;
    const name = `corpus XA30 .nii.gz (${upMb.toFixed(1)} MB)`;
    add(
      name,
      'read .nii.gz',
      'anatomodel',
      median(() => readNifti(up, 'xa30')),
      upMb,
    );
    add(
      name,
      'read .nii.gz',
      'nifti-reader-js',
      median(() => peerRead(up)),
      upMb,
    );
  } else {
    rows.push({
      case: 'corpus XA30',
      operation: 'read',
      implementation: 'corpus absent',
      'median ms': '',
      'MB/s': '',
    });
  }
  printTable(rows);
}
