// Exact point-to-triangle distance, shared by `directedDistance` and `pointsToSurfaceDistance`.
/**
 * Squared distance from p to triangle (a, b, c) given as offsets into P. Degenerate triangles
 * (coincident corners, zero area) fall back to the nearest corner; their edges are covered by
 * the neighbouring triangles of a closed mesh.
 */
export function pointTriangleSquared(
  px: number,
  py: number,
  pz: number,
  P: Float32Array,
  a: number,
  b: number,
  c: number,
): number {
  const d = closestOnTriangleSquared(px, py, pz, P, a, b, c);
  if (d >= 0) return d;
  return Math.min(
    (px - P[a]) ** 2 + (py - P[a + 1]) ** 2 + (pz - P[a + 2]) ** 2,
    (px - P[b]) ** 2 + (py - P[b + 1]) ** 2 + (pz - P[b + 2]) ** 2,
    (px - P[c]) ** 2 + (py - P[c + 1]) ** 2 + (pz - P[c + 2]) ** 2,
  );
}

/** Ericson 5.1.5 (closest point on a triangle), squared distance; NaN when degenerate. */
function closestOnTriangleSquared(
  px: number,
  py: number,
  pz: number,
  P: Float32Array,
  a: number,
  b: number,
  c: number,
): number {
  const ax = P[a];
  const ay = P[a + 1];
  const az = P[a + 2];
  const abx = P[b] - ax;
  const aby = P[b + 1] - ay;
  const abz = P[b + 2] - az;
  const acx = P[c] - ax;
  const acy = P[c + 1] - ay;
  const acz = P[c + 2] - az;
  const apx = px - ax;
  const apy = py - ay;
  const apz = pz - az;
  const d1 = abx * apx + aby * apy + abz * apz;
  const d2 = acx * apx + acy * apy + acz * apz;
  let qx: number;
  let qy: number;
  let qz: number;
  if (d1 <= 0 && d2 <= 0) return apx * apx + apy * apy + apz * apz;
  const bpx = px - P[b];
  const bpy = py - P[b + 1];
  const bpz = pz - P[b + 2];
  const d3 = abx * bpx + aby * bpy + abz * bpz;
  const d4 = acx * bpx + acy * bpy + acz * bpz;
  if (d3 >= 0 && d4 <= d3) return bpx * bpx + bpy * bpy + bpz * bpz;
  const vc = d1 * d4 - d3 * d2;
  if (vc <= 0 && d1 >= 0 && d3 <= 0) {
    const v = d1 / (d1 - d3);
    qx = apx - v * abx;
    qy = apy - v * aby;
    qz = apz - v * abz;
    return qx * qx + qy * qy + qz * qz;
  }
  const cpx = px - P[c];
  const cpy = py - P[c + 1];
  const cpz = pz - P[c + 2];
  const d5 = abx * cpx + aby * cpy + abz * cpz;
  const d6 = acx * cpx + acy * cpy + acz * cpz;
  if (d6 >= 0 && d5 <= d6) return cpx * cpx + cpy * cpy + cpz * cpz;
  const vb = d5 * d2 - d1 * d6;
  if (vb <= 0 && d2 >= 0 && d6 <= 0) {
    const w = d2 / (d2 - d6);
    qx = apx - w * acx;
    qy = apy - w * acy;
    qz = apz - w * acz;
    return qx * qx + qy * qy + qz * qz;
  }
  const va = d3 * d6 - d5 * d4;
  if (va <= 0 && d4 - d3 >= 0 && d5 - d6 >= 0) {
    const w = (d4 - d3) / (d4 - d3 + (d5 - d6));
    // on edge bc: q = b + w (c - b)
    qx = bpx - w * (P[c] - P[b]);
    qy = bpy - w * (P[c + 1] - P[b + 1]);
    qz = bpz - w * (P[c + 2] - P[b + 2]);
    return qx * qx + qy * qy + qz * qz;
  }
  const denom = 1 / (va + vb + vc);
  const v = vb * denom;
  const w = vc * denom;
  qx = apx - abx * v - acx * w;
  qy = apy - aby * v - acy * w;
  qz = apz - abz * v - acz * w;
  return qx * qx + qy * qy + qz * qz;
}
