import type { BoundaryGrey } from './boundary-grey.ts';
import type { SurfaceNetsSlabGrey } from './surface-nets-grey.ts';

/** What `loadSlabPlane` reads: the slab input's label voxels, label filter and grey guide. */
export interface SlabPlaneSource {
  readonly data: Uint8Array | Uint16Array;
  /** data plane (k index) of `data[0]` */
  readonly dataZ0: number;
  readonly dims: readonly [number, number, number];
  /** 65536 flags: 1 = keep this label; null = every non-zero label */
  readonly keep: Uint8Array | null;
  readonly grey: SurfaceNetsSlabGrey | null;
}

/**
 * The three padded planes (nx + 2) x (ny + 2) that the Surface Nets slab kernel keeps, plane zp
 * in slot zp % 3: labels, run-length rows and (with a grey guide) grey values. Padding and
 * unselected labels are 0; unknown grey values are NaN.
 */
export interface SlabPlanes {
  readonly labels: readonly [Uint16Array, Uint16Array, Uint16Array];
  /**
   * runs of each row: run r starts at padded x `runX[r]` and holds label `runL[r]`; row y's
   * runs start at index `rowRun[y]` and end with a terminator run starting at x = nx + 2
   */
  readonly runX: readonly [Int32Array, Int32Array, Int32Array];
  readonly runL: readonly [Uint16Array, Uint16Array, Uint16Array];
  readonly rowRun: readonly [Int32Array, Int32Array, Int32Array];
  /** grey values per slot (empty without a grey guide) */
  readonly grey: readonly Float32Array[];
  /** per slot: 1 once a plane was loaded (its runs must be cleared first) */
  readonly loaded: Uint8Array;
  /** per slot: padded plane whose boundary grey entries the slot holds, -1 none */
  readonly greyPlaneZ: Int32Array;
}

/**
 * Scratch of the slab kernels over an nx x ny grid: the three planes, and the cell ids and
 * patch flags of two cell planes. A thread may reuse one for consecutive slabs of one grid
 * (each plane load clears what its slot held; cells are read only after being written).
 */
export interface SlabWorkspace {
  readonly planes: SlabPlanes;
  readonly cellIds: readonly [Int32Array, Int32Array];
  readonly cellMulti: readonly [Uint8Array, Uint8Array];
}

/** A workspace for slabs over an nx x ny grid (`withGrey`: with grey planes). */
export function createSlabWorkspace(nx: number, ny: number, withGrey: boolean): SlabWorkspace {
  const plane = (nx + 2) * (ny + 2);
  return {
    planes: createSlabPlanes(nx, ny, withGrey),
    cellIds: [new Int32Array(plane), new Int32Array(plane)],
    cellMulti: [new Uint8Array(plane), new Uint8Array(plane)],
  };
}

/**
 * Makes a workspace kept from an earlier call ready for another label map or grey guide of
 * the same grid: the grey planes are cleared (a boundary grey clears only its own entries).
 * The label planes need nothing: each load clears the runs its slot held.
 */
export function resetSlabWorkspace(workspace: SlabWorkspace): void {
  const { planes } = workspace;
  for (const g of planes.grey) g.fill(NaN);
  planes.greyPlaneZ.fill(-1);
}

/** Allocates the three planes of a slab over an nx x ny grid. */
export function createSlabPlanes(nx: number, ny: number, withGrey: boolean): SlabPlanes {
  const px = nx + 2;
  const py = ny + 2;
  const plane = px * py;
  const runCap = plane + 2 * py;
  const three = <T>(f: () => T): [T, T, T] => [f(), f(), f()];
  return {
    labels: three(() => new Uint16Array(plane)),
    runX: three(() => new Int32Array(runCap)),
    runL: three(() => new Uint16Array(runCap)),
    rowRun: three(() => new Int32Array(py)),
    grey: withGrey ? three(() => new Float32Array(plane).fill(NaN)) : [],
    loaded: new Uint8Array(3),
    greyPlaneZ: new Int32Array(3).fill(-1),
  };
}

/**
 * Loads padded plane zp (0 and nz + 1 are padding) into slot zp % 3: label plane, run-length
 * rows, grey values. Uniform stretches of Uint8 rows (nx a multiple of 4, data 4-byte aligned)
 * are skipped 16, then 4 voxels at a time.
 */
