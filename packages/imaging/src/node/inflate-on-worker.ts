import { createReadStream } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { createGunzip } from 'node:zlib';

/**
 * The worker: reads the file and inflates it with node's zlib into `slots` slots of `chunk`
 * bytes of the shared `ring`, in turn, posting { slot, length } for each filled one, then
 * 'end'; a read or zlib error as { error: { message, code } }. It waits (Atomics.wait) while
 * every slot is filled and not yet released: `released[0]` counts the slots the caller is done
 * with. The zlib handle writes into the slots itself (`_handle.writeSync`, node's own
 * synchronous path, with the stream's error checks): no fresh output buffer per chunk.
 * Inflating through the stream instead, every 1 MiB chunk was a new buffer, and its pages
 * were first touched each time (corpus CT .nii.gz: ~22,000 page faults, 88 MB, about 40 % of
 * the inflate time on a VM where a fault cost ~12 us). Where the handle lacks writeSync (a
 * node without it) the stream is used and each chunk copied into its slot. It is terminated by
 * the caller when the caller has what it needs.
 */
const WORKER_SOURCE = `{
const { parentPort, workerData } = require('node:worker_threads');
const { closeSync, createReadStream, openSync, readSync } = require('node:fs');
const zlib = require('node:zlib');
const { path, chunk, slots, ring, released, stream } = workerData;
const out = new Uint8Array(ring);
const done = new Int32Array(released);
const fail = (e) => parentPort.postMessage({ error: { message: e.message, code: e.code } });
let filled = 0; // slots posted
let slot = 0;
let at = 0; // bytes in the current slot
// the next slot is free once the caller has released all but slots - 1 of those posted
const waitForSlot = () => {
  for (let r = Atomics.load(done, 0); filled - r >= slots; r = Atomics.load(done, 0)) {
    Atomics.wait(done, 0, r);
  }
};
const post = () => {
  parentPort.postMessage({ slot, length: at });
  filled++;
  slot = (slot + 1) % slots;
  at = 0;
};
const gunzip = zlib.createGunzip();
const handle = gunzip._handle;
const state = gunzip._writeState;
if (!stream && handle && typeof handle.writeSync === 'function' && state) {
  gunzip.on('error', () => {}); // read synchronously from gunzip.errored below
  let fd = -1;
  try {
    fd = openSync(path, 'r');
    const input = Buffer.allocUnsafe(chunk);
    for (let end = false; !end; ) {
      const n = readSync(fd, input, 0, chunk, null);
      end = n === 0;
      const flush = end ? zlib.constants.Z_FINISH : zlib.constants.Z_NO_FLUSH;
      let inOff = 0;
      let inLen = n;
      for (;;) {
        if (at === chunk) post();
        if (at === 0) waitForSlot();
        const room = chunk - at;
        handle.writeSync(flush, input, inOff, inLen, out, slot * chunk + at, room);
        if (gunzip.destroyed) throw gunzip.errored ?? new Error('zlib failed');
        const outLeft = state[0];
        const inLeft = state[1];
        at += room - outLeft;
        inOff += inLen - inLeft;
        inLen = inLeft;
        // room left: the input is used up, or the stream ended (bytes after its end, such as
        // zero padding, are left unread, as node's own synchronous path leaves them)
        if (outLeft !== 0) break;
      }
    }
    if (at > 0) post();
    parentPort.postMessage('end');
  } catch (e) {
    fail(e);
  } finally {
    if (fd >= 0) closeSync(fd);
  }
} else {
  const source = createReadStream(path, { highWaterMark: chunk });
  const stream = zlib.createGunzip({ chunkSize: chunk });
  source.on('error', fail);
  stream.on('error', fail);
  stream.on('data', (bytes) => {
    // a chunk of at most \`chunk\` bytes, into the current slot and the next
    for (let b = 0; b < bytes.length; ) {
      if (at === 0) waitForSlot();
      const take = Math.min(chunk - at, bytes.length - b);
      out.set(bytes.subarray(b, b + take), slot * chunk + at);
      at += take;
      b += take;
      if (at === chunk) post();
    }
  });
  stream.on('end', () => {
    if (at > 0) post();
    parentPort.postMessage('end');
  });
  source.pipe(stream);
}
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
 * could be started, so the fallback on this thread runs. `streamInWorker`: the worker inflates
 * through the zlib stream, as where the handle lacks writeSync.
 */
export const inflateOnWorkerTestHook: { refuseWorker?: boolean; streamInWorker?: boolean } = {};

/** A failure of the worker itself (it could not start, or it stopped), not of the read. */
class WorkerFailure extends Error {}

/**
 * The inflated bytes of a gzip file, in order, from a worker thread: zlib there never waits
 * for this thread. Through node's zlib stream on this thread, each inflated chunk needs this
 * thread's event loop before the next one starts, so work done on the chunks (thresholding a
 * slab, say) stalls the inflating; on the worker the two overlap. Chunks of `chunk` bytes
 * (the last shorter), each a view of a shared ring that is valid until the next chunk is
 * asked for (the worker then reuses its slot); they queue here while this thread is busy (at
 * most 8 MiB, then the worker waits). Stopping the iteration early
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
  // slots of the shared ring: 8 MiB of 1 MiB chunks (this thread takes them faster than zlib
  // makes them, so the worker waits only when this thread is held up)
  const slots = Math.max(2, Math.ceil((8 << 20) / chunk));
  const ring = new SharedArrayBuffer(slots * chunk);
  const released = new Int32Array(new SharedArrayBuffer(4));
  let worker: Worker;
  try {
    if (inflateOnWorkerTestHook.refuseWorker) throw new WorkerFailure('refused (test hook)');
    worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        path,
        chunk,
        slots,
        ring,
        released: released.buffer,
        stream: inflateOnWorkerTestHook.streamInWorker === true,
      },
    });
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
    else if (typeof m === 'object' && m !== null && 'slot' in m) {
      const { slot, length } = m as { slot: number; length: number };
      push(new Uint8Array(ring, slot * chunk, length));
    } else {
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
        taken++;
        yield item;
        // the caller asked for the next chunk: it is done with this one's slot
        Atomics.add(released, 0, 1);
        Atomics.notify(released, 0);
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
