/**
 * Segmentation kernels on the corpus CT (512x512x134, 1.07x1.07x3 mm) and a synthetic CT of
 * 512x512xN (N = $ANATOMODEL_BENCH_SLICES, default 600; 0.7x0.7x1 mm): time per kernel (best of
 * $ANATOMODEL_BENCH_REPEATS runs, default 3), Mvoxel/s, and the process peak RSS after the
 * kernel (a full GC runs before each timed run). Ours on one core, then on a SegmentationPool
 * of 2 worker threads (started before the timed region, its start-up time printed below the
 * table; the mask, and for "threshold" on 2 threads the volume, are put in shared memory
 * once, outside the timed region, as a load with sharedMemory: true gives them; a further
 * threshold row times copying a plain volume into shared memory first). Peers in the same
 * run: VTK 9 from Debian's python3-vtk9, in a child Python process fed the same voxels through
 * a raw file, VTK limited to 1 thread and then 2,
 * each filter timed as the best of the same number of runs of Update() on a fresh filter:
 * - vtkImageThreshold: ThresholdBetween(lo, hi), in 1 / out 0, ReplaceIn/Out on, output
 *   unsigned char: like thresholdVolume (Int16 in, Uint8 0/1 out, a new output array);
 * - vtkImageConnectivityFilter: scalar range [1, 1], all regions, size-rank labels, and label
 *   scalar type Int (its default, unsigned char, keeps only the 255 largest regions and drops
 *   the rest, which is why an earlier run reported 254 regions against our 1220);
 *   face (6-) connectivity, as ours here;
 * - vtkImageEuclideanDistance (Saito, anisotropy on, initialize on) vs our exact squared EDT;
 * - vtkImageDilateErode3D with a box kernel of 2*floor(r/s)+1 voxels per axis vs our exact
 *   Euclidean ball of radius r (not the same element: theirs is tiny on thick slices).
 * "not installed" when /usr/bin/python3 cannot import vtk. ANATOMODEL_BENCH_THRESHOLD_ONLY=1 runs
 * only the threshold rows (ours and VTK's), for a quick check of that kernel.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import type { Volume, VoxelArray } from '@anatomodel/imaging';
import { loadVolumeFromPath } from '@anatomodel/imaging/node';
import {
  labelComponents,
  morphMask,
  squaredDistanceTransform,
  thicknessMap,
  thresholdVolume,
} from '@anatomodel/segmentation';
import { SegmentationPool } from '@anatomodel/segmentation/node';
import { corpusRoot } from '../../packages/imaging/test/support/corpus.ts';
import { hasPythonModule } from './has-python-module.ts';
import { printTable } from './table.ts';

const PY = `
import json, resource, sys, time
import numpy as np
import vtk
from vtkmodules.util import numpy_support
path, nx, ny, nz, sx, sy, sz, lo, hi, radius, threads, repeats, only_threshold = sys.argv[1:]
nx, ny, nz, threads, repeats = int(nx), int(ny), int(nz), int(threads), int(repeats)
sx, sy, sz, lo, hi, radius = float(sx), float(sy), float(sz), float(lo), float(hi), float(radius)
vtk.vtkMultiThreader.SetGlobalMaximumNumberOfThreads(threads)
vtk.vtkSMPTools.Initialize(threads)
arr = np.fromfile(path, dtype=np.int16)
img = vtk.vtkImageData()
img.SetDimensions(nx, ny, nz)
img.SetSpacing(sx, sy, sz)
img.GetPointData().SetScalars(numpy_support.numpy_to_vtk(arr, deep=0, array_type=vtk.VTK_SHORT))
out = {}
def timed(name, make):
    best = None
    for _ in range(repeats):
        f = make()
        t = time.perf_counter(); f.Update(); dt = time.perf_counter() - t
        best = dt if best is None else min(best, dt)
    out[name] = best
    return f
def threshold():
    th = vtk.vtkImageThreshold(); th.SetInputData(img); th.ThresholdBetween(lo, hi)
    th.SetInValue(1); th.SetOutValue(0); th.ReplaceInOn(); th.ReplaceOutOn()
    th.SetOutputScalarTypeToUnsignedChar()
    return th
mask = timed('threshold', threshold).GetOutput()
if only_threshold == '1':
    out['peak_rss_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))
    sys.exit(0)
def components():
    cc = vtk.vtkImageConnectivityFilter(); cc.SetInputData(mask); cc.SetScalarRange(1, 1)
    cc.SetExtractionModeToAllRegions(); cc.SetLabelModeToSizeRank(); cc.SetLabelScalarTypeToInt()
    return cc
out['components_count'] = timed('components', components).GetNumberOfExtractedRegions()
def edt():
    ed = vtk.vtkImageEuclideanDistance(); ed.SetInputData(mask); ed.ConsiderAnisotropyOn()
    ed.InitializeOn(); ed.SetAlgorithmToSaito()
    return ed
timed('edt', edt)
k = [2 * int(radius / s) + 1 for s in (sx, sy, sz)]
def dilate():
    de = vtk.vtkImageDilateErode3D(); de.SetInputData(mask); de.SetDilateValue(1)
    de.SetErodeValue(0); de.SetKernelSize(*k)
    return de
timed('dilate', dilate)
out['dilate_kernel'] = k
out['peak_rss_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
`;

interface PeerTimes {
  threshold: number;
  components: number;
  edt: number;
  dilate: number;
  peak_rss_mb: number;
  components_count: number;
  dilate_kernel: number[];
}

function runPeer(
  volume: Volume,
  lo: number,
  hi: number,
  radiusMm: number,
  threads: number,
  dir: string,
): PeerTimes | string {
  const raw = join(dir, 'volume.raw');
  const data = volume.data as Int16Array;
  writeFileSync(raw, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  writeFileSync(join(dir, 'peer.py'), PY);
  const { dims, spacing } = volume.geometry;
  const r = spawnSync(
    '/usr/bin/python3',
    [
      join(dir, 'peer.py'),
      raw,
      ...dims.map(String),
      ...spacing.map(String),
      String(lo),
      String(hi),
      String(radiusMm),
      String(threads),
      String(REPEATS),
      THRESHOLD_ONLY ? '1' : '0',
    ],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (r.status !== 0) return `failed: ${r.stderr.trim().split('\n').at(-1) ?? ''}`;
  return JSON.parse(r.stdout) as PeerTimes;
}

function syntheticCt(slices: number): Volume {
  const [ni, nj, nk] = [512, 512, slices];
  const data = new Int16Array(ni * nj * nk);
  const sx = 0.7;
  const sz = 1.0;
  for (let k = 0; k < nk; k++) {
    const z = k * sz;
    for (let j = 0; j < nj; j++) {
      const y = (j - 256) * sx;
      for (let i = 0; i < ni; i++) {
        const x = (i - 256) * sx;
        const body = (x / 160) ** 2 + (y / 110) ** 2 <= 1;
        let v = body ? 40 : -1000;
        // spine-like column, two femur-like tubes, ribs as a thin ring
        if ((x / 18) ** 2 + ((y - 60) / 15) ** 2 <= 1) v = 700;
        const rt = Math.hypot(Math.abs(x) - 70, y + 10);
        if (rt <= 14 && rt >= 9) v = 1200;
        if (body && Math.abs(Math.hypot(x / 1.45, y) - 100) <= 2.5 && Math.floor(z / 20) % 2 === 0)
          v = 900;
        data[i + ni * (j + nj * k)] = v;
      }
    }
  }
  return {
    kind: 'Volume',
    geometry: {
      dims: [ni, nj, nk],
      spacing: [sx, sx, sz],
      origin: [0, 0, 0],
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

/** The voxels copied onto a new SharedArrayBuffer. */
function sharedCopy(a: VoxelArray): VoxelArray {
  const Ctor = a.constructor as new (b: SharedArrayBuffer) => VoxelArray;
  const copy = new Ctor(new SharedArrayBuffer(a.byteLength));
  copy.set(a);
  return copy;
}

