import type { RunControl, Volume, VoxelArray } from '../volume.ts';
import type { SliceHeader } from '../dicom/slice-header.ts';
import type { StackPlan } from './plan-stack.ts';
import { ImagingError } from '../imaging-error.ts';
import { resampleStack } from './resample-stack.ts';
import {
  allocateVoxels,
  decodeSlices,
  Int16Overflow,
  storedRange,
  type OutputKind,
} from './decode-slices.ts';

/** Bytes of one input file, read when needed (so a scan never holds every file at once). */
export interface DicomSource {
  /** a path, zip entry or the caller's name, used in every error */
  readonly label: string;
  /** the file on disk, when the source is one (lets worker threads read it themselves) */
  readonly path?: string;
  read(): Uint8Array | Promise<Uint8Array>;
  /** optional: the first `maxBytes` bytes (fewer at the end of the file), for header scans */
  readHead?(maxBytes: number): Uint8Array | Promise<Uint8Array>;
  /**
   * optional: the whole file, read into memory the caller provides: the source calls
   * `allocate(size)` and fills what it returns, so one buffer serves every file of a series
   */
  readInto?(allocate: (size: number) => Uint8Array): Uint8Array;
}

/**
 * Decodes a whole stack in parallel (a Node-only strategy; see `@anatomodel/imaging/node`).
 * Returns undefined when it does not apply, and assembleVolume decodes on this thread.
 */
export type ParallelSliceDecoder = (
  slices: readonly SliceHeader[],
  sources: readonly DicomSource[],
  kind: OutputKind,
  checkInt16: boolean,
  run: RunControl,
) => Promise<VoxelArray | undefined>;

export interface AssembleOptions {
  readonly parallel?: ParallelSliceDecoder;
  /**
   * allocate the volume's voxels on a SharedArrayBuffer (default false), so worker threads can
   * read it in place with no copy (e.g. `SegmentationPool` in `@anatomodel/segmentation/node`)
   */
  readonly sharedMemory?: boolean;
}

/** Picks the narrowest output type that holds every modality value exactly. */
function chooseOutput(slices: readonly SliceHeader[], isCt: boolean): OutputKind {
  const identity = slices.every((s) => s.rescaleSlope === 1 && s.rescaleIntercept === 0);
  const integral = slices.every(
    (s) => Number.isInteger(s.rescaleSlope) && Number.isInteger(s.rescaleIntercept),
  );
  if (!integral) return 'float32';
  if (identity && !isCt) {
    const h = slices[0];
    if (
      slices.some(
        (s) => s.bitsStored !== h.bitsStored || s.pixelRepresentation !== h.pixelRepresentation,
      )
    )
      return 'float32';
    if (h.pixelRepresentation === 0 && h.bitsStored <= 8) return 'uint8';
    if (h.pixelRepresentation === 0 && h.bitsStored <= 16) return 'uint16';
    if (h.pixelRepresentation === 1 && h.bitsStored <= 16) return 'int16';
    return 'float32';
  }
  // Integral rescale: int16 (values are checked while writing when the stored range could
  // overflow it; real CT never does, and then the whole stack is redone as float32).
  return 'int16';
}

/** Whether every possible stored value of every slice fits int16 after rescale. */
function int16Safe(slices: readonly SliceHeader[]): boolean {
  return slices.every((s) => {
    const [lo, hi] = storedRange(s);
    const a = lo * s.rescaleSlope + s.rescaleIntercept;
    const b = hi * s.rescaleSlope + s.rescaleIntercept;
    return Math.min(a, b) >= -32768 && Math.max(a, b) <= 32767;
  });
}

async function decode(
  slices: readonly SliceHeader[],
  sources: readonly DicomSource[],
  kind: OutputKind,
  checkInt16: boolean,
  run: RunControl,
  options: AssembleOptions,
): Promise<VoxelArray> {
  const parallel = await options.parallel?.(slices, sources, kind, checkInt16, run);
  // the parallel decoder fills shared memory already
  if (parallel) return parallel;
  const target = allocateVoxels(
    kind,
    slices[0].rows * slices[0].columns * slices.length,
    options.sharedMemory === true,
  );
  await decodeSlices(slices, 0, sources, target, checkInt16, run);
  return target;
}

/**
 * Decodes every slice of a planned stack straight into the final typed array (no per-slice
 * copies retained), applies Rescale Slope/Intercept (0028,1053/1052) — HU for CT — and, for
 * tilted or irregular stacks, resamples onto the plan's orthogonal uniform grid (trilinear).
 * Data type: Int16Array for CT with integral rescale, the stored type for unscaled MR, else
 * Float32Array. `options.parallel` may decode the slices on worker threads; with
 * `options.sharedMemory` the returned data lie on a SharedArrayBuffer.
 * @throws ImagingError from decoding, naming the file; AbortError when `run.signal` aborts.
 */
export async function assembleVolume(
  plan: StackPlan,
  sources: readonly DicomSource[],
  run: RunControl = {},
  options: AssembleOptions = {},
): Promise<{ volume: Volume; warnings: string[] }> {
  const warnings = [...plan.warnings];
  const slices = plan.sorted;
  const first = slices[0];
  if (first.samplesPerPixel !== 1) {
    throw new ImagingError(
      'UNSUPPORTED_PIXEL_FORMAT',
      `colour images (${first.photometricInterpretation}, ${first.samplesPerPixel} samples per pixel) cannot form a grey volume`,
      { file: first.file },
    );
  }
  const isCt = first.modality === 'CT';
  if (!isCt && slices.some((s) => s.photometricInterpretation === 'MONOCHROME1')) {
    warnings.push('MONOCHROME1 images inverted so that higher values are brighter');
  }
  const kind = chooseOutput(slices, isCt);
  // with resampling, only the resampled output needs to be shared
  const decodeOptions = plan.resample ? { ...options, sharedMemory: false } : options;
  let target: VoxelArray;
  try {
    target = await decode(
      slices,
      sources,
      kind,
      kind === 'int16' && !int16Safe(slices),
      run,
      decodeOptions,
    );
  } catch (err) {
    if (!(err instanceof Int16Overflow)) throw err;
    target = await decode(slices, sources, 'float32', false, run, decodeOptions);
  }
  let data: VoxelArray = target;
  if (plan.resample) {
    const padding =
      first.pixelPaddingValue !== undefined
        ? first.pixelPaddingValue * first.rescaleSlope + first.rescaleIntercept
        : minimum(target);
    data = resampleStack(
      target,
      first.columns,
      first.rows,
      plan.resample,
      plan.geometry.dims,
      padding,
      options.sharedMemory === true,
    );
  }
  return {
    volume: { kind: 'Volume', geometry: plan.geometry, data, unit: isCt ? 'HU' : 'raw' },
    warnings,
  };
}

function minimum(a: VoxelArray): number {
  let m = Infinity;
  for (let i = 0; i < a.length; i++) if (a[i] < m) m = a[i];
  return Number.isFinite(m) ? m : 0;
}
