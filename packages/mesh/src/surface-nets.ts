import type { RunControl } from '@anatomodel/imaging';
import type { LabelMap, Segment } from '@anatomodel/segmentation';
import { CUBE_TABLES } from './cube-tables.ts';
import { GrowableFloat32, GrowableUint32 } from './growable-buffer.ts';
import { indexToLpsAffine } from './index-to-lps-affine.ts';
import { MeshError } from './mesh-error.ts';

/**
 * The boundaries between all labels of a LabelMap as one triangle set with shared vertices
 * (Surface Nets, Gibson 1998; multi-label as vtkSurfaceNets3D). Each interface triangle is
 * stored once; the two labels it separates share its vertices, so segment surfaces are
 * crack-free by construction, also after smoothing `positions`.
 */
export interface LabelSurface {
  readonly kind: 'LabelSurface';
  /** xyz per shared vertex, LPS mm; one vertex per grid cell that holds different labels */
  readonly positions: Float32Array;
  /** three vertex indices per triangle, counter-clockwise seen from the `outer` label's side */
  readonly triangles: Uint32Array;
  /** per triangle [inner, outer]: the normal points from label `inner` into label `outer` */
  readonly labels: Uint16Array;
  /**
   * per triangle corner [patch for inner, patch for outer]: index of the surface patch of that
   * label in the corner's cell. Almost always 0; cells where one label touches itself only
   * diagonally hold several patches, which `labelSurfaceToMeshes` turns into separate vertices
   * (at the same position) so every segment mesh is manifold.
   */
  readonly cornerPatches: Uint8Array;
  /** the label map's segment descriptions */
  readonly segments: ReadonlyMap<number, Segment>;
}

/** Options of `surfaceNets`. */
export interface SurfaceNetsOptions {
  /** labels to extract; default every label that occurs (background 0 never gets a surface) */
  readonly labels?: readonly number[];
}

const CELL_EDGE_OF = buildLocalEdges();

/** local cube edge index of the voxel edge starting at corner c along axis a: [c * 3 + a] */
function buildLocalEdges(): Int8Array {
  const t = new Int8Array(24).fill(-1);
  const { edgeCorners, edgeAxis } = CUBE_TABLES;
  for (let e = 0; e < 12; e++) t[edgeCorners[2 * e] * 3 + edgeAxis[e]] = e;
  return t;
}

/**
 * Extracts the surfaces of a LabelMap with Surface Nets. The grid is padded by one background
 * voxel, so segments touching the scan border are closed. Each vertex starts at the mean of the
 * midpoints of its cell's crossed edges, mapped through the full index-to-LPS transform
 * (oblique and left-handed frames included). Labels not selected count as background.
 *
 * Cost: O(voxels) time, skipping empty row stretches; memory O(slice) besides the output.
 */
