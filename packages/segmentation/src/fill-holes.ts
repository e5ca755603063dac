import type { RunControl, Vec3 } from '@anatomodel/imaging';
import { createProgress } from './create-progress.ts';
import type { LabelMap } from './label-map.ts';
import { replaceSegment } from './replace-segment.ts';
import { segmentMask } from './segment-mask.ts';
import { SegmentationError } from './segmentation-error.ts';

/** Options of {@link fillHoles}. */
export interface FillHolesOptions {
  /** segment to fill (default 1) */
  readonly label?: number;
  /**
   * '3d' fills enclosed cavities (background not connected to the grid border in 3D);
   * 'slice' fills, slice by slice, background not connected to the slice border (default '3d')
   */
  readonly mode?: '3d' | 'slice';
  /** slice normal for mode 'slice': 0 = i, 1 = j, 2 = k (default 2) */
  readonly sliceAxis?: 0 | 1 | 2;
  /** whether filling may overwrite other segments (default false) */
  readonly overwrite?: boolean;
}

/**
 * Fills holes of a segment: the background voxels that cannot reach the grid border through
 * face-connected (6-connected, or 4-connected in a slice) background, like ITK's
 * BinaryFillholeImageFilter with FullyConnected off. Holes are judged against the segment only:
 * voxels of other segments count as background. Memory: the mask plus a reach mask and a stack.
 * @throws SegmentationError UNKNOWN_SEGMENT
 */
export function fillHoles(
  labelMap: LabelMap,
  options: FillHolesOptions = {},
  run?: RunControl,
): LabelMap {
  const label = options.label ?? 1;
  const mask = segmentMask(labelMap, label);
  const dims = labelMap.geometry.dims;
  const mode = options.mode ?? '3d';
  if (mode === '3d') {
    floodOutside(mask, dims, [true, true, true], [0, 0, 0], dims, run);
  } else if (mode === 'slice') {
    const axis = options.sliceAxis ?? 2;
    const tick = createProgress(run, dims[axis]);
    const use: [boolean, boolean, boolean] = [axis !== 0, axis !== 1, axis !== 2];
    for (let s = 0; s < dims[axis]; s++) {
      tick(s);
      const lo: [number, number, number] = [0, 0, 0];
      const hi: [number, number, number] = [dims[0], dims[1], dims[2]];
      lo[axis] = s;
      hi[axis] = s + 1;
      floodOutside(mask, dims, use, lo, hi);
    }
    tick(dims[axis]);
  } else {
    throw new SegmentationError('INVALID_OPTION', `unknown fill mode '${String(mode)}'`);
  }
  // floodOutside marked outside-reachable background as 2; what stayed 0 is a hole
  for (let p = 0; p < mask.length; p++) mask[p] = mask[p] === 2 ? 0 : 1;
  return replaceSegment(labelMap, label, mask, options.overwrite ?? false);
}

/**
 * Marks with 2 the background voxels (value 0) of the box [lo, hi) reachable from the grid
 * border through face steps along the axes flagged in `use` (all three for 3D, the two in-plane
 * axes for a slice, whose box is one voxel thick along the third).
 */
function floodOutside(
  mask: Uint8Array,
  dims: Vec3,
  use: readonly [boolean, boolean, boolean],
  lo: Vec3,
  hi: Vec3,
  run?: RunControl,
): void {
  const [ni, nj, nk] = dims;
  const slice = ni * nj;
  let stack = new Int32Array(4096);
  let top = 0;
  const push = (p: number) => {
    if (mask[p] !== 0) return;
    mask[p] = 2;
    if (top === stack.length) {
      const b = new Int32Array(stack.length * 2);
      b.set(stack);
      stack = b;
    }
    stack[top++] = p;
  };
  const [ui, uj, uk] = use;
  for (let k = lo[2]; k < hi[2]; k++) {
    const kb = uk && (k === 0 || k === nk - 1);
    for (let j = lo[1]; j < hi[1]; j++) {
      const jb = kb || (uj && (j === 0 || j === nj - 1));
      for (let i = lo[0]; i < hi[0]; i++) {
        if (jb || (ui && (i === 0 || i === ni - 1))) push(i + ni * (j + nj * k));
      }
    }
  }
  const tick = createProgress(run, mask.length);
  let n = 0;
  while (top > 0) {
    const p = stack[--top];
    if ((++n & 0xffff) === 0) tick(n);
    const k = (p / slice) | 0;
    const r = p - k * slice;
    const j = (r / ni) | 0;
    const i = r - j * ni;
    if (ui) {
      if (i > 0) push(p - 1);
      if (i < ni - 1) push(p + 1);
    }
    if (uj) {
      if (j > 0) push(p - ni);
      if (j < nj - 1) push(p + ni);
    }
    if (uk) {
      if (k > 0) push(p - slice);
      if (k < nk - 1) push(p + slice);
    }
  }
}
