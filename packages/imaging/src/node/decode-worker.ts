/**
 * Worker side of `parallelSliceDecoder`: decodes a contiguous part of a stack, reading the
 * files itself, into the shared voxel array. Posts progress counts, then `{ done: true }` or a
 * serialised error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { SliceHeader } from '../dicom/slice-header.ts';
import type { DicomSource } from '../series/assemble-volume.ts';
import type { OutputKind } from '../series/decode-slices.ts';
import { decodeSlices, Int16Overflow } from '../series/decode-slices.ts';
import { ImagingError } from '../imaging-error.ts';
import { fileSources } from './dicom-sources.ts';

interface Job {
  buffer: SharedArrayBuffer;
  kind: OutputKind;
  checkInt16: boolean;
  slices: SliceHeader[];
  firstIndex: number;
  /** sourceIndex -> path */
  paths: Record<number, string>;
}

const job = workerData as Job;
const sources: DicomSource[] = [];
for (const [index, path] of Object.entries(job.paths))
  sources[Number(index)] = fileSources([path])[0];
const view =
  job.kind === 'int16'
    ? new Int16Array(job.buffer)
    : job.kind === 'uint16'
      ? new Uint16Array(job.buffer)
      : job.kind === 'uint8'
        ? new Uint8Array(job.buffer)
        : new Float32Array(job.buffer);
let reported = 0;
try {
  await decodeSlices(job.slices, job.firstIndex, sources, view, job.checkInt16, {
    onProgress: (f) => {
      const done = Math.round(f * job.slices.length);
      if (done - reported >= 8 || done === job.slices.length) {
        parentPort?.postMessage({ progress: done - reported });
        reported = done;
      }
    },
  });
  parentPort?.postMessage({ done: true });
} catch (err) {
  if (err instanceof Int16Overflow) parentPort?.postMessage({ overflow: true });
  else if (err instanceof ImagingError) {
    parentPort?.postMessage({ error: { code: err.code, message: err.message, file: err.file } });
  } else
    parentPort?.postMessage({
      error: { code: 'DECODE_FAILED', message: String((err as Error)?.message ?? err) },
    });
}
