import type { RunControl } from './volume.ts';
import type { SliceHeader } from './dicom/slice-header.ts';
import type { DicomSource } from './series/assemble-volume.ts';
import { readSliceHeaders } from './dicom/slice-header.ts';
import { groupSeries, type DicomSeries } from './series/group-series.ts';
import { parseDicom } from './dicom/parse-dicom.ts';
import { ImagingError } from './imaging-error.ts';
import type dicomParser from 'dicom-parser';

/** A file that was not used, and why. */
export interface SkippedFile {
  readonly file: string;
  readonly reason: string;
}

/** The result of reading the headers of a set of files. */
export interface DicomScan {
  readonly series: readonly DicomSeries[];
  /** non-DICOM files and DICOM objects without images (DICOMDIR, SR, ...) */
  readonly skipped: readonly SkippedFile[];
  /** files that look like DICOM but cannot be read: loading refuses while any exist */
  readonly failed: readonly ImagingError[];
  readonly sources: readonly DicomSource[];
}

const DICOMDIR_SOP_CLASS = '1.2.840.10008.1.3.10';
const PIXEL_DATA = 'x7fe00010';
/** bytes read for a header scan; files whose header is longer are read whole */
const HEAD_BYTES = 64 * 1024;

/**
 * Parses a source's header: from its first 64 KiB when the source can read a head and the
 * PixelData element starts within it, else from the whole file (whose errors are the ones
 * reported).
 */
async function readHeader(source: DicomSource): Promise<dicomParser.DataSet> {
  if (source.readHead) {
    const head = await source.readHead(HEAD_BYTES);
    if (head.length === HEAD_BYTES) {
      try {
        const ds = parseDicom(head, source.label, { untilTag: PIXEL_DATA });
        if (ds.elements[PIXEL_DATA]) return ds;
      } catch {
        // a header longer than the head, or a deflated dataset: read the whole file below
      }
    }
    if (head.length < HEAD_BYTES) return parseDicom(head, source.label);
  }
  return parseDicom(await source.read(), source.label);
}

/**
 * Reads the header of every source (bytes are dropped after parsing, so a scan holds only the
 * headers) and groups the images into series.
 * Non-DICOM inputs are skipped with the reason; damaged DICOM files are listed in `failed`.
 */
export async function scanDicom(
  sources: readonly DicomSource[],
  run: RunControl = {},
): Promise<DicomScan> {
  const headers: SliceHeader[] = [];
  /** SOPInstanceUID -> first file holding it: a second copy of an instance is skipped */
  const seenInstances = new Map<string, string>();
  const skipped: SkippedFile[] = [];
  const failed: ImagingError[] = [];
  for (let index = 0; index < sources.length; index++) {
    run.signal?.throwIfAborted();
    const source = sources[index];
    try {
      const ds = await readHeader(source);
      const sopClass = ds.string('x00020002') ?? ds.string('x00080016') ?? '';
      if (sopClass === DICOMDIR_SOP_CLASS) {
        skipped.push({ file: source.label, reason: 'DICOMDIR (directory record, no image)' });
        continue;
      }
      const found = readSliceHeaders(ds, source.label, index);
      if (found.length === 0) {
        const modality = ds.string('x00080060') ?? 'unknown modality';
        skipped.push({
          file: source.label,
          reason: `DICOM object without pixel data (${modality})`,
        });
        continue;
      }
      const uid = found[0].sopInstanceUid;
      const copyOf = uid ? seenInstances.get(uid) : undefined;
      if (copyOf !== undefined) {
        skipped.push({
          file: source.label,
          reason: `duplicate of ${copyOf} (same SOPInstanceUID ${uid})`,
        });
        continue;
      }
      if (uid) seenInstances.set(uid, source.label);
      for (const h of found) headers.push(h);
    } catch (err) {
      if (err instanceof ImagingError && err.code === 'NOT_DICOM') {
        skipped.push({ file: source.label, reason: err.message });
      } else if (err instanceof ImagingError) {
        failed.push(err);
      } else {
        failed.push(
          new ImagingError('CORRUPT', `unreadable: ${(err as Error).message}`, {
            file: source.label,
            cause: err,
          }),
        );
      }
    }
    run.onProgress?.((index + 1) / sources.length);
  }
  return { series: groupSeries(headers), skipped, failed, sources };
}
