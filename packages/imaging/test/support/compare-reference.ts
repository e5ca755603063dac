import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Vec3, Volume } from '../../src/index.ts';
import { indexToLps, lpsToIndex } from '../../src/index.ts';

/** A reference grid: dims and a row-major 4x4 index->LPS affine (as dcm2niix's sform, in LPS). */
export interface ReferenceGrid {
  readonly dims: readonly number[];
  /** row-major 3x4 (or 4x4) LPS affine: lps = A * [i j k 1] */
  readonly lpsAffine: ArrayLike<number>;
}

/** For each reference axis: which of our axes it runs along, in which direction. */
export interface AxisMap {
  readonly ourAxis: [number, number, number];
  readonly sign: [number, number, number];
  /** our index of the reference voxel (0,0,0) */
  readonly offset: [number, number, number];
}

/** LPS affine rows from dcm2niix's srow (RAS): negate x and y. */
export function lpsAffineFromSrowRas(srow: number[][]): number[] {
  return [...srow[0].map((v) => -v), ...srow[1].map((v) => -v), ...srow[2], 0, 0, 0, 1];
}

/**
 * Asserts that our volume and a reference describe the same grid up to axis order and
 * direction: same dims, the reference's voxel centres on ours within `toleranceMm`, direction
 * cosines within `toleranceDir`. Returns the axis map.
 */
export function assertSameGrid(
  ours: Volume,
  ref: ReferenceGrid,
  toleranceMm = 0.01,
  toleranceDir = 0.001,
): AxisMap {
  const g = ours.geometry;
  const A = ref.lpsAffine;
  const origin: Vec3 = [A[3], A[7], A[11]];
  const ourAxis: [number, number, number] = [0, 0, 0];
  const sign: [number, number, number] = [1, 1, 1];
  for (let a = 0; a < 3; a++) {
    const col: Vec3 = [A[a], A[4 + a], A[8 + a]];
    const len = Math.hypot(...col);
    const unit: Vec3 = [col[0] / len, col[1] / len, col[2] / len];
    let best = -1;
    let bestDot = 0;
    for (let b = 0; b < 3; b++) {
      const d = unit[0] * g.axes[b][0] + unit[1] * g.axes[b][1] + unit[2] * g.axes[b][2];
      if (Math.abs(d) > Math.abs(bestDot)) {
        bestDot = d;
        best = b;
      }
    }
    ourAxis[a] = best;
    sign[a] = bestDot > 0 ? 1 : -1;
    for (let r = 0; r < 3; r++) {
      assert.ok(
        Math.abs(unit[r] * sign[a] - g.axes[best][r]) <= toleranceDir,
        `reference axis ${a} direction ${unit.map((v) => v.toFixed(5))} vs ours ${g.axes[best].map((v) => v.toFixed(5))}`,
      );
    }
    assert.ok(
      Math.abs(len - g.spacing[best]) <= toleranceMm / Math.max(1, ref.dims[a] - 1) + 1e-4,
      `reference spacing ${len} vs ours ${g.spacing[best]} on axis ${a}`,
    );
    assert.equal(ref.dims[a], g.dims[best], `dims of reference axis ${a}`);
  }
  assert.deepEqual([...ourAxis].sort(), [0, 1, 2], 'axes map one to one');
  const o = lpsToIndex(g, origin);
  const offset: [number, number, number] = [0, 0, 0];
  for (let b = 0; b < 3; b++) offset[b] = Math.round(o[b]);
  // every corner of the reference grid must land on the matching corner of ours
  for (let c = 0; c < 8; c++) {
    const ri = [
      c & 1 ? ref.dims[0] - 1 : 0,
      c & 2 ? ref.dims[1] - 1 : 0,
      c & 4 ? ref.dims[2] - 1 : 0,
    ];
    const refP: Vec3 = [
      A[0] * ri[0] + A[1] * ri[1] + A[2] * ri[2] + A[3],
      A[4] * ri[0] + A[5] * ri[1] + A[6] * ri[2] + A[7],
      A[8] * ri[0] + A[9] * ri[1] + A[10] * ri[2] + A[11],
    ];
    const ourIdx = [0, 0, 0];
    for (let a = 0; a < 3; a++) ourIdx[ourAxis[a]] = offset[ourAxis[a]] + sign[a] * ri[a];
    for (let b = 0; b < 3; b++) {
      assert.ok(ourIdx[b] >= 0 && ourIdx[b] < g.dims[b], `corner ${c} inside our grid`);
    }
    const ourP = indexToLps(g, ourIdx[0], ourIdx[1], ourIdx[2]);
    const dist = Math.hypot(ourP[0] - refP[0], ourP[1] - refP[1], ourP[2] - refP[2]);
    assert.ok(
      dist <= toleranceMm,
      `corner ${c}: ours ${ourP.map((v) => v.toFixed(4))} vs reference ${refP.map((v) => v.toFixed(4))} (${dist.toFixed(4)} mm)`,
    );
  }
  return { ourAxis, sign, offset };
}

/** Our flat index of the reference voxel (i, j, k). */
export function mapIndex(ours: Volume, map: AxisMap, i: number, j: number, k: number): number {
  const idx = [0, 0, 0];
  const ri = [i, j, k];
  for (let a = 0; a < 3; a++)
    idx[map.ourAxis[a]] = map.offset[map.ourAxis[a]] + map.sign[a] * ri[a];
  const [nx, ny] = ours.geometry.dims;
  return idx[0] + nx * (idx[1] + ny * idx[2]);
}

/**
 * sha256 of our voxels reordered into the reference's order and converted to the reference's
 * stored int16 values: stored = round((value - intercept) / slope).
 */
export function sha256InReferenceOrder(
  ours: Volume,
  map: AxisMap,
  dims: readonly number[],
  slope: number,
  intercept: number,
): string {
  const out = new Int16Array(dims[0] * dims[1] * dims[2]);
  let p = 0;
  for (let k = 0; k < dims[2]; k++)
    for (let j = 0; j < dims[1]; j++)
      for (let i = 0; i < dims[0]; i++)
        out[p++] = Math.round((ours.data[mapIndex(ours, map, i, j, k)] - intercept) / slope);
  return createHash('sha256').update(new Uint8Array(out.buffer)).digest('hex');
}

/** Our value at an LPS point that must fall on a voxel centre (within 0.01 voxel). */
export function valueAtLps(ours: Volume, p: Vec3): number {
  const f = lpsToIndex(ours.geometry, p);
  const idx = f.map((v) => Math.round(v));
  for (let b = 0; b < 3; b++) {
    assert.ok(Math.abs(f[b] - idx[b]) < 0.01, `sample ${p} is not on a voxel centre (index ${f})`);
    assert.ok(idx[b] >= 0 && idx[b] < ours.geometry.dims[b], `sample ${p} outside the volume`);
  }
  const [nx, ny] = ours.geometry.dims;
  return ours.data[idx[0] + nx * (idx[1] + ny * idx[2])];
}