function sameValues(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let p = 0; p < a.length; p++) if (a[p] !== b[p]) return false;
  return true;
}

const rssMb = () => process.resourceUsage().maxRSS / 1024;

// A full garbage collection before each timed run, so that no run pays for the garbage of the
// previous ones and the peak RSS counts live arrays (a C++ peer frees its arrays at once).
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const REPEATS = Math.max(1, Number(process.env.ANATOMODEL_BENCH_REPEATS ?? 3));
/** ANATOMODEL_BENCH_THRESHOLD_ONLY=1: only the threshold rows (ours and VTK's). */
const THRESHOLD_ONLY = process.env.ANATOMODEL_BENCH_THRESHOLD_ONLY === '1';

/** Best wall time of REPEATS runs (seconds) and the last result. */
async function best<T>(f: () => T | Promise<T>): Promise<[T, number]> {
  let bestS = Infinity;
  let result: T | undefined;
  for (let r = 0; r < REPEATS; r++) {
    result = undefined; // let the previous result go before the next run allocates
    collectGarbage();
    const t = performance.now();
    result = await f();
    bestS = Math.min(bestS, (performance.now() - t) / 1000);
  }
  return [result as T, bestS];
}

type PeerKey = 'threshold' | 'components' | 'edt' | 'dilate';