export function surfaceNets(
  labelMap: LabelMap,
  options: SurfaceNetsOptions = {},
  run: RunControl = {},
): LabelSurface {
  const g = labelMap.geometry;
  const [nx, ny, nz] = g.dims;
  if (labelMap.data.length !== nx * ny * nz) {
    throw new MeshError('INVALID_OPTIONS', 'label map data length does not match its dims');
  }
  const keep = new Uint8Array(65536);
  if (options.labels) for (const l of options.labels) keep[l] = 1;
  else keep.fill(1);
  keep[0] = 0;
  const px = nx + 2;
  const py = ny + 2;
  const pz = nz + 2;
  const plane = px * py;
  const labelPlanes = [new Uint16Array(plane), new Uint16Array(plane), new Uint16Array(plane)];
  const rowLo = [new Int32Array(py), new Int32Array(py), new Int32Array(py)];
  const rowHi = [new Int32Array(py), new Int32Array(py), new Int32Array(py)];
  const cellIds = [new Int32Array(plane), new Int32Array(plane)];
  const { m: A, handedness } = indexToLpsAffine(g);
  const flip = handedness < 0;
  const { edgeCorners, patchCount, patchOfEdge } = CUBE_TABLES;
  const positions = new GrowableFloat32(1 << 16);
  const triangles = new GrowableUint32(1 << 16);
  const labels = new Uint16Array(0);
  const labelBuf = { data: labels, length: 0 };
  const patchBuf = { data: new Uint8Array(0), length: 0 };
  const corner = new Uint16Array(8);
  const data = labelMap.data;

  const loadPlane = (zp: number): void => {
    const slot = zp % 3;
    const lp = labelPlanes[slot];
    const lo = rowLo[slot];
    const hi = rowHi[slot];
    lp.fill(0);
    lo.fill(px);
    hi.fill(-1);
    if (zp === 0 || zp === pz - 1) return;
    const base = (zp - 1) * nx * ny;
    for (let y = 1; y <= ny; y++) {
      const src = base + (y - 1) * nx;
      const dst = y * px + 1;
      let first = px;
      let last = -1;
      for (let x = 0; x < nx; x++) {
        let l = data[src + x];
        if (l !== 0) {
          if (!keep[l]) l = 0;
          else {
            lp[dst + x] = l;
            if (first === px) first = x + 1;
            last = x + 1;
          }
        }
      }
      lo[y] = first;
      hi[y] = last;
    }
  };
  // patch of `label` in cell (x, y, z) at voxel edge from local corner c along axis a
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
    return Math.max(0, patchOfEdge[m * 12 + CELL_EDGE_OF[c * 3 + a]]);
  };
  // quad (q0..q3 counter-clockwise seen from `outer`), cells given for the patch lookups
  const qc = new Int32Array(12); // cell coordinates of the 4 corners
  const qv = new Int32Array(4);
  const qcorner = new Uint8Array(4); // local corner of the edge's start voxel in each cell
  const emitQuad = (inner: number, outer: number, axis: number): void => {
    const pin = [0, 0, 0, 0];
    const pout = [0, 0, 0, 0];
    for (let k = 0; k < 4; k++) {
      const [x, y, z] = [qc[3 * k], qc[3 * k + 1], qc[3 * k + 2]];
      pin[k] = patchAt(x, y, z, qcorner[k], axis, inner);
      pout[k] = patchAt(x, y, z, qcorner[k], axis, outer);
    }
    // split along the shorter diagonal
    const d02 = dist2(positions.data, qv[0], qv[2]);
    const d13 = dist2(positions.data, qv[1], qv[3]);
    const order = d02 <= d13 ? [0, 1, 2, 0, 2, 3] : [0, 1, 3, 1, 2, 3];
    triangles.reserve(6);
    grow(labelBuf, 4);
    grow(patchBuf, 12);
    for (let t = 0; t < 2; t++) {
      for (let s = 0; s < 3; s++) {
        const k = order[3 * t + (flip && s > 0 ? 3 - s : s)];
        triangles.data[triangles.length++] = qv[k];
        patchBuf.data[patchBuf.length++] = pin[k];
        patchBuf.data[patchBuf.length++] = pout[k];
      }
      labelBuf.data[labelBuf.length++] = inner;
      labelBuf.data[labelBuf.length++] = outer;
    }
  };

  loadPlane(0);
  loadPlane(1);
  cellIds[1].fill(-1);
  const progressStep = Math.max(1, Math.floor((pz - 1) / 100));
  for (let z = 0; z < pz - 1; z++) {
    if (run.signal?.aborted) throw run.signal.reason;
    if (z > 0) loadPlane(z + 1);
    const ids = cellIds[z & 1];
    const prevIds = cellIds[(z + 1) & 1];
    ids.fill(-1);
    const s0 = z % 3;
    const s1 = (z + 1) % 3;
    const p0 = labelPlanes[s0];
    const p1 = labelPlanes[s1];
    const lo0 = rowLo[s0];
    const lo1 = rowLo[s1];
    const hi0 = rowHi[s0];
    const hi1 = rowHi[s1];
    for (let y = 0; y < py - 1; y++) {
      const xl = Math.max(0, Math.min(lo0[y], lo0[y + 1], lo1[y], lo1[y + 1]) - 1);
      const xr = Math.min(px - 2, Math.max(hi0[y], hi0[y + 1], hi1[y], hi1[y + 1]));
      for (let x = xl; x <= xr; x++) {
        const i = y * px + x;
        const l0 = p0[i];
        if (
          p0[i + 1] === l0 &&
          p0[i + px] === l0 &&
          p0[i + px + 1] === l0 &&
          p1[i] === l0 &&
          p1[i + 1] === l0 &&
          p1[i + px] === l0 &&
          p1[i + px + 1] === l0
        ) {
          continue;
        }
        corner[0] = l0;
        corner[1] = p0[i + 1];
        corner[2] = p0[i + px];
        corner[3] = p0[i + px + 1];
        corner[4] = p1[i];
        corner[5] = p1[i + 1];
        corner[6] = p1[i + px];
        corner[7] = p1[i + px + 1];
        // vertex: mean of the crossed edges' midpoints, in padded index units
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
        const fi = x - 1 + sx / n;
        const fj = y - 1 + sy / n;
        const fk = z - 1 + sz / n;
        const id = positions.length / 3;
        positions.reserve(3);
        const pd = positions.data;
        const pl = positions.length;
        pd[pl] = A[0] * fi + A[1] * fj + A[2] * fk + A[3];
        pd[pl + 1] = A[4] * fi + A[5] * fj + A[6] * fk + A[7];
        pd[pl + 2] = A[8] * fi + A[9] * fj + A[10] * fk + A[11];
        positions.length = pl + 3;
        ids[i] = id;
        // quads dual to the three voxel edges leaving this cell's corner 0
        if (corner[1] !== l0) {
          // x edge: cells (x,y-1,z-1) (x,y,z-1) (x,y,z) (x,y-1,z), normal +x
          setQuad(qc, qcorner, qv, 0, x, y - 1, z - 1, 6, prevIds[i - px]);
          setQuad(qc, qcorner, qv, 1, x, y, z - 1, 4, prevIds[i]);
          setQuad(qc, qcorner, qv, 2, x, y, z, 0, id);
          setQuad(qc, qcorner, qv, 3, x, y - 1, z, 2, ids[i - px]);
          emitQuad(l0, corner[1], 0);
        }
        if (corner[2] !== l0) {
          // y edge: cells (x-1,y,z-1) (x-1,y,z) (x,y,z) (x,y,z-1), normal +y
          setQuad(qc, qcorner, qv, 0, x - 1, y, z - 1, 5, prevIds[i - 1]);
          setQuad(qc, qcorner, qv, 1, x - 1, y, z, 1, ids[i - 1]);
          setQuad(qc, qcorner, qv, 2, x, y, z, 0, id);
          setQuad(qc, qcorner, qv, 3, x, y, z - 1, 4, prevIds[i]);
          emitQuad(l0, corner[2], 1);
        }
        if (corner[4] !== l0) {
          // z edge: cells (x-1,y-1,z) (x,y-1,z) (x,y,z) (x-1,y,z), normal +z
          setQuad(qc, qcorner, qv, 0, x - 1, y - 1, z, 3, ids[i - px - 1]);
          setQuad(qc, qcorner, qv, 1, x, y - 1, z, 2, ids[i - px]);
          setQuad(qc, qcorner, qv, 2, x, y, z, 0, id);
          setQuad(qc, qcorner, qv, 3, x - 1, y, z, 1, ids[i - 1]);
          emitQuad(l0, corner[4], 2);
        }
      }
    }
    if (run.onProgress && (z % progressStep === 0 || z === pz - 2)) {
      run.onProgress((z + 1) / (pz - 1));
    }
  }
  const present = new Set<number>();
  for (let t = 0; t < labelBuf.length; t++) present.add(labelBuf.data[t]);
  const segments = new Map<number, Segment>();
  for (const [label, seg] of labelMap.segments) if (present.has(label)) segments.set(label, seg);
  return {
    kind: 'LabelSurface',
    positions: positions.view(),
    triangles: triangles.view(),
    labels: labelBuf.data.slice(0, labelBuf.length),
    cornerPatches: patchBuf.data.slice(0, patchBuf.length),
    segments,
  };
}

function setQuad(
  qc: Int32Array,
  qcorner: Uint8Array,
  qv: Int32Array,
  k: number,
  x: number,
  y: number,
  z: number,
  localCorner: number,
  id: number,
): void {
  qc[3 * k] = x;
  qc[3 * k + 1] = y;
  qc[3 * k + 2] = z;
  qcorner[k] = localCorner;
  qv[k] = id;
}

function dist2(p: Float32Array, a: number, b: number): number {
  const dx = p[3 * a] - p[3 * b];
  const dy = p[3 * a + 1] - p[3 * b + 1];
  const dz = p[3 * a + 2] - p[3 * b + 2];
  return dx * dx + dy * dy + dz * dz;
}

function grow<T extends Uint8Array | Uint16Array>(buf: { data: T; length: number }, n: number) {
  if (buf.length + n <= buf.data.length) return;
  const cap = Math.max(1024, buf.data.length * 2, buf.length + n);
  const next = new (buf.data.constructor as new (n: number) => T)(cap);
  next.set(buf.data.subarray(0, buf.length));
  buf.data = next;
}
