import { createReadStream } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { createGunzip } from 'node:zlib';

/**
 * The worker: reads the file and inflates it with node's zlib in chunks of `chunk` bytes,
 * posting each as a transferred ArrayBuffer, then 'end'; a read or zlib error as
 * { error: { message, code } }. At most `ahead` chunks are on their way: the caller posts
 * how many it has taken. It is terminated by the caller when the caller has what it needs.
 */
const WORKER_SOURCE = `{
const { parentPort, workerData } = require('node:worker_threads');
const { createReadStream } = require('node:fs');
const { createGunzip } = require('node:zlib');
const { setFlagsFromString } = require('node:v8');
const { runInNewContext } = require('node:vm');
const { path, chunk, ahead } = workerData;
setFlagsFromString('--expose-gc');
const collect = runInNewContext('typeof gc === "function" ? gc : null');
const fail = (e) => parentPort.postMessage({ error: { message: e.message, code: e.code } });
const source = createReadStream(path, { highWaterMark: chunk });
const gunzip = createGunzip({ chunkSize: chunk });
let posted = 0;
let consumed = 0;
source.on('error', fail);
gunzip.on('error', fail);
gunzip.on('data', (bytes) => {
  // a chunk that fills zlib's output buffer owns it (zlib takes a fresh one): sent as it is;
  // a partial one shares it with the next output: copied
  const whole = bytes.byteOffset === 0 && bytes.length === bytes.buffer.byteLength;
  const out = whole ? bytes : Uint8Array.prototype.slice.call(bytes);
  parentPort.postMessage(out, [out.buffer]);
  // the input chunks and zlib's buffers are garbage now; V8 would let tens of MB pile up
  if ((++posted & 7) === 0 && collect) collect({ type: 'minor' });
  if (posted - consumed >= ahead) gunzip.pause();
});
parentPort.on('message', (n) => {
  consumed = n;
  if (posted - consumed < ahead && gunzip.isPaused()) gunzip.resume();
});
gunzip.on('end', () => parentPort.postMessage('end'));
source.pipe(gunzip);
}`;

/** An error the inflate worker reported (a read error, or zlib's Z_* code for a bad stream). */
export class InflateWorkerError extends Error {
  readonly code?: string;
  constructor(message: string, code?: string) {
    super(message);
    this.name = 'InflateWorkerError';
    this.code = code;
  }
}

/**
 * Test-only hook (internal: not re-exported). `refuseWorker`: behave as if no worker thread
 * could be started, so the fallback on this thread runs.
 */
export const inflateOnWorkerTestHook: { refuseWorker?: boolean } = {};

/** A failure of the worker itself (it could not start, or it stopped), not of the read. */
class WorkerFailure extends Error {}

/**
 * The inflated bytes of a gzip file, in order, from a worker thread: zlib there never waits
 * for this thread. Through node's zlib stream on this thread, each inflated chunk needs this
 * thread's event loop before the next one starts, so work done on the chunks (thresholding a
 * slab, say) stalls the inflating; on the worker the two overlap. Chunks of `chunk` bytes
 * (the last shorter); they queue here while this thread is busy. Stopping the iteration early
 * (or the signal) terminates the worker. When no worker can be started (or it fails before
 * its first chunk) the file is inflated on this thread instead, as node's zlib stream gives it.
 * Throws InflateWorkerError (or the stream's own error on this thread) for a read or zlib
 * error, the signal's reason when aborted.
 */
export async function* inflateOnWorker(
  path: string,
  chunk: number,
  signal?: AbortSignal,
): AsyncGenerator<Uint8Array, void, undefined> {
  signal?.throwIfAborted();
  // chunks not taken yet at most: 8 MiB of 1 MiB chunks (this thread takes them faster than
  // zlib makes them, so the worker waits only when this thread is held up)
  const ahead = Math.max(2, Math.ceil((8 << 20) / chunk));
  let worker: Worker;
  try {
    if (inflateOnWorkerTestHook.refuseWorker) throw new WorkerFailure('refused (test hook)');
    worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, chunk, ahead } });
  } catch {
    yield* inflateOnThisThread(path, chunk, signal);
    return;
  }
  let taken = 0;
  const queue: Array<Uint8Array | 'end' | Error> = [];
  let wake: (() => void) | null = null;
  const push = (item: Uint8Array | 'end' | Error): void => {
    queue.push(item);
    wake?.();
    wake = null;
  };
  worker.on('message', (m: unknown) => {
    if (m === 'end') push('end');
    else if (m instanceof Uint8Array) push(m);
    else {
      const e = (m as { error: { message: string; code?: string } }).error;
      push(new InflateWorkerError(e.message, e.code));
    }
  });
  worker.on('error', (e: Error) => push(new WorkerFailure(e.message, { cause: e })));
  worker.on('exit', () => push(new WorkerFailure('the inflate worker stopped early')));
  const onAbort = (): void => push(signal?.reason as Error);
  signal?.addEventListener('abort', onAbort);
  try {
    for (;;) {
      if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const item = queue.shift() as Uint8Array | 'end' | Error;
      if (item === 'end') return;
      if (item instanceof Uint8Array) {
        worker.postMessage(++taken);
        yield item;
      } else if (item instanceof WorkerFailure && taken === 0 && !signal?.aborted) {
        // the worker failed before its first chunk: this thread inflates instead
        yield* inflateOnThisThread(path, chunk, signal);
        return;
      } else throw item;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    worker.removeAllListeners();
    worker.on('error', () => {}); // nothing is listening any more: a late error is dropped
    void worker.terminate();
  }
}

/**
 * The inflated bytes of a gzip file through node's zlib stream on this thread, in chunks of
 * `chunk` bytes; stopping early closes the file. Throws the stream's error (a read error, or
 * zlib's Z_* code), the read's AbortError when aborted.
 */
export async function* inflateOnThisThread(
  path: string,
  chunk: number,
  signal?: AbortSignal,
): AsyncGenerator<Uint8Array, void, undefined> {
  const source = createReadStream(path, { highWaterMark: chunk, signal });
  const gunzip = createGunzip({ chunkSize: chunk });
  source.on('error', (e) => gunzip.destroy(e));
  source.pipe(gunzip);
  try {
    for await (const bytes of gunzip) yield bytes as Uint8Array;
  } finally {
    source.destroy();
    gunzip.destroy();
  }
}
