import type { RunControl } from '@anatomodel/imaging';
import { CUBE_TABLES } from './cube-tables.ts';
import type { SurfaceNetsSlabGrey } from './surface-nets-grey.ts';
import {
  guidedVertex,
  guidedVertexTwo,
  manyLabelCell,
  quadPatches,
  writeLabels,
  writeQuad,
} from './surface-nets-cell.ts';
import { countSurfaceNetsPlanes } from './surface-nets-count.ts';
import { createSlabWorkspace, loadSlabPlane } from './surface-nets-planes.ts';
import type { SlabPlanes, SlabWorkspace } from './surface-nets-planes.ts';
import { COMPLEX_CELL, MIDPOINT_MEAN } from './surface-nets-tables.ts';
import type { SlabBuffers, SlabPart } from './surface-nets-append.ts';

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

const { patchCount } = CUBE_TABLES;

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
 * previous slab's last plane. The output arrays are views of buffers sized from a sample of
 * the planes (grown if that was short; no exact-length copy, the unused tail is never
 * written); with `sharedMemory` the positions and triangles are on SharedArrayBuffers. `run` is
 * checked for abort and given progress once per plane. Cost: O(voxels / 4
 * + runs + surface cells); memory O(plane) besides the output.
 */
export function surfaceNetsSlab(
  input: SurfaceNetsSlabInput,
  run: RunControl = {},
  sharedMemory = false,
): SurfaceNetsSlabOutput {
  return slabKernel(input, run, undefined, null, sharedMemory) as SurfaceNetsSlabOutput;
}

/**
 * `surfaceNetsSlab` appending to a thread's reusable buffers (`buffers`, grown when short and
 * updated in place): vertex ids are indices into the buffers, ghost plane included; corner
 * patches are packed (see SlabBuffers). Returns where the slab's part lies in the buffers,
 * for `copySlabPart`. A thread that keeps its buffers from call to call writes into memory
 * that is already resident (no page faults of fresh output).
 */
export function surfaceNetsSlabAppend(
  input: SurfaceNetsSlabInput,
  buffers: SlabBuffers,
  run: RunControl = {},
  workspace?: SlabWorkspace,
): SlabPart {
  return slabKernel(input, run, workspace, buffers) as SlabPart;
}

