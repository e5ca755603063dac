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
 * the first vertex (inside the mesh's extent) to limit cancellation. The mesh is not mutated. Cost: O(T), no
 * allocation beyond the result.
 */
export function measureMesh(mesh: Mesh): MeshMeasures {
  const { positions: P, triangles: T } = mesh;
  if (T.length === 0) {
    return { signedVolume: 0, area: 0, bounds: { min: [0, 0, 0], max: [0, 0, 0] } };
  }
  // origin: the first vertex, which lies within the mesh's extent like the box centre would
  const o = 3 * T[0];
  const cx = P[o];
  const cy = P[o + 1];
  const cz = P[o + 2];
  let x0 = cx;
  let y0 = cy;
  let z0 = cz;
  let x1 = cx;
  let y1 = cy;
  let z1 = cz;
  let vol6 = 0;
  let area2 = 0;
  for (let t = 0; t < T.length; t += 3) {
    const a = 3 * T[t];
    const b = 3 * T[t + 1];
    const c = 3 * T[t + 2];
    const pax = P[a], pay = P[a + 1], paz = P[a + 2]; // prettier-ignore
    const pbx = P[b], pby = P[b + 1], pbz = P[b + 2]; // prettier-ignore
    const pcx = P[c], pcy = P[c + 1], pcz = P[c + 2]; // prettier-ignore
    if (pax < x0) x0 = pax;
    if (pax > x1) x1 = pax;
    if (pay < y0) y0 = pay;
    if (pay > y1) y1 = pay;
    if (paz < z0) z0 = paz;
    if (paz > z1) z1 = paz;
    if (pbx < x0) x0 = pbx;
    if (pbx > x1) x1 = pbx;
    if (pby < y0) y0 = pby;
    if (pby > y1) y1 = pby;
    if (pbz < z0) z0 = pbz;
    if (pbz > z1) z1 = pbz;
    if (pcx < x0) x0 = pcx;
    if (pcx > x1) x1 = pcx;
    if (pcy < y0) y0 = pcy;
    if (pcy > y1) y1 = pcy;
    if (pcz < z0) z0 = pcz;
    if (pcz > z1) z1 = pcz;
    const ax = pax - cx;
    const ay = pay - cy;
    const az = paz - cz;
    const bx = pbx - cx;
    const by = pby - cy;
    const bz = pbz - cz;
    const qx = pcx - cx;
    const qy = pcy - cy;
    const qz = pcz - cz;
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
