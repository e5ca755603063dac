/**
 * Series-to-volume throughput: our loader beside itk-wasm, VTK's vtkDICOMImageReader, pydicom
 * and dcm2niix, each in its own fresh process on the same files, in the same run.
 * Reports slices/s and MB/s (file bytes) for the first load in a fresh process and the best of
 * three, and the extra peak RSS of a load against the volume's raw voxel size.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeDicomSeries } from '@anatomodel/imaging';
import { CORPUS_ABSENT, corpusRoot } from '../../packages/imaging/test/support/corpus.ts';
import { hasPythonModule, PYTHON as PY } from './has-python-module.ts';
import { printTable } from './table.ts';

const here = fileURLToPath(new URL('.', import.meta.url));

interface Result {
  firstMs: number;
  bestMs: number;
  extraRss: number;
  dims?: number[];
  type?: string;
}

/** A peer's row name and the run that measures it (or says why it cannot). */
type Tool = [name: string, measure: () => Result | string];

function run(cmd: string, args: string[]): Result | string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 24, timeout: 900_000 });
  if (r.status !== 0)
    return `failed: ${(r.stderr || r.error?.message || '').trim().split('\n').pop()?.slice(0, 120)}`;
  try {
    return JSON.parse(r.stdout.trim().split('\n').pop() as string) as Result;
  } catch {
    return `failed: unparsable output`;
  }
}

function dcm2niix(dir: string): Result | string {
  if (spawnSync('dcm2niix', ['-v']).error) return 'not installed';
  const out = join(tmpdir(), `anatomodel-bench-d2n-${process.pid}`);
  let best = Infinity;
  let first = 0;
  let rss = 0;
  for (let r = 0; r < 3; r++) {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    const t = performance.now();
    const p = spawnSync(
      '/usr/bin/time',
      ['-f', '%M', 'dcm2niix', '-z', 'n', '-o', out, '-f', 'v', dir],
      { encoding: 'utf8' },
    );
    const ms = performance.now() - t;
    if (p.status !== 0) return `failed (exit ${p.status})`;
    if (r === 0) first = ms;
    best = Math.min(best, ms);
    rss = Math.max(rss, Number(p.stderr.trim().split('\n').pop()) * 1024);
  }
  rmSync(out, { recursive: true, force: true });
  return { firstMs: first, bestMs: best, extraRss: rss };
}

/** Writes (once) a synthetic 512x512xN CT series: explicit VR LE, 12 bits stored, intercept -1024. */
function syntheticCt(slices: number): string {
  const dir = join(tmpdir(), `anatomodel-bench-ct-512x512x${slices}`);
  const marker = `${dir}.complete`;
  if (existsSync(marker)) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const n = 512;
  const values = new Float32Array(n * n);
  const batch = 50;
  for (let start = 0; start < slices; start += batch) {
    const count = Math.min(batch, slices - start);
    const plan = {
      rows: n,
      columns: n,
      pixelSpacing: [0.7, 0.7] as const,
      rowDirection: [1, 0, 0] as const,
      columnDirection: [0, 1, 0] as const,
      positions: Array.from(
        { length: count },
        (_, k) => [-179, -179, (start + k) * 0.625] as const,
      ),
    };
    const files = writeDicomSeries(
      plan,
      (k) => {
        const z = (start + k) * 0.625;
        for (let j = 0; j < n; j++)
          for (let i = 0; i < n; i++) {
            const r = Math.hypot(i - 256, j - 256 + 20 * Math.sin(z / 40));
            values[j * n + i] = r < 150 ? (r > 120 ? 1200 : 40 + ((i * 7 + j * 3) % 50)) : -1000;
          }
        return values;
      },
      {
        modality: 'CT',
        seed: `bench-${slices}-${start}`,
        seriesInstanceUid: `2.25.${slices}`,
        studyInstanceUid: `2.25.${slices}1`,
        frameOfReferenceUid: `2.25.${slices}2`,
        bitsStored: 12,
        instanceNumbers: Array.from({ length: count }, (_, k) => start + k + 1),
      },
    );
    for (const f of files)
      writeFileSync(join(dir, `${String(start).padStart(5, '0')}-${f.name}`), f.bytes);
  }
  writeFileSync(marker, '');
  return dir;
}

/**
 * A compressed copy of a series, transcoded with DCMTK (Debian `dcmtk`): 'jpegls' (dcmcjpls,
 * lossless) or 'jpegll' (dcmcjpeg, lossless process 14 SV1). Undefined when DCMTK is absent.
 */
function compressedCopy(src: string, codec: 'jpegls' | 'jpegll'): string | undefined {
  const tool = codec === 'jpegls' ? 'dcmcjpls' : 'dcmcjpeg';
  if (spawnSync(tool, ['--version']).error) return undefined;
  const dir = `${src}-${codec}`;
  const marker = `${dir}.complete`;
  if (existsSync(marker)) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const args = codec === 'jpegll' ? ['--encode-lossless-sv1'] : ['--encode-lossless'];
  for (const f of readdirSync(src)) {
    const r = spawnSync(tool, [...args, join(src, f), join(dir, f)]);
    if (r.status !== 0) return undefined;
  }
  writeFileSync(marker, '');
  return dir;
}

