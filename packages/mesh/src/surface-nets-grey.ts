import type { Volume } from '@anatomodel/imaging';
import type { BoundaryGrey } from './boundary-grey.ts';
import { MeshError } from './mesh-error.ts';

/** Inclusive grey range (volume units, e.g. HU) that classified a label's voxels. */
export interface GreyRange {
  readonly lower: number;
  readonly upper: number;
}

/**
 * Grey guide for `surfaceNets`: the grey volume a label map was thresholded from, and the
 * range that made each label. A single range applies to every non-zero label.
 */
export interface SurfaceNetsGrey {
  /**
   * grey voxels on the label map's grid (same dims, i fastest), or only those on the
   * boundaries of the ranges' classification (`boundaryGrey`: same result, a fraction of the
   * memory)
   */
  readonly volume: Volume | BoundaryGrey;
  readonly ranges: GreyRange | ReadonlyMap<number, GreyRange>;
}

/** Grey guide as the slab kernel takes it (structured-clonable, planes as the label data). */
export interface SurfaceNetsSlabGrey {
  /** grey voxels of the same data planes as the slab's label `data`; null: `boundary` */
  readonly data: Volume['data'] | null;
  /** boundary grey values of the whole grid, used when `data` is null */
  readonly boundary?: BoundaryGrey;
  /**
   * per label l: lower at [2 l], upper at [2 l + 1]; NaN where the label has no range.
   * Length 2 * (largest label the label data can hold + 1): 512 for Uint8 data, else 131072.
   */
  readonly bounds: Float64Array;
}

/**
 * Crossings are kept this far (in edge lengths) from the voxel centres, so no two cell
 * vertices coincide at a voxel centre and no triangle degenerates.
 */
export const GREY_MARGIN = 0.02;

/**
 * Validates a grey guide against the label map's dims and builds the kernel's bound table.
 * Throws MeshError INVALID_OPTIONS when the grey volume's voxel count differs or a range is
 * reversed.
 */
export function prepareSurfaceNetsGrey(
  grey: SurfaceNetsGrey,
  dims: readonly [number, number, number],
  labelCount = 65536,
): SurfaceNetsSlabGrey {
  const v = grey.volume;
  const gd = v.kind === 'Volume' ? v.geometry.dims : v.dims;
  if (gd[0] !== dims[0] || gd[1] !== dims[1] || gd[2] !== dims[2]) {
    throw new MeshError('INVALID_OPTIONS', 'grey volume dims differ from the label map');
  }
  if (v.kind === 'Volume' && v.data.length !== dims[0] * dims[1] * dims[2]) {
    throw new MeshError('INVALID_OPTIONS', 'grey volume data length does not match its dims');
  }
  // only the labels the data can hold (Uint8: 256, so 4 KB instead of 1 MB to fill)
  const bounds = new Float64Array(2 * labelCount).fill(NaN);
  const check = (label: number, r: GreyRange) => {
    if (!(r.lower <= r.upper)) {
      throw new MeshError('INVALID_OPTIONS', `grey range of label ${label} needs lower <= upper`);
    }
  };
  const { ranges } = grey;
  if ('lower' in ranges) {
    check(1, ranges);
    for (let label = 1; label < labelCount; label++) {
      bounds[2 * label] = ranges.lower;
      bounds[2 * label + 1] = ranges.upper;
    }
  } else {
    for (const [label, r] of ranges) {
      if (label <= 0) continue;
      check(label, r);
      if (label < labelCount) {
        bounds[2 * label] = r.lower;
        bounds[2 * label + 1] = r.upper;
      }
    }
  }
  return v.kind === 'Volume' ? { data: v.data, bounds } : { data: null, boundary: v, bounds };
}

/**
 * Where the boundary between voxel a (label `la`, grey `va`) and voxel b (label `lb`, grey
 * `vb`) crosses their edge, as a fraction t of the way from a to b. When a's label has a range
 * holding va but not vb (or b's label one holding vb but not va), t interpolates the grey
 * values linearly at the crossed bound, as marching cubes does; otherwise (no range, a grey
 * value outside the grid (NaN), or a label that disagrees with the threshold, e.g. a filled
 * hole) t is 0.5, the binary midpoint. t is clamped to [GREY_MARGIN, 1 - GREY_MARGIN].
 */
export function greyCrossing(
  bounds: Float64Array,
  la: number,
  va: number,
  lb: number,
  vb: number,
): number {
  if (va !== va || vb !== vb || va === vb) return 0.5;
  let lo = bounds[2 * la];
  let hi = bounds[2 * la + 1];
  let bound = NaN;
  if (va >= lo && va <= hi && !(vb >= lo && vb <= hi)) {
    bound = vb < lo ? lo : hi;
  } else {
    lo = bounds[2 * lb];
    hi = bounds[2 * lb + 1];
    if (vb >= lo && vb <= hi && !(va >= lo && va <= hi)) bound = va < lo ? lo : hi;
  }
  if (bound !== bound) return 0.5;
  const t = (bound - va) / (vb - va);
  return t < GREY_MARGIN ? GREY_MARGIN : t > 1 - GREY_MARGIN ? 1 - GREY_MARGIN : t;
}
