// Decodes every codec case of the shared corpus and compares the stored values, serialised
// little-endian (frames first, row-major), with the sha256 / min / max in EXPECTED_PIXELS.json
// (pydicom 2.3.1 + GDCM 3.0.21), for every file including the 12-bit lossy JPEG.
// Skips when the corpus is absent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDicom } from '../src/dicom/parse-dicom.ts';
import { decodeFrame, type StoredFrame } from '../src/pixel/decode-frame.ts';
import { readPixelFormat } from '../src/pixel/pixel-format.ts';
import { CORPUS_ABSENT, corpusRoot } from './support/corpus.ts';

interface Expected {
  readonly file: string;
  readonly ts?: string;
  readonly shape?: readonly number[];
  readonly dtype?: string;
  readonly sha256_stored_le: string;
  readonly min: number;
  readonly max: number;
}

const root = corpusRoot();

function cases(dir: string, dicomSubdir: string): Array<{ path: string; expected: Expected }> {
  if (!root) return [];
  const json = JSON.parse(readFileSync(join(root, dir, 'EXPECTED_PIXELS.json'), 'utf8')) as {
    files: Expected[];
  };
  return json.files.map((expected) => ({
    path: join(root, dir, dicomSubdir, expected.file),
    expected,
  }));
}

/** Serialises stored values little-endian in `dtype` ('int16', '>u2', 'uint8', ...). */
function serialise(frames: readonly StoredFrame[], dtype: string | undefined): Uint8Array {
  const code = (dtype ?? '').replace(/^[<>=|]/, '');
  const width =
    code === 'int8' || code === 'uint8' || code === 'i1' || code === 'u1'
      ? 1
      : code === 'int32' || code === 'uint32' || code === 'i4' || code === 'u4'
        ? 4
        : code === ''
          ? frames[0].BYTES_PER_ELEMENT
          : 2;
  const total = frames.reduce((s, f) => s + f.length, 0);
  const out = new Uint8Array(total * width);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const f of frames) {
    for (let i = 0; i < f.length; i++, at += width) {
      if (width === 1) view.setUint8(at, f[i] & 0xff);
      else if (width === 2) view.setUint16(at, f[i] & 0xffff, true);
      else view.setUint32(at, f[i] >>> 0, true);
    }
  }
  return out;
}

async function decodeAll(path: string): Promise<StoredFrame[]> {
  const ds = parseDicom(readFileSync(path), path);
  const format = readPixelFormat(ds, path);
  const frames = Math.max(1, ds.intString('x00280008') ?? 1);
  const out: StoredFrame[] = [];
  for (let f = 0; f < frames; f++) out.push(await decodeFrame(ds, format, f, path));
  return out;
}

function minMax(frames: readonly StoredFrame[]): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const f of frames) {
    for (let i = 0; i < f.length; i++) {
      if (f[i] < min) min = f[i];
      if (f[i] > max) max = f[i];
    }
  }
  return [min, max];
}

const suites: Array<[string, string]> = [
  ['codec_single_images', ''],
  ['codec_ts_matrix_mr_mosaic', ''],
  ['mr_phantom_t1_jpegll_fragmented', 'dicom'],
];

for (const [dir, sub] of suites) {
  test(
    `corpus ${dir}: decoded stored values match EXPECTED_PIXELS.json`,
    { skip: !root && CORPUS_ABSENT },
    async (t) => {
      const list = cases(dir, sub);
      assert.ok(list.length > 0, 'EXPECTED_PIXELS.json lists files');
      for (const { path, expected } of list) {
        await t.test(expected.file, async () => {
          const frames = await decodeAll(path);
          if (expected.shape) {
            const perFrame = expected.shape.slice(-2).reduce((a, b) => a * b, 1);
            const count = expected.shape.length === 3 ? expected.shape[0] : 1;
            assert.equal(frames.length, count, 'frame count');
            for (const f of frames) assert.equal(f.length, perFrame, 'samples per frame');
          }
          assert.deepEqual(minMax(frames), [expected.min, expected.max], 'min/max');
          const sha = createHash('sha256').update(serialise(frames, expected.dtype)).digest('hex');
          assert.equal(sha, expected.sha256_stored_le, 'sha256 of stored values');
        });
      }
    },
  );
}
