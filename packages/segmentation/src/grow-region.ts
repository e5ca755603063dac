import type { RunControl, Vec3, VoxelArray } from '@anatomodel/imaging';
import { createProgress } from './create-progress.ts';
import { neighbourOffsets, type Connectivity } from './neighbour-offsets.ts';
import { SegmentationError } from './segmentation-error.ts';

/**
 * Flood fill from seed voxels through voxels whose value lies in [lower, upper] (inclusive),
 * with the given connectivity. Seeds outside the range start nothing. Returns a 0/1 mask.
 * Cost: O(voxels reached x neighbours); memory: the mask and a stack that grows with the front.
 * @param dims grid size (i, j, k)
 * @param seeds integer voxel indices (i, j, k)
 * @throws SegmentationError SEED_OUTSIDE when a seed is off the grid
 */
export function growRegion(
  data: VoxelArray,
  dims: Vec3,
  seeds: readonly Vec3[],
  lower: number,
  upper: number,
  connectivity: Connectivity,
  run?: RunControl,
): Uint8Array {
  const [ni, nj, nk] = dims;
  const total = data.length;
  const mask = new Uint8Array(total);
  const offs = neighbourOffsets(connectivity);
  const nOff = offs.length;
  const di = new Int32Array(offs.map((o) => o[0]));
  const dj = new Int32Array(offs.map((o) => o[1]));
  const dk = new Int32Array(offs.map((o) => o[2]));
  const dp = new Int32Array(offs.map((o) => o[0] + o[1] * ni + o[2] * ni * nj));
  let stack: Int32Array = new Int32Array(1024);
  let top = 0;
  for (const s of seeds) {
    const [i, j, k] = s;
    if (
      !(i >= 0 && j >= 0 && k >= 0 && i < ni && j < nj && k < nk) ||
      !Number.isInteger(i + j + k)
    ) {
      throw new SegmentationError(
        'SEED_OUTSIDE',
        `seed (${i}, ${j}, ${k}) is not a voxel of the grid`,
      );
    }
    const p = i + ni * (j + nj * k);
    const v = data[p];
    if (mask[p] === 0 && v >= lower && v <= upper) {
      mask[p] = 1;
      if (top === stack.length) stack = grow(stack);
      stack[top++] = p;
    }
  }
  const tick = createProgress(run, total);
  let visited = 0;
  const slice = ni * nj;
  while (top > 0) {
    const p = stack[--top];
    if ((++visited & 0xffff) === 0) tick(visited);
    const k = (p / slice) | 0;
    const r = p - k * slice;
    const j = (r / ni) | 0;
    const i = r - j * ni;
    const interior = i > 0 && j > 0 && k > 0 && i < ni - 1 && j < nj - 1 && k < nk - 1;
    for (let n = 0; n < nOff; n++) {
      if (!interior) {
        const ii = i + di[n];
        const jj = j + dj[n];
        const kk = k + dk[n];
        if (ii < 0 || jj < 0 || kk < 0 || ii >= ni || jj >= nj || kk >= nk) continue;
      }
      const q = p + dp[n];
      if (mask[q] !== 0) continue;
      const v = data[q];
      if (v >= lower && v <= upper) {
        mask[q] = 1;
        if (top === stack.length) stack = grow(stack);
        stack[top++] = q;
      }
    }
  }
  run?.onProgress?.(1);
  return mask;
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
