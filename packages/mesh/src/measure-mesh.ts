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
 * Signed volume, area and bounding box in one linear pass over the triangles, without any
 * topology (cheap enough to call between smoothing steps). Sums are taken in doubles about
 * the bounding-box centre to limit cancellation. The mesh is not mutated. Cost: O(T), no
 * allocation beyond the result.
 */
export function measureMesh(mesh: Mesh): MeshMeasures {
  const { positions: P, triangles: T } = mesh;
  let x0 = Infinity;
  let y0 = Infinity;
  let z0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  let z1 = -Infinity;
  for (let i = 0; i < T.length; i++) {
    const o = 3 * T[i];
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
  if (T.length === 0) {
    return { signedVolume: 0, area: 0, bounds: { min: [0, 0, 0], max: [0, 0, 0] } };
  }
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const cz = (z0 + z1) / 2;
  let vol6 = 0;
  let area2 = 0;
  for (let t = 0; t < T.length; t += 3) {
    const a = 3 * T[t];
    const b = 3 * T[t + 1];
    const c = 3 * T[t + 2];
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
  }
  return {
    signedVolume: vol6 / 6,
    area: area2 / 2,
    bounds: { min: [x0, y0, z0], max: [x1, y1, z1] },
  };
}
