import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: ((options?: { type: 'major' | 'minor' }) => void) | undefined;

/**
 * A garbage collection of the calling thread's isolate (main thread or worker), so the large
 * typed arrays of a finished stage are returned before the next one allocates its own: V8
 * collects external memory late otherwise. `full` (default) collects everything and costs a few
 * ms when the JS heap is small (the big arrays are external memory); `minor` collects only the
 * young generation (sub-millisecond), enough for short-lived buffers such as a stream's chunks.
 * Without a GC hook (flag refused) it does nothing.
 */
export function collectGarbage(kind: 'full' | 'minor' = 'full'): void {
  if (gc === undefined) {
    setFlagsFromString('--expose-gc');
    const f: unknown = runInNewContext('typeof gc === "function" ? gc : null');
    gc = typeof f === 'function' ? (f as () => void) : () => {};
  }
  if (kind === 'minor') gc({ type: 'minor' });
  else gc();
}

let syncSweeping = false;

/**
 * `collectGarbage()`, then again after the event loop's next turn, with V8's array-buffer
 * sweeping made synchronous (process-wide, once): a WebAssembly.Memory or SharedArrayBuffer
 * that became garbage is unmapped by then. A plain full GC leaves them mapped until a later
 * collection (a finaliser task, and a background sweeper): measured on node 20, a dropped
 * 30 MB wasm memory was still resident after `collectGarbage()`, and gone after this.
 */
export async function releaseMemory(): Promise<void> {
  if (!syncSweeping) {
    setFlagsFromString('--no-concurrent-array-buffer-sweeping');
    syncSweeping = true;
  }
  collectGarbage();
  await new Promise<void>((resolve) => setImmediate(resolve));
  collectGarbage();
}
