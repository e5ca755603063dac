import type { RunControl } from '@anatomodel/imaging';

/**
 * Returns a checkpoint function for a kernel of `total` work units. Calling it with the number of
 * units done throws the signal's reason when the run was aborted and reports progress, mapped to
 * `[from, to]` of the caller's range, at most about 200 times per kernel.
 * @param total work units of the kernel (slices, lines, ...), > 0
 * @param from fraction reported at 0 units (default 0)
 * @param to fraction reported at `total` units (default 1)
 */
export function createProgress(
  run: RunControl | undefined,
  total: number,
  from = 0,
  to = 1,
): (done: number) => void {
  const signal = run?.signal;
  const onProgress = run?.onProgress;
  const step = Math.max(total / 200, 1e-12);
  let next = 0;
  return (done: number) => {
    if (signal?.aborted) signal.throwIfAborted();
    if (onProgress && (done >= next || done >= total)) {
      next = done + step;
      onProgress(from + ((to - from) * Math.min(done, total)) / Math.max(total, 1e-12));
    }
  };
}

/** A RunControl that reports the progress of a sub-step into `[from, to]` of `run`'s range. */
export function subRun(run: RunControl | undefined, from: number, to: number): RunControl {
  const onProgress = run?.onProgress;
  return {
    signal: run?.signal,
    onProgress: onProgress ? (f: number) => onProgress(from + (to - from) * f) : undefined,
  };
}
