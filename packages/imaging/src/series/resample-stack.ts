import type { Vec3, VoxelArray } from '../volume.ts';
import type { StackPlan } from './plan-stack.ts';

/**
 * Resamples a sorted stack of input slices (cols x rows each, contiguous in `input`) onto an
 * orthogonal uniform grid: output slice k lies at `outputT[k]` along the normal; it linearly
 * interpolates the two input slices that bracket it, each sampled bilinearly at its own
 * in-plane offset (du, dv). This corrects gantry tilt (sheared stacks) and irregular spacing in
 * one pass. Samples outside every input image get `padding`. Integer outputs are rounded.
 * Cost: O(output voxels), one output allocation (on a SharedArrayBuffer when `shared`), no
 * per-voxel allocation.
 */
export function resampleStack(
  input: VoxelArray,
  cols: number,
  rows: number,
  r: NonNullable<StackPlan['resample']>,
  dims: Vec3,
  padding: number,
  shared = false,
): VoxelArray {
  const [nx, ny, nz] = dims;
  const Ctor = input.constructor as new (b: ArrayBufferLike) => VoxelArray;
  const bytes = nx * ny * nz * input.BYTES_PER_ELEMENT;
  const out = new Ctor(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const integer = !(out instanceof Float32Array);
  const sliceSize = cols * rows;
  const nIn = r.inputT.length;
  // scratch rows of bilinear samples from the lower and upper bracketing slices
  const lower = new Float64Array(nx);
  const upper = new Float64Array(nx);
  const lowerOk = new Uint8Array(nx);
  const upperOk = new Uint8Array(nx);
  let s = 0;
  for (let k = 0; k < nz; k++) {
    const t = r.outputT[k];
    while (s < nIn - 2 && r.inputT[s + 1] < t) s++;
    const s1 = Math.min(s + 1, nIn - 1);
    const span = r.inputT[s1] - r.inputT[s];
    let w = span > 0 ? (t - r.inputT[s]) / span : 0;
    if (w < 1e-9) w = 0;
    if (w > 1 - 1e-9) w = 1;
    for (let j = 0; j < ny; j++) {
      sampleRow(input, s * sliceSize, cols, rows, j + r.dv[s], r.du[s], lower, lowerOk);
      if (w > 0)
        sampleRow(input, s1 * sliceSize, cols, rows, j + r.dv[s1], r.du[s1], upper, upperOk);
      const base = (k * ny + j) * nx;
      for (let i = 0; i < nx; i++) {
        let v: number;
        if (w === 0) v = lowerOk[i] ? lower[i] : padding;
        else if (w === 1) v = upperOk[i] ? upper[i] : padding;
        else if (lowerOk[i] && upperOk[i]) v = lower[i] * (1 - w) + upper[i] * w;
        else v = padding;
        out[base + i] = integer ? Math.round(v) : v;
      }
    }
  }
  return out;
}

/** Bilinear samples of input row coordinate `v` at columns i + du for i = 0..nx-1. */
function sampleRow(
  input: VoxelArray,
  offset: number,
  cols: number,
  rows: number,
  v: number,
  du: number,
  dst: Float64Array,
  ok: Uint8Array,
): void {
  const eps = 1e-6;
  const nx = dst.length;
  if (v < -eps || v > rows - 1 + eps) {
    ok.fill(0);
    return;
  }
  let j0 = Math.floor(v + eps);
  if (j0 > rows - 1) j0 = rows - 1;
  let fv = v - j0;
  if (fv < eps) fv = 0;
  const j1 = fv > 0 ? Math.min(j0 + 1, rows - 1) : j0;
  let i0 = Math.floor(du + eps);
  let fu = du - i0;
  if (fu < eps) fu = 0;
  if (fu > 1 - eps) {
    fu = 0;
    i0 += 1;
  }
  const row0 = offset + j0 * cols;
  const row1 = offset + j1 * cols;
  for (let i = 0; i < nx; i++) {
    const a = i + i0;
    const b = fu > 0 ? a + 1 : a;
    if (a < 0 || b > cols - 1) {
      ok[i] = 0;
      continue;
    }
    const top = input[row0 + a] * (1 - fu) + input[row0 + b] * fu;
    const bottom = input[row1 + a] * (1 - fu) + input[row1 + b] * fu;
    dst[i] = top * (1 - fv) + bottom * fv;
    ok[i] = 1;
  }
}
