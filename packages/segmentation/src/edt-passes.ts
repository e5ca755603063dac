/**
 * The separable passes of the exact squared Euclidean distance transform on an anisotropic grid
 * (Saito & Toriwaki 1994; lower envelope of parabolas after Felzenszwalb & Huttenlocher 2012,
 * "Distance Transforms of Sampled Functions", Theory of Computing 8). Split so that worker
 * threads can run them over slabs: passes along i and j stay inside one k-slice, the pass along
 * k inside one j-row of columns.
 */

/** Scratch buffers for one line of up to `n` voxels; allocate once per worker, not per line. */
export interface LineScratch {
  readonly f: Float64Array;
  readonly d: Float64Array;
  readonly v: Float64Array;
  readonly vf: Float64Array;
  readonly z: Float64Array;
}

/** Scratch for lines of up to `n` voxels. */
export function lineScratch(n: number): LineScratch {
  return {
    f: new Float64Array(n),
    d: new Float64Array(n),
    v: new Float64Array(n + 2),
    vf: new Float64Array(n + 2),
    z: new Float64Array(n + 3),
  };
}

/** Adds the parabola of site q (value fq) to the envelope with `k + 1` parabolas; returns new k. */
function addSite(q: number, fq: number, k: number, s: LineScratch, s2: number): number {
  const { v, vf, z } = s;
  if (k < 0) {
    v[0] = q;
    vf[0] = fq;
    z[0] = -Infinity;
    z[1] = Infinity;
    return 0;
  }
  const h = fq + s2 * q * q;
  let x: number;
  for (;;) {
    const p = v[k];
    x = (h - (vf[k] + s2 * p * p)) / (2 * s2 * (q - p));
    if (x <= z[k]) k--;
    else break;
  }
  k++;
  v[k] = q;
  vf[k] = fq;
  z[k] = x;
  z[k + 1] = Infinity;
  return k;
}

/**
 * 1D squared distance of the sampled function `s.f[0..n)` (squared mm; Infinity = no site) with
 * sample spacing `spacing` mm, into `s.d`. With `outside`, the positions -1 and n are sites of
 * value 0 (the grid is surrounded by features).
 */
export function envelopeLine(s: LineScratch, n: number, spacing: number, outside: boolean): void {
  const { f, d, v, vf, z } = s;
  const s2 = spacing * spacing;
  let k = -1;
  if (outside) k = addSite(-1, 0, k, s, s2);
  for (let q = 0; q < n; q++) {
    const fq = f[q];
    if (fq !== Infinity) k = addSite(q, fq, k, s, s2);
  }
  if (outside) k = addSite(n, 0, k, s, s2);
  if (k < 0) {
    d.fill(Infinity, 0, n);
    return;
  }
  let j = 0;
  for (let q = 0; q < n; q++) {
    while (z[j + 1] < q) j++;
    const dq = q - v[j];
    d[q] = s2 * dq * dq + vf[j];
  }
}

/**
 * Passes along i and j for slices k in [k0, k1): writes into `out` the squared in-slice distance
 * (mm^2) from each voxel to the nearest voxel with `mask === feature`.
 */
export function edtSlices(
  mask: Uint8Array,
  out: Float32Array,
  dims: readonly [number, number, number],
  spacing: readonly [number, number, number],
  feature: 0 | 1,
  outside: boolean,
  k0: number,
  k1: number,
  s: LineScratch,
  tick?: (k: number) => void,
): void {
  const [ni, nj] = dims;
  const slice = ni * nj;
  const sx = spacing[0];
  const { f, d } = s;
  for (let k = k0; k < k1; k++) {
    tick?.(k);
    const base = k * slice;
    // pass along i: two scans, distance in voxels to the nearest feature of the row
    for (let j = 0; j < nj; j++) {
      const row = base + j * ni;
      let g = outside ? 0 : Infinity;
      for (let i = 0; i < ni; i++) {
        g = mask[row + i] === feature ? 0 : g + 1;
        f[i] = g;
      }
      g = outside ? 0 : Infinity;
      for (let i = ni - 1; i >= 0; i--) {
        g = mask[row + i] === feature ? 0 : g + 1;
        const m = g < f[i] ? g : f[i];
        const mm = m * sx;
        out[row + i] = m === Infinity ? Infinity : mm * mm;
      }
    }
    // pass along j
    for (let i = 0; i < ni; i++) {
      for (let j = 0; j < nj; j++) f[j] = out[base + i + j * ni];
      envelopeLine(s, nj, spacing[1], outside);
      for (let j = 0; j < nj; j++) out[base + i + j * ni] = d[j];
    }
  }
}

/** Pass along k for the columns of rows j in [j0, j1), in place on `out`. */
export function edtColumns(
  out: Float32Array,
  dims: readonly [number, number, number],
  spacing: readonly [number, number, number],
  outside: boolean,
  j0: number,
  j1: number,
  s: LineScratch,
  tick?: (j: number) => void,
): void {
  const [ni, nj, nk] = dims;
  const slice = ni * nj;
  const { f, d } = s;
  for (let j = j0; j < j1; j++) {
    tick?.(j);
    for (let i = 0; i < ni; i++) {
      const p0 = i + j * ni;
      for (let k = 0, p = p0; k < nk; k++, p += slice) f[k] = out[p];
      envelopeLine(s, nk, spacing[2], outside);
      for (let k = 0, p = p0; k < nk; k++, p += slice) out[p] = d[k];
    }
  }
}
