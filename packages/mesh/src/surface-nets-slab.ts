import type { RunControl } from '@anatomodel/imaging';
import { CUBE_TABLES } from './cube-tables.ts';
import { GrowableFloat32, GrowableUint32 } from './growable-buffer.ts';
import type { BoundaryGrey } from './boundary-grey.ts';
import { greyCrossing } from './surface-nets-grey.ts';
import type { SurfaceNetsSlabGrey } from './surface-nets-grey.ts';

/** Input of `surfaceNetsSlab`: label voxels and the range of cell planes to extract. */
export interface SurfaceNetsSlabInput {
  /**
   * label voxels of data planes `dataZ0 .. dataZ0 + data.length / (nx * ny) - 1` (i fastest);
   * must hold every data plane that the slab's cells and its ghost plane touch
   */
  readonly data: Uint8Array | Uint16Array;
  /** data plane (k index) of `data[0]` */
  readonly dataZ0: number;
  /** grid size in voxels [nx, ny, nz] */
  readonly dims: readonly [number, number, number];
  /** 65536 flags: 1 = extract this label; null = every non-zero label */
  readonly keep: Uint8Array | null;
  /** row-major 3x4 index-to-LPS affine (see `indexToLpsAffine`) */
  readonly affine: Float64Array;
  /** left-handed index frame: triangles are wound the other way */
  readonly flip: boolean;
  /**
   * cell planes [zFrom, zTo) in padded coordinates: cell plane z spans padded voxel planes z
   * and z + 1, i.e. data planes z - 1 and z; 0 <= zFrom < zTo <= nz + 1
   */
  readonly zFrom: number;
  readonly zTo: number;
  /**
   * grey guide (same data planes as `data`): vertices sit at the mean of the grey-interpolated
   * edge crossings instead of the edge midpoints; triangles are unchanged
   */
  readonly grey?: SurfaceNetsSlabGrey | null;
}

/** Output of `surfaceNetsSlab` (see LabelSurface for the meaning of the arrays). */
export interface SurfaceNetsSlabOutput {
  /** xyz of the slab's own vertices, in cell scan order (z, then y, then x) */
  readonly positions: Float32Array;
  /**
   * local vertex indices: 0 .. ghostVertices - 1 are the vertices of cell plane zFrom - 1
   * (the previous slab's last plane, in the same scan order); own vertices follow
   */
  readonly triangles: Uint32Array;
  readonly labels: Uint16Array;
  readonly cornerPatches: Uint8Array;
  /** per own vertex: 1 = its cell may give a pinched vertex or a four-way edge (see LabelSurface) */
  readonly vertexFlags: Uint8Array;
  /** number of vertices of the ghost plane zFrom - 1 (0 when zFrom is 0) */
  readonly ghostVertices: number;
}

const { edgeCorners, edgeAxis, patchCount, patchOfEdge } = CUBE_TABLES;

/** local cube edge index of the voxel edge starting at corner c along axis a: [c * 3 + a] */
const CELL_EDGE_OF = (() => {
  const t = new Int8Array(24).fill(-1);
  for (let e = 0; e < 12; e++) t[edgeCorners[2 * e] * 3 + edgeAxis[e]] = e;
  return t;
})();

/**
 * Mean of the crossed edges' midpoints (cell units) of a cell with two labels, by the mask of
 * the corners holding corner 0's label: [3 * mask + axis]. Same arithmetic as the general case.
 */
const MIDPOINT_MEAN = (() => {
  const t = new Float64Array(768);
  for (let mask = 0; mask < 256; mask++) {
    let sx = 0;
    let sy = 0;
    let sz = 0;
    let n = 0;
    for (let e = 0; e < 12; e++) {
      const a = edgeCorners[2 * e];
      const b = edgeCorners[2 * e + 1];
      if (((mask >> a) & 1) === ((mask >> b) & 1)) continue;
      sx += (a & 1) + (b & 1);
      sy += ((a >> 1) & 1) + ((b >> 1) & 1);
      sz += (a >> 2) + (b >> 2);
      n += 2;
    }
    if (n > 0) {
      t[3 * mask] = sx / n;
      t[3 * mask + 1] = sy / n;
      t[3 * mask + 2] = sz / n;
    }
  }
  return t;
})();

/**
 * Two-label cells whose surface around the cell vertex may not be one disc per patch, by the
 * corner mask of one label: some cube face holds the labels on its diagonals (the four quads
 * about that face's dual edge meet at one edge), or a label forms several patches.
 */
