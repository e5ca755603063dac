import type { RunControl, Vec3 } from '@anatomodel/imaging';
import { createProgress } from './create-progress.ts';

/**
 * In place, separable weighted mean of `data` along i, then j, then k, with one symmetric
 * kernel per axis (weights for offsets -h..h, length 2h+1). At the grid border the weights of
 * in-grid voxels are renormalised, so a constant field stays constant and every output is the
 * weighted mean of in-grid voxels only (the product of the per-axis means). Scratch: two lines.
 */
export function separableMean(
  data: Float32Array,
  dims: Vec3,
  kernels: readonly [Float64Array, Float64Array, Float64Array],
  run?: RunControl,
): void {
  const [ni, nj, nk] = dims;
  const strides = [1, ni, ni * nj];
  const nmax = Math.max(ni, nj, nk);
  const line = new Float64Array(nmax);
  const res = new Float64Array(nmax);
  const tick = createProgress(run, 3);
  for (let axis = 0; axis < 3; axis++) {
    tick(axis);
    const w = kernels[axis];
    const h = (w.length - 1) >> 1;
    if (h === 0) continue;
    const n = dims[axis];
    const stride = strides[axis];
    // the other two axes enumerate the lines
    const [a1, a2] = axis === 0 ? [1, 2] : axis === 1 ? [0, 2] : [0, 1];
    for (let y = 0; y < dims[a2]; y++) {
      run?.signal?.throwIfAborted();
      for (let x = 0; x < dims[a1]; x++) {
        const p0 = x * strides[a1] + y * strides[a2];
        for (let t = 0, p = p0; t < n; t++, p += stride) line[t] = data[p];
        for (let t = 0; t < n; t++) {
          let s = 0;
          let ws = 0;
          const lo = Math.max(0, t - h);
          const hi = Math.min(n - 1, t + h);
          for (let u = lo; u <= hi; u++) {
            const wt = w[u - t + h];
            s += wt * line[u];
            ws += wt;
          }
          res[t] = s / ws;
        }
        for (let t = 0, p = p0; t < n; t++, p += stride) data[p] = res[t];
      }
    }
  }
  tick(3);
}