export function loadSlabPlane(planes: SlabPlanes, src: SlabPlaneSource, zp: number): void {
  const { data, dataZ0, keep } = src;
  const [nx, ny, nz] = src.dims;
  const px = nx + 2;
  const py = ny + 2;
  const slot = zp % 3;
  const lp = planes.labels[slot];
  const rx = planes.runX[slot];
  const rl = planes.runL[slot];
  const rr = planes.rowRun[slot];
  // clear the label runs the slot's previous plane wrote (the rest of the plane is 0)
  if (planes.loaded[slot] === 1) {
    for (let y = 1; y <= ny; y++) {
      const base = y * px;
      for (let r = rr[y]; rx[r] < px; r++)
        if (rl[r] !== 0) lp.fill(0, base + rx[r], base + rx[r + 1]);
    }
  }
  planes.loaded[slot] = 1;
  const inside = zp >= 1 && zp <= nz;
  if (src.grey !== null) loadGreyPlane(planes, src, zp, inside);
  const words =
    nx % 4 === 0 && data.byteOffset % 4 === 0 && data instanceof Uint8Array
      ? new Uint32Array(data.buffer, data.byteOffset, data.length >> 2)
      : null;
  const planeBase = (zp - 1 - dataZ0) * nx * ny;
  let n = 0;
  for (let y = 0; y < py; y++) {
    rr[y] = n;
    rx[n] = 0;
    rl[n++] = 0;
    if (inside && y >= 1 && y <= ny) {
      const row = planeBase + (y - 1) * nx;
      const dst = y * px + 1;
      let cur = 0;
      let x = 0;
      while (x < nx) {
        if (words !== null && (x & 3) === 0 && x + 4 <= nx) {
          // skip 16, then 4 voxels at a time while they equal the current run's label
          const splat = Math.imul(cur, 0x01010101) >>> 0;
          let w = (row + x) >> 2;
          while (
            x + 16 <= nx &&
            ((words[w] ^ splat) |
              (words[w + 1] ^ splat) |
              (words[w + 2] ^ splat) |
              (words[w + 3] ^ splat)) ===
              0
          ) {
            x += 16;
            w += 4;
          }
          while (x + 4 <= nx && words[w] === splat) {
            x += 4;
            w++;
          }
          if (x >= nx) break;
        }
        let l = data[row + x];
        if (keep !== null && l !== 0 && keep[l] === 0) l = 0;
        if (l !== cur) {
          if (cur !== 0) lp.fill(cur, dst + rx[n - 1] - 1, dst + x);
          rx[n] = x + 1;
          rl[n++] = l;
          cur = l;
        }
        x++;
      }
      if (cur !== 0) {
        lp.fill(cur, dst + rx[n - 1] - 1, dst + nx);
        rx[n] = nx + 1;
        rl[n++] = 0;
      }
    }
    rx[n] = px; // terminator: the next run would start past the row
    rl[n++] = 0;
  }
}

/** Grey values of padded plane zp into its slot (dense: copied; boundary: scattered). */
function loadGreyPlane(planes: SlabPlanes, src: SlabPlaneSource, zp: number, inside: boolean) {
  const [nx, ny, nz] = src.dims;
  const px = nx + 2;
  const slot = zp % 3;
  const gp = planes.grey[slot];
  const grey = src.grey as SurfaceNetsSlabGrey;
  const gd = grey.data;
  if (gd !== null) {
    if (!inside) gp.fill(NaN);
    else {
      const from0 = (zp - 1 - src.dataZ0) * nx * ny;
      for (let y = 1; y <= ny; y++) {
        const from = from0 + (y - 1) * nx;
        const to = y * px + 1;
        for (let x = 0; x < nx; x++) gp[to + x] = gd[from + x];
      }
    }
    return;
  }
  // a boundary grey only scatters (and later clears) its stored entries
  const b = grey.boundary as BoundaryGrey;
  const scatter = (z: number, clear: boolean) => {
    for (let y = 1; y <= ny; y++) {
      const row = y - 1 + (z - 1) * ny;
      const base = y * px + 1;
      for (let e = b.rowStart[row], end = b.rowStart[row + 1]; e < end; e++) {
        gp[base + b.column[e]] = clear ? NaN : b.value[e];
      }
    }
  };
  const old = planes.greyPlaneZ[slot];
  if (old >= 1 && old <= nz) scatter(old, true);
  planes.greyPlaneZ[slot] = zp;
  if (inside) scatter(zp, false);
}