const COMPLEX_CELL = (() => {
  const t = new Uint8Array(256);
  for (let mask = 0; mask < 256; mask++) {
    const bit = (c: number) => (mask >> c) & 1;
    let complex = patchCount[mask] > 1 || patchCount[255 ^ mask] > 1;
    for (let a = 0; a < 3 && !complex; a++) {
      const other = 7 ^ (1 << a);
      const low = other & -other;
      for (const side of [0, 1 << a]) {
        const c1 = side ^ low;
        if (
          bit(side) === bit(side ^ other) &&
          bit(c1) === bit(c1 ^ other) &&
          bit(side) !== bit(c1)
        ) {
          complex = true;
        }
      }
    }
    t[mask] = complex ? 1 : 0;
  }
  return t;
})();

/**
 * Quad corners of the two triangles of a quad: [(flip ? 12 : 0) + (split 0-2 ? 0 : 6) + s]:
 * (0, 1, 2) (0, 2, 3) or (0, 1, 3) (1, 2, 3), the other way round in a left-handed frame.
 */
const QUAD_ORDER = Uint8Array.of(
  0,
  1,
  2,
  0,
  2,
  3,
  0,
  1,
  3,
  1,
  2,
  3,
  0,
  2,
  1,
  0,
  3,
  2,
  0,
  3,
  1,
  1,
  3,
  2,
);

/**
 * The Surface Nets kernel over a range of cell planes (the whole grid, or one z-slab for a
 * worker). Empty space is skipped run by run, as in flying edges: each voxel row is first
 * run-length encoded (four bytes per step through uniform stretches), then the four rows
 * around a row of cells are merged run by run, and only cells where a run boundary or a
 * difference between rows occurs are visited. A cell holding different labels gets one vertex
 * (mean of its crossed edges' midpoints, through the affine); each crossed voxel edge leaving a
 * cell's corner 0 gives one quad, split along its shorter diagonal.
 *
 * The results of consecutive slabs concatenate to exactly the result of one slab over the
 * whole range: the ghost plane zFrom - 1 is recomputed here with the same arithmetic as the
 * previous slab's last plane. `run` is checked for abort and given progress once per plane. Cost: O(voxels / 4 + runs + surface cells); memory O(plane).
 */