function slabKernel(
  input: SurfaceNetsSlabInput,
  run: RunControl,
  workspace: SlabWorkspace | undefined,
  buffers: SlabBuffers | null,
  sharedMemory = false,
): SurfaceNetsSlabOutput | SlabPart {
  const { affine: A, flip, zFrom, zTo } = input;
  const grey = input.grey ?? null;
  const source = { ...input, grey };
  const [nx, ny] = input.dims;
  const px = nx + 2;
  const py = ny + 2;
  // planes; cell ids and patch flags of the current and the previous cell plane (by z & 1)
  const { planes, cellIds, cellMulti } = workspace ?? createSlabWorkspace(nx, ny, grey !== null);
  const [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11] = A;
  const zStart = zFrom > 0 ? zFrom - 1 : 0;
  const slabPlanes = zTo - zStart;
  // outputs: the kept buffers (appended to), or fresh ones; grown before each row of cells
  // (at most px - 1 vertices and 3 (px - 1) quads) to the size projected from the planes done
  let nv = buffers?.vertices ?? 0;
  let nq = buffers?.quads ?? 0;
  const nv0 = nv;
  const nq0 = nq;
  let vcap = buffers ? buffers.vertexFlags.length : 1 << 14;
  let qcap = buffers ? buffers.labels.length >> 2 : 1 << 15;
  if (!buffers && slabPlanes >= 24) {
    // sized from a sample of the planes, so the arrays rarely grow (growing copies touch
    // fresh pages, which are most of the cost on a cold process)
    const [v, q] = estimateOutput(input, planes, zStart, zTo);
    vcap = Math.max(vcap, Math.ceil(1.3 * v) + px);
    qcap = Math.max(qcap, Math.ceil(1.3 * q) + 3 * px);
  }
  // `pos` holds the edge-midpoint vertices (vertex v at 3 (v & ring)), which choose the quad
  // diagonals, so with a grey guide the triangles equal the binary ones; `guided` the output
  // vertices. Without a grey guide they are one array (ring = -1: every vertex); with one,
  // `pos` is a ring of a power-of-two size over the vertices of the last two cell planes (the
  // only ones a quad joins), not a second array the size of the output
  // (`grown` keeps shared memory shared)
  const fresh = (bytes: number) =>
    sharedMemory ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  let guided = buffers ? buffers.positions : new Float32Array(fresh(12 * vcap));
  let pos = guided;
  let ring = -1;
  if (grey !== null) {
    let size = 1 << 15;
    while (size < 4 * px) size *= 2;
    pos =
      buffers && buffers.midpoints.length >= 3 * size
        ? buffers.midpoints
        : new Float32Array(3 * size);
    ring = pos.length / 3 - 1;
  }
  // first vertex of the previous cell plane and of this one (the ring holds ids from the former)
  let prevFirst = nv;
  let planeFirst = nv;
  let flags = buffers ? buffers.vertexFlags : new Uint8Array(vcap);
  let tri = buffers ? buffers.triangles : new Uint32Array(fresh(24 * qcap));
  let lab = buffers ? buffers.labels : new Uint16Array(4 * qcap);
  // corner patches, almost all zero: only non-zero ones are written, packed 12 bytes per
  // patched quad with the quad's index; own output scatters them into a fresh zeroed array at
  // the end (its untouched pages are never made resident)
  // sized as a sixteenth of the quads (corpus CT bone: 16,168 patched of 344,936 quads): a
  // growth in the middle of the planes would run code the optimised kernel has no feedback
  // for, which deoptimises it and costs a second compile of this large function (~170 ms)
  const patCap = Math.max(1024, qcap >> 4);
  let pat = buffers ? buffers.patches : new Uint8Array(12 * patCap);
  let patQuad = buffers ? buffers.patchQuads : new Uint32Array(patCap);
  let np = buffers?.patchCount ?? 0;
  const np0 = np;
  // scratch of the rare paths: corner labels, mean offsets, patches of a quad's corners
  const corner = new Uint16Array(8);
  const mean = new Float64Array(3);
  const patchScratch = new Uint8Array(8);

  loadSlabPlane(planes, source, zStart);
  loadSlabPlane(planes, source, zStart + 1);
  let ghostVertices = 0;
  const progressStep = Math.max(1, Math.floor((zTo - zStart) / 100));
  for (let z = zStart; z < zTo; z++) {
    if (run.signal?.aborted) throw run.signal.reason;
    if (run.onProgress && (z - zStart) % progressStep === 0) {
      run.onProgress((z - zStart) / (zTo - zStart));
    }
    if (z > zStart) loadSlabPlane(planes, source, z + 1);
    const ghost = z < zFrom;
    const s0 = z % 3;
    const s1 = (z + 1) % 3;
    const p0 = planes.labels[s0];
    const p1 = planes.labels[s1];
    const rx0 = planes.runX[s0];
    const rl0 = planes.runL[s0];
    const rx1 = planes.runX[s1];
    const rl1 = planes.runL[s1];
    const rr0 = planes.rowRun[s0];
    const rr1 = planes.rowRun[s1];
    const ids = cellIds[z & 1];
    const multi = cellMulti[z & 1];
    const prevIds = cellIds[(z + 1) & 1];
    const prevMulti = cellMulti[(z + 1) & 1];
    const fk0 = z - 1;
    prevFirst = planeFirst;
    planeFirst = nv;
    for (let y = 0; y < py - 1; y++) {
      if (ring !== -1 && nv + px - prevFirst > ring + 1) {
        // two planes outgrew the ring: a larger one, the live vertices moved over
        let size = 2 * (ring + 1);
        while (nv + px - prevFirst > size) size *= 2;
        const next = new Float32Array(3 * size);
        for (let v = prevFirst; v < nv; v++) {
          const from = 3 * (v & ring);
          const to = 3 * (v & (size - 1));
          next[to] = pos[from];
          next[to + 1] = pos[from + 1];
          next[to + 2] = pos[from + 2];
        }
        pos = next;
        ring = size - 1;
      }
      if (nv + px > vcap) {
        const projected = nv0 + Math.ceil((1.25 * (nv - nv0) * slabPlanes) / (z - zStart + 1));
        let cap = Math.max(2 * vcap, projected, 1 << 14);
        while (nv + px > cap) cap *= 2;
        guided = grown(guided, 3 * nv, 3 * cap);
        if (grey === null) pos = guided;
        flags = grown(flags, nv, cap);
        vcap = cap;
      }
      if (nq + 3 * px > qcap) {
        const projected = nq0 + Math.ceil((1.25 * (nq - nq0) * slabPlanes) / (z - zStart + 1));
        let cap = Math.max(2 * qcap, projected, 1 << 15);
        while (nq + 3 * px > cap) cap *= 2;
        tri = grown(tri, 6 * nq, 6 * cap);
        lab = grown(lab, 4 * nq, 4 * cap);
        qcap = cap;
      }
      if (np + 3 * px > patQuad.length) {
        const cap = 2 * Math.max(patQuad.length, np + 3 * px);
        pat = grown(pat, 12 * np, 12 * cap);
        patQuad = grown(patQuad, np, cap);
      }
      const rowBase = y * px;
      const fj0 = y - 1;
      // merge the runs of the four rows (y, y + 1) x (z, z + 1) around this row of cells
      let a = rr0[y];
      let b = rr0[y + 1];
      let c = rr1[y];
      let d = rr1[y + 1];
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
        // cells x .. next - 2 hold different labels iff the four runs differ; cell next - 1
        // has a run boundary through it (unless next is the row's end)
        const mixed = rl0[b] !== la || rl1[c] !== la || rl1[d] !== la;
        const last = next < px ? next - 1 : next - 2;
        for (let cx = mixed ? x : next - 1; cx <= last; cx++) {
          const i = rowBase + cx;
          const c0 = p0[i];
          const c1 = p0[i + 1];
          const c2 = p0[i + px];
          const c3 = p0[i + px + 1];
          const c4 = p1[i];
          const c5 = p1[i + 1];
          const c6 = p1[i + px];
          const c7 = p1[i + px + 1];
          // which corners hold corner 0's label; are there only two labels (almost always)?
          const bits =
            1 |
            (c1 === c0 ? 2 : 0) |
            (c2 === c0 ? 4 : 0) |
            (c3 === c0 ? 8 : 0) |
            (c4 === c0 ? 16 : 0) |
            (c5 === c0 ? 32 : 0) |
            (c6 === c0 ? 64 : 0) |
            (c7 === c0 ? 128 : 0);
          const other =
            c1 !== c0
              ? c1
              : c2 !== c0
                ? c2
                : c3 !== c0
                  ? c3
                  : c4 !== c0
                    ? c4
                    : c5 !== c0
                      ? c5
                      : c6 !== c0
                        ? c6
                        : c7;
          const twoLabels =
            (c2 === c0 || c2 === other) &&
            (c3 === c0 || c3 === other) &&
            (c4 === c0 || c4 === other) &&
            (c5 === c0 || c5 === other) &&
            (c6 === c0 || c6 === other) &&
            (c7 === c0 || c7 === other);
          if (!twoLabels) {
            corner[0] = c0;
            corner[1] = c1;
            corner[2] = c2;
            corner[3] = c3;
            corner[4] = c4;
            corner[5] = c5;
            corner[6] = c6;
            corner[7] = c7;
          }
          // vertex: mean of the crossed edges' midpoints, in padded index units
          let fi: number;
          let fj: number;
          let fk: number;
          let m: number;
          if (twoLabels) {
            const t = 3 * bits;
            fi = cx - 1 + MIDPOINT_MEAN[t];
            fj = fj0 + MIDPOINT_MEAN[t + 1];
            fk = fk0 + MIDPOINT_MEAN[t + 2];
            // does some label touch itself only diagonally here (several patches)?
            m =
              (c0 !== 0 && patchCount[bits] > 1) || (other !== 0 && patchCount[255 ^ bits] > 1)
                ? 1
                : 0;
            flags[nv] = COMPLEX_CELL[bits];
          } else {
            m = manyLabelCell(corner, mean);
            fi = cx - 1 + mean[0];
            fj = fj0 + mean[1];
            fk = fk0 + mean[2];
            flags[nv] = 1;
          }
          const pv = 3 * (nv & ring);
          pos[pv] = a0 * fi + a1 * fj + a2 * fk + a3;
          pos[pv + 1] = a4 * fi + a5 * fj + a6 * fk + a7;
          pos[pv + 2] = a8 * fi + a9 * fj + a10 * fk + a11;
          if (grey !== null) {
            if (twoLabels) {
              const g = planes.grey;
              guidedVertexTwo(
                guided,
                3 * nv,
                A,
                grey.bounds,
                g[s0],
                g[s1],
                bits,
                c0,
                other,
                cx,
                y,
                z,
                px,
              );
            } else guidedVertex(guided, 3 * nv, A, grey.bounds, planes.grey, corner, cx, y, z, px);
          }
          const id = nv++;
          ids[i] = id;
          multi[i] = m;
          if (ghost) continue;
          // quads dual to the three voxel edges leaving this cell's corner 0
          if (c1 !== c0) {
            // the larger label is the inner one (one label: every triangle [label, 0])
            const swap = c1 > c0;
            // x edge: cells (x,y-1,z-1) (x,y,z-1) (x,y,z) (x,y-1,z), normal +x
            const order = writeQuad(
              tri,
              6 * nq,
              pos,
              ring,
              prevIds[i - px],
              prevIds[i],
              id,
              ids[i - px],
              flip !== swap,
            );
            const mm = prevMulti[i - px] | (prevMulti[i] << 1) | (m << 2) | (multi[i - px] << 3);
            if (
              mm !== 0 &&
              quadPatches(
                pat,
                12 * np,
                order,
                planes.labels,
                px,
                cx,
                y,
                z,
                0,
                swap ? c1 : c0,
                swap ? c0 : c1,
                mm,
                patchScratch,
              )
            )
              patQuad[np++] = nq;
            writeLabels(lab, 4 * nq, swap ? c1 : c0, swap ? c0 : c1);
            nq++;
          }
          if (c2 !== c0) {
            // the larger label is the inner one (one label: every triangle [label, 0])
            const swap = c2 > c0;
            // y edge: cells (x-1,y,z-1) (x-1,y,z) (x,y,z) (x,y,z-1), normal +y
            const order = writeQuad(
              tri,
              6 * nq,
              pos,
              ring,
              prevIds[i - 1],
              ids[i - 1],
              id,
              prevIds[i],
              flip !== swap,
            );
            const mm = prevMulti[i - 1] | (multi[i - 1] << 1) | (m << 2) | (prevMulti[i] << 3);
            if (
              mm !== 0 &&
              quadPatches(
                pat,
                12 * np,
                order,
                planes.labels,
                px,
                cx,
                y,
                z,
                1,
                swap ? c2 : c0,
                swap ? c0 : c2,
                mm,
                patchScratch,
              )
            )
              patQuad[np++] = nq;
            writeLabels(lab, 4 * nq, swap ? c2 : c0, swap ? c0 : c2);
            nq++;
          }
          if (c4 !== c0) {
            // the larger label is the inner one (one label: every triangle [label, 0])
            const swap = c4 > c0;
            // z edge: cells (x-1,y-1,z) (x,y-1,z) (x,y,z) (x-1,y,z), normal +z
            const order = writeQuad(
              tri,
              6 * nq,
              pos,
              ring,
              ids[i - px - 1],
              ids[i - px],
              id,
              ids[i - 1],
              flip !== swap,
            );
            const mm = multi[i - px - 1] | (multi[i - px] << 1) | (m << 2) | (multi[i - 1] << 3);
            if (
              mm !== 0 &&
              quadPatches(
                pat,
                12 * np,
                order,
                planes.labels,
                px,
                cx,
                y,
                z,
                2,
                swap ? c4 : c0,
                swap ? c0 : c4,
                mm,
                patchScratch,
              )
            )
              patQuad[np++] = nq;
            writeLabels(lab, 4 * nq, swap ? c4 : c0, swap ? c0 : c4);
            nq++;
          }
        }
        if (next < px) {
          if (na === next) a++;
          if (nb === next) b++;
          if (nc === next) c++;
          if (nd === next) d++;
        }
        x = next;
      }
    }
    if (ghost) ghostVertices = nv - nv0;
  }
  if (buffers) {
    buffers.positions = guided;
    if (grey !== null) buffers.midpoints = pos;
    buffers.vertexFlags = flags;
    buffers.triangles = tri;
    buffers.labels = lab;
    buffers.patches = pat;
    buffers.patchQuads = patQuad;
    buffers.vertices = nv;
    buffers.quads = nq;
    buffers.patchCount = np;
    return {
      vertexStart: nv0,
      ghostVertices,
      vertexEnd: nv,
      quadStart: nq0,
      quadEnd: nq,
      patchStart: np0,
      patchEnd: np,
    };
  }
  const cornerPatches = new Uint8Array(12 * nq);
  for (let k = 0; k < np; k++)
    cornerPatches.set(pat.subarray(12 * k, 12 * k + 12), 12 * patQuad[k]);
  return {
    positions: guided.subarray(3 * ghostVertices, 3 * nv),
    triangles: tri.subarray(0, 6 * nq),
    labels: lab.subarray(0, 4 * nq),
    cornerPatches,
    vertexFlags: flags.subarray(ghostVertices, nv),
    ghostVertices,
  };
}

