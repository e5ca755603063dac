/**
 * The separable passes of the exact squared Euclidean distance transform on an anisotropic grid
 * (Saito & Toriwaki 1994; lower envelope of parabolas after Felzenszwalb & Huttenlocher 2012,
 * "Distance Transforms of Sampled Functions", Theory of Computing 8). Split so that worker
 * threads can run them over slabs: passes along i and j stay inside one k-slice, the pass along
 * k inside one j-row of columns. The passes along j and k work on tiles of TILE neighbouring
 * lines (gathered with contiguous reads, scattered with contiguous writes) so that the strided
 * lines do not cost one cache miss per voxel.
 *
 * Two metrics share the code: distance to the nearest feature voxel's centre ('centre'), and to
 * the nearest point of a feature voxel's box, the cuboid of its spacing around its centre
 * ('box'). Both are sums over axes of a 1D term of the index offset d: (d s)^2 for centres;
 * 0 for d = 0 and ((|d| - 1/2) s)^2 otherwise for boxes, so both separate exactly.
 */

/** Lines per tile in the passes along j and k. */
const TILE = 32;

/** Scratch buffers for one thread: line envelope and one tile, for lines of up to `n` voxels. */
export interface LineScratch {
  readonly gi: Int32Array;
  readonly sq: Float64Array;
  readonly v: Float64Array;
  readonly vf: Float64Array;
  readonly z: Float64Array;
  readonly tile: Float32Array;
}

/** Scratch for lines of up to `n` voxels; allocate once per thread, not per line. */
export function lineScratch(n: number): LineScratch {
  return {
    gi: new Int32Array(n),
    sq: new Float64Array(n + 2),
    v: new Float64Array(n + 2),
    vf: new Float64Array(n + 2),
    z: new Float64Array(n + 3),
    tile: new Float32Array(n * TILE),
  };
}

/** Distance metric of the passes: to feature voxel centres, or to feature voxel boxes. */
export type FeatureShape = 'centre' | 'box';

/**
 * Adds the parabola s2 (x - q)^2 + fq to the envelope holding `k + 1` parabolas; returns the
 * new k. Sites must come in increasing q.
 */
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
 * 1D squared distance transform in place on `a[off .. off + n)` (squared mm; Infinity or any
 * value above `cap2` = no site) with sample spacing `spacing` mm: a(x) <- min_q a(q) +
 * ((x - q) spacing)^2. With `outside`, the positions -1 and n are sites of value 0 (the grid is
 * surrounded by features). Returns false, leaving the line untouched, when it is its own
 * transform: only features (all 0), or no site at all without `outside`.
 */
export function envelopeLine(
  a: Float32Array,
  off: number,
  n: number,
  spacing: number,
  outside: boolean,
  cap2: number,
  s: LineScratch,
): boolean {
  const { v, vf, z } = s;
  const s2 = spacing * spacing;
  let k = -1;
  let zeros = 0;
  if (outside) k = addSite(-1, 0, k, s, s2);
  for (let q = 0; q < n; q++) {
    const fq = a[off + q];
    if (fq === 0) {
      zeros++;
      if (k >= 0 && vf[k] === 0) {
        // a feature after a feature: the last parabola is minimal at its own site, so it
        // stays, and the two meet half-way (no division; the common case in runs of features)
        z[k + 1] = (q + v[k]) / 2;
        k++;
        v[k] = q;
        vf[k] = 0;
        z[k + 1] = Infinity;
      } else k = addSite(q, 0, k, s, s2);
    } else if (fq <= cap2 && fq !== Infinity) k = addSite(q, fq, k, s, s2);
  }
  if (zeros === n) return false;
  if (outside) k = addSite(n, 0, k, s, s2);
  if (k < 0) return false;
  let j = 0;
  for (let q = 0; q < n; q++) {
    while (z[j + 1] < q) j++;
    const dq = q - v[j];
    a[off + q] = s2 * dq * dq + vf[j];
  }
  return true;
}

/**
 * The box metric's 1D pass, in place like envelopeLine:
 * a(x) <- min(a(x), min_{q != x} a(q) + ((|x - q| - 1/2) spacing)^2).
 * For q < x the term is the parabola centred at q + 1/2, for q > x the one at q - 1/2; so it is
 * the lower envelope of parabolas at the half-integer sites m + 1/2 (value min(a(m), a(m+1)),
 * m = -1..n-1), then min with a(x). The extra terms this admits (a site's parabola seen from
 * the far side of its voxel) are never below a true term, so the result is exact. Coordinates
 * are doubled to keep the sites integral.
 */
