/**
 * Property test: 10,000 mutations of valid DICOM files (truncation, random bytes, extreme
 * length fields, zeroed runs, inserted junk) through the whole ingest path. Nothing may throw
 * anything but ImagingError, and nothing may hang (a watchdog ends the worker after 20 s
 * without progress and names the case).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeDicomSeries } from '../src/dicom-write/write-dicom-series.ts';
import { corpusRoot } from './support/corpus.ts';

function seedFiles(): { name: string; bytes: Uint8Array }[] {
  const plan = {
    rows: 16,
    columns: 12,
    pixelSpacing: [1, 1] as const,
    rowDirection: [1, 0, 0] as const,
    columnDirection: [0, 1, 0] as const,
    positions: [[0, 0, 0] as const],
  };
  const values = () => Float32Array.from({ length: 192 }, (_, i) => (i * 37) % 900);
  const seeds = (['explicit-le', 'implicit-le', 'explicit-be'] as const).map((ts) => ({
    name: `synthetic-${ts}.dcm`,
    bytes: writeDicomSeries(plan, values, { modality: 'CT', seed: ts, transferSyntax: ts })[0]
      .bytes,
  }));
  // small compressed files of the corpus exercise the codecs (RLE, JPEG-LS, J2K, deflate)
  const root = corpusRoot();
  if (root) {
    const dir = join(root, 'codec_single_images/pydicom-debian');
    for (const f of [
      'MR_small_RLE.dcm',
      'MR_small_jpeg_ls_lossless.dcm',
      'MR_small_jp2klossless.dcm',
      'image_dfl.dcm',
      'CT_small.dcm',
    ]) {
      const p = join(dir, f);
      if (existsSync(p)) seeds.push({ name: f, bytes: new Uint8Array(readFileSync(p)) });
    }
  }
  return seeds;
}

test(
  '10,000 mutated files: only ImagingError, never a crash or hang',
  { timeout: 600_000 },
  async (t) => {
    const seeds = seedFiles();
    const result = await new Promise<{
      failures: string[];
      failureCount: number;
      imagingErrors: number;
      loaded: number;
    }>((resolve, reject) => {
      const worker = new Worker(new URL('../src/node/worker-bootstrap.mjs', import.meta.url), {
        workerData: {
          module: new URL('./support/fuzz-worker.ts', import.meta.url).href,
          seeds,
          cases: 10_000,
          seed: 20261127,
        },
      });
      let last = 'start';
      let lastAt = Date.now();
      const watchdog = setInterval(() => {
        if (Date.now() - lastAt > 20_000) {
          clearInterval(watchdog);
          void worker.terminate();
          reject(new Error(`no progress for 20 s after ${last}`));
        }
      }, 1000);
      worker.on('message', (m: { progress?: number; how?: string; done?: boolean }) => {
        lastAt = Date.now();
        if (m.done) {
          clearInterval(watchdog);
          resolve(m as never);
        } else last = `case ${m.progress} (${m.how})`;
      });
      worker.on('error', (e) => {
        clearInterval(watchdog);
        reject(e);
      });
    });
    t.diagnostic(
      `seeds ${seeds.length}; ImagingError ${result.imagingErrors}; loaded ${result.loaded}`,
    );
    assert.deepEqual(result.failures, [], `${result.failureCount} non-ImagingError failures`);
    assert.ok(result.imagingErrors > 1000, 'mutations do get rejected');
  },
);
