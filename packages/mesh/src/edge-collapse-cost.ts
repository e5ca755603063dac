/**
 * Doubles per vertex in the decimator's quadric array: the plane quadric (10 coefficients: a²,
 * ab, ac, ad, b², bc, bd, c², cd, d², area-weighted) at 0-9, the summed area at 10. Positions
 * are a second array of POSITION_RECORD doubles per vertex: x, y, z (LPS mm) and the
 * decimator's visit mark at 3 (32 bytes, half a cache line). Two arrays rather than one record
 * of 16 doubles: each stays under glibc's largest mmap threshold (32 MB) on the corpus bone,
 * so malloc can hand out memory freed by earlier stages instead of fresh pages, whose first
 * touch costs about 3.5 ms per MB on the build VM.
 */
export const QUADRIC_RECORD = 11;

/** Doubles per vertex in the decimator's position array (see QUADRIC_RECORD). */
export const POSITION_RECORD = 4;

/**
 * Cost of collapsing the edge u-v in the quadric decimator (Garland & Heckbert 1997): the
 * summed plane quadrics of both ends (`Q`, see {@link QUADRIC_RECORD}; positions in `P`)
 * evaluated at their minimiser, divided by the summed area, i.e. the area-weighted mean
 * squared distance (mm²) to the planes merged so far.
 * The minimiser solves the 3x3 system when it is well conditioned (det above 1e-3 (trace)³)
 * and the solution lies within one edge length of the edge's midpoint; otherwise (flat or
 * cylindrical patches) the quadric is minimised along the edge, t in [0, 1].
 * Writes the point (LPS mm) into `out`; pure otherwise. No allocation.
 */
export function edgeCollapseCost(
  Q: Float64Array,
  P: Float64Array,
  u: number,
  v: number,
  out: Float64Array,
): number {
  const qu = QUADRIC_RECORD * u;
  const qv = QUADRIC_RECORD * v;
  const a2 = Q[qu] + Q[qv];
  const ab = Q[qu + 1] + Q[qv + 1];
  const ac = Q[qu + 2] + Q[qv + 2];
  const ad = Q[qu + 3] + Q[qv + 3];
  const b2 = Q[qu + 4] + Q[qv + 4];
  const bc = Q[qu + 5] + Q[qv + 5];
  const bd = Q[qu + 6] + Q[qv + 6];
  const c2 = Q[qu + 7] + Q[qv + 7];
  const cd = Q[qu + 8] + Q[qv + 8];
  const d2 = Q[qu + 9] + Q[qv + 9];
  const w = Q[qu + 10] + Q[qv + 10] || 1;
  const c00 = b2 * c2 - bc * bc;
  const c01 = ac * bc - ab * c2;
  const c02 = ab * bc - ac * b2;
  const det = a2 * c00 + ab * c01 + ac * c02;
  const tr = a2 + b2 + c2;
  const pu = POSITION_RECORD * u;
  const pv = POSITION_RECORD * v;
  const ux = P[pu];
  const uy = P[pu + 1];
  const uz = P[pu + 2];
  const ex = P[pv] - ux;
  const ey = P[pv + 1] - uy;
  const ez = P[pv + 2] - uz;
  // det relative to (trace/3)³: all three eigenvalues well away from 0
  if (Math.abs(det) > 1e-3 * tr * tr * tr) {
    const inv = -1 / det;
    const c11 = a2 * c2 - ac * ac;
    const c12 = ab * ac - a2 * bc;
    const c22 = a2 * b2 - ab * ab;
    const x = (c00 * ad + c01 * bd + c02 * cd) * inv;
    const y = (c01 * ad + c11 * bd + c12 * cd) * inv;
    const z = (c02 * ad + c12 * bd + c22 * cd) * inv;
    // accept only near the edge (a far optimum means a nearly degenerate system)
    const mx = x - ux - ex / 2;
    const my = y - uy - ey / 2;
    const mz = z - uz - ez / 2;
    if (mx * mx + my * my + mz * mz <= ex * ex + ey * ey + ez * ez) {
      out[0] = x;
      out[1] = y;
      out[2] = z;
      // at the minimiser A·p = -b, so pᵀAp + 2bᵀp + c = bᵀp + c
      const e = ad * x + bd * y + cd * z + d2;
      return e > 0 ? e / w : 0;
    }
  }
  // minimise Q(u + t e) over t in [0, 1]: Q = t² eᵀAe + 2t (Au + b)ᵀe + Q(u)
  const aex = a2 * ex + ab * ey + ac * ez;
  const aey = ab * ex + b2 * ey + bc * ez;
  const aez = ac * ex + bc * ey + c2 * ez;
  const eAe = ex * aex + ey * aey + ez * aez;
  // g = (Au + b)ᵀe and Q(u) = uᵀAu + 2bᵀu + c, from A·e (A is symmetric)
  const g = aex * ux + aey * uy + aez * uz + ad * ex + bd * ey + cd * ez;
  const gu = a2 * ux + ab * uy + ac * uz;
  const hu = ab * ux + b2 * uy + bc * uz;
  const ku = ac * ux + bc * uy + c2 * uz;
  const q0 = ux * gu + uy * hu + uz * ku + 2 * (ad * ux + bd * uy + cd * uz) + d2;
  let t = eAe > 0 ? -g / eAe : 0.5;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  out[0] = ux + t * ex;
  out[1] = uy + t * ey;
  out[2] = uz + t * ez;
  const e = q0 + t * (2 * g + t * eAe);
  return e > 0 ? e / w : 0;
}
