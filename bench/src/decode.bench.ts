/**
 * Pixel decode throughput per transfer syntax on the corpus codec files (codec_single_images,
 * codec_ts_matrix_mr_mosaic, 12 files of mr_phantom_t1_jpegll_fragmented). For each transfer
 * syntax all frames of all its files are decoded round-robin for about 1 s after one warm-up
 * pass (which includes WASM instantiation, reported separately as "first decode ms").
 * MB/s counts decoded stored bytes (rows * columns * samples * bytes per sample).
 *
 * Peer: dcmjs-codecs (DCMTK codecs compiled to one WASM module) decoding the same compressed
 * frames (frame extraction not timed for the peer), and whether its output equals ours.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type dicomParser from 'dicom-parser';
import { parseDicom } from '../../packages/imaging/src/dicom/parse-dicom.ts';
import { decodeFrame } from '../../packages/imaging/src/pixel/decode-frame.ts';
import {
  readPixelFormat,
  type PixelFormat,
} from '../../packages/imaging/src/pixel/pixel-format.ts';
import { encapsulatedFrame } from '../../packages/imaging/src/pixel/encapsulated-frame.ts';
import { corpusRoot } from '../../packages/imaging/test/support/corpus.ts';
import { dcmjsCodecs } from '../../packages/imaging/test/support/dcmjs-codecs.ts';
import { printTable } from './table.ts';

interface Item {
  readonly ds: dicomParser.DataSet;
  readonly format: PixelFormat;
  readonly frames: number;
  readonly label: string;
}

const TS_NAMES: Record<string, string> = {
  '1.2.840.10008.1.2': 'Implicit VR LE',
  '1.2.840.10008.1.2.1': 'Explicit VR LE',
  '1.2.840.10008.1.2.1.99': 'Deflated Explicit VR LE',
  '1.2.840.10008.1.2.2': 'Explicit VR BE',
  '1.2.840.10008.1.2.5': 'RLE Lossless',
  '1.2.840.10008.1.2.4.51': 'JPEG Extended (12-bit)',
  '1.2.840.10008.1.2.4.70': 'JPEG Lossless SV1',
  '1.2.840.10008.1.2.4.80': 'JPEG-LS Lossless',
  '1.2.840.10008.1.2.4.90': 'JPEG 2000 Lossless',
};

export default async function decodeBench(): Promise<void> {
  const root = corpusRoot();
  if (!root) {
    process.stdout.write('corpus absent: nothing measured\n');
    return;
  }
  const paths = [
    ...listed(root, 'codec_single_images', ''),
    ...listed(root, 'codec_ts_matrix_mr_mosaic', ''),
    ...readdirSync(join(root, 'mr_phantom_t1_jpegll_fragmented', 'dicom'))
      .filter((f) => f.endsWith('.dcm'))
      .sort()
      .slice(0, 12)
      .map((f) => join(root, 'mr_phantom_t1_jpegll_fragmented', 'dicom', f)),
  ];
  const byTs = new Map<string, Item[]>();
  for (const path of paths) {
    const ds = parseDicom(readFileSync(path), path);
    const ts = ds.string('x00020010') ?? '?';
    const item = {
      ds,
      format: readPixelFormat(ds, path),
      frames: Math.max(1, ds.intString('x00280008') ?? 1),
      label: path,
    };
    byTs.set(ts, [...(byTs.get(ts) ?? []), item]);
  }

  const rows: Array<Record<string, string | number>> = [];
  for (const [ts, items] of [...byTs].sort((a, b) => a[0].localeCompare(b[0]))) {
    const name = TS_NAMES[ts] ?? ts;
    const t0 = performance.now();
    try {
      await decodeFrame(items[0].ds, items[0].format, 0, items[0].label);
    } catch (e) {
      rows.push({
        'transfer syntax': name,
        files: items.length,
        'frames/s': '-',
        'MB/s (decoded)': '-',
        'first decode ms': '-',
        'dcmjs-codecs frames/s': '-',
        'dcmjs-codecs same pixels': '-',
        result: `not decoded: ${(e as Error).message.split(' (')[0]}`,
      });
      continue;
    }
    const firstMs = performance.now() - t0;
    // warm-up pass over everything
    for (const it of items)
      for (let f = 0; f < it.frames; f++) await decodeFrame(it.ds, it.format, f, it.label);
    let frames = 0;
    let bytes = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < 1000) {
      for (const it of items) {
        for (let f = 0; f < it.frames; f++) {
          const out = await decodeFrame(it.ds, it.format, f, it.label);
          frames++;
          bytes += out.byteLength;
        }
      }
      elapsed = performance.now() - start;
    }
    const peer = await peerFramesPerSecond(ts, items);
    rows.push({
      'transfer syntax': name,
      files: items.length,
      'frames/s': frames / (elapsed / 1000),
      'MB/s (decoded)': bytes / 1e6 / (elapsed / 1000),
      'first decode ms': firstMs,
      result: 'ok',
      'dcmjs-codecs frames/s': peer.fps,
      'dcmjs-codecs same pixels': peer.same,
    });
  }
  printTable(rows);
}

function listed(root: string, dir: string, sub: string): string[] {
  const json = JSON.parse(readFileSync(join(root, dir, 'EXPECTED_PIXELS.json'), 'utf8')) as {
    files: Array<{ file: string }>;
  };
  return json.files.map((f) => join(root, dir, sub, f.file));
}

const PEER_METHOD: Record<string, 'decodeRle' | 'decodeJpeg' | 'decodeJpegLs' | 'decodeJpeg2000'> =
  {
    '1.2.840.10008.1.2.5': 'decodeRle',
    '1.2.840.10008.1.2.4.51': 'decodeJpeg',
    '1.2.840.10008.1.2.4.70': 'decodeJpeg',
    '1.2.840.10008.1.2.4.80': 'decodeJpegLs',
    '1.2.840.10008.1.2.4.90': 'decodeJpeg2000',
  };

/** dcmjs-codecs on the same frames: frames/s over ~1 s, and byte equality with our output. */
async function peerFramesPerSecond(
  ts: string,
  items: readonly Item[],
): Promise<{ fps: number | string; same: string }> {
  const method = PEER_METHOD[ts];
  if (!method) return { fps: 'n/a (native)', same: '-' };
  let m;
  try {
    m = await dcmjsCodecs();
  } catch {
    return { fps: 'not installed', same: '-' };
  }
  const jobs = items.flatMap((it) =>
    Array.from({ length: it.frames }, (_, f) => ({
      it,
      f,
      frame: new Uint8Array(
        encapsulatedFrame(it.ds, it.ds.elements.x7fe00010, it.frames, f, 'jpeg', it.label),
      ),
    })),
  );
  const decodeOne = (job: (typeof jobs)[number]) => {
    const { format } = job.it;
    const ctx = new m.Context({
      width: format.columns,
      height: format.rows,
      bitsAllocated: format.bitsAllocated,
      bitsStored: format.bitsStored,
      samplesPerPixel: format.samplesPerPixel,
      pixelRepresentation: format.pixelRepresentation,
      planarConfiguration: format.planarConfiguration,
      photometricInterpretation: format.photometricInterpretation,
      encodedBuffer: job.frame,
    });
    return m.NativeCodecs[method](ctx, {}).getDecodedBuffer() ?? new Uint8Array(0);
  };
  let same = 0;
  try {
    for (const job of jobs) {
      const theirs = decodeOne(job);
      const ours = await decodeFrame(job.it.ds, job.it.format, job.f, job.it.label);
      const oursBytes = new Uint8Array(ours.buffer, ours.byteOffset, ours.byteLength);
      if (theirs.length === oursBytes.length && theirs.every((b, i) => b === oursBytes[i])) same++;
    }
  } catch (e) {
    return { fps: `failed: ${(e as Error).message}`, same: '-' };
  }
  let frames = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < 1000) {
    for (const job of jobs) {
      decodeOne(job);
      frames++;
    }
    elapsed = performance.now() - start;
  }
  return { fps: frames / (elapsed / 1000), same: `${same}/${jobs.length}` };
}
