import type { Command } from 'commander';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import cliProgress from 'cli-progress';
import type { Volume } from '@anatomodel/imaging';
import {
  isNiftiFile,
  loadVolumeFromPath,
  peekNiftiHeader,
  streamVolumeFromNifti,
} from '@anatomodel/imaging/node';
import {
  THRESHOLD_PRESETS,
  createRunComponents,
  fillHoles,
  filterComponents,
  findThresholdPreset,
  minVoxelsOfVolume,
  thicknessMap,
  thresholdVolume,
  type LabelMap,
  type RunComponents,
} from '@anatomodel/segmentation';
import { collectGarbage, releaseMemory } from '@anatomodel/segmentation/node';
import {
  ManifoldEngine,
  PRINTERS,
  boundaryGrey,
  embossLabels,
  surfaceDeviation,
  summarizeWallThickness,
  type ModelFace,
  type WallThicknessSummary,
  MATERIAL_MIN_WALL_MM,
  labelSurfaceToMeshes,
  measureVolumeArea,
  printabilityReport,
  renderViews,
  repairMesh,
  reportHtml,
  simplifyMesh,
  smoothMesh,
  surfaceNets,
  write3mf,
  writeObj,
  writePly,
  writeBinaryStlChunks,
  writeStl,
  type ExportModel,
  type Mesh,
  type MeshAnalysis,
  type OutputFrame,
  type ReportPartInput,
  type RenderedViews,
  type SimplifyOptions,
  type SurfaceNetsGrey,
  type WasmMemory,
  decimationBytes,
  isSharedMemory,
  maskMemory,
  thresholdSlabStream,
  type ThresholdSlabStream,
} from '@anatomodel/mesh';
import { MeshWorkerPool, encodePng } from '@anatomodel/mesh/node';
import { parseConnectivity } from '../parse-connectivity.ts';
import { parseRange } from '../parse-range.ts';

interface ModelCliOptions {
  out: string;
  preset?: string;
  threshold?: string;
  connectivity: string;
  keepLargest?: boolean;
  minIslandMm3?: string;
  fillHoles?: boolean;
  series?: string;
  assumeHu?: boolean;
  frame: string;
  ascii?: boolean;
  smooth: boolean;
  iterations: string;
  passBand: string;
  decimate?: string;
  maxErrorMm?: string;
  minShellMm3: string;
  printer?: string;
  material?: string;
  caseId?: string;
  threads: string;
  manifoldCheck?: boolean;
  emboss?: string;
  embossFace: string;
  engrave?: boolean;
  lateralityMarker?: boolean;
  deviation: boolean;
  hausdorff?: boolean;
  progress: boolean;
  greyGuide: boolean;
}

const FACES: readonly ModelFace[] = [
  'anterior',
  'posterior',
  'left',
  'right',
  'superior',
  'inferior',
];

const FORMATS = ['.stl', '.3mf', '.obj', '.ply'];

function numberIn(name: string, text: string, lo: number, hi: number): number {
  const v = Number(text);
  if (!Number.isFinite(v) || v < lo || v > hi) {
    throw new Error(`${name} must be a number in [${lo}, ${hi}], got '${text}'`);
  }
  return v;
}

/**
 * `anatomodel model <input> (--preset NAME | --threshold LO:HI) --out model.stl|.3mf|.obj|.ply`:
 * ingest -> threshold (+ islands, largest component, fill holes) -> Surface Nets -> windowed-sinc
 * smoothing (volume-preserving) -> optional simplification -> repair -> manifold-3d check ->
 * printability report. Writes the model, report.json and report.html beside it.
 */
