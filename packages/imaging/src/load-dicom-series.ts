import type { RunControl, Volume } from './volume.ts';
import type { DicomScan } from './scan-dicom.ts';
import type { DicomSeries } from './series/group-series.ts';
import type { StackPlanOptions, StackPlan } from './series/plan-stack.ts';
import { planStack } from './series/plan-stack.ts';
import { assembleVolume, type ParallelSliceDecoder } from './series/assemble-volume.ts';
import { ImagingError } from './imaging-error.ts';

export interface LoadSeriesOptions extends StackPlanOptions, RunControl {
  /** a series id from the scan, or a SeriesInstanceUID (0020,000E) */
  readonly seriesInstanceUid?: string;
  /** load even when some files of the input could not be read (default false) */
  readonly allowUnreadableFiles?: boolean;
  /** decode on worker threads where that pays (Node: `parallelSliceDecoder`) */
  readonly parallel?: ParallelSliceDecoder;
  /**
   * put the volume's voxels on a SharedArrayBuffer (default false): worker threads (e.g.
   * `SegmentationPool`) then use them in place instead of copying
   */
  readonly sharedMemory?: boolean;
}

/** A volume with the facts of its source series. */
export interface LoadedSeries {
  readonly volume: Volume;
  readonly series: DicomSeries;
  readonly plan: StackPlan;
  readonly warnings: readonly string[];
}

function listSeries(series: readonly DicomSeries[]): string {
  return series
    .map(
      (s) =>
        `${s.id} (${s.modality} "${s.description}", ${s.slices.length} images${s.isLocalizer ? ', localizer' : ''})`,
    )
    .join('; ');
}

/**
 * Picks the series to load: the one named, else the only non-localizer stack with more than
 * one image. Refuses (MIXED_SERIES) when the choice is ambiguous, listing the candidates.
 */
export function selectSeries(scan: DicomScan, seriesInstanceUid?: string): DicomSeries {
  if (scan.series.length === 0) {
    const why =
      scan.failed[0]?.message ??
      (scan.skipped.length > 0
        ? `${scan.skipped.length} file(s) skipped, none is a DICOM image`
        : 'no files');
    throw new ImagingError('NO_SERIES', `no DICOM image series found: ${why}`);
  }
  if (seriesInstanceUid) {
    const byId = scan.series.find((s) => s.id === seriesInstanceUid);
    if (byId) return byId;
    const byUid = scan.series.filter((s) => s.seriesInstanceUid === seriesInstanceUid);
    if (byUid.length === 1) return byUid[0];
    if (byUid.length > 1) {
      throw new ImagingError(
        'MIXED_SERIES',
        `series ${seriesInstanceUid} holds ${byUid.length} stacks (${byUid[0].splitReason ?? 'split'}); choose one of: ${listSeries(byUid)}`,
      );
    }
    throw new ImagingError(
      'SERIES_NOT_FOUND',
      `series ${seriesInstanceUid} not in the input; found: ${listSeries(scan.series)}`,
    );
  }
  const volumes = scan.series.filter((s) => !s.isLocalizer && s.slices.length > 1);
  if (volumes.length === 1) return volumes[0];
  const images = scan.series.filter((s) => !s.isLocalizer);
  if (volumes.length === 0 && images.length === 1) return images[0];
  if (volumes.length === 0) {
    throw new ImagingError(
      'NO_SERIES',
      `no volume series (only localizers or single images): ${listSeries(scan.series)}`,
    );
  }
  throw new ImagingError(
    'MIXED_SERIES',
    `the input holds ${volumes.length} series; choose one: ${listSeries(volumes)}`,
  );
}

/**
 * Builds the volume of one series of a scan: sort, geometry, decode, rescale, tilt and spacing
 * correction. Refuses while any file of the input is damaged, unless allowUnreadableFiles.
 */
export async function loadDicomSeries(
  scan: DicomScan,
  options: LoadSeriesOptions = {},
): Promise<LoadedSeries> {
  if (scan.failed.length > 0 && !options.allowUnreadableFiles) throw scan.failed[0];
  const series = selectSeries(scan, options.seriesInstanceUid);
  const plan = planStack(series, options);
  const { volume, warnings } = await assembleVolume(plan, scan.sources, options, {
    parallel: options.parallel,
    sharedMemory: options.sharedMemory,
  });
  const all = [...warnings];
  if (scan.failed.length > 0)
    all.push(`${scan.failed.length} unreadable file(s) ignored, first: ${scan.failed[0].message}`);
  if (series.splitReason) all.push(`stack split from its series: ${series.splitReason}`);
  return { volume, series, plan, warnings: all };
}