export function boxEnvelopeLine(
  a: Float32Array,
  off: number,
  n: number,
  spacing: number,
  outside: boolean,
  cap2: number,
  s: LineScratch,
): boolean {
  const { v, vf, z } = s;
  const s2 = (spacing * spacing) / 4;
  const edge = outside ? 0 : Infinity;
  let k = -1;
  let zeros = 0;
  let prev = edge;
  for (let m = -1; m < n; m++) {
    let next = edge;
    if (m + 1 < n) {
      next = a[off + m + 1];
      if (next === 0) zeros++;
      else if (next > cap2) next = Infinity;
    }
    const val = prev < next ? prev : next;
    if (val === 0 && k >= 0 && vf[k] === 0) {
      z[k + 1] = (2 * m + 1 + v[k]) / 2;
      k++;
      v[k] = 2 * m + 1;
      vf[k] = 0;
      z[k + 1] = Infinity;
    } else if (val !== Infinity) k = addSite(2 * m + 1, val, k, s, s2);
    prev = next;
  }
  if (zeros === n || k < 0) return false;
  let j = 0;
  for (let x = 0; x < n; x++) {
    const X = 2 * x;
    while (z[j + 1] < X) j++;
    const dq = X - v[j];
    const e = s2 * dq * dq + vf[j];
    if (e < a[off + x]) a[off + x] = e;
  }
  return true;
}

/**
 * Runs the 1D transform over `count` neighbouring lines of `n` voxels in `out`: line b
 * (0 <= b < count) starts at `start + b` and its voxels are `step` apart. Lines are processed
 * TILE at a time: gathered into the tile with TILE contiguous reads per position, transformed
 * there, and scattered back only when one of them changed. With `occupied` (one word per 4
 * lines, non-zero where the mask has segment voxels that can reach the line), a tile whose
 * words within `widen` lines are all 0 is skipped unread: its lines are their own transform.
 */
function tiledLines(
  out: Float32Array,
  start: number,
  count: number,
  n: number,
  step: number,
  spacing: number,
  outside: boolean,
  box: boolean,
  cap2: number,
  s: LineScratch,
  occupied?: Uint32Array,
  widen = 0,
): void {
  const { tile } = s;
  for (let b0 = 0; b0 < count; b0 += TILE) {
    const nb = Math.min(TILE, count - b0);
    const p0 = start + b0;
    if (occupied !== undefined) {
      let any = 0;
      const w1 = Math.min(occupied.length - 1, (b0 + nb - 1 + widen) >> 2);
      for (let w = Math.max(0, (b0 - widen) >> 2); w <= w1; w++) any |= occupied[w];
      if (any === 0) continue;
    }
    // gather: tile[b * n + x] = line b, voxel x
    for (let x = 0, p = p0; x < n; x++, p += step) {
      for (let b = 0, t = x; b < nb; b++, t += n) tile[t] = out[p + b];
    }
    let changed = false;
    for (let b = 0, t0 = 0; b < nb; b++, t0 += n) {
      const c = box
        ? boxEnvelopeLine(tile, t0, n, spacing, outside, cap2, s)
        : envelopeLine(tile, t0, n, spacing, outside, cap2, s);
      changed ||= c;
    }
    if (!changed) continue;
    for (let x = 0, p = p0; x < n; x++, p += step) {
      for (let b = 0, t = x; b < nb; b++, t += n) out[p + b] = tile[t];
    }
  }
}