export function surfaceNetsSlab(
  input: SurfaceNetsSlabInput,
  run: RunControl = {},
): SurfaceNetsSlabOutput {
  const { data, dataZ0, keep, affine: A, flip, zFrom, zTo } = input;
  const grey = input.grey ?? null;
  const boundary = grey?.boundary ?? null;
  const [nx, ny, nz] = input.dims;
  const px = nx + 2;
  const py = ny + 2;
  const plane = px * py;
  const planeVoxels = nx * ny;
  // three padded label planes, their row runs, and two planes of cell ids / patch flags
  const labelPlanes = [new Uint16Array(plane), new Uint16Array(plane), new Uint16Array(plane)];
  const runCap = plane + 2 * py;
  const runX = [new Int32Array(runCap), new Int32Array(runCap), new Int32Array(runCap)];
  const runL = [new Uint16Array(runCap), new Uint16Array(runCap), new Uint16Array(runCap)];
  const rowRun = [new Int32Array(py), new Int32Array(py), new Int32Array(py)];
  const slotLoaded = new Uint8Array(3);
  const cellIds = [new Int32Array(plane), new Int32Array(plane)];
  const cellMulti = [new Uint8Array(plane), new Uint8Array(plane)];
  const positions = new GrowableFloat32(1 << 16);
  // with a grey guide, `positions` (edge midpoints) still choose the quad diagonals, so the
  // triangles equal the binary ones; the output positions are the grey-guided ones
  const guided = grey !== null ? new GrowableFloat32(1 << 16) : positions;
  const cornerGrey = new Float64Array(8);
  const triangles = new GrowableUint32(1 << 16);
  let labelData: Uint16Array = new Uint16Array(1 << 14);
  let labelLength = 0;
  let patchData: Uint8Array = new Uint8Array(1 << 15);
  let patchLength = 0;
  let flagData: Uint8Array = new Uint8Array(1 << 14);
  let flagLength = 0;
  const corner = new Uint16Array(8);
  const aligned32 = nx % 4 === 0 && data.byteOffset % 4 === 0 && data instanceof Uint8Array;
  const words = aligned32 ? new Uint32Array(data.buffer, data.byteOffset, data.length >> 2) : null;

  // grey of the three padded planes as the labels (NaN = unknown: padding, or no boundary
  // voxel); a boundary grey only scatters (and later clears) its stored entries
  const greyPlanes = grey !== null ? [0, 1, 2].map(() => new Float32Array(plane).fill(NaN)) : [];
  const greyPlaneZ = new Int32Array(3).fill(-1);
  const scatterGrey = (slot: number, zp: number, clear: boolean): void => {
    const gp = greyPlanes[slot];
    const b = boundary as BoundaryGrey;
    for (let y = 1; y <= ny; y++) {
      const row = y - 1 + (zp - 1) * ny;
      const base = y * px + 1;
      for (let e = b.rowStart[row], end = b.rowStart[row + 1]; e < end; e++) {
        gp[base + b.column[e]] = clear ? NaN : b.value[e];
      }
    }
  };
  const loadGreyPlane = (zp: number, inside: boolean): void => {
    const slot = zp % 3;
    const gp = greyPlanes[slot];
    const gd = (grey as SurfaceNetsSlabGrey).data;
    if (gd !== null) {
      if (!inside) gp.fill(NaN);
      else {
        const src = (zp - 1 - dataZ0) * planeVoxels;
        for (let y = 1; y <= ny; y++) {
          const from = src + (y - 1) * nx;
          const to = y * px + 1;
          for (let x = 0; x < nx; x++) gp[to + x] = gd[from + x];
        }
      }
      return;
    }
    const old = greyPlaneZ[slot];
    if (old >= 1 && old <= nz) scatterGrey(slot, old, true);
    greyPlaneZ[slot] = zp;
    if (inside) scatterGrey(slot, zp, false);
  };

  /** Loads padded plane zp into its slot: label plane and run-length rows. */
  const loadPlane = (zp: number): void => {
    const slot = zp % 3;
    const lp = labelPlanes[slot];
    const rx = runX[slot];
    const rl = runL[slot];
    const rr = rowRun[slot];
    // clear the label runs the slot's previous plane wrote (the rest of the plane is 0)
    if (slotLoaded[slot] === 1) {
      for (let y = 1; y <= ny; y++) {
        const base = y * px;
        for (let r = rr[y]; rx[r] < px; r++)
          if (rl[r] !== 0) lp.fill(0, base + rx[r], base + rx[r + 1]);
      }
    }
    slotLoaded[slot] = 1;
    let n = 0;
    const dz = zp - 1 - dataZ0;
    const inside = zp >= 1 && zp <= nz;
    if (grey !== null) loadGreyPlane(zp, inside);
    for (let y = 0; y < py; y++) {
      rr[y] = n;
      rx[n] = 0;
      rl[n++] = 0;
      if (inside && y >= 1 && y <= ny) {
        const src = dz * planeVoxels + (y - 1) * nx;
        const dst = y * px + 1;
        let cur = 0;
        let x = 0;
        while (x < nx) {
          if (words !== null && (x & 3) === 0 && x + 4 <= nx) {
            // skip 16, then 4 voxels at a time while they equal the current run's label
            const splat = Math.imul(cur, 0x01010101) >>> 0;
            let w = (src + x) >> 2;
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
          let l = data[src + x];
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
  };

  /** Patch of `label` in cell (x, y, z) at the voxel edge from local corner c along axis a. */
  const patchAt = (x: number, y: number, z: number, c: number, a: number, label: number) => {
    if (label === 0) return 0;
    const p0 = labelPlanes[z % 3];
    const p1 = labelPlanes[(z + 1) % 3];
    const i = y * px + x;
    const m =
      (p0[i] === label ? 1 : 0) |
      (p0[i + 1] === label ? 2 : 0) |
      (p0[i + px] === label ? 4 : 0) |
      (p0[i + px + 1] === label ? 8 : 0) |
      (p1[i] === label ? 16 : 0) |
      (p1[i + 1] === label ? 32 : 0) |
      (p1[i + px] === label ? 64 : 0) |
      (p1[i + px + 1] === label ? 128 : 0);
    if (patchCount[m] < 2) return 0;
    const p = patchOfEdge[m * 12 + CELL_EDGE_OF[c * 3 + a]];
    return p > 0 ? p : 0;
  };

  // quad scratch: vertex ids, cell coordinates and local corners of the four cells
  const qv = new Int32Array(4);
  const qc = new Int32Array(12);
  const qcorner = new Uint8Array(4);
  const qmulti = new Uint8Array(4);
  const pin = new Uint8Array(4);
  const pout = new Uint8Array(4);
  const setQuad = (
    k: number,
    x: number,
    y: number,
    z: number,
    lc: number,
    id: number,
    m: number,
  ) => {
    qc[3 * k] = x;
    qc[3 * k + 1] = y;
    qc[3 * k + 2] = z;
    qcorner[k] = lc;
    qv[k] = id;
    qmulti[k] = m;
  };
  const emitQuad = (inner: number, outer: number, axis: number): void => {
    let patched = false;
    for (let k = 0; k < 4; k++) {
      if (qmulti[k] === 0) {
        pin[k] = 0;
        pout[k] = 0;
      } else {
        const x = qc[3 * k];
        const y = qc[3 * k + 1];
        const z = qc[3 * k + 2];
        pin[k] = patchAt(x, y, z, qcorner[k], axis, inner);
        pout[k] = patchAt(x, y, z, qcorner[k], axis, outer);
        if (pin[k] !== 0 || pout[k] !== 0) patched = true;
      }
    }
    // split along the shorter diagonal
    const pd = positions.data;
    const d02 = dist2(pd, qv[0], qv[2]);
    const d13 = dist2(pd, qv[1], qv[3]);
    triangles.reserve(6);
    if (labelLength + 4 > labelData.length) labelData = grow16(labelData, labelLength + 4);
    if (patchLength + 12 > patchData.length) patchData = grow8(patchData, patchLength + 12);
    const td = triangles.data;
    const o = (flip ? 12 : 0) + (d02 <= d13 ? 0 : 6);
    const tl = triangles.length;
    td[tl] = qv[QUAD_ORDER[o]];
    td[tl + 1] = qv[QUAD_ORDER[o + 1]];
    td[tl + 2] = qv[QUAD_ORDER[o + 2]];
    td[tl + 3] = qv[QUAD_ORDER[o + 3]];
    td[tl + 4] = qv[QUAD_ORDER[o + 4]];
    td[tl + 5] = qv[QUAD_ORDER[o + 5]];
    triangles.length = tl + 6;
    // the patch buffer is zero beyond patchLength: write only non-zero patches
    if (patched) {
      for (let s = 0; s < 6; s++) {
        const k = QUAD_ORDER[o + s];
        patchData[patchLength + 2 * s] = pin[k];
        patchData[patchLength + 2 * s + 1] = pout[k];
      }
    }
    patchLength += 12;
    labelData[labelLength] = inner;
    labelData[labelLength + 1] = outer;
    labelData[labelLength + 2] = inner;
    labelData[labelLength + 3] = outer;
    labelLength += 4;
  };

  /** Appends the grey-guided vertex of cell (x, y, z), whose labels are in `corner`. */
  const placeGuided = (x: number, y: number, z: number): void => {
    const { bounds } = grey as SurfaceNetsSlabGrey;
    const g0 = greyPlanes[z % 3];
    const g1 = greyPlanes[(z + 1) % 3];
    const i = y * px + x;
    cornerGrey[0] = g0[i];
    cornerGrey[1] = g0[i + 1];
    cornerGrey[2] = g0[i + px];
    cornerGrey[3] = g0[i + px + 1];
    cornerGrey[4] = g1[i];
    cornerGrey[5] = g1[i + 1];
    cornerGrey[6] = g1[i + px];
    cornerGrey[7] = g1[i + px + 1];
    let sx = 0;
    let sy = 0;
    let sz = 0;
    let n = 0;
    for (let e = 0; e < 12; e++) {
      const a = edgeCorners[2 * e];
      const b = edgeCorners[2 * e + 1];
      if (corner[a] === corner[b]) continue;
      const t = greyCrossing(bounds, corner[a], cornerGrey[a], corner[b], cornerGrey[b]);
      sx += (a & 1) + t * ((b & 1) - (a & 1));
      sy += ((a >> 1) & 1) + t * (((b >> 1) & 1) - ((a >> 1) & 1));
      sz += (a >> 2) + t * ((b >> 2) - (a >> 2));
      n++;
    }
    const fi = x - 1 + sx / n;
    const fj = y - 1 + sy / n;
    const fk = z - 1 + sz / n;
    guided.reserve(3);
    const gp = guided.data;
    const gl = guided.length;
    gp[gl] = A[0] * fi + A[1] * fj + A[2] * fk + A[3];
    gp[gl + 1] = A[4] * fi + A[5] * fj + A[6] * fk + A[7];
    gp[gl + 2] = A[8] * fi + A[9] * fj + A[10] * fk + A[11];
    guided.length = gl + 3;
  };

  /** Vertex (and quads unless ghost) of the mixed cell (x, y, z). */
  const visitCell = (x: number, y: number, z: number, ghost: boolean): void => {
    const s0 = z % 3;
    const p0 = labelPlanes[s0];
    const p1 = labelPlanes[(z + 1) % 3];
    const ids = cellIds[z & 1];
    const multi = cellMulti[z & 1];
    const prevIds = cellIds[(z + 1) & 1];
    const prevMulti = cellMulti[(z + 1) & 1];
    const i = y * px + x;
    const l0 = p0[i];
    corner[0] = l0;
    corner[1] = p0[i + 1];
    corner[2] = p0[i + px];
    corner[3] = p0[i + px + 1];
    corner[4] = p1[i];
    corner[5] = p1[i + 1];
    corner[6] = p1[i + px];
    corner[7] = p1[i + px + 1];
    // which corners hold corner 0's label; are there only two labels (almost every cell)?
    let bits = 1;
    let other = -1;
    let twoLabels = true;
    for (let c = 1; c < 8; c++) {
      const l = corner[c];
      if (l === l0) bits |= 1 << c;
      else if (other < 0) other = l;
      else if (l !== other) twoLabels = false;
    }
    // vertex: mean of the crossed edges' midpoints, in padded index units
    let fi: number;
    let fj: number;
    let fk: number;
    if (twoLabels) {
      fi = x - 1 + MIDPOINT_MEAN[3 * bits];
      fj = y - 1 + MIDPOINT_MEAN[3 * bits + 1];
      fk = z - 1 + MIDPOINT_MEAN[3 * bits + 2];
    } else {
      let sx = 0;
      let sy = 0;
      let sz = 0;
      let n = 0;
      for (let e = 0; e < 12; e++) {
        const a = edgeCorners[2 * e];
        const b = edgeCorners[2 * e + 1];
        if (corner[a] === corner[b]) continue;
        sx += (a & 1) + (b & 1);
        sy += ((a >> 1) & 1) + ((b >> 1) & 1);
        sz += (a >> 2) + (b >> 2);
        n += 2;
      }
      fi = x - 1 + sx / n;
      fj = y - 1 + sy / n;
      fk = z - 1 + sz / n;
    }
    const id = positions.length / 3;
    positions.reserve(3);
    const pd = positions.data;
    const pl = positions.length;
    pd[pl] = A[0] * fi + A[1] * fj + A[2] * fk + A[3];
    pd[pl + 1] = A[4] * fi + A[5] * fj + A[6] * fk + A[7];
    pd[pl + 2] = A[8] * fi + A[9] * fj + A[10] * fk + A[11];
    positions.length = pl + 3;
    if (grey !== null) placeGuided(x, y, z);
    ids[i] = id;
    if (flagLength === flagData.length) flagData = grow8(flagData, flagLength + 1);
    flagData[flagLength++] = twoLabels ? COMPLEX_CELL[bits] : 1;
    // does some label touch itself only diagonally here (several patches in this cell)?
    let m = 0;
    if (twoLabels) {
      if ((l0 !== 0 && patchCount[bits] > 1) || (other !== 0 && patchCount[255 ^ bits] > 1)) m = 1;
    } else {
      for (let c = 0; c < 8 && m === 0; c++) {
        const l = corner[c];
        if (l === 0) continue;
        let seen = false;
        for (let d = 0; d < c; d++) if (corner[d] === l) seen = true;
        if (seen) continue;
        let lb = 0;
        for (let d = 0; d < 8; d++) if (corner[d] === l) lb |= 1 << d;
        if (patchCount[lb] > 1) m = 1;
      }
    }
    multi[i] = m;
    if (ghost) return;
    // quads dual to the three voxel edges leaving this cell's corner 0
    if (corner[1] !== l0) {
      // x edge: cells (x,y-1,z-1) (x,y,z-1) (x,y,z) (x,y-1,z), normal +x
      setQuad(0, x, y - 1, z - 1, 6, prevIds[i - px], prevMulti[i - px]);
      setQuad(1, x, y, z - 1, 4, prevIds[i], prevMulti[i]);
      setQuad(2, x, y, z, 0, id, m);
      setQuad(3, x, y - 1, z, 2, ids[i - px], multi[i - px]);
      emitQuad(l0, corner[1], 0);
    }
    if (corner[2] !== l0) {
      // y edge: cells (x-1,y,z-1) (x-1,y,z) (x,y,z) (x,y,z-1), normal +y
      setQuad(0, x - 1, y, z - 1, 5, prevIds[i - 1], prevMulti[i - 1]);
      setQuad(1, x - 1, y, z, 1, ids[i - 1], multi[i - 1]);
      setQuad(2, x, y, z, 0, id, m);
      setQuad(3, x, y, z - 1, 4, prevIds[i], prevMulti[i]);
      emitQuad(l0, corner[2], 1);
    }
    if (corner[4] !== l0) {
      // z edge: cells (x-1,y-1,z) (x,y-1,z) (x,y,z) (x-1,y,z), normal +z
      setQuad(0, x - 1, y - 1, z, 3, ids[i - px - 1], multi[i - px - 1]);
      setQuad(1, x, y - 1, z, 2, ids[i - px], multi[i - px]);
      setQuad(2, x, y, z, 0, id, m);
      setQuad(3, x - 1, y, z, 1, ids[i - 1], multi[i - 1]);
      emitQuad(l0, corner[4], 2);
    }
  };

  const zStart = zFrom > 0 ? zFrom - 1 : 0;
  loadPlane(zStart);
  loadPlane(zStart + 1);
  let ghostVertices = 0;
  const progressStep = Math.max(1, Math.floor((zTo - zStart) / 100));
  for (let z = zStart; z < zTo; z++) {
    if (run.signal?.aborted) throw run.signal.reason;
    if (run.onProgress && (z - zStart) % progressStep === 0) {
      run.onProgress((z - zStart) / (zTo - zStart));
    }
    if (z > zStart) loadPlane(z + 1);
    const ghost = z < zFrom;
    const s0 = z % 3;
    const s1 = (z + 1) % 3;
    const rx0 = runX[s0];
    const rl0 = runL[s0];
    const rx1 = runX[s1];
    const rl1 = runL[s1];
    for (let y = 0; y < py - 1; y++) {
      // merge the runs of the four rows (y, y + 1) x (z, z + 1) around this row of cells
      let a = rowRun[s0][y];
      let b = rowRun[s0][y + 1];
      let c = rowRun[s1][y];
      let d = rowRun[s1][y + 1];
      let x = 0;
      while (x < px - 1) {
        const na = rx0[a + 1];
        const nb = rx0[b + 1];
        const nc = rx1[c + 1];
        const nd = rx1[d + 1];
        let next = na < nb ? na : nb;
        if (nc < next) next = nc;
        if (nd < next) next = nd;
        const la = rl0[a];
        if (rl0[b] !== la || rl1[c] !== la || rl1[d] !== la) {
          for (let cx = x; cx < next - 1; cx++) visitCell(cx, y, z, ghost);
        }
        if (next < px) {
          visitCell(next - 1, y, z, ghost); // a run boundary crosses this cell
          if (na === next) a++;
          if (nb === next) b++;
          if (nc === next) c++;
          if (nd === next) d++;
        }
        x = next;
      }
    }
    if (ghost) ghostVertices = positions.length / 3;
  }
  return {
    positions: guided.data.slice(3 * ghostVertices, guided.length),
    triangles: triangles.view(),
    labels: labelData.slice(0, labelLength),
    cornerPatches: patchData.slice(0, patchLength),
    vertexFlags: flagData.slice(ghostVertices, flagLength),
    ghostVertices,
  };
}

function dist2(p: Float32Array, a: number, b: number): number {
  const dx = p[3 * a] - p[3 * b];
  const dy = p[3 * a + 1] - p[3 * b + 1];
  const dz = p[3 * a + 2] - p[3 * b + 2];
  return dx * dx + dy * dy + dz * dz;
}

function grow16(a: Uint16Array, need: number): Uint16Array {
  const next = new Uint16Array(Math.max(need, 2 * a.length));
  next.set(a);
  return next;
}

function grow8(a: Uint8Array, need: number): Uint8Array {
  const next = new Uint8Array(Math.max(need, 2 * a.length));
  next.set(a);
  return next;
}
