/**
 * Segmentation kernels on the corpus CT (512x512x134, 1.07x1.07x3 mm) and a synthetic CT of
 * 512x512xN (N = $ANATOMODEL_BENCH_SLICES, default 600; 0.7x0.7x1 mm): time per kernel,
 * Mvoxel/s, and the process peak RSS after the kernel. Peers in the same run: VTK 9 from
 * Debian's python3-vtk9 (vtkImageThreshold, vtkImageConnectivityFilter, vtkImageEuclideanDistance,
 * vtkImageDilateErode3D), in a child Python process fed the same voxels through a raw file, with
 * VTK limited to 1 thread and then 2. "not installed" when /usr/bin/python3 cannot import vtk.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Volume } from '@anatomodel/imaging';
import { loadVolumeFromPath } from '@anatomodel/imaging/node';
import {
  labelComponents,
  morphMask,
  squaredDistanceTransform,
  thicknessMap,
  thresholdVolume,
} from '@anatomodel/segmentation';
import { parallelDistanceTransform } from '@anatomodel/segmentation/node';
import { corpusRoot } from '../../packages/imaging/test/support/corpus.ts';
import { printTable } from './table.ts';

const PY = `
import json, resource, sys, time
import numpy as np
import vtk
from vtkmodules.util import numpy_support
path, nx, ny, nz, sx, sy, sz, lo, hi, radius, threads = sys.argv[1:]
nx, ny, nz, threads = int(nx), int(ny), int(nz), int(threads)
sx, sy, sz, lo, hi, radius = float(sx), float(sy), float(sz), float(lo), float(hi), float(radius)
vtk.vtkMultiThreader.SetGlobalMaximumNumberOfThreads(threads)
vtk.vtkSMPTools.Initialize(threads)
arr = np.fromfile(path, dtype=np.int16)
img = vtk.vtkImageData()
img.SetDimensions(nx, ny, nz)
img.SetSpacing(sx, sy, sz)
img.GetPointData().SetScalars(numpy_support.numpy_to_vtk(arr, deep=0, array_type=vtk.VTK_SHORT))
out = {}
def timed(name, f):
    t = time.perf_counter(); f.Update(); out[name] = time.perf_counter() - t
th = vtk.vtkImageThreshold(); th.SetInputData(img); th.ThresholdBetween(lo, hi)
th.SetInValue(1); th.SetOutValue(0); th.ReplaceInOn(); th.ReplaceOutOn(); th.SetOutputScalarTypeToUnsignedChar()
timed('threshold', th)
mask = th.GetOutput()
cc = vtk.vtkImageConnectivityFilter(); cc.SetInputData(mask); cc.SetScalarRange(1, 1)
cc.SetExtractionModeToAllRegions(); cc.SetLabelModeToSizeRank()
timed('components', cc)
out['components_count'] = cc.GetNumberOfExtractedRegions()
ed = vtk.vtkImageEuclideanDistance(); ed.SetInputData(mask); ed.ConsiderAnisotropyOn(); ed.InitializeOn()
ed.SetAlgorithmToSaito()
timed('edt', ed)
k = [2 * int(radius / s) + 1 for s in (sx, sy, sz)]
de = vtk.vtkImageDilateErode3D(); de.SetInputData(mask); de.SetDilateValue(1); de.SetErodeValue(0)
de.SetKernelSize(*k)
timed('dilate', de)
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

function vtkInstalled(): boolean {
  return spawnSync('/usr/bin/python3', ['-c', 'import vtk'], { encoding: 'utf8' }).status === 0;
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

const rssMb = () => process.resourceUsage().maxRSS / 1024;

function time<T>(f: () => T): [T, number] {
  const t = performance.now();
  const r = f();
  return [r, (performance.now() - t) / 1000];
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
  const haveVtk = vtkInstalled();
  const dir = mkdtempSync(join(tmpdir(), 'anatomodel-segbench-'));
  const radiusMm = 2;
  const rows: Array<Record<string, string | number>> = [];
  try {
    for (const [name, volume] of volumes) {
      const n = volume.data.length;
      const [lm, tThr] = time(() => thresholdVolume(volume, { preset: 'ct-bone' }));
      const rThr = rssMb();
      const mask = lm.data as Uint8Array;
      const [cc, tCc] = time(() => labelComponents(mask, volume.geometry.dims, 6));
      const rCc = rssMb();
      const [, tEdt] = time(() => squaredDistanceTransform(mask, volume.geometry, { feature: 0 }));
      const rEdt = rssMb();
      const t2 = performance.now();
      await parallelDistanceTransform(mask, volume.geometry, { feature: 0, threads: 2 });
      const tEdt2 = (performance.now() - t2) / 1000;
      const rEdt2 = rssMb();
      const [, tDil] = time(() => morphMask(mask, volume.geometry, 'dilate', radiusMm));
      const rDil = rssMb();
      const [, tThk] = time(() => thicknessMap(lm));
      const rThk = rssMb();
      const p1 = haveVtk ? runPeer(volume, 300, 3071, radiusMm, 1, dir) : 'not installed';
      const p2 = haveVtk ? runPeer(volume, 300, 3071, radiusMm, 2, dir) : 'not installed';
      const peer = (p: PeerTimes | string, key: 'threshold' | 'components' | 'edt' | 'dilate') =>
        typeof p === 'string' ? p : p[key];
      const ratio = (
        ours: number,
        p: PeerTimes | string,
        key: 'threshold' | 'components' | 'edt' | 'dilate',
      ) => (typeof p === 'string' ? '-' : ours / p[key]);
      const add = (
        kernel: string,
        vtkName: string,
        t: number,
        rss: number,
        key?: 'threshold' | 'components' | 'edt' | 'dilate',
      ) =>
        rows.push({
          volume: name,
          kernel,
          'ours s (1 core)': t,
          'ours Mvox/s': n / t / 1e6,
          'ours peak RSS MB': Math.round(rss),
          'VTK peer': vtkName,
          'VTK 1 thread s': key ? peer(p1, key) : '-',
          'VTK 2 threads s': key ? peer(p2, key) : '-',
          'ours / VTK 1 thread': key ? ratio(t, p1, key) : '-',
          'VTK peak RSS MB': typeof p1 === 'string' ? '-' : Math.round(p1.peak_rss_mb),
        });
      add('threshold ct-bone', 'vtkImageThreshold', tThr, rThr, 'threshold');
      add(
        `components (6-conn, ${cc.count})`,
        `vtkImageConnectivityFilter (${typeof p1 === 'string' ? '?' : p1.components_count})`,
        tCc,
        rCc,
        'components',
      );
      add(
        'squared EDT (exact, anisotropic)',
        'vtkImageEuclideanDistance (Saito)',
        tEdt,
        rEdt,
        'edt',
      );
      rows.push({
        volume: name,
        kernel: 'squared EDT, 2 worker threads',
        'ours s (1 core)': `${tEdt2.toFixed(2)} (2 threads)`,
        'ours Mvox/s': n / tEdt2 / 1e6,
        'ours peak RSS MB': Math.round(rEdt2),
        'VTK peer': 'vtkImageEuclideanDistance (Saito)',
        'VTK 1 thread s': peer(p1, 'edt'),
        'VTK 2 threads s': peer(p2, 'edt'),
        'ours / VTK 1 thread':
          typeof p2 === 'string' ? '-' : `${(tEdt2 / p2.edt).toFixed(2)} (vs VTK 2 threads)`,
        'VTK peak RSS MB': typeof p1 === 'string' ? '-' : Math.round(p1.peak_rss_mb),
      });
      add(
        `dilate ${radiusMm} mm (EDT ball)`,
        `vtkImageDilateErode3D (${typeof p1 === 'string' ? '?' : p1.dilate_kernel.join('x')})`,
        tDil,
        rDil,
        'dilate',
      );
      add('thickness map', '(none)', tThk, rThk);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  printTable(rows);
}
