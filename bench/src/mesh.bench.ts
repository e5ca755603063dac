/**
 * Mesh benchmark (issue 4), side by side in one run, on
 *  (a) the corpus CT (ct_abdomen_pancreas_tcia, 512x512x134) with the bone threshold, and
 *  (b) a synthetic 512x512x400 CT phantom (body, spine-like column, ribs as tori, HU values).
 * Both are first written as NIfTI so every tool reads the same file.
 *
 * Chains (wall time and peak RSS of a child process each, so RSS is per chain):
 *  - ours: `anatomodel model <nii> --threshold 300:3071 --keep-largest --out x.stl` end to end
 *    (read, threshold, largest component, Surface Nets, windowed sinc 20 / 0.01 with volume
 *    preservation, repair, manifold-3d check, STL, report.json + report.html with rendering);
 *    (default: no worker threads), with `--threads 2` (one worker), with `--decimate 0.1` and
 *    with `--decimate 0.1 --threads 2` (decimation on slabs on two threads). The CLI runs its
 *    prebuilt bundle when `npm run build` is current.
 * Every chain (ours and VTK's) runs MESH_BENCH_REPEAT times (default 3), the chains taking
 * turns: the table gives the median wall time, the largest peak RSS and the mean load average;
 * 'x VTK' is our median over the median of VTK's chain of the same kind (decimating or not).
 *  - native VTK (Debian python3-vtk9), as 3D Slicer runs it by default: vtkNIFTIImageReader,
 *    vtkImageThreshold, vtkImageConnectivityFilter (largest region), vtkDiscreteFlyingEdges3D,
 *    vtkWindowedSincPolyDataFilter (20 iterations, pass band 0.01), vtkPolyDataNormals, binary
 *    vtkSTLWriter; and the same plus vtkQuadricDecimation to 10 % of the triangles.
 *  - @kitware/vtk.js (corpus only): ImageMarchingCubes + WindowedSincPolyDataFilter on our
 *    label map (in process; extraction and smoothing time only).
 * Extraction throughput (single thread, in process): our Surface Nets on the label map and our
 * marching cubes on the grey volume, vs VTK's flying edges reported by the child.
 * Watertightness: ours by analyzeMesh + manifold-3d; VTK's by vtkFeatureEdges counts.
 * `MESH_BENCH_ONLY=extraction npm run bench -- mesh`: only the extraction rows (Surface Nets
 * 1 / 2 threads, grey-guided, labelSurfaceToMeshes; VTK's flying edges from one chain run,
 * timed as ours: median of five warm repeats).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeNifti, type Volume } from '../../packages/imaging/src/index.ts';
import { loadVolumeFromPath } from '../../packages/imaging/src/node/index.ts';
import { filterComponents, thresholdVolume } from '../../packages/segmentation/src/index.ts';
import {
  analyzeMesh,
  boundaryGrey,
  extractIsosurface,
  labelSurfaceToMeshes,
  repairMesh,
  smoothMesh,
  smoothWindowedSinc,
  surfaceNets,
} from '../../packages/mesh/src/index.ts';
import { MeshWorkerPool } from '../../packages/mesh/src/node/index.ts';
import { collectGarbage } from '../../packages/segmentation/src/node/index.ts';
import { corpusRoot } from '../../packages/imaging/test/support/corpus.ts';
import { hasPythonModule } from './has-python-module.ts';
import { printTable } from './table.ts';

const repo = new URL('../..', import.meta.url).pathname;

const VTK_SCRIPT = String.raw`
import sys, json, time, resource
import vtk
src, lo, hi, decimate, out = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4] == '1', sys.argv[5]
t = {}
t0 = time.perf_counter()
r = vtk.vtkNIFTIImageReader(); r.SetFileName(src); r.Update()
t['read'] = time.perf_counter() - t0; t0 = time.perf_counter()
th = vtk.vtkImageThreshold(); th.SetInputConnection(r.GetOutputPort()); th.ThresholdBetween(lo, hi)
th.SetInValue(1); th.SetOutValue(0); th.SetOutputScalarTypeToUnsignedChar(); th.Update()
t['threshold'] = time.perf_counter() - t0; t0 = time.perf_counter()
cc = vtk.vtkImageConnectivityFilter(); cc.SetInputConnection(th.GetOutputPort())
cc.SetExtractionModeToLargestRegion(); cc.SetScalarRange(1, 1); cc.SetLabelModeToConstantValue(); cc.SetLabelConstantValue(1); cc.Update()
t['largest'] = time.perf_counter() - t0; t0 = time.perf_counter()
fe = vtk.vtkDiscreteFlyingEdges3D(); fe.SetInputConnection(cc.GetOutputPort()); fe.SetValue(0, 1); fe.ComputeNormalsOff(); fe.ComputeGradientsOff(); fe.ComputeScalarsOff(); fe.Update()
t['extract'] = time.perf_counter() - t0; t0 = time.perf_counter()
extract_tris = fe.GetOutput().GetNumberOfCells()
sm = vtk.vtkWindowedSincPolyDataFilter(); sm.SetInputConnection(fe.GetOutputPort()); sm.SetNumberOfIterations(20); sm.SetPassBand(0.01)
sm.BoundarySmoothingOff(); sm.FeatureEdgeSmoothingOff(); sm.NonManifoldSmoothingOn(); sm.NormalizeCoordinatesOn(); sm.Update()
t['smooth'] = time.perf_counter() - t0; t0 = time.perf_counter()
last = sm
if decimate:
    dec = vtk.vtkQuadricDecimation(); dec.SetInputConnection(sm.GetOutputPort()); dec.SetTargetReduction(0.9); dec.VolumePreservationOn(); dec.Update()
    t['decimate'] = time.perf_counter() - t0; t0 = time.perf_counter()
    last = dec
nm = vtk.vtkPolyDataNormals(); nm.SetInputConnection(last.GetOutputPort()); nm.SplittingOff(); nm.ConsistencyOn(); nm.Update()
t['normals'] = time.perf_counter() - t0; t0 = time.perf_counter()
w = vtk.vtkSTLWriter(); w.SetInputConnection(nm.GetOutputPort()); w.SetFileTypeToBinary(); w.SetFileName(out); w.Write()
t['write'] = time.perf_counter() - t0
pd = nm.GetOutput()
fe2 = vtk.vtkFeatureEdges(); fe2.SetInputData(pd); fe2.BoundaryEdgesOn(); fe2.NonManifoldEdgesOn(); fe2.FeatureEdgesOff(); fe2.ManifoldEdgesOff(); fe2.Update()
mp = vtk.vtkMassProperties(); mp.SetInputData(pd); mp.Update()
dims = r.GetOutput().GetDimensions()
max_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
# the extraction again, warm, as our in-process rows are timed (median of five); the chain's
# own timings above stay one cold run each
warm = []
for _ in range(5):
    fe.Modified(); t0 = time.perf_counter(); fe.Update(); warm.append(time.perf_counter() - t0)
print(json.dumps({'t': t, 'extractWarm': sorted(warm)[2], 'triangles': pd.GetNumberOfCells(), 'extractTriangles': extract_tris, 'openOrNonManifoldEdges': fe2.GetOutput().GetNumberOfCells(),
  'volume': mp.GetVolume(), 'voxels': dims[0]*dims[1]*dims[2], 'maxRssKb': max_rss_kb}))
`;

interface ChildResult {
  wallS: number;
  maxRssMb: number;
  stdout: string;
}

function timed(cmd: string, args: string[]): ChildResult {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], {
    cwd: repo,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const wallS = (performance.now() - t0) / 1000;
  const lines = r.stderr.trim().split('\n');
  const maxRssMb = Number(lines[lines.length - 1]) / 1024;
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr.slice(-2000)}`);
  return { wallS, maxRssMb, stdout: r.stdout };
}

/** Runs of one chain: median wall time, largest peak RSS, last run's output. */
function timedRepeats(runs: readonly ChildResult[]): ChildResult {
  const walls = runs.map((r) => r.wallS).sort((a, b) => a - b);
  return {
    wallS: walls[walls.length >> 1],
    maxRssMb: Math.max(...runs.map((r) => r.maxRssMb)),
    stdout: runs[runs.length - 1].stdout,
  };
}

