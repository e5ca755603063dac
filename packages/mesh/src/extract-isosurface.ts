import type { RunControl, Volume } from '@anatomodel/imaging';
import { CUBE_TABLES, TRIANGLE_STRIDE } from './cube-tables.ts';
import { GrowableFloat32, GrowableUint32 } from './growable-buffer.ts';
import { indexToLpsAffine } from './index-to-lps-affine.ts';
import { MeshError } from './mesh-error.ts';
import type { Mesh } from './mesh.ts';

/** Options of `extractIsosurface`. */
export interface IsosurfaceOptions {
  /** iso value in the volume's unit (HU for CT); voxels >= isoValue are inside */
  readonly isoValue: number;
}

/**
 * Marching cubes on a grey volume with the generated, crack-free case table of
 * `cube-tables.ts` (flying-edges style: empty stretches of each row are skipped, every edge
 * crossing is computed once and shared by the up to four cubes around it).
 *
 * The volume is padded by one voxel of "outside" on every side, so anatomy touching the scan
 * border still yields closed surfaces; crossings towards the pad are placed half a voxel out.
 * Vertices are mapped through the full index-to-LPS transform (oblique and left-handed frames
 * included) and triangles are counter-clockwise seen from outside (normals towards lower
 * values). Interpolation parameters are clamped to [0.001, 0.999] so no two vertices coincide.
 *
 * Output: one watertight, manifold mesh (by vertex index). Cost: O(voxels) time; memory
 * O(slice) besides the output. Throws MeshError INVALID_OPTIONS for a non-finite isoValue.
 */