/**
 * Cores this process can get now: two worker threads spin for `ms` and the process CPU time is
 * divided by the wall time (about 2 on an idle 2-core box, about 1 when others keep a core busy).
 */
async function availableCores(ms = 1000): Promise<number> {
  const spin = `const { parentPort } = require('node:worker_threads'); let x = 0;
    const t = Date.now(); while (Date.now() - t < ${ms}) x += Math.sqrt(x + 1);
    parentPort.postMessage(x);`;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    [0, 1].map(
      () => new Promise((resolve) => new Worker(spin, { eval: true }).once('message', resolve)),
    ),
  );
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000 / (performance.now() - t0);
}

export default async function bench(): Promise<void> {
  const volumes: Array<[string, Volume]> = [];
  const root = corpusRoot();
  const ctPath = root === undefined ? '' : join(root, 'ct_abdomen_pancreas_tcia', 'dicom');
  if (ctPath !== '' && existsSync(ctPath)) {
    volumes.push(['corpus CT 512x512x134', (await loadVolumeFromPath(ctPath)).volume]);
  }
  const slices = Number(process.env.ANATOMODEL_BENCH_SLICES ?? 600);
  volumes.push([`synthetic 512x512x${slices}`, syntheticCt(slices)]);
  const haveVtk = hasPythonModule('vtk');
  const dir = mkdtempSync(join(tmpdir(), 'anatomodel-segbench-'));
  const radiusMm = 2;
  const rows: Array<Record<string, string | number>> = [];
  const coresBefore = await availableCores();
  const t0 = performance.now();
  const pool = await SegmentationPool.create({ threads: 2 });
  const poolStartS = (performance.now() - t0) / 1000;
  try {
    for (const [name, volume] of volumes) {
      const n = volume.data.length;
      const g = volume.geometry;
      const p1 = haveVtk ? runPeer(volume, 300, 3071, radiusMm, 1, dir) : 'not installed';
      const p2 = haveVtk ? runPeer(volume, 300, 3071, radiusMm, 2, dir) : 'not installed';
      const peer = (p: PeerTimes | string, key: PeerKey) => (typeof p === 'string' ? p : p[key]);
      const vtkRss = typeof p1 === 'string' ? '-' : Math.round(p1.peak_rss_mb);
      const add = (kernel: string, vtkName: string, t: number, threads: 1 | 2, key?: PeerKey) => {
        const ref = threads === 1 ? p1 : p2;
        rows.push({
          volume: name,
          kernel,
          'ours threads': threads,
          'ours s': t,
          'ours Mvox/s': n / t / 1e6,
          'ours peak RSS MB': Math.round(rssMb()),
          'VTK peer': vtkName,
          'VTK 1 thread s': key ? peer(p1, key) : '-',
          'VTK 2 threads s': key ? peer(p2, key) : '-',
          'ours / VTK same threads': key && typeof ref !== 'string' ? t / ref[key] : '-',
          'VTK peak RSS MB': vtkRss,
        });
      };
      const [lm, tThr] = await best(() => thresholdVolume(volume, { preset: 'ct-bone' }));
      add('threshold ct-bone', 'vtkImageThreshold', tThr, 1, 'threshold');
      const mask = lm.data as Uint8Array;
      {
        // as loaded with sharedMemory: true (the copy is outside the timed region)
        const onShared: Volume = { ...volume, data: sharedCopy(volume.data) };
        const [lm2, tThr2] = await best(() =>
          pool.thresholdVolume(onShared, { preset: 'ct-bone' }),
        );
        if (!sameValues(lm2.data, mask))
          throw new Error('pool threshold differs from thresholdVolume');
        add('threshold ct-bone', 'vtkImageThreshold', tThr2, 2, 'threshold');
        // a volume not on shared memory: copying it in first, then the pool (what the pool
        // would have to do; it thresholds such a volume on the calling thread instead)
        const [, tCopy] = await best(() =>
          pool.thresholdVolume({ ...volume, data: sharedCopy(volume.data) }, { preset: 'ct-bone' }),
        );
        add('threshold ct-bone, copy to shared first', 'vtkImageThreshold', tCopy, 2, 'threshold');
      }
      if (THRESHOLD_ONLY) continue;
      {
        const [cc, tCc] = await best(() => labelComponents(mask, g.dims, 6));
        const vtkCount = typeof p1 === 'string' ? '?' : p1.components_count;
        add(
          `components (6-conn, ${cc.count})`,
          `vtkImageConnectivityFilter (${vtkCount}, Int labels)`,
          tCc,
          1,
          'components',
        );
      }
      const shared = new Uint8Array(new SharedArrayBuffer(n));
      shared.set(mask);
      const edtName = 'vtkImageEuclideanDistance (Saito)';
      const [, tEdt] = await best(() => squaredDistanceTransform(mask, g, { feature: 0 }));
      add('squared EDT (exact, anisotropic)', edtName, tEdt, 1, 'edt');
      const [, tEdt2] = await best(() => pool.squaredDistanceTransform(shared, g, { feature: 0 }));
      add('squared EDT (exact, anisotropic)', edtName, tEdt2, 2, 'edt');
      const k = typeof p1 === 'string' ? '?' : p1.dilate_kernel.join('x');
      const dilName = `vtkImageDilateErode3D (box ${k})`;
      const [, tDil] = await best(() => morphMask(mask, g, 'dilate', radiusMm));
      add(`dilate ${radiusMm} mm (exact ball)`, dilName, tDil, 1, 'dilate');
      const [, tDil2] = await best(() => pool.morphMask(shared, g, 'dilate', radiusMm));
      add(`dilate ${radiusMm} mm (exact ball)`, dilName, tDil2, 2, 'dilate');
      const [, tThk] = await best(() => thicknessMap(lm));
      add('thickness map', '(none)', tThk, 1);
      const [, tThk2] = await best(() => pool.thicknessMap(lm));
      add('thickness map', '(none)', tThk2, 2);
    }
  } finally {
    await pool.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
  const coresAfter = await availableCores();
  printTable(rows);
  process.stdout.write(
    `\nSegmentationPool start-up (2 workers, outside the timed rows): ${poolStartS.toFixed(2)} s; ` +
      `best of ${REPEATS} runs per figure. Cores available to this process (two spinning ` +
      `threads, CPU s per wall s): ${coresBefore.toFixed(2)} before, ${coresAfter.toFixed(2)} after.\n`,
  );
}
