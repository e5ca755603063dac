import type { Volume } from '@anatomodel/imaging';
import { GrowableFloat32 } from './growable-buffer.ts';
import { MeshError } from './mesh-error.ts';
import type { GreyRange } from './surface-nets-grey.ts';

/**
 * The grey values of only the voxels on a threshold boundary (a voxel whose range class, see
 * `boundaryGrey`, differs from one of its six neighbours'), stored by voxel row. Grey-guided
 * Surface Nets reads nothing else: an edge is interpolated only when its two voxels are of
 * different classes. A fraction of the dense volume's memory (corpus CT bone: about 5 %).
 */
export interface BoundaryGrey {
  readonly kind: 'BoundaryGrey';
  /** grid size in voxels [nx, ny, nz], as the volume's */
  readonly dims: readonly [number, number, number];
  /** entries of voxel row (j, k) are rowStart[j + k ny] .. rowStart[j + k ny + 1] - 1 */
  readonly rowStart: Uint32Array;
  /** i index of each entry, ascending within its row */
  readonly column: Uint32Array;
  /** grey value of each entry (volume units; Int16/Uint16/Uint8 data are exact in Float32) */
  readonly value: Float32Array;
}

/**
 * Keeps the grey values of the voxels on the boundaries of the threshold classification given
 * by `ranges` (class 0 = in no range, else 1 + index of the first range holding the value; the
 * ranges should not overlap), so a model job can free the grey volume right after
 * thresholding. `classes` may give that classification per voxel (e.g. the label data of a
 * one-range threshold, 1 = in range); else it is computed (n bytes of scratch). Cost: one pass
 * over the classes, four voxels at a time through uniform stretches; output O(boundary voxels).
 */
export function boundaryGrey(
  volume: Volume,
  ranges: GreyRange | readonly GreyRange[],
  classes?: Uint8Array,
): BoundaryGrey {
  const [nx, ny, nz] = volume.geometry.dims;
  const src = volume.data;
  const plane = nx * ny;
  const cls = classes ?? classify(src, 'lower' in ranges ? [ranges] : ranges);
  if (cls.length !== src.length) {
    throw new MeshError('INVALID_OPTIONS', 'classes length differs from the volume');
  }
  const rowStart = new Uint32Array(ny * nz + 1);
  let column = new Uint32Array(1 << 16);
  const value = new GrowableFloat32(1 << 16);
  let n = 0;
  // rows of a multiple of four voxels: skip four voxels at a time where they, their row
  // neighbours and their two plane neighbours all hold the same class
  const words =
    nx % 4 === 0 && cls.byteOffset % 4 === 0
      ? new Uint32Array(cls.buffer, cls.byteOffset, cls.length >> 2)
      : null;
  const rowWords = nx >> 2;
  const planeWords = plane >> 2;
  // class of each uniform row, -1 for a mixed one: a uniform row between uniform rows of the
  // same class is skipped whole
  const rowClass = new Int16Array(ny * nz);
  for (let r = 0; r < ny * nz; r++) {
    const c = cls[r * nx];
    let uniform = true;
    if (words !== null) {
      const splat = Math.imul(c, 0x01010101) >>> 0;
      for (let w = r * rowWords, end = w + rowWords; w < end && uniform; w++) {
        uniform = words[w] === splat;
      }
    } else {
      for (let p = r * nx, end = p + nx; p < end && uniform; p++) uniform = cls[p] === c;
    }
    rowClass[r] = uniform ? c : -1;
  }
  for (let k = 0; k < nz; k++) {
    const back = k > 0 ? -plane : 0;
    const front = k + 1 < nz ? plane : 0;
    for (let j = 0; j < ny; j++) {
      const r = j + k * ny;
      rowStart[r] = n;
      const rc = rowClass[r];
      if (
        rc >= 0 &&
        (j === 0 || rowClass[r - 1] === rc) &&
        (j + 1 === ny || rowClass[r + 1] === rc) &&
        (k === 0 || rowClass[r - ny] === rc) &&
        (k + 1 === nz || rowClass[r + ny] === rc)
      ) {
        continue;
      }
      const row = k * plane + j * nx;
      const up = j > 0 ? -nx : 0;
      const down = j + 1 < ny ? nx : 0;
      for (let i = 0; i < nx; i++) {
        const p = row + i;
        const c = cls[p];
        if (words !== null && (i & 3) === 0) {
          // four voxels of one class whose 6-neighbours all share it hold no boundary voxel
          const w = p >> 2;
          const splat = Math.imul(c, 0x01010101) >>> 0;
          if (
            words[w] === splat &&
            words[w + (back === 0 ? 0 : -planeWords)] === splat &&
            words[w + (front === 0 ? 0 : planeWords)] === splat &&
            words[w + (up === 0 ? 0 : -rowWords)] === splat &&
            words[w + (down === 0 ? 0 : rowWords)] === splat &&
            (i === 0 || cls[p - 1] === c) &&
            (i + 4 >= nx || cls[p + 4] === c)
          ) {
            i += 3;
            continue;
          }
        }
        if (
          (i > 0 && cls[p - 1] !== c) ||
          (i + 1 < nx && cls[p + 1] !== c) ||
          cls[p + up] !== c ||
          cls[p + down] !== c ||
          cls[p + back] !== c ||
          cls[p + front] !== c
        ) {
          if (n === column.length) {
            const grown = new Uint32Array(2 * n);
            grown.set(column);
            column = grown;
          }
          column[n] = i;
          value.reserve(1);
          value.data[value.length++] = src[p];
          n++;
        }
      }
    }
  }
  rowStart[ny * nz] = n;
  return {
    kind: 'BoundaryGrey',
    dims: [nx, ny, nz],
    rowStart,
    column: column.slice(0, n),
    value: value.view(),
  };
}

/** Class per voxel: 0 = in no range, else 1 + index of the first range holding the value. */
function classify(src: Volume['data'], list: readonly GreyRange[]): Uint8Array {
  const out = new Uint8Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    let c = 0;
    for (let r = 0; r < list.length && c === 0; r++) {
      if (v >= list[r].lower && v <= list[r].upper) c = r + 1;
    }
    out[i] = c;
  }
  return out;
}

/** Grey value of voxel (i, j, k) from a BoundaryGrey, NaN when it is not stored. */
export function boundaryGreyAt(g: BoundaryGrey, i: number, j: number, k: number): number {
  const row = j + k * g.dims[1];
  let a = g.rowStart[row];
  let b = g.rowStart[row + 1];
  const col = g.column;
  while (a < b) {
    const m = (a + b) >>> 1;
    if (col[m] < i) a = m + 1;
    else b = m;
  }
  return a < g.rowStart[row + 1] && col[a] === i ? g.value[a] : NaN;
}