export function extractIsosurface(
  volume: Volume,
  options: IsosurfaceOptions,
  run: RunControl = {},
): Mesh {
  const iso = options.isoValue;
  if (!Number.isFinite(iso)) throw new MeshError('INVALID_OPTIONS', 'isoValue must be finite');
  const g = volume.geometry;
  const [nx, ny, nz] = g.dims;
  const data = volume.data;
  const px = nx + 2;
  const py = ny + 2;
  const pz = nz + 2;
  const plane = px * py;
  // Two padded planes of values and inside flags, with per-row inside extents.
  const vals = [new Float32Array(plane), new Float32Array(plane)];
  const ins = [new Uint8Array(plane), new Uint8Array(plane)];
  const rowLo = [new Int32Array(py), new Int32Array(py)];
  const rowHi = [new Int32Array(py), new Int32Array(py)];
  const xIds = [new Int32Array(plane), new Int32Array(plane)];
  const yIds = [new Int32Array(plane), new Int32Array(plane)];
  const zIds = new Int32Array(plane);
  const { edgeCorners, edgeAxis, triangleCount, triangleEdges } = CUBE_TABLES;
  const edgeOffset = new Int32Array(12);
  const edgePlane = new Uint8Array(12);
  for (let e = 0; e < 12; e++) {
    const a = edgeCorners[2 * e];
    edgeOffset[e] = (a & 1) + ((a >> 1) & 1) * px;
    edgePlane[e] = a >> 2;
  }
  const { m: A, handedness } = indexToLpsAffine(g);
  const m00 = A[0], m01 = A[1], m02 = A[2], o0 = A[3]; // prettier-ignore
  const m10 = A[4], m11 = A[5], m12 = A[6], o1 = A[7]; // prettier-ignore
  const m20 = A[8], m21 = A[9], m22 = A[10], o2 = A[11]; // prettier-ignore
  const flip = handedness < 0;
  const positions = new GrowableFloat32(1 << 16);
  const tris = new GrowableUint32(1 << 16);
  const edgeIds = new Int32Array(TRIANGLE_STRIDE);

  const loadPlane = (pzIndex: number, slot: number): void => {
    const v = vals[slot];
    const inside = ins[slot];
    const lo = rowLo[slot];
    const hi = rowHi[slot];
    inside.fill(0);
    lo.fill(px);
    hi.fill(-1);
    if (pzIndex === 0 || pzIndex === pz - 1) return;
    const base = (pzIndex - 1) * nx * ny;
    for (let y = 1; y <= ny; y++) {
      const src = base + (y - 1) * nx;
      const dst = y * px + 1;
      let first = px;
      let last = -1;
      for (let x = 0; x < nx; x++) {
        const value = data[src + x];
        v[dst + x] = value;
        if (value >= iso) {
          inside[dst + x] = 1;
          if (first === px) first = x + 1;
          last = x + 1;
        }
      }
      lo[y] = first;
      hi[y] = last;
    }
  };

  loadPlane(0, 0);
  loadPlane(1, 1);
  xIds[0].fill(-1);
  yIds[0].fill(-1);
  const progressStep = Math.max(1, Math.floor((pz - 1) / 100));
  for (let z = 0; z < pz - 1; z++) {
    if (run.signal?.aborted) throw run.signal.reason;
    const s0i = z & 1;
    const s1i = (z + 1) & 1;
    if (z > 0) loadPlane(z + 1, s1i);
    xIds[s1i].fill(-1);
    yIds[s1i].fill(-1);
    zIds.fill(-1);
    const in0 = ins[s0i];
    const in1 = ins[s1i];
    const lo0 = rowLo[s0i];
    const lo1 = rowLo[s1i];
    const hi0 = rowHi[s0i];
    const hi1 = rowHi[s1i];
    for (let y = 0; y < py - 1; y++) {
      const xl = Math.max(0, Math.min(lo0[y], lo0[y + 1], lo1[y], lo1[y + 1]) - 1);
      const xr = Math.min(px - 2, Math.max(hi0[y], hi0[y + 1], hi1[y], hi1[y + 1]));
      const row = y * px;
      for (let x = xl; x <= xr; x++) {
        const i = row + x;
        const m =
          in0[i] |
          (in0[i + 1] << 1) |
          (in0[i + px] << 2) |
          (in0[i + px + 1] << 3) |
          (in1[i] << 4) |
          (in1[i + 1] << 5) |
          (in1[i + px] << 6) |
          (in1[i + px + 1] << 7);
        const nTri = triangleCount[m];
        if (nTri === 0) continue;
        const tb = m * TRIANGLE_STRIDE;
        // Vertices of the crossed edges of this cube, created on first use.
        for (let t = 0; t < 3 * nTri; t++) {
          const e = triangleEdges[tb + t];
          const at = i + edgeOffset[e];
          const sl = edgePlane[e] ? s1i : s0i;
          const axis = edgeAxis[e];
          const ids = axis === 0 ? xIds[sl] : axis === 1 ? yIds[sl] : zIds;
          let id = ids[at];
          if (id < 0) {
            const vp = vals[sl];
            const ca = edgeCorners[2 * e];
            const xa = x + (ca & 1);
            const ya = y + ((ca >> 1) & 1);
            const za = z + (ca >> 2);
            const atB = axis === 0 ? at + 1 : axis === 1 ? at + px : at;
            const vb = axis === 2 ? vals[s1i] : vp;
            const padded =
              xa === 0 ||
              ya === 0 ||
              za === 0 ||
              (axis === 0 ? xa + 1 : xa) === px - 1 ||
              (axis === 1 ? ya + 1 : ya) === py - 1 ||
              (axis === 2 ? za + 1 : za) === pz - 1;
            let tt = 0.5;
            if (!padded) {
              const va = vp[at];
              tt = (iso - va) / (vb[atB] - va);
              tt = tt < 0.001 ? 0.001 : tt > 0.999 ? 0.999 : tt;
            }
            const fi = xa - 1 + (axis === 0 ? tt : 0);
            const fj = ya - 1 + (axis === 1 ? tt : 0);
            const fk = za - 1 + (axis === 2 ? tt : 0);
            id = positions.length / 3;
            positions.reserve(3);
            const pd = positions.data;
            const pl = positions.length;
            pd[pl] = o0 + m00 * fi + m01 * fj + m02 * fk;
            pd[pl + 1] = o1 + m10 * fi + m11 * fj + m12 * fk;
            pd[pl + 2] = o2 + m20 * fi + m21 * fj + m22 * fk;
            positions.length = pl + 3;
            ids[at] = id;
          }
          edgeIds[t] = id;
        }
        tris.reserve(3 * nTri);
        const td = tris.data;
        let tl = tris.length;
        for (let t = 0; t < nTri; t++) {
          td[tl] = edgeIds[3 * t];
          td[tl + 1] = flip ? edgeIds[3 * t + 2] : edgeIds[3 * t + 1];
          td[tl + 2] = flip ? edgeIds[3 * t + 1] : edgeIds[3 * t + 2];
          tl += 3;
        }
        tris.length = tl;
      }
    }
    if (run.onProgress && (z % progressStep === 0 || z === pz - 2)) {
      run.onProgress((z + 1) / (pz - 1));
    }
  }
  return { kind: 'Mesh', positions: positions.view(), triangles: tris.view() };
}
