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