/**
 * Passes along i and j for slices k in [k0, k1): writes into `out` the squared in-slice distance
 * (mm^2) from each voxel to the nearest voxel with `mask === feature` (its centre or its box).
 * Values above `cap2` (mm^2) come out as some value above cap2 (Infinity or larger), values up
 * to it exactly: sites farther than the cap are dropped, which cannot change a value within it.
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
  shape: FeatureShape = 'centre',
  cap2 = Infinity,
): void {
  const ni = dims[0];
  const nj = dims[1];
  const slice = ni * nj;
  // first-pass term per voxel offset g, from a table: (g s)^2 for centres, ((g - 1/2) s)^2 for
  // boxes (0 at g = 0), Infinity above the cap or when no feature is in the row (g >= NONE)
  const sq = s.sq;
  const half = shape === 'box' ? 0.5 : 0;
  for (let g = 0; g <= ni; g++) {
    const mm = (g - half) * spacing[0];
    sq[g] = g === 0 ? 0 : mm * mm > cap2 ? Infinity : mm * mm;
  }
  sq[ni + 1] = Infinity;
  const NONE = ni + 1;
  const start = outside ? 0 : NONE;
  const gi = s.gi;
  // four mask voxels per read to find empty rows, when rows are 4-byte aligned
  const m32 = maskWords(mask, ni);
  // columns of the slice holding segment voxels, to skip tiles of the pass along j that no
  // segment voxel reaches: lines without any are all 0 (distances to background) or, with a
  // cap and no outside features, all above the cap (the i pass wrote Infinity there)
  const skipping = m32 !== undefined && (feature === 0 || (cap2 !== Infinity && !outside));
  const columns = skipping ? new Uint32Array(ni >> 2) : undefined;
  const widen = feature === 0 ? 0 : reachVoxels(cap2, spacing[0]);
  for (let k = k0; k < k1; k++) {
    tick?.(k);
    const base = k * slice;
    columns?.fill(0);
    // pass along i: two scans, distance in voxels to the nearest feature of the row (small
    // integers, saturating at NONE)
    for (let j = 0; j < nj; j++) {
      const row = base + j * ni;
      if (m32 !== undefined && (feature === 0 || !outside)) {
        // a row without segment voxels (most rows of a CT): all features or none
        let any = 0;
        const w0 = row >> 2;
        if (columns !== undefined) {
          for (let w = 0; w < ni >> 2; w++) {
            const word = m32[w0 + w];
            any |= word;
            columns[w] |= word;
          }
        } else {
          for (let w = w0, end = (row + ni) >> 2; w < end && any === 0; w++) any = m32[w];
        }
        if (any === 0) {
          out.fill(feature === 0 ? 0 : Infinity, row, row + ni);
          continue;
        }
      }
      let g = start;
      for (let i = 0; i < ni; i++) {
        g = mask[row + i] === feature ? 0 : g < NONE ? g + 1 : NONE;
        gi[i] = g;
      }
      g = start;
      for (let i = ni - 1; i >= 0; i--) {
        g = mask[row + i] === feature ? 0 : g < NONE ? g + 1 : NONE;
        const m = g < gi[i] ? g : gi[i];
        out[row + i] = sq[m];
      }
    }
    // pass along j: lines start at base + i, voxels ni apart
    const box = shape === 'box';
    tiledLines(out, base, ni, nj, ni, spacing[1], outside, box, cap2, s, columns, widen);
  }
}

/**
 * Pass along k for the columns of rows j in [j0, j1), in place on `out`. With `mask`, columns
 * that no segment voxel reaches are skipped unread (as in edtSlices).
 */
export function edtColumns(
  out: Float32Array,
  dims: readonly [number, number, number],
  spacing: readonly [number, number, number],
  outside: boolean,
  j0: number,
  j1: number,
  s: LineScratch,
  tick?: (j: number) => void,
  shape: FeatureShape = 'centre',
  cap2 = Infinity,
  mask?: Uint8Array,
  feature: 0 | 1 = 1,
): void {
  const ni = dims[0];
  const nj = dims[1];
  const nk = dims[2];
  const slice = ni * nj;
  const box = shape === 'box';
  const m32 = mask === undefined ? undefined : maskWords(mask, ni);
  const skipping = m32 !== undefined && (feature === 0 || (cap2 !== Infinity && !outside));
  let projection: Uint32Array | undefined;
  let occupied: Uint32Array | undefined;
  const words = ni >> 2;
  const widenI = feature === 0 ? 0 : reachVoxels(cap2, spacing[0]);
  const widenJ = feature === 0 ? 0 : reachVoxels(cap2, spacing[1]);
  const lo = Math.max(0, j0 - widenJ);
  const hi = Math.min(nj, j1 + widenJ);
  if (skipping && m32 !== undefined) {
    // OR of the mask over all slices, for the rows these columns can be reached from
    projection = new Uint32Array((hi - lo) * words);
    occupied = new Uint32Array(words);
    for (let k = 0; k < nk; k++) {
      for (let j = lo; j < hi; j++) {
        const from = (k * slice + j * ni) >> 2;
        const to = (j - lo) * words;
        for (let w = 0; w < words; w++) projection[to + w] |= m32[from + w];
      }
    }
  }
  for (let j = j0; j < j1 && j < nj; j++) {
    tick?.(j);
    if (projection !== undefined && occupied !== undefined) {
      occupied.fill(0);
      const r1 = Math.min(hi, j + widenJ + 1);
      for (let r = Math.max(lo, j - widenJ); r < r1; r++) {
        for (let w = 0, at = (r - lo) * words; w < words; w++) occupied[w] |= projection[at + w];
      }
    }
    tiledLines(out, j * ni, ni, nk, slice, spacing[2], outside, box, cap2, s, occupied, widenI);
  }
}

/** Voxels of spacing s within reach of a squared distance cap2 (mm^2), with one to spare. */
function reachVoxels(cap2: number, s: number): number {
  return Math.ceil(Math.sqrt(cap2) / s) + 1;
}

/** The mask as 32-bit words (4 voxels each) when its rows are 4-byte aligned, else undefined. */
function maskWords(mask: Uint8Array, ni: number): Uint32Array | undefined {
  return (mask.byteOffset & 3) === 0 && (ni & 3) === 0
    ? new Uint32Array(mask.buffer, mask.byteOffset, mask.length >> 2)
    : undefined;
}