export function registerModelCommand(program: Command): void {
  program
    .command('model')
    .description('build a print-ready 3D model (STL/3MF/OBJ/PLY) with a printability report')
    .argument('<input>', 'DICOM folder (recursive), .zip, DICOM file, or .nii/.nii.gz')
    .requiredOption('--out <file>', 'output model: .stl, .3mf, .obj (+ .mtl) or .ply')
    .option(
      '--preset <name>',
      `threshold preset: ${THRESHOLD_PRESETS.map((p) => p.name).join(', ')} ('bone' = ct-bone)`,
    )
    .option('--threshold <lo:hi>', 'inclusive intensity range (HU for CT), e.g. 300:3071')
    .option('--connectivity <n>', 'voxel connectivity for components: 6, 18 or 26', '6')
    .option('--keep-largest', 'keep only the largest connected component')
    .option('--min-island-mm3 <n>', 'remove connected components smaller than N mm^3')
    .option('--fill-holes', 'fill enclosed cavities (3D)')
    .option('--series <uid>', 'SeriesInstanceUID when the input holds several series')
    .option('--assume-hu', 'treat the values of a NIfTI input as Hounsfield units (for presets)')
    .option('--frame <frame>', 'coordinates written: lps (DICOM) or ras (3D Slicer)', 'lps')
    .option('--ascii', 'ASCII STL instead of binary')
    .option('--no-smooth', 'skip windowed-sinc smoothing')
    .option(
      '--no-grey-guide',
      'place Surface Nets vertices at voxel-edge midpoints instead of at the grey threshold crossings',
    )
    .option('--iterations <n>', 'windowed-sinc iterations', '20')
    .option('--pass-band <k>', 'windowed-sinc pass band (0..2, lower smooths more)', '0.01')
    .option('--decimate <ratio>', 'simplify to this fraction of the triangles, e.g. 0.1')
    .option(
      '--max-error-mm <mm>',
      'stop simplifying before a collapse with a larger quadric error, mm (default: none)',
    )
    .option('--min-shell-mm3 <n>', 'drop mesh shells smaller than N mm^3', '0')
    .option('--printer <name>', `check the build volume: ${PRINTERS.map((p) => p.name).join(', ')}`)
    .option('--material <name>', `minimum wall: ${Object.keys(MATERIAL_MIN_WALL_MM).join(', ')}`)
    .option('--case-id <id>', 'case identifier stamped into the files and the report')
    .option(
      '--threads <n>',
      'threads for smoothing, simplification, rendering and --hausdorff (default 1: these run ' +
        'on the main thread, which measured as fast and lighter on a 2-core VM; see ADR 0005; ' +
        "helper threads still inflate a .nii.gz and measure a decimated model's deviation)",
      '1',
    )
    .option(
      '--manifold-check',
      'also verify every part with manifold-3d (independent check; about 1 s per million triangles)',
    )
    .option('--emboss <case-id>', 'write this case identifier into the model (raised letters)')
    .option('--emboss-face <side>', `side for --emboss: ${FACES.join(', ')}`, 'anterior')
    .option('--engrave', 'cut the --emboss and marker letters in instead of raising them')
    .option('--laterality-marker', "write 'L' on the patient's left side and 'R' on the right")
    .option(
      '--no-deviation',
      'skip the deviation from the segmentation surface (default: smoothing displacement, or ' +
        'one-sided vertex-to-surface distance after simplification)',
    )
    .option(
      '--hausdorff',
      'report the symmetric vertex-sampled Hausdorff distance to the segmentation surface ' +
        '(slower: about 1-3 s per million triangles)',
    )
    .option('--no-progress', 'no progress bar')
    .action(async (input: string, opts: ModelCliOptions) => {
      const ext = extname(opts.out).toLowerCase();
      if (!FORMATS.includes(ext)) {
        throw new Error(`--out must end in ${FORMATS.join(', ')}: ${opts.out}`);
      }
      if ((opts.preset === undefined) === (opts.threshold === undefined)) {
        throw new Error('give exactly one of --preset <name> or --threshold LO:HI');
      }
      const frame = opts.frame.toLowerCase();
      if (frame !== 'lps' && frame !== 'ras') {
        throw new Error(`--frame must be lps or ras, got '${opts.frame}'`);
      }
      const conn = parseConnectivity(opts.connectivity);
      const preset = opts.preset === 'bone' ? 'ct-bone' : opts.preset;
      const range = opts.threshold !== undefined ? parseRange(opts.threshold) : undefined;
      const iterations = numberIn('--iterations', opts.iterations, 1, 1000);
      const passBand = numberIn('--pass-band', opts.passBand, 1e-6, 1.999);
      const decimate =
        opts.decimate !== undefined ? numberIn('--decimate', opts.decimate, 1e-4, 1) : undefined;
      const maxErrorMm =
        opts.maxErrorMm !== undefined
          ? numberIn('--max-error-mm', opts.maxErrorMm, 0, 100)
          : undefined;
      const minShellMm3 = numberIn('--min-shell-mm3', opts.minShellMm3, 0, 1e12);
      const minIsland =
        opts.minIslandMm3 !== undefined
          ? numberIn('--min-island-mm3', opts.minIslandMm3, 1e-9, 1e12)
          : undefined;
      const printer = opts.printer ? PRINTERS.find((p) => p.name === opts.printer) : undefined;
      if (opts.printer && !printer) throw new Error(`unknown --printer '${opts.printer}'`);
      if (opts.material && MATERIAL_MIN_WALL_MM[opts.material] === undefined) {
        throw new Error(`unknown --material '${opts.material}'`);
      }
      const threads = numberIn('--threads', opts.threads, 1, 256);
      if (!Number.isInteger(threads)) {
        throw new Error(`--threads must be an integer, got '${opts.threads}'`);
      }
      const embossFace = opts.embossFace.toLowerCase() as ModelFace;
      if (!FACES.includes(embossFace)) {
        throw new Error(
          `--emboss-face must be one of ${FACES.join(', ')}, got '${opts.embossFace}'`,
        );
      }
      const labelling = opts.emboss !== undefined || opts.lateralityMarker === true;

      const bar = new cliProgress.SingleBar(
        { format: 'model [{bar}] {percentage}% {stage}', stream: process.stderr, hideCursor: true },
        cliProgress.Presets.shades_classic,
      );
      const show = opts.progress && process.stderr.isTTY === true;
      if (show) bar.start(100, 0, { stage: 'load' });
      const stage = (fraction: number, name: string) => {
        if (show) bar.update(Math.round(100 * fraction), { stage: name });
      };
      const timings: Record<string, number> = {};
      // ANATOMODEL_TRACE_MEMORY=1: each stage's peak and final RSS and page faults on stderr
      // (Linux), read per run (tests set it)
      const traceMemory = process.env.ANATOMODEL_TRACE_MEMORY === '1';
      let t0 = performance.now();
      const lap = (name: string) => {
        const t = performance.now();
        timings[name] = Math.round(t - t0);
        t0 = t;
        if (traceMemory) traceStageMemory(name);
      };
      // Worker threads for the mesh kernels only when asked for (--threads > 1); with one, two
      // helpers all the same: the .nii.gz inflate (imaging) and the deviation of a decimated
      // model (below), each a single task beside this thread's work. Measured on the 2-core VM of
      // session 3 (ADR 0005, "Session 3 lead pass"), where first touches of fresh memory
      // dominate and stall each other across threads: with a worker the corpus CT job was no
      // faster (2.66-3.09 s vs 2.56-2.71 s; decimating 3.99-5.09 s vs 4.03-5.27 s; the synthetic
      // 512x512x400 3.43-3.46 s vs 3.31-3.92 s) and its peak RSS higher (225-232 vs 179-200 MB).
      // On a busy box the workers were slower still. Session 4 (cheaper page faults, leaner
      // job): with a worker the corpus job was faster in two of three benchmarks (1.82 / 1.88 /
      // 1.87 s vs 1.96 / 1.80 / 2.06 s) but peaked at 194-207 MB, 2.9-3.1x the volume, against
      // 144-146 MB: still not the default. Session 5 (two-slab decimation): corpus 2.05 vs
      // 1.98 s, decimating 2.74 vs 2.86 s, synthetic decimating 3.61 vs 3.74 s, at 182-277 MB
      // against 134-205 MB. They start after the segmentation (see below), not at launch (a
      // warm-up task on the worker during Surface Nets slowed that stage down: ADR 0005).
      const usePool = threads > 1;
      let pool: MeshWorkerPool | null = null;
      const decimating = decimate !== undefined && decimate < 1;
      // the deviation of a decimated model from the raw one runs on a worker (see below)
      const remoteDeviation = opts.deviation && !opts.hausdorff && decimating;
      // a worker for the deviation of a decimated mesh when there is no pool (see below)
      let helper: MeshWorkerPool | null = null;
      // bytes of the mask's memory (made from the NIfTI header) that the mask uses
      let premadeBytes: number | undefined;
      // set when the job ends: a remote deviation still pending is then dropped, not measured
      // here instead
      let finished = false;
      try {
        // The grey volume lives only inside this call, so it can be freed before meshing.
        // grey-guided Surface Nets reads only the grey values on the threshold boundary
        const bounds = opts.greyGuide ? (range ?? findThresholdPreset(preset ?? '')) : undefined;
        const ranges = bounds && { lower: bounds.lower, upper: bounds.upper };
        const thresholdOptions = range ? { ...range, name: 'Threshold' } : { preset };
        // what the components filter keeps (the same as filterComponents below would)
        const componentFilter = opts.keepLargest
          ? ('largest' as const)
          : minIsland !== undefined
            ? ('islands' as const)
            : undefined;
        let components: RunComponents | null = null;
        let filtered = false; // the NIfTI stream did the components filter already
        const loadedParts = await (async () => {
          if (isNiftiFile(input)) {
            // A NIfTI file is thresholded as its slices arrive: the grey volume is never held
            // whole, only the mask and the boundary's grey values (the same results as below,
            // exactly; corpus CT job peak 178-203 -> 143-149 MB). Not faster: in process the
            // read + threshold + boundary grey took the same CPU and wall either way (zlib's
            // work did not overlap the slabs' here, even with an 8 MiB read-ahead).
            // The connected components for --keep-largest / --min-island-mm3 are found slice
            // by slice as well (run labelling), while this thread waits for zlib: the filter
            // afterwards only clears the dropped runs (corpus CT: 85 ms -> a few ms).
            let stream: ThresholdSlabStream | null = null;
            // The mask's memory (see below) is made now, from the header, and its pages are
            // touched in this thread's idle turns while the inflate worker starts: this
            // thread waited ~90 ms for the first slab, and a first touch costs several µs a
            // page on a VM (corpus CT: 8.6k pages, ~100 ms on this thread's critical path)
            const header = !usePool && opts.smooth ? peekNiftiHeader(input) : null;
            const maskBytes = header ? header.dims[0] * header.dims[1] * header.dims[2] : 0;
            const premade = maskBytes > 0 ? createMaskMemory(maskBytes) : undefined;
            // the bytes of it the mask dirties (none known without it: all of the stream's own)
            premadeBytes = premade ? maskBytes : undefined;
            const touching = premade ? touchPagesWhenIdle(premade.buffer) : null;
            const rest = await streamVolumeFromNifti(input, { slabSlices: 16 }, (slab) => {
              const unit = opts.assumeHu ? 'HU' : 'raw';
              if (stream === null && componentFilter !== undefined) {
                components = createRunComponents(slab.geometry.dims, conn);
              }
              stream ??= thresholdSlabStream(
                slab.geometry,
                unit,
                thresholdOptions,
                ranges,
                components ?? undefined,
                // the mask in a WebAssembly memory that the smoothing on this thread takes
                // over once the label map is meshed (its pages mapped: see smoothMesh below)
                premade ?? (!usePool && opts.smooth),
              );
              stream.push(slab);
              stage((0.3 * slab.k1) / slab.geometry.dims[2], 'load');
            }).finally(() => touching?.stop());
            lap('loadMs');
            stage(0.3, 'segment');
            const { labelMap, guide } = (stream as ThresholdSlabStream | null)?.finish() ?? {};
            const memory = (stream as ThresholdSlabStream | null)?.memory;
            stream = null; // it holds the mask too
            if (!labelMap) throw new Error(`${input}: the NIfTI file holds no slices`);
            if (components && componentFilter) {
              const minVoxels =
                minIsland !== undefined
                  ? minVoxelsOfVolume(minIsland, labelMap.geometry.spacing)
                  : 0;
              // null: too many runs (a noisy mask), filterComponents below does it instead
              filtered =
                (components as RunComponents).filter(
                  labelMap.data as Uint8Array,
                  componentFilter === 'largest'
                    ? { keep: 'largest', minVoxels }
                    : { keep: 'min-voxels', minVoxels },
                ) !== null;
              components = null;
            }
            if (traceMemory) traceStageMemory('segment (threshold, boundary grey)');
            const { geometry: _g, unit: _u, ...loaded } = rest;
            return [loaded, labelMap, guide, memory] as const;
          }
          const { volume, ...rest } = await loadVolumeFromPath(input, {
            seriesInstanceUid: opts.series,
            onProgress: (f) => stage(0.3 * f, 'load'),
          });
          lap('loadMs');
          // the reader's transient buffers (inflated chunks, file reads) go before the mask is
          // allocated (corpus .nii.gz, --threads 1: job peak 209 -> 194-204 MB). Here and after
          // each stage a full GC: V8 frees large typed arrays late otherwise, and the peak held
          // the grey volume and the component labels at once (corpus CT: 307 -> 270 MB).
          collectGarbage();
          stage(0.3, 'segment');
          const grey: Volume =
            opts.assumeHu && volume.unit !== 'HU' ? { ...volume, unit: 'HU' } : volume;
          const thresholded = thresholdVolume(grey, thresholdOptions);
          if (traceMemory) traceStageMemory('segment (threshold)');
          const guide: SurfaceNetsGrey | undefined = ranges
            ? { volume: boundaryGrey(grey, ranges, thresholded.data as Uint8Array), ranges }
            : undefined;
          if (traceMemory) traceStageMemory('segment (boundary grey)');
          return [rest, thresholded as LabelMap, guide, undefined] as const;
        })();
        // eslint-disable-next-line prefer-const -- lm is replaced below, loaded is not
        let [loaded, lm, greyGuide, maskMemory] = loadedParts;
        // This suspended async function keeps the awaited array alive until it returns: empty
        // it, or the unfiltered label map outlives filterComponents (corpus CT: 34 MB to the end)
        (loadedParts as unknown as unknown[]).length = 0;
        collectGarbage();
        if (traceMemory) traceStageMemory('segment (grey volume freed)');
        const grid = lm.geometry;
        if (minIsland !== undefined && !filtered) {
          lm = filterComponents(lm, {
            keep: 'min-volume',
            minVolumeMm3: minIsland,
            connectivity: conn,
            inPlace: true,
          });
        }
        // in place: the threshold's mask is this job's own, so no copy and no second array
        if (opts.keepLargest && !filtered) {
          lm = filterComponents(lm, { keep: 'largest', connectivity: conn, inPlace: true });
        }
        if (opts.fillHoles) lm = fillHoles(lm);
        collectGarbage();
        lap('segmentMs');
        // The workers start now: they load while Surface Nets runs on this thread and are
        // ready for the smoothing, and their isolates (~15 MB) do not add to the peak of the
        // threshold stage, which holds the grey volume and the mask at once.
        if (usePool) pool = MeshWorkerPool.create({ threads: threads - 1 });
        // Without a pool the helper for a decimated model's deviation starts now as well: it
        // loads on the other core (idle after the load stage) and takes the page faults of the
        // decimation's memory while this thread smooths (see below). Started after Surface
        // Nets instead, it was not ready in time: job +0.1-0.2 s, 5 A/B pairs.
        if (remoteDeviation && !pool) helper = MeshWorkerPool.create({ threads: 1 });
        // wall thickness per segment (needs the voxels, which are dropped after meshing)
        const walls = new Map<number, WallThicknessSummary>();
        if (opts.material) {
          for (const label of lm.segments.keys()) {
            const minWall = MATERIAL_MIN_WALL_MM[opts.material];
            const summary = summarizeWallThickness(thicknessMap(lm, { label }), minWall);
            if (summary) walls.set(label, summary);
          }
          lap('thicknessMs');
        }
        stage(0.45, 'surface');
        const segments = lm.segments;
        // Surface Nets stays on this thread: the workers start just before (the pool is made
        // after the segmentation's memory peak) and would not be ready for it. Warm, in the
        // bench, pool.surfaceNets is ahead (session 4, corpus CT: 0.092 s vs 0.109 s one thread;
        // session 3: 0.25 s vs 0.19 s, behind).
        const segMeshes = labelSurfaceToMeshes(
          (() => {
            // on shared memory when a worker will measure the decimated model's deviation
            // from this raw mesh, or analyse it (a pool): sent without a copy (corpus CT
            // --threads 2: the smoothing's peak 194 -> ~180 MB)
            const surface = surfaceNets(lm, {
              grey: greyGuide,
              sharedMemory: remoteDeviation || usePool,
            });
            // the voxels and grey values are not needed any more: freed before the per-label
            // meshes allocate their corner tables (corpus CT: peak 253-255 -> 214-225 MB);
            // `surface` itself lives only as this call's argument
            greyGuide = undefined;
            lm = { ...lm, data: new Uint8Array(0) };
            collectGarbage();
            return surface;
          })(),
          // one label: the mesh is made of the surface's own arrays (no copy)
          { inPlace: true },
        );
        lap('surfaceMs');
        if (segMeshes.length === 0) {
          throw new Error('the segmentation is empty: no voxel in the threshold range');
        }
        // The mask's memory goes to the smoothing and then to the decimation (one part, one
        // thread): grown now to what the decimation will take, its new pages touched by the
        // helper while this thread smooths (corpus CT: ~30 MB, ~7k first-touch faults off
        // this thread's critical path; a fault cost ~12 µs on the VM of session 8).
        if (helper && maskMemory && decimating && opts.smooth && segMeshes.length === 1) {
          const { positions, triangles } = segMeshes[0].mesh;
          growAndTouch(
            maskMemory,
            decimationBytes(positions.length / 3, triangles.length / 3),
            helper,
          );
        }
        const engine = opts.manifoldCheck || labelling ? await ManifoldEngine.create() : null;
        const parts: Array<{ name: string; color: [number, number, number]; mesh: Mesh }> = [];
        const reportParts: ReportPartInput[] = [];
        const notes: string[] = [];
        // one part and no labels: the views of the final mesh start on a worker as soon as
        // it is known, while this thread repairs and writes (used if repair keeps the mesh);
        // not when the worker measures the deviation of a decimated model: this thread renders
        // then, after writing, while the worker measures (corpus CT --decimate 0.1 --threads 2:
        // the worker had the views and the deviation in a row, this thread waited ~150 ms)
        const single = pool !== null && segMeshes.length === 1 && !labelling && !remoteDeviation;
        let early: { mesh: Mesh; views: Promise<RenderedViews> } | null = null;
        // The one-sided deviation of a decimated mesh from the raw one (a distance query per
        // final vertex against the raw mesh's ~700k triangles: 0.21-0.28 s on the corpus CT in
        // TypeScript, 0.10-0.15 s in the WebAssembly kernel since session 8)
        // runs on a worker while this thread checks, writes and renders the model; without a
        // pool on the helper worker (started after the load stage, see there), loaded by then.
        // Session 7, corpus CT --decimate 0.1, 5 A/B pairs: job 3.37 -> 3.28 s (medians),
        // peak RSS +8 MB; this thread's check + write grow by ~170 ms meanwhile (the two
        // cores are shared with V8's own threads), the wait for the result is 2-43 ms.
        // Its results fill the report parts (by index) before the report is made.
        const pendingDeviations: Array<Promise<void>> = [];
        for (const { label, mesh: raw } of segMeshes) {
          const seg = segments.get(label);
          const name = seg?.name ?? `segment ${label}`;
          const color = (seg?.color ?? [227, 218, 201]) as [number, number, number];
          let rawVolume: number | undefined;
          let mesh = raw;
          // the smoothing's spent memory, for the decimation kernel (see below)
          let spentMemory: WasmMemory | undefined;
          let shift: { max: number; mean: number } | undefined;
          const simplifying = decimating;
          // the raw mesh's topology on a worker while this thread smooths: smoothing keeps
          // the triangles, so repair reuses it (a failed task only loses the shortcut)
          const topology =
            pool && opts.smooth && !simplifying
              ? pool.analyzeMesh(raw).catch(() => undefined)
              : undefined;
          if (opts.smooth) {
            stage(0.55, 'smooth');
            // the sinc steps on this thread and the pool's (identical result)
            // without a pool the decimation on this thread takes over the filter's memory:
            // its pages are mapped already (corpus CT: ~30 of the decimator's ~64 MB; a first
            // touch of a fresh page costs several µs on a VM)
            const smoothed = pool
              ? pool.smoothMesh(raw, { iterations, passBand })
              : smoothMesh(raw, {
                  iterations,
                  passBand,
                  keepMemory: simplifying,
                  // the mask's memory (one part: later parts get fresh memory)
                  memory: maskMemory,
                  memoryDirty: premadeBytes,
                });
            maskMemory = undefined;
            mesh = smoothed.mesh;
            spentMemory = smoothed.memory;
            // held only by spentMemory: a suspended async function keeps objects alive
            smoothed.memory = undefined;
            rawVolume = smoothed.inputVolume; // measured there already
            // the filter's state (~90 bytes a vertex, 30 MB on the corpus CT) is garbage now,
            // in both isolates with a pool (the workers collect theirs after each task); left
            // to V8 it could still be there when the decimator allocates its ~80 MB (corpus CT
            // --decimate 0.1: job peak 180-218 MB over runs, above 3x the volume at times).
            // The filter's memory is a WebAssembly.Memory: unmapped only by releaseMemory.
            // (When it is kept for the decimation, the surface's spent arrays still go: ~18 MB
            // on the corpus CT, the decimation's peak 165 -> 183 MB without this.)
            await releaseMemory();
          }
          const smoothedMesh = mesh;
          rawVolume ??= measureVolumeArea(raw).signedVolume;
          lap('smoothMs');
          // the smoothed volume: measured here when simplification needs it, else taken from
          // repair's analysis of the same mesh below
          let smoothedVolume =
            opts.smooth && simplifying ? measureVolumeArea(mesh).signedVolume : undefined;
          let simplifiedTopology: MeshAnalysis | undefined;
          // The helper (no pool) is idle while this thread decimates: it measures the
          // smoothing shift (the same vertex displacement as smoothingShift) and makes the
          // raw mesh ready for the deviation's queries (prepareDeviation) meanwhile. Corpus CT:
          // this thread's ~45 ms of the shift and the worker's ~60-80 ms of set-up leave the
          // tail of the job.
          let remoteShift: Promise<{ max: number; mean: number } | undefined> | undefined;
          if (helper) {
            if (opts.smooth) {
              remoteShift = helper.surfaceDeviation(smoothedMesh, raw).then(
                (d) => ({ max: d.maxMm, mean: d.meanMm }),
                () => undefined, // measured here instead
              );
            }
            helper.prepareDeviation(raw);
          }
          if (simplifying) {
            stage(0.7, 'simplify');
            // on two threads (a slab each, then the seam strip) when there is a pool
            // the smoothed volume is measured already: no second pass over the mesh
            const simplifyOptions = {
              targetRatio: decimate,
              maxErrorMm,
              inputVolumeMm3: smoothedVolume,
            };
            const local: SimplifyOptions = { ...simplifyOptions, memory: spentMemory };
            const r = pool
              ? await pool.simplifyMesh(mesh, simplifyOptions)
              : simplifyMesh(mesh, local);
            // the kernel's memory is garbage now: no reference left here (this suspended
            // async function would keep it, ~64 MB on the corpus CT, to the end of the job)
            spentMemory = undefined;
            local.memory = undefined;
            if (!r.simplified)
              notes.push(`${name}: not simplified (the mesh was not closed and manifold)`);
            else
              notes.push(
                `${name}: simplified to ${(100 * r.ratio).toFixed(1)} % of the triangles (quadric error <= ${r.errorMm.toFixed(3)} mm)`,
              );
            mesh = r.mesh;
            simplifiedTopology = r.topology;
            // the decimator's working arrays (~64 MB on the corpus CT) are garbage: freed
            // before the deviation's pass over the raw mesh (job peak 206 -> 172 MB in three of
            // five traced runs, session 4, when they were ~80-100 MB); wasm memories
            await releaseMemory();
          }
          lap('simplifyMs');
          if (single && pool) {
            early = { mesh, views: pool.renderViews([{ mesh, color }], 320) };
            early.views.catch(() => {}); // awaited below when used
          }
          stage(0.8, 'repair');
          // the topology known already: the raw mesh's (smoothing keeps the triangles), or the
          // simplification's check of its result (corpus CT: its analysis 56-72 -> 29-35 ms)
          const known = simplifiedTopology ?? (await topology);
          const analysed = simplifiedTopology ? mesh : raw; // the mesh `known` is of
          const repaired = repairMesh(mesh, {
            minShellMm3,
            sameTriangles: known && {
              triangles: analysed.triangles,
              vertexCount: analysed.positions.length / 3,
              analysis: known,
            },
          });
          for (const issue of repaired.issues) notes.push(`${name}: ${issue.message}`);
          mesh = repaired.mesh;
          let analysis: MeshAnalysis | undefined = repaired.analysis; // of `mesh` until it changes
          if (opts.smooth && !simplifying) {
            smoothedVolume =
              mesh === smoothedMesh
                ? repaired.analysis.signedVolume
                : measureVolumeArea(smoothedMesh).signedVolume;
          }
          lap('repairMs');
          // deviation of the print surface itself (before any label is added)
          let deviation: ReportPartInput['deviationMm'];
          let remote: Promise<ReportPartInput['deviationMm']> | undefined;
          const deviationPool = remoteDeviation ? (pool ?? helper) : null;
          if (opts.deviation && deviationPool) {
            const [final, reference] = [mesh, raw];
            remote = deviationPool.surfaceDeviation(final, reference).catch(
              // a failed worker: measured here instead (unless the job has ended, e.g. failed)
              () => (finished ? undefined : surfaceDeviation(final, reference)),
            );
          } else if (opts.deviation) {
            stage(0.88, 'deviation');
            if (opts.hausdorff && pool) {
              // the two directions of the Hausdorff distance on two threads
              const h = await pool.hausdorffDistance(mesh, raw);
              deviation = { maxMm: h.maxMm, meanMm: h.meanMm, method: 'hausdorff' };
            } else {
              deviation = surfaceDeviation(mesh, raw, {
                method: opts.hausdorff ? 'hausdorff' : 'fast',
              });
            }
            lap('deviationMs');
          }
          // the smoothing shift: the vertex displacement just measured when the final mesh is
          // the smoothed one (the same numbers), else measured here
          if (opts.smooth) {
            shift =
              mesh === smoothedMesh && deviation?.method === 'vertex-displacement'
                ? { max: deviation.maxMm, mean: deviation.meanMm }
                : ((await remoteShift) ?? smoothingShift(smoothedMesh, raw));
          }
          if (engine && labelling && parts.length === 0) {
            stage(0.85, 'label');
            const labelled = embossLabels(engine, mesh, {
              text: opts.emboss,
              face: embossFace,
              mode: opts.engrave ? 'engrave' : 'emboss',
              lateralityMarker: opts.lateralityMarker,
            });
            mesh = labelled.mesh;
            analysis = undefined;
            for (const f of labelled.findings) notes.push(`${name}: ${f}`);
            for (const p of labelled.placements) {
              notes.push(
                `${name}: '${p.text}' ${opts.engrave ? 'engraved' : 'embossed'} on the ${p.face} side at LPS ${p.centre.map((x) => x.toFixed(1)).join(', ')} mm`,
              );
            }
            lap('labelMs');
          }
          const manifold = opts.manifoldCheck ? engine?.check(mesh) : undefined;
          lap('checkMs');
          parts.push({ name, color, mesh });
          if (remote) {
            const index = reportParts.length;
            const pending = remote.then((d) => {
              reportParts[index] = { ...reportParts[index], deviationMm: d };
            });
            pending.catch(() => {}); // awaited below on success; never left unhandled
            pendingDeviations.push(pending);
          }
          reportParts.push({
            name,
            label,
            mesh,
            analysis,
            rawVolumeMm3: rawVolume,
            smoothedVolumeMm3: smoothedVolume,
            deviationMm: deviation,
            wallThickness: walls.get(label),
            smoothingShiftMm: shift,
            manifold,
          });
        }
        engine?.dispose();
        stage(0.9, 'write');
        // the views render on a worker while the model file is written here (started
        // already when the final mesh was known); the deviations are still running elsewhere
        const views =
          early && parts.length === 1 && parts[0].mesh === early.mesh
            ? early.views
            : pool && pendingDeviations.length === 0
              ? pool.renderViews(parts, 320)
              : null;
        const model: ExportModel = {
          parts,
          frame: frame as OutputFrame,
          description: opts.caseId ? `case ${opts.caseId}` : undefined,
        };
        mkdirSync(dirname(opts.out) || '.', { recursive: true });
        if (ext === '.stl' && !opts.ascii) writeStlFile(opts.out, model);
        else if (ext === '.stl') writeFileSync(opts.out, writeStl(model, { ascii: true }));
        else if (ext === '.3mf') writeFileSync(opts.out, write3mf(model));
        else if (ext === '.ply') writeFileSync(opts.out, writePly(model));
        else {
          const mtlName = basename(opts.out, extname(opts.out)) + '.mtl';
          const { obj, mtl } = writeObj(model, mtlName);
          writeFileSync(opts.out, obj);
          writeFileSync(join(dirname(opts.out), mtlName), mtl);
        }
        const rendered = views ? await views : renderViews(parts, 320);
        const png = encodePng(rendered);
        lap('writeMs');
        if (pendingDeviations.length > 0) {
          // the part of the remote deviations this thread waits for
          stage(0.95, 'deviation');
          await Promise.all(pendingDeviations);
          lap('deviationMs');
        }
        const report = printabilityReport(reportParts, { printer, material: opts.material });
        const reportJson = {
          tool: 'anatomodel model',
          input,
          source: loaded.source,
          description: loaded.description,
          modality: loaded.modality,
          caseId: opts.caseId,
          output: opts.out,
          frame,
          grid: {
            dims: grid.dims,
            spacingMm: grid.spacing,
            originLps: grid.origin,
            axes: grid.axes,
          },
          segmentation: range ? { threshold: range } : { preset },
          smoothing: opts.smooth
            ? { method: 'windowed-sinc (Nuttall), volume-preserving', iterations, passBand }
            : null,
          simplification: decimate !== undefined ? { targetRatio: decimate, maxErrorMm } : null,
          warnings: [...loaded.warnings],
          notes,
          timingsMs: timings,
          ...report,
        };
        const reportDir = dirname(opts.out) || '.';
        writeFileSync(join(reportDir, 'report.json'), JSON.stringify(reportJson, null, 2) + '\n');
        writeFileSync(
          join(reportDir, 'report.html'),
          reportHtml(report, {
            title: `Anatomodel model${opts.caseId ? ' — case ' + opts.caseId : ''}`,
            pngBase64: Buffer.from(png).toString('base64'),
            viewCaptions: rendered.views.map((v) => v.caption),
            details: {
              input,
              output: opts.out,
              frame: frame.toUpperCase(),
              segmentation: range ? `threshold ${range.lower}:${range.upper}` : `preset ${preset}`,
              grid: `${grid.dims.join(' x ')} voxels, ${grid.spacing.map((s) => s.toFixed(3)).join(' x ')} mm`,
              notes: notes.join('; ') || 'none',
            },
          }),
        );
        stage(1, 'done');
        if (show) bar.stop();
        for (const p of report.parts) {
          process.stdout.write(
            `${p.name}: ${p.triangles} triangles, ${p.watertight ? 'watertight' : 'NOT watertight'} (manifold-3d ${p.manifoldStatus}), ` +
              `${p.shells} shells, genus ${p.genus}, ${(p.volumeMm3 / 1000).toFixed(2)} mL, ` +
              `${p.sizeMm.map((x) => x.toFixed(1)).join(' x ')} mm\n`,
          );
        }
        process.stdout.write(
          `wrote ${opts.out}, ${join(reportDir, 'report.json')}, ${join(reportDir, 'report.html')}\n`,
        );
        for (const f of report.findings) process.stdout.write(`finding: ${f}\n`);
        for (const w of loaded.warnings) process.stdout.write(`warning: ${w}\n`);
      } finally {
        if (show) bar.stop();
        finished = true;
        await Promise.all([pool?.dispose(), helper?.dispose()]);
      }
    });
}

