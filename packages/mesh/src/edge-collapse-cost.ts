/**
 * Doubles per vertex record of the quadric decimator: the plane quadric (10 coefficients: a²,
 * ab, ac, ad, b², bc, bd, c², cd, d², area-weighted) at 0-9, the summed area at 10, the
 * position x, y, z (LPS mm) at 11-13; 14 and 15 are the decimator's scratch (a visit mark and
 * a neighbour's edge error). One record is two 64-byte cache lines, so an edge's cost reads
 * four lines instead of the six to eight of separate quadric, area and position arrays.
 */
export const VERTEX_RECORD = 16;

/**
 * Cost of collapsing the edge u-v in the quadric decimator (Garland & Heckbert 1997): the
 * summed plane quadrics of both ends (in `R`, records of {@link VERTEX_RECORD} doubles)
 * evaluated at their minimiser, divided by the summed area, i.e. the area-weighted mean
 * squared distance (mm²) to the planes merged so far.
 * The minimiser solves the 3x3 system when it is well conditioned (det above 1e-3 (trace)³)
 * and the solution lies within one edge length of the edge's midpoint; otherwise (flat or
 * cylindrical patches) the quadric is minimised along the edge, t in [0, 1].
 * Writes the point (LPS mm) into `out`; pure otherwise. No allocation.
 */
export function edgeCollapseCost(R: Float64Array, u: number, v: number, out: Float64Array): number {
  const qu = VERTEX_RECORD * u;
  const qv = VERTEX_RECORD * v;
  const a2 = R[qu] + R[qv];
  const ab = R[qu + 1] + R[qv + 1];
  const ac = R[qu + 2] + R[qv + 2];
  const ad = R[qu + 3] + R[qv + 3];
  const b2 = R[qu + 4] + R[qv + 4];
  const bc = R[qu + 5] + R[qv + 5];
  const bd = R[qu + 6] + R[qv + 6];
  const c2 = R[qu + 7] + R[qv + 7];
  const cd = R[qu + 8] + R[qv + 8];
  const d2 = R[qu + 9] + R[qv + 9];
  const w = R[qu + 10] + R[qv + 10] || 1;
  const c00 = b2 * c2 - bc * bc;
  const c01 = ac * bc - ab * c2;
  const c02 = ab * bc - ac * b2;
  const det = a2 * c00 + ab * c01 + ac * c02;
  const tr = a2 + b2 + c2;
  const ux = R[qu + 11];
  const uy = R[qu + 12];
  const uz = R[qu + 13];
  const ex = R[qv + 11] - ux;
  const ey = R[qv + 12] - uy;
  const ez = R[qv + 13] - uz;
  let solved = false;
  // det relative to (trace/3)³: all three eigenvalues well away from 0
  if (Math.abs(det) > 1e-3 * tr * tr * tr) {
    const c11 = a2 * c2 - ac * ac;
    const c12 = ab * ac - a2 * bc;
    const c22 = a2 * b2 - ab * ab;
    const x = -(c00 * ad + c01 * bd + c02 * cd) / det;
    const y = -(c01 * ad + c11 * bd + c12 * cd) / det;
    const z = -(c02 * ad + c12 * bd + c22 * cd) / det;
    // accept only near the edge (a far optimum means a nearly degenerate system)
    const mx = x - ux - ex / 2;
    const my = y - uy - ey / 2;
    const mz = z - uz - ez / 2;
    if (mx * mx + my * my + mz * mz <= ex * ex + ey * ey + ez * ez) {
      out[0] = x;
      out[1] = y;
      out[2] = z;
      solved = true;
    }
  }
  if (!solved) {
    // minimise Q(u + t e) over t in [0, 1]: Q = t² eᵀAe + 2t (Au + b)ᵀe + Q(u)
    const aex = a2 * ex + ab * ey + ac * ez;
    const aey = ab * ex + b2 * ey + bc * ez;
    const aez = ac * ex + bc * ey + c2 * ez;
    const eAe = ex * aex + ey * aey + ez * aez;
    const g =
      (a2 * ux + ab * uy + ac * uz + ad) * ex +
      (ab * ux + b2 * uy + bc * uz + bd) * ey +
      (ac * ux + bc * uy + c2 * uz + cd) * ez;
    let t = eAe > 0 ? -g / eAe : 0.5;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    out[0] = ux + t * ex;
    out[1] = uy + t * ey;
    out[2] = uz + t * ez;
  }
  const ox = out[0];
  const oy = out[1];
  const oz = out[2];
  const e =
    a2 * ox * ox +
    b2 * oy * oy +
    c2 * oz * oz +
    2 * (ab * ox * oy + ac * ox * oz + bc * oy * oz) +
    2 * (ad * ox + bd * oy + cd * oz) +
    d2;
  return e > 0 ? e / w : 0;
}
