import type { RunControl, Vec3 } from '@anatomodel/imaging';
import { createProgress } from './create-progress.ts';
import { neighbourOffsets, type Connectivity } from './neighbour-offsets.ts';

/** Result of {@link floodComponents}. */
export interface FloodedComponents {
  /** number of components */
  readonly count: number;
  /** voxel count per component, in raster order of each component's first voxel (i fastest) */
  readonly sizes: Float64Array;
  /** index of each component's first voxel in raster order (same order as `sizes`) */
  readonly seeds: Float64Array;
}

/**
 * Finds the connected components of a 0/1 mask without a label array: a raster scan starts a
 * breadth-first flood at each unvisited voxel, marking visited voxels in the mask itself
 * (1 -> 2). Components come in the order of their first voxel, like {@link labelComponents}'
 * ids. Memory: 16 bytes per component and a queue as long as the widest flood front (it grows
 * only as needed), instead of 4 bytes per voxel. Pair with {@link retainComponents}.
 * @param mask 0/1 voxels, i fastest; mutated: every 1 becomes 2
 */
export function floodComponents(
  mask: Uint8Array,
  dims: Vec3,
  connectivity: Connectivity = 6,
  run?: RunControl,
): FloodedComponents {
  const [ni, nj, nk] = dims;
  const slice = ni * nj;
  const fill = new Flood(mask, dims, connectivity);
  let sizes: Float64Array<ArrayBuffer> = new Float64Array(64);
  let seeds: Float64Array<ArrayBuffer> = new Float64Array(64);
  let count = 0;
  const tick = createProgress(run, nk);
  // 4 voxels per read to skip words holding no unvisited voxel (most of a CT)
  const m32 =
    (mask.byteOffset & 3) === 0 && (ni & 3) === 0
      ? new Uint32Array(mask.buffer, mask.byteOffset, mask.length >> 2)
      : undefined;
  for (let k = 0; k < nk; k++) {
    tick(k);
    const end = (k + 1) * slice;
    for (let p = k * slice; p < end; p++) {
      if (m32 !== undefined && (p & 3) === 0 && (m32[p >> 2] & 0x01010101) === 0) {
        p += 3;
        continue;
      }
      if (mask[p] !== 1) continue;
      if (count === sizes.length) {
        sizes = grow(sizes);
        seeds = grow(seeds);
      }
      seeds[count] = p;
      sizes[count++] = fill.run(p, 1, 2);
    }
  }
  tick(nk);
  return { count, sizes: sizes.slice(0, count), seeds: seeds.slice(0, count) };
}

/**
 * Turns a mask marked by {@link floodComponents} into a 0/1 mask of the components with
 * `keep[c] !== 0`: floods again from the seeds of the smaller side (the kept or the dropped
 * components), then maps the marks to 0/1 in one pass.
 * @param mask as {@link floodComponents} left it (components marked 2); overwritten with 0/1
 * @param keep one entry per component of `flooded`
 */
export function retainComponents(
  mask: Uint8Array,
  dims: Vec3,
  connectivity: Connectivity,
  flooded: FloodedComponents,
  keep: Uint8Array,
): Uint8Array {
  const { count, sizes, seeds } = flooded;
  let kept = 0;
  let dropped = 0;
  for (let c = 0; c < count; c++) {
    if (keep[c] !== 0) kept += sizes[c];
    else dropped += sizes[c];
  }
  const fill = new Flood(mask, dims, connectivity);
  // kept: 2 -> 1 then keep the 1s; dropped: 2 -> 0 then turn 2 into 1
  const floodKept = kept <= dropped;
  for (let c = 0; c < count; c++) {
    if ((keep[c] !== 0) === floodKept) fill.run(seeds[c], 2, floodKept ? 1 : 0);
  }
  let p = 0;
  if ((mask.byteOffset & 3) === 0) {
    const words = mask.length >> 2;
    const m32 = new Uint32Array(mask.buffer, mask.byteOffset, words);
    if (floodKept) for (let w = 0; w < words; w++) m32[w] &= 0x01010101;
    else for (let w = 0; w < words; w++) m32[w] = (m32[w] >>> 1) & 0x01010101;
    p = words << 2;
  }
  if (floodKept) for (; p < mask.length; p++) mask[p] &= 1;
  else for (; p < mask.length; p++) mask[p] >>= 1;
  return mask;
}

/**
 * Marks the component of `mask` containing voxel `start` (value 1) with 2, then maps the mask to
 * 0/1 with only that component left. A start voxel outside the mask leaves an empty mask.
 */
export function isolateComponent(
  mask: Uint8Array,
  dims: Vec3,
  connectivity: Connectivity,
  start: number,
): Uint8Array {
  const fill = new Flood(mask, dims, connectivity);
  if (mask[start] === 1) fill.run(start, 1, 2);
  for (let p = 0; p < mask.length; p++) mask[p] >>= 1;
  return mask;
}

function grow(a: Float64Array): Float64Array<ArrayBuffer> {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}

/** Breadth-first flood over one value of a mask, with a ring-buffer queue that grows. */
class Flood {
  private queue = new Uint32Array(4096);
  private readonly di: Int32Array;
  private readonly dj: Int32Array;
  private readonly dk: Int32Array;
  private readonly dp: Int32Array;

  constructor(
    private readonly mask: Uint8Array,
    private readonly dims: Vec3,
    connectivity: Connectivity,
  ) {
    const offsets = neighbourOffsets(connectivity);
    const slice = dims[0] * dims[1];
    this.di = Int32Array.from(offsets, (o) => o[0]);
    this.dj = Int32Array.from(offsets, (o) => o[1]);
    this.dk = Int32Array.from(offsets, (o) => o[2]);
    this.dp = Int32Array.from(offsets, (o) => o[0] + o[1] * dims[0] + o[2] * slice);
  }

  /** Sets every voxel of value `from` connected to `start` (already `from`) to `to`; returns the count. */
  run(start: number, from: number, to: number): number {
    const { mask, di, dj, dk, dp } = this;
    const [ni, nj, nk] = this.dims;
    const slice = ni * nj;
    const n = dp.length;
    let queue = this.queue;
    let mod = queue.length - 1;
    let head = 0;
    let tail = 0;
    mask[start] = to;
    queue[tail++ & mod] = start;
    let size = 0;
    while (head !== tail) {
      const p = queue[head++ & mod];
      size++;
      const k = (p / slice) | 0;
      const r = p - k * slice;
      const j = (r / ni) | 0;
      const i = r - j * ni;
      const inner = i > 0 && j > 0 && k > 0 && i < ni - 1 && j < nj - 1 && k < nk - 1;
      for (let e = 0; e < n; e++) {
        if (!inner) {
          const ii = i + di[e];
          const jj = j + dj[e];
          const kk = k + dk[e];
          if (ii < 0 || jj < 0 || kk < 0 || ii >= ni || jj >= nj || kk >= nk) continue;
        }
        const q = p + dp[e];
        if (mask[q] !== from) continue;
        mask[q] = to;
        if (tail - head > mod) {
          // full: unroll the ring into a buffer twice as long
          const bigger = new Uint32Array(queue.length * 2);
          for (let x = head; x < tail; x++) bigger[x - head] = queue[x & mod];
          tail -= head;
          head = 0;
          queue = bigger;
          mod = queue.length - 1;
          this.queue = queue;
        }
        queue[tail++ & mod] = q;
      }
    }
    return size;
  }
}
