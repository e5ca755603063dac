import { statSync } from 'node:fs';
import type { Volume, VolumeGeometry, VoxelArray } from '../volume.ts';
import type { NiftiHeaderInfo } from '../nifti/read-nifti.ts';
import type { LoadSeriesOptions } from '../load-dicom-series.ts';
import { loadDicomSeries } from '../load-dicom-series.ts';
import { scanDicom } from '../scan-dicom.ts';
import { sourcesFromPath } from './dicom-sources.ts';
import { readNiftiFile, streamNiftiFile, type NiftiSlab } from './read-nifti-file.ts';
import { parallelSliceDecoder, type ParallelDecodeOptions } from './parallel-slice-decoder.ts';

export interface LoadOptions extends LoadSeriesOptions {
  /** worker-thread decoding of compressed series: options, or false to stay on one thread */
  readonly parallelDecode?: ParallelDecodeOptions | false;
}

/** A volume read from disk, with what the user should know about it. */
export interface LoadedVolume {
  readonly volume: Volume;
  /** series description, or the NIfTI description */
  readonly description: string;
  /** DICOM modality ('CT', 'MR', ...) or 'NIFTI' */
  readonly modality: string;
  readonly warnings: readonly string[];
  /** the path read, plus the series id for DICOM */
  readonly source: string;
  readonly seriesInstanceUid?: string;
}

/** True for .nii and .nii.gz paths. */
export function isNiftiPath(path: string): boolean {
  const p = path.toLowerCase();
  return p.endsWith('.nii') || p.endsWith('.nii.gz');
}

/**
 * Reads one volume from a DICOM folder (recursive), a .zip, a single DICOM file, or a
 * .nii/.nii.gz file, in patient LPS millimetres (HU for CT).
 * @throws ImagingError with the offending file named.
 */
export async function loadVolumeFromPath(
  path: string,
  options: LoadOptions = {},
): Promise<LoadedVolume> {
  if (isNiftiFile(path)) {
    // streamed: the file's bytes and the inflated stream are never held whole, only the voxels
    const { volume, header } = await readNiftiFile(path, {
      sharedMemory: options.sharedMemory,
      signal: options.signal,
    });
    return {
      // voxels kept as stored are on shared memory already; converted ones cost one copy here
      volume: options.sharedMemory ? onSharedMemory(volume) : volume,
      ...niftiInfo(path, header),
    };
  }
  const scan = await scanDicom(sourcesFromPath(path), { signal: options.signal });
  const parallel =
    options.parallel ??
    (options.parallelDecode === false
      ? undefined
      : parallelSliceDecoder(options.parallelDecode ?? {}));
  const loaded = await loadDicomSeries(scan, { ...options, parallel });
  return {
    volume: loaded.volume,
    description: loaded.series.description,
    modality: loaded.series.modality,
    warnings: loaded.warnings,
    source: `${path} series ${loaded.series.id}`,
    seriesInstanceUid: loaded.series.seriesInstanceUid,
  };
}

/** True when `path` is an existing .nii or .nii.gz file (which `loadVolumeFromPath` streams). */
export function isNiftiFile(path: string): boolean {
  return isNiftiPath(path) && statSync(path, { throwIfNoEntry: false })?.isFile() === true;
}

/**
 * `loadVolumeFromPath` for a NIfTI file whose voxels are consumed as they arrive: the volume
 * goes to `onSlab` in slabs of `slabSlices` slices with their neighbouring slices
 * (`streamNiftiFile`), never whole; returns the rest of what `loadVolumeFromPath` returns, and
 * the volume's geometry and unit (a Volume without voxels).
 * @throws ImagingError as `loadVolumeFromPath`, and whatever `onSlab` throws
 */
export async function streamVolumeFromNifti(
  path: string,
  options: { readonly slabSlices: number; readonly signal?: AbortSignal },
  onSlab: (slab: NiftiSlab) => void,
): Promise<Omit<LoadedVolume, 'volume'> & { geometry: VolumeGeometry; unit: Volume['unit'] }> {
  const { header, geometry, unit } = await streamNiftiFile(path, options, onSlab);
  return { ...niftiInfo(path, header), geometry, unit };
}

/** What a loaded NIfTI file tells the user besides its voxels. */
function niftiInfo(path: string, header: NiftiHeaderInfo): Omit<LoadedVolume, 'volume'> {
  return { description: header.description ?? '', modality: 'NIFTI', warnings: [], source: path };
}

/** The volume with its voxels on a SharedArrayBuffer (itself when they already are). */
function onSharedMemory(volume: Volume): Volume {
  const a = volume.data;
  if (a.buffer instanceof SharedArrayBuffer) return volume;
  const Ctor = a.constructor as new (b: SharedArrayBuffer) => VoxelArray;
  const data = new Ctor(new SharedArrayBuffer(a.byteLength));
  data.set(a);
  return { ...volume, data };
}