/**
 * Binary STL straight to the file in 1 MiB pieces: the job never holds the whole file (35 MB for
 * the corpus CT bone), which set the peak RSS of its write stage.
 */
function writeStlFile(path: string, model: ExportModel): void {
  const fd = openSync(path, 'w');
  try {
    writeBinaryStlChunks(model, (chunk) => {
      for (let done = 0; done < chunk.length;) {
        done += writeSync(fd, chunk, done, chunk.length - done);
      }
    });
  } finally {
    closeSync(fd);
  }
}

let lastFaults = 0;

/**
 * Grows a shared `memory` to `bytes` (when smaller) and has `helper` touch the new pages.
 * A function of its own, not inline in the job: a suspended async function keeps its
 * temporaries, and a view of the buffer held there would keep the memory alive to the end.
 */
function growAndTouch(memory: WasmMemory, bytes: number, helper: MeshWorkerPool): void {
  const have = memory.buffer.byteLength;
  if (!isSharedMemory(memory) || bytes <= have) return;
  try {
    memory.grow(Math.ceil((bytes - have) / 65536));
  } catch {
    return; // no room for it now: the kernels grow the memory themselves
  }
  const buffer = memory.buffer as SharedArrayBuffer; // grown: a new view
  helper.touchPages(buffer, have, buffer.byteLength).catch(() => {});
}