/**
 * Vertices and quads of cell planes [zStart, zTo), extrapolated from about a dozen counted
 * planes (`countSurfaceNetsPlanes`, a few per cent of the kernel's time).
 */
function estimateOutput(
  input: SurfaceNetsSlabInput,
  planes: SlabPlanes,
  zStart: number,
  zTo: number,
): [number, number] {
  const n = zTo - zStart;
  const step = Math.max(1, Math.floor(n / 12));
  const vertices = new Int32Array(zTo);
  const quads = new Int32Array(zTo);
  let v = 0;
  let q = 0;
  let samples = 0;
  for (let z = zStart; z < zTo; z += step) {
    countSurfaceNetsPlanes({ ...input, zFrom: z, zTo: z + 1 }, vertices, quads, planes);
    v += vertices[z];
    q += quads[z];
    samples++;
  }
  return [(v * n) / samples, (q * n) / samples];
}

/** A larger copy of the first `used` values of `a` (the rest zero; shared memory stays shared). */
function grown<T extends Float32Array | Uint32Array | Uint16Array | Uint8Array>(
  a: T,
  used: number,
  length: number,
): T {
  const bytes = length * a.BYTES_PER_ELEMENT;
  const buffer =
    a.buffer instanceof SharedArrayBuffer ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  const next = new (a.constructor as new (b: ArrayBufferLike) => T)(buffer);
  next.set(a.subarray(0, used));
  return next;
}
