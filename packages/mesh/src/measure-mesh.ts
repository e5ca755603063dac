import type { Vec3 } from '@anatomodel/imaging';
import type { Mesh } from './mesh.ts';

/** Volume, area and bounds of a triangle mesh (LPS mm, mm², mm³). */
export interface MeshMeasures {
  /** divergence-theorem volume, positive when triangles are counter-clockwise from outside */
  readonly signedVolume: number;
  readonly area: number;
  /** bounds of the vertices referenced by triangles; [0, 0, 0] twice when there are none */
  readonly bounds: { readonly min: Vec3; readonly max: Vec3 };
}

/**
 * Signed volume, area and bounding box without any topology (cheap enough to call between
 * smoothing steps). Sums are taken in doubles about the first vertex (inside the mesh's
 * extent) to limit cancellation. The bounds come from a pass over the vertices that the
 * triangle pass marks (per triangle corner they cost 2.5x the volume and area: 18 compares).
 * The mesh is not mutated. Cost: O(T + V), one byte per vertex of scratch.
 */
export function measureMesh(mesh: Mesh): MeshMeasures {
  const { positions: P, triangles: T } = mesh;
  if (T.length === 0) {
    return { signedVolume: 0, area: 0, bounds: { min: [0, 0, 0], max: [0, 0, 0] } };
  }
  const referenced = new Uint8Array(P.length / 3);
  const { signedVolume, area } = volumeAndArea(P, T, referenced);
  let x0 = Infinity;
  let y0 = Infinity;
  let z0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  let z1 = -Infinity;
  for (let v = 0, o = 0; v < referenced.length; v++, o += 3) {
    if (referenced[v] === 0) continue;
    const x = P[o];
    const y = P[o + 1];
    const z = P[o + 2];
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
    if (z < z0) z0 = z;
    if (z > z1) z1 = z;
  }
  return { signedVolume, area, bounds: { min: [x0, y0, z0], max: [x1, y1, z1] } };
}

/**
 * The signed volume (mm³) and area (mm²) of `measureMesh`, bit for bit, without the bounds:
 * one pass over the triangles, about 4x cheaper than `measureMesh` on the corpus bone (7.5 vs
 * 30 ms CPU in one test). Cost: O(T), no allocation beyond the result.
 */
export function measureVolumeArea(mesh: Mesh): { signedVolume: number; area: number } {
  if (mesh.triangles.length === 0) return { signedVolume: 0, area: 0 };
  return volumeAndArea(mesh.positions, mesh.triangles, null);
}

/**
 * The triangle pass of both (internal; T not empty): marks the referenced vertices when asked,
 * and adds each triangle's area-weighted normal (the cross product of its edges) to its three
 * vertices' sums in `normalSums` when given (`vertexNormalsAndMeasures`).
 */
export function volumeAndArea(
  P: Float32Array,
  T: Uint32Array,
  referenced: Uint8Array | null,
  normalSums: Float64Array | null = null,
): { signedVolume: number; area: number } {
  // origin: the first vertex, which lies within the mesh's extent like the box centre would
  const o = 3 * T[0];
  const cx = P[o];
  const cy = P[o + 1];
  const cz = P[o + 2];
  let vol6 = 0;
  let area2 = 0;
  for (let t = 0; t < T.length; t += 3) {
    const ia = T[t];
    const ib = T[t + 1];
    const ic = T[t + 2];
    if (referenced !== null) {
      referenced[ia] = 1;
      referenced[ib] = 1;
      referenced[ic] = 1;
    }
    const a = 3 * ia;
    const b = 3 * ib;
    const c = 3 * ic;
    const ax = P[a] - cx;
    const ay = P[a + 1] - cy;
    const az = P[a + 2] - cz;
    const bx = P[b] - cx;
    const by = P[b + 1] - cy;
    const bz = P[b + 2] - cz;
    const qx = P[c] - cx;
    const qy = P[c + 1] - cy;
    const qz = P[c + 2] - cz;
    vol6 += ax * (by * qz - bz * qy) + ay * (bz * qx - bx * qz) + az * (bx * qy - by * qx);
    const ux = bx - ax;
    const uy = by - ay;
    const uz = bz - az;
    const wx = qx - ax;
    const wy = qy - ay;
    const wz = qz - az;
    const nx = uy * wz - uz * wy;
    const ny = uz * wx - ux * wz;
    const nz = ux * wy - uy * wx;
    area2 += Math.sqrt(nx * nx + ny * ny + nz * nz);
    if (normalSums !== null) {
      normalSums[a] += nx;
      normalSums[a + 1] += ny;
      normalSums[a + 2] += nz;
      normalSums[b] += nx;
      normalSums[b + 1] += ny;
      normalSums[b + 2] += nz;
      normalSums[c] += nx;
      normalSums[c + 1] += ny;
      normalSums[c + 2] += nz;
    }
  }
  return { signedVolume: vol6 / 6, area: area2 / 2 };
}