/** A zero shared WebAssembly memory for the mask, or undefined when refused. */
function createMaskMemory(bytes: number): WasmMemory | undefined {
  try {
    // shared: a worker can touch the pages it is grown by later (the kernels' shared builds
    // run on it)
    return maskMemory(bytes, true);
  } catch {
    return undefined; // thresholdSlabStream makes its own (or reports why it cannot)
  }
}

/**
 * Touches every page of `buffer` (a write that keeps its byte) in turns of the event loop,
 * 2 MiB a turn, so first-touch faults happen while this thread would wait anyway; `stop`
 * ends it. Safe beside other writers on this thread: no byte changes.
 */
function touchPagesWhenIdle(buffer: ArrayBufferLike): { stop(): void } {
  const bytes = new Uint8Array(buffer);
  let at = 0;
  let stopped = false;
  const turn = (): void => {
    if (stopped) return;
    for (const end = Math.min(bytes.length, at + (2 << 20)); at < end; at += 4096) bytes[at] |= 0;
    if (at < bytes.length) setImmediate(turn);
  };
  setImmediate(turn);
  return { stop: () => void (stopped = true) };
}

/** Writes the stage's peak RSS (VmHWM) and current RSS, then resets the peak for the next. */
function traceStageMemory(stage: string): void {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
    const mb = (v: number) => (v / 1024).toFixed(0);
    const m = process.memoryUsage();
    // minor page faults (first touches of fresh pages), field 10 of /proc/self/stat
    const faults = Number(readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ')[7]);
    process.stderr.write(
      `memory ${stage}: peak ${mb(kb('VmHWM'))} MB, now ${mb(kb('VmRSS'))} MB ` +
        `(JS heap ${mb(m.heapTotal / 1024)} MB, array buffers ${mb(m.arrayBuffers / 1024)} MB), ` +
        `${faults - lastFaults} page faults\n`,
    );
    lastFaults = faults;
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // not Linux: no trace
  }
}

/**
 * Max and mean vertex displacement of the smoothed mesh from the raw one, mm: smoothing keeps
 * the triangles, so surfaceDeviation measures exactly that (its 'vertex-displacement').
 */
function smoothingShift(smoothed: Mesh, raw: Mesh): { max: number; mean: number } {
  const d = surfaceDeviation(smoothed, raw);
  return { max: d.maxMm, mean: d.meanMm };
}