const REPEAT = Math.max(1, Math.floor(Number(process.env.MESH_BENCH_REPEAT ?? 3)) || 3);

/**
 * The speed row of VTK's extraction step, from vtk_chain.py's JSON report: the median of five
 * warm repeats (`extractWarm`), timed as our in-process rows are; not the chain's cold run.
 */
function vtkExtractionRow(
  caseName: string,
  j: { extractWarm: number; voxels: number; extractTriangles: number },
): Record<string, string | number> {
  return {
    case: caseName,
    step: 'VTK DiscreteFlyingEdges3D (child, median of 5 warm)',
    s: j.extractWarm,
    'M voxels/s': j.voxels / j.extractWarm / 1e6,
    triangles: j.extractTriangles,
  };
}

/** Synthetic CT: air, a soft-tissue ellipse body, a bony column, 12 rib tori, HU. */
function syntheticCt(): Volume {
  const dims = [512, 512, 400] as const;
  const spacing = [0.8, 0.8, 1.0] as const;
  const data = new Int16Array(dims[0] * dims[1] * dims[2]);
  let n = 0;
  for (let k = 0; k < dims[2]; k++) {
    const z = k * spacing[2];
    const rib = (z % 30) - 15;
    for (let j = 0; j < dims[1]; j++) {
      const y = (j - 256) * spacing[1];
      for (let i = 0; i < dims[0]; i++) {
        const x = (i - 256) * spacing[0];
        let hu = -1000;
        const body = (x / 170) ** 2 + (y / 120) ** 2;
        if (body < 1) {
          hu = 40;
          if (Math.hypot(x, y - 70) < 18 + 3 * Math.sin(z / 9)) hu = 700; // vertebral column
          const ring = Math.hypot(x / 150, y / 100) - 0.85; // rib ring
          if (k > 40 && k < 360 && Math.hypot(ring * 100, rib) < 4.5) hu = 900;
        }
        data[n++] = hu;
      }
    }
  }
  return {
    kind: 'Volume',
    geometry: {
      dims,
      spacing,
      origin: [-204.8, -204.8, 0],
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

export default async function meshBench(): Promise<void> {
  // the CLI as installed: `npm install` runs `prepare` (the bundle); build it now so a
  // source edit since then does not send the CLI through tsx
  const built = spawnSync(process.execPath, ['packages/cli/bin/build-bundle.mjs'], { cwd: repo });
  if (built.status !== 0) throw new Error(`npm run build failed: ${built.stderr}`);
  const dir = mkdtempSync(join(tmpdir(), 'anatomodel-mesh-bench-'));
  const haveVtk = hasPythonModule('vtk');
  writeFileSync(join(dir, 'vtk_chain.py'), VTK_SCRIPT);
  const cases: Array<{ name: string; volume: Volume }> = [];
  const root = corpusRoot();
  if (root) {
    const loaded = await loadVolumeFromPath(join(root, 'ct_abdomen_pancreas_tcia', 'dicom'));
    cases.push({ name: 'corpus CT 512x512x134', volume: loaded.volume });
  } else process.stdout.write('corpus absent: corpus case not measured\n');
  cases.push({ name: 'synthetic CT 512x512x400', volume: syntheticCt() });

  const rows: Array<Record<string, string | number>> = [];
  const speed: Array<Record<string, string | number>> = [];
  for (const c of cases) {
    const nii = join(dir, `${c.name.replace(/\W+/g, '_')}.nii.gz`);
    writeFileSync(nii, writeNifti(c.volume, { gzip: true }));
    const rawMb = c.volume.data.byteLength / 2 ** 20;
    // extraction throughput, in process, single thread
    const voxels = c.volume.data.length;
    const lm = filterComponents(thresholdVolume(c.volume, { lower: 300, upper: 3071 }), {
      keep: 'largest',
      connectivity: 6,
    });
    // in-process kernels: median of five runs (the box is shared; single runs are noisy)
    const surface = surfaceNets(lm);
    const snS = await median(() => surfaceNets(lm));
    const pool = MeshWorkerPool.create({ threads: 1 });
    await pool.surfaceNets(lm); // warm the worker
    // the pool reads a label map on shared memory in place (SegmentationPool's results are);
    // another one it first copies onto shared memory: both timed
    const lmShared = { ...lm, data: new Uint8Array(new SharedArrayBuffer(lm.data.byteLength)) };
    lmShared.data.set(lm.data);
    const snPoolS = await median(() => pool.surfaceNets(lmShared));
    const snPoolCopyS = await median(() => pool.surfaceNets(lm));
    // the same with the previous run's memory free for reuse (as VTK's warm repeats)
    const snSettledS = await median(() => surfaceNets(lm), true);
    const snPoolSettledS = await median(() => pool.surfaceNets(lmShared), true);
    await pool.dispose();
    // grey-guided, as `anatomodel model` runs it (boundary grey values from the threshold mask)
    const ranges = { lower: 300, upper: 3071 };
    const mask = thresholdVolume(c.volume, ranges).data as Uint8Array;
    const bgS = await median(() => boundaryGrey(c.volume, ranges, mask));
    const grey = { volume: boundaryGrey(c.volume, ranges, mask), ranges };
    const snGreyS = await median(() => surfaceNets(lm, { grey }));
    const mesh = labelSurfaceToMeshes(surface)[0].mesh;
    const toMeshS = await median(() => labelSurfaceToMeshes(surface));
    const kernel = (step: string, s: number, perVoxel: boolean, tris: number | string = '') =>
      speed.push({
        case: c.name,
        step,
        s,
        'M voxels/s': perVoxel ? voxels / s / 1e6 : '',
        triangles: tris,
      });
    const snTris = mesh.triangles.length;
    kernel('ours Surface Nets, 1 thread (label map)', snS, true, snTris / 3);
    kernel(
      'ours Surface Nets, 2 threads (MeshWorkerPool, shared label map)',
      snPoolS,
      true,
      snTris / 3,
    );
    kernel('ours Surface Nets, 2 threads (label map copied to shared memory)', snPoolCopyS, true);
    kernel('ours Surface Nets, 1 thread, GC between repeats', snSettledS, true);
    kernel(
      'ours Surface Nets, 2 threads, shared label map, GC between repeats',
      snPoolSettledS,
      true,
    );
    kernel('ours boundaryGrey (from the threshold mask)', bgS, true);
    kernel('ours Surface Nets grey-guided, 1 thread', snGreyS, true, snTris / 3);
    kernel('ours labelSurfaceToMeshes (+ splits)', toMeshS, false);
    if (process.env.MESH_BENCH_ONLY === 'extraction') {
      if (haveVtk) {
        const v = timed('/usr/bin/python3', [
          join(dir, 'vtk_chain.py'),
          nii,
          '300',
          '3071',
          '0',
          join(dir, 'vtk.stl'),
        ]);
        const j = JSON.parse(v.stdout.trim().split('\n').pop() ?? '{}');
        speed.push(vtkExtractionRow(c.name, j));
      }
      continue;
    }
    const mc = extractIsosurface(c.volume, { isoValue: 300 });
    const mcS = await median(() => extractIsosurface(c.volume, { isoValue: 300 }));
    const smS = await median(() => smoothWindowedSinc(mesh));
    const smMeshS = await median(() => smoothMesh(mesh));
    const anS = await median(() => analyzeMesh(mesh));
    const repS = await median(() => repairMesh(mesh));
    kernel('ours marching cubes, 1 thread (grey, iso 300)', mcS, true, mc.triangles.length / 3);
    kernel('ours windowed sinc 20/0.01', smS, false);
    kernel('ours smoothMesh (sinc + volume preservation)', smMeshS, false);
    kernel('ours analyzeMesh', anS, false);
    kernel('ours repairMesh (nothing to fix)', repS, false);

    // every chain REPEAT times, taking turns, so slow phases of the box hit all of them
    const variants = ['', 'threads2', 'decimate', 'decimate2'] as const;
    const oursRuns = new Map<string, ChildResult[]>(variants.map((v) => [v, []]));
    const vtkRuns = new Map<string, ChildResult[]>([
      ['0', []],
      ['1', []],
    ]);
    const loads: number[] = [];
    const oursArgs = (variant: (typeof variants)[number]) => [
      'packages/cli/bin/anatomodel.js',
      'model',
      nii,
      '--threshold',
      '300:3071',
      '--keep-largest',
      '--no-progress',
      '--out',
      join(dir, variant, 'model.stl'),
      ...(variant === 'decimate' || variant === 'decimate2' ? ['--decimate', '0.1'] : []),
      ...(variant === 'threads2' || variant === 'decimate2' ? ['--threads', '2'] : []),
    ];
    for (let r = 0; r < REPEAT; r++) {
      for (const variant of variants) {
        loads.push(loadavg()[0]);
        oursRuns.get(variant)?.push(timed(process.execPath, oursArgs(variant)));
        const vtkVariant = variant === '' ? '0' : variant === 'decimate' ? '1' : null;
        if (haveVtk && vtkVariant !== null) {
          loads.push(loadavg()[0]);
          const vOut = join(dir, `vtk${vtkVariant}.stl`);
          const args = [join(dir, 'vtk_chain.py'), nii, '300', '3071', vtkVariant, vOut];
          vtkRuns.get(vtkVariant)?.push(timed('/usr/bin/python3', args));
        }
      }
    }
    const load = loads.reduce((a, b) => a + b, 0) / loads.length;
    for (const variant of variants) {
      const decimate = variant === 'decimate' || variant === 'decimate2';
      const ours = timedRepeats(oursRuns.get(variant) ?? []);
      const report = JSON.parse(readFileSync(join(dir, variant, 'report.json'), 'utf8'));
      const p = report.parts[0];
      // the goal ratios: ours / the VTK chain of the same kind (decimating or not), medians
      const vtkSame = haveVtk ? vtkRuns.get(decimate ? '1' : '0') : undefined;
      const vsVtk =
        vtkSame && vtkSame.length > 0 ? (ours.wallS / timedRepeats(vtkSame).wallS).toFixed(2) : '';
      rows.push({
        case: c.name,
        chain: `anatomodel model${decimate ? ' --decimate 0.1' : ''}${variant === 'threads2' ? ' --threads 2' : variant === 'decimate2' ? ' --threads 2 (slabs)' : ''}`,
        'load avg': load,
        'wall s': ours.wallS,
        'peak RSS MB': ours.maxRssMb,
        'RSS / raw': ours.maxRssMb / rawMb,
        triangles: p.triangles,
        watertight: `${p.watertight ? 'yes' : 'NO'} (manifold-3d ${p.manifoldStatus})`,
        'volume mL': p.volumeMm3 / 1000,
        'vol change %': p.volumeChangePct,
        'x VTK': vsVtk,
      });
      if (variant === 'threads2' || variant === 'decimate2') continue;
      if (haveVtk) {
        const v = timedRepeats(vtkRuns.get(decimate ? '1' : '0') ?? []);
        const j = JSON.parse(v.stdout.trim().split('\n').pop() ?? '{}');
        rows.push({
          case: c.name,
          chain: `native VTK${decimate ? ' + QuadricDecimation 10 %' : ''}`,
          'wall s': v.wallS,
          'peak RSS MB': v.maxRssMb,
          'RSS / raw': v.maxRssMb / rawMb,
          triangles: j.triangles,
          watertight:
            j.openOrNonManifoldEdges === 0
              ? 'yes'
              : `NO (${j.openOrNonManifoldEdges} open/non-manifold edges)`,
          'volume mL': j.volume / 1000,
          'vol change %': '',
          'load avg': load,
        });
        if (!decimate) {
          speed.push(vtkExtractionRow(c.name, j));
          speed.push({
            case: c.name,
            step: 'VTK WindowedSinc 20/0.01 (child)',
            s: j.t.smooth,
            'M voxels/s': '',
            triangles: '',
          });
        } else if (j.t.decimate !== undefined) {
          speed.push({
            case: c.name,
            step: 'VTK QuadricDecimation (child)',
            s: j.t.decimate,
            'M voxels/s': '',
            triangles: j.triangles,
          });
        }
      } else {
        rows.push({ case: c.name, chain: 'native VTK', 'wall s': 'not installed' });
      }
    }
    if (c.name.startsWith('corpus')) {
      const vtkjs = await runVtkJs(lm);
      if (vtkjs) speed.push({ case: c.name, ...vtkjs });
    }
  }
  printTable(rows);
  process.stdout.write('\n');
  printTable(speed);
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
}

/**
 * Median wall time of five runs, s. `settled`: a full GC (untimed) before each run, so the
 * previous run's outputs are freed and the allocator can hand their memory out again, as
 * VTK's warm repeats reuse theirs (fresh pages cost ~12-15 us each on the session-3 VM).
 */
async function median(f: () => unknown, settled = false): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    if (settled) collectGarbage();
    const t0 = performance.now();
    await f();
    times.push((performance.now() - t0) / 1000);
  }
  return times.sort((a, b) => a - b)[2];
}

/** vtk.js ImageMarchingCubes (+ windowed sinc) on the label map, in process. */
async function runVtkJs(
  lm: ReturnType<typeof thresholdVolume>,
): Promise<Record<string, string | number> | null> {
  try {
    const { default: vtkImageData } = await import('@kitware/vtk.js/Common/DataModel/ImageData.js');
    const { default: vtkDataArray } = await import('@kitware/vtk.js/Common/Core/DataArray.js');
    const mcModule = '@kitware/vtk.js/Filters/General/ImageMarchingCubes.js';
    const { default: vtkImageMarchingCubes } = (await import(mcModule)) as {
      default: {
        newInstance(o: object): {
          setInputData(d: unknown): void;
          getOutputData(): { getPolys(): { getNumberOfCells(): number } };
        };
      };
    };
    const g = lm.geometry;
    const image = vtkImageData.newInstance();
    image.setDimensions([g.dims[0], g.dims[1], g.dims[2]]);
    image.setSpacing([g.spacing[0], g.spacing[1], g.spacing[2]]);
    image.setOrigin([g.origin[0], g.origin[1], g.origin[2]]);
    image
      .getPointData()
      .setScalars(
        vtkDataArray.newInstance({ numberOfComponents: 1, values: Float32Array.from(lm.data) }),
      );
    const mc = vtkImageMarchingCubes.newInstance({
      contourValue: 0.5,
      computeNormals: false,
      mergePoints: true,
    });
    mc.setInputData(image);
    const t0 = performance.now();
    const out = mc.getOutputData();
    const s = (performance.now() - t0) / 1000;
    return {
      step: 'vtk.js ImageMarchingCubes (in process)',
      s,
      'M voxels/s': lm.data.length / s / 1e6,
      triangles: out.getPolys().getNumberOfCells(),
    };
  } catch (err) {
    return {
      step: 'vtk.js ImageMarchingCubes',
      s: `failed: ${(err as Error).message.slice(0, 80)}`,
      'M voxels/s': '',
      triangles: '',
    };
  }
}