function folderBytes(dir: string): { files: number; bytes: number } {
  const files = readdirSync(dir);
  return { files: files.length, bytes: files.reduce((s, f) => s + statSync(join(dir, f)).size, 0) };
}

export default async function ingestBench(): Promise<void> {
  const root = corpusRoot();
  const datasets: { name: string; dir: string; peers: boolean; parallel?: boolean }[] = [];
  if (root !== undefined && existsSync(join(root, 'ct_abdomen_pancreas_tcia/dicom'))) {
    datasets.push({
      name: 'corpus CT 512x512x134 implicit LE',
      dir: join(root, 'ct_abdomen_pancreas_tcia/dicom'),
      peers: true,
    });
    datasets.push({
      name: 'corpus MR 128x128x96 JPEG lossless',
      dir: join(root, 'mr_phantom_t1_jpegll_fragmented/dicom'),
      peers: true,
      parallel: true,
    });
  } else {
    const why = root === undefined ? CORPUS_ABSENT : `no CT series under ${root}`;
    process.stdout.write(`corpus rows skipped: ${why}\n`);
  }
  const slices = Number(process.env.BENCH_CT_SLICES ?? 1000);
  datasets.push({
    name: `synthetic CT 512x512x${slices} explicit LE`,
    dir: syntheticCt(slices),
    peers: true,
  });

  const compressedSlices = Number(process.env.BENCH_COMPRESSED_SLICES ?? 300);
  const compressedSource = syntheticCt(compressedSlices);
  for (const codec of ['jpegll', 'jpegls'] as const) {
    const dir = compressedCopy(compressedSource, codec);
    const label = codec === 'jpegll' ? 'JPEG lossless SV1' : 'JPEG-LS lossless';
    if (dir) {
      datasets.push({
        name: `synthetic CT 512x512x${compressedSlices} ${label} (DCMTK)`,
        dir,
        peers: true,
        parallel: true,
      });
    } else
      process.stdout.write(`DCMTK (${codec}) not installed: compressed synthetic rows skipped\n`);
  }

  const rows: Record<string, string | number>[] = [];
  for (const ds of datasets) {
    const { files, bytes } = folderBytes(ds.dir);
    // a child process running one of bench/src/children/*.ts under tsx
    const child = (script: string, ...args: string[]) =>
      run(process.execPath, ['--import', 'tsx', join(here, 'children', script), ...args]);
    const tools: Tool[] = [
      ['anatomodel (1 thread)', () => child('ingest-ours.ts', ds.dir, '3', '1')],
      ...(ds.parallel
        ? [
            [
              'anatomodel (2 decode workers)',
              () => child('ingest-ours.ts', ds.dir, '3', '2'),
            ] as Tool,
          ]
        : []),
      ['itk-wasm @itk-wasm/dicom', () => child('ingest-itk.ts', ds.dir, files > 200 ? '1' : '3')],
      [
        'VTK 9 vtkDICOMImageReader',
        () =>
          hasPythonModule('vtk')
            ? run(PY, [join(here, 'children/ingest_peers.py'), 'vtk', ds.dir, '3'])
            : 'not installed',
      ],
      [
        'pydicom',
        () =>
          hasPythonModule('pydicom')
            ? run(PY, [join(here, 'children/ingest_peers.py'), 'pydicom', ds.dir, '3'])
            : 'not installed',
      ],
      ['dcm2niix (incl. writing .nii)', () => dcm2niix(ds.dir)],
    ];
    for (const [tool, fn] of tools) {
      if (!ds.peers && !tool.startsWith('anatomodel')) continue;
      const r = fn();
      if (typeof r === 'string') {
        rows.push({
          dataset: ds.name,
          tool,
          'slices/s (first)': r,
          'slices/s (best of 3)': '',
          'MB/s (best)': '',
          'extra peak RSS MB': '',
          'RSS / raw voxels': '',
          dims: '',
        });
        continue;
      }
      const raw = 512 * 512 * 2 * files; // int16 voxels, for the ratio
      const rawVoxels = r.dims ? r.dims.reduce((a, b) => a * b, 1) * 2 : raw;
      rows.push({
        dataset: ds.name,
        tool,
        'slices/s (first)': files / (r.firstMs / 1000),
        'slices/s (best of 3)': files / (r.bestMs / 1000),
        'MB/s (best)': bytes / 1e6 / (r.bestMs / 1000),
        'extra peak RSS MB': r.extraRss / 1e6,
        'RSS / raw voxels': tool.startsWith('dcm2niix') ? 'whole process' : r.extraRss / rawVoxels,
        dims: r.dims ? r.dims.join('x') : '',
      });
    }
  }
  printTable(rows);
  process.stdout.write(
    '\nslices/s (first): one load in a fresh process; raw voxels = dims x 2 bytes (int16).\n',
  );
}
