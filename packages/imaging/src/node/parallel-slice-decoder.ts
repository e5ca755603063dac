import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { SliceHeader } from '../dicom/slice-header.ts';
import type { ParallelSliceDecoder } from '../series/assemble-volume.ts';
import type { RunControl, VoxelArray } from '../volume.ts';
import { allocateVoxels, Int16Overflow, type OutputKind } from '../series/decode-slices.ts';
import { ImagingError, type ImagingErrorCode } from '../imaging-error.ts';

export interface ParallelDecodeOptions {
  /** worker threads; default min(available cores, 4). 1 disables parallel decoding. */
  readonly threads?: number;
  /** fewest slices worth starting workers for; default 24 */
  readonly minSlices?: number;
  /**
   * least estimated single-thread decoding time worth starting workers for, seconds; default
   * 1.0 (starting a worker and its codec costs ~0.3-0.5 s)
   */
  readonly minSeconds?: number;
  /**
   * also decode uncompressed series on workers (default false: reading and converting native
   * pixels is faster than starting workers)
   */
  readonly includeUncompressed?: boolean;
}

/**
 * Single-thread decoding cost per pixel, ns, by transfer syntax, from `npm run bench -- ingest`
 * and `-- decode` on this project's 2-core machine (JPEG lossless 512x512: 157 slices/s, JPEG-LS
 * 543 slices/s); the rest are conservative guesses from the decode benchmark.
 */
const NS_PER_PIXEL: Record<string, number> = {
  '1.2.840.10008.1.2.4.57': 24, // JPEG lossless process 14
  '1.2.840.10008.1.2.4.70': 24, // JPEG lossless SV1
  '1.2.840.10008.1.2.4.80': 7, // JPEG-LS lossless
  '1.2.840.10008.1.2.4.81': 7, // JPEG-LS near-lossless
  '1.2.840.10008.1.2.4.90': 40, // JPEG 2000 lossless
  '1.2.840.10008.1.2.4.91': 40, // JPEG 2000
  '1.2.840.10008.1.2.4.201': 15, // HTJ2K lossless
  '1.2.840.10008.1.2.4.202': 15,
  '1.2.840.10008.1.2.4.203': 15,
  '1.2.840.10008.1.2.4.50': 10, // JPEG baseline
  '1.2.840.10008.1.2.4.51': 20, // JPEG extended (in-house 12-bit)
  '1.2.840.10008.1.2.5': 2, // RLE
};

/** Estimated single-thread decoding time of a stack, seconds. */
function estimatedSeconds(slices: readonly SliceHeader[]): number {
  let ns = 0;
  for (const s of slices) ns += s.rows * s.columns * (NS_PER_PIXEL[s.transferSyntaxUid] ?? 1);
  return ns / 1e9;
}

const UNCOMPRESSED = new Set([
  '1.2.840.10008.1.2',
  '1.2.840.10008.1.2.1',
  '1.2.840.10008.1.2.2',
  '1.2.840.10008.1.2.1.99',
]);

/**
 * A parallel decoder for stacks read from files: splits the sorted slices into contiguous parts,
 * one per worker thread; each worker reads its files and decodes straight into one shared voxel
 * array, so the result is identical to decoding on one thread. Applies to compressed series
 * (JPEG, JPEG-LS, JPEG 2000, HTJ2K, RLE) of at least `minSlices` slices, estimated to take at
 * least `minSeconds` on one thread, whose every source is a file; returns undefined otherwise.
 */
export function parallelSliceDecoder(options: ParallelDecodeOptions = {}): ParallelSliceDecoder {
  const threads = options.threads ?? Math.min(availableParallelism(), 4);
  const minSlices = options.minSlices ?? 24;
  const minSeconds = options.minSeconds ?? 1.0;
  return async (slices, sources, kind, checkInt16, run) => {
    if (threads < 2 || slices.length < Math.max(minSlices, 2)) return undefined;
    if (!options.includeUncompressed) {
      if (slices.every((s) => UNCOMPRESSED.has(s.transferSyntaxUid))) return undefined;
      if (estimatedSeconds(slices) < minSeconds) return undefined;
    }
    const paths: Record<number, string> = {};
    for (const s of slices) {
      const path = sources[s.sourceIndex]?.path;
      if (!path) return undefined;
      paths[s.sourceIndex] = path;
    }
    return decodeOnWorkers(slices, paths, kind, checkInt16, Math.min(threads, slices.length), run);
  };
}

async function decodeOnWorkers(
  slices: readonly SliceHeader[],
  paths: Record<number, string>,
  kind: OutputKind,
  checkInt16: boolean,
  threads: number,
  run: RunControl,
): Promise<VoxelArray> {
  const sliceSize = slices[0].rows * slices[0].columns;
  const target = allocateVoxels(kind, sliceSize * slices.length, true);
  const bootstrap = new URL('./worker-bootstrap.mjs', import.meta.url);
  const module = new URL('./decode-worker.ts', import.meta.url).href;
  const workers: Worker[] = [];
  let decoded = 0;
  const per = Math.ceil(slices.length / threads);
  try {
    await new Promise<void>((resolve, reject) => {
      let running = 0;
      const onAbort = () => reject(run.signal?.reason ?? new Error('aborted'));
      run.signal?.addEventListener('abort', onAbort, { once: true });
      if (run.signal?.aborted) return onAbort();
      for (let start = 0; start < slices.length; start += per) {
        const part = slices.slice(start, start + per);
        const partPaths: Record<number, string> = {};
        for (const s of part) partPaths[s.sourceIndex] = paths[s.sourceIndex];
        const worker = new Worker(bootstrap, {
          workerData: {
            module,
            buffer: target.buffer,
            kind,
            checkInt16,
            slices: part,
            firstIndex: start,
            paths: partPaths,
          },
        });
        workers.push(worker);
        running++;
        worker.on(
          'message',
          (m: {
            progress?: number;
            done?: boolean;
            overflow?: boolean;
            error?: { code: ImagingErrorCode; message: string; file?: string };
          }) => {
            if (m.progress) {
              decoded += m.progress;
              run.onProgress?.(decoded / slices.length);
            } else if (m.overflow) reject(new Int16Overflow());
            else if (m.error) {
              // the message already names the file; keep the code and the file for the caller
              const e = new ImagingError(
                m.error.code,
                m.error.message.replace(/ \([^()]*\)$/, ''),
                { file: m.error.file },
              );
              reject(e);
            } else if (m.done && --running === 0) {
              run.signal?.removeEventListener('abort', onAbort);
              resolve();
            }
          },
        );
        worker.on('error', (e) =>
          reject(
            new ImagingError('DECODE_FAILED', `decoding worker failed: ${e.message}`, { cause: e }),
          ),
        );
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return target;
}
