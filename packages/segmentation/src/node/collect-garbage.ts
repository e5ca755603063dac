import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/**
 * A full garbage collection of the calling thread's isolate (main thread or worker), so the
 * large typed arrays of a finished stage are returned before the next one allocates its own:
 * V8 collects external memory late otherwise. Costs a few ms when the JS heap is small (the
 * big arrays are external memory). Without a GC hook (flag refused) it does nothing.
 */
export function collectGarbage(): void {
  if (gc === undefined) {
    setFlagsFromString('--expose-gc');
    const f: unknown = runInNewContext('typeof gc === "function" ? gc : null');
    gc = typeof f === 'function' ? (f as () => void) : () => {};
  }
  gc();
}
