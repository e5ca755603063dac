/**
 * Worker-thread decoding gives exactly the single-thread volume: on a synthetic series written
 * to disk (forced onto workers) and on the corpus's compressed JPEG lossless series.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  leftRightPhantom,
  planFromGeometry,
  renderPhantomSeries,
  standardGeometry,
} from '../src/index.ts';
import { loadVolumeFromPath, parallelSliceDecoder } from '../src/node/index.ts';
import { corpusRoot, CORPUS_ABSENT } from './support/corpus.ts';

test('parallel decoding on 2 workers equals the single-thread volume (synthetic, forced)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'anatomodel-par-'));
  try {
    const g = standardGeometry({
      orientation: 'coronal',
      dims: [40, 30, 33],
      spacing: [2, 2, 2.5],
    });
    for (const f of renderPhantomSeries(leftRightPhantom().phantom, planFromGeometry(g), {
      modality: 'CT',
      seed: 'par',
    })) {
      writeFileSync(join(dir, f.name), f.bytes);
    }
    const single = await loadVolumeFromPath(dir, { parallelDecode: false });
    let progress = 0;
    const parallel = await loadVolumeFromPath(dir, {
      parallel: parallelSliceDecoder({ threads: 2, minSlices: 2, includeUncompressed: true }),
      onProgress: (f) => (progress = f),
    });
    assert.ok(parallel.volume.data.buffer instanceof SharedArrayBuffer, 'decoded on workers');
    assert.deepEqual(parallel.volume.geometry, single.volume.geometry);
    assert.deepEqual(Array.from(parallel.volume.data), Array.from(single.volume.data));
    assert.equal(progress, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const root = corpusRoot();
test(
  'parallel decoding of the JPEG lossless corpus series equals the single-thread volume',
  { skip: root ? false : CORPUS_ABSENT },
  async () => {
    const dir = join(root as string, 'mr_phantom_t1_jpegll_fragmented/dicom');
    const single = await loadVolumeFromPath(dir, { parallelDecode: false });
    const parallel = await loadVolumeFromPath(dir, {
      parallelDecode: { threads: 2, minSlices: 2, minSeconds: 0 },
    });
    assert.ok(parallel.volume.data.buffer instanceof SharedArrayBuffer);
    assert.deepEqual(Array.from(parallel.volume.data), Array.from(single.volume.data));
  },
);

test('a damaged file on a worker surfaces as an ImagingError naming it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'anatomodel-par-bad-'));
  try {
    // 200x200 images: larger than the 64 KiB header read, so the truncation passes the scan and
    // is found while decoding on a worker
    const g = standardGeometry({ orientation: 'axial', dims: [200, 200, 6], spacing: [1, 1, 1] });
    const files = renderPhantomSeries(leftRightPhantom().phantom, planFromGeometry(g), {
      modality: 'CT',
      seed: 'bad',
    });
    files.forEach((f, i) =>
      writeFileSync(
        join(dir, f.name),
        i === 4 ? f.bytes.subarray(0, f.bytes.length - 100) : f.bytes,
      ),
    );
    await assert.rejects(
      loadVolumeFromPath(dir, {
        parallel: parallelSliceDecoder({ threads: 2, minSlices: 2, includeUncompressed: true }),
        allowUnreadableFiles: false,
      }),
      (e: unknown) => {
        assert.ok(e instanceof Error && e.name === 'ImagingError', String(e));
        assert.match(String((e as { file?: string }).file), /IM0005/);
        return true;
      },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
