/**
 * 32-bit words per vertex record of the quadric decimator (64 bytes, one record per vertex
 * instead of three arrays, so a cost call reads one or two cache lines per end):
 * - 0-2 (VX): the position x, y, z (Float32, LPS mm; the output is Float32 anyway);
 * - 3 (VAREA): the summed area of the planes merged into the vertex, mm² (Float32);
 * - 4-13 (VQ): the area-weighted plane quadric (Float32) in the vertex's own frame, i.e. of
 *   y = x - position: a², ab, ac, b², bc, c² at 4-9, ad, bd, cd at 10-12, d² at 13. Centred
 *   on the vertex, its entries stay of the size of the mesh's local detail (a plane through
 *   the vertex has d = 0; merged planes lie within a few edge lengths), so Float32 keeps about
 *   seven digits of the error where absolute coordinates (~100 mm) would cancel them away;
 * - 14 (VMARK): the decimator's visit mark (Int32);
 * - 15 (VSTAMP): the collapse count when the vertex's one-ring last changed (Int32, 0 before).
 */
export const VERTEX_RECORD = 16;
/** Offset of the position in a vertex record (see {@link VERTEX_RECORD}). */
export const VX = 0;
/** Offset of the summed plane area in a vertex record. */
export const VAREA = 3;
/** Offset of the quadric (10 coefficients) in a vertex record. */
export const VQ = 4;
/** Offset of the visit mark (Int32 view) in a vertex record. */
export const VMARK = 14;
/** Offset of the change stamp (Int32 view) in a vertex record. */
export const VSTAMP = 15;

/**
 * Cost of collapsing the edge u-v in the quadric decimator (Garland & Heckbert 1997): the
 * summed plane quadrics of both ends (vertex records in `V`, see {@link VERTEX_RECORD}; v's
 * quadric is moved into u's frame) evaluated at their minimiser, divided by the summed area,
 * i.e. the area-weighted mean squared distance (mm²) to the planes merged so far.
 * The minimiser solves the 3x3 system when it is well conditioned (det above 1e-3 (trace)³)
 * and the solution lies within one edge length of the edge's midpoint; otherwise (flat or
 * cylindrical patches) the quadric is minimised along the edge, t in [0, 1].
 * Writes the point (LPS mm) into out[0..2] and the cost (mm²) into out[3]; pure otherwise.
 * No allocation: a double returned from a call V8 does not inline is boxed, i.e. a heap
 * number per call (3.7M calls on the corpus bone).
 */
export function edgeCollapseCost(V: Float32Array, u: number, v: number, out: Float64Array): void {
  const ru = VERTEX_RECORD * u;
  const rv = VERTEX_RECORD * v;
  const ux = V[ru];
  const uy = V[ru + 1];
  const uz = V[ru + 2];
  // the edge, and v's frame origin in u's frame
  const ex = V[rv] - ux;
  const ey = V[rv + 1] - uy;
  const ez = V[rv + 2] - uz;
  const va2 = V[rv + 4];
  const vab = V[rv + 5];
  const vac = V[rv + 6];
  const vb2 = V[rv + 7];
  const vbc = V[rv + 8];
  const vc2 = V[rv + 9];
  const vad = V[rv + 10];
  const vbd = V[rv + 11];
  const vcd = V[rv + 12];
  // v's quadric of y' = y - e: A the same, b' = b - A e, c' = c - 2 bᵀe + eᵀA e
  const aex = va2 * ex + vab * ey + vac * ez;
  const aey = vab * ex + vb2 * ey + vbc * ez;
  const aez = vac * ex + vbc * ey + vc2 * ez;
  const a2 = V[ru + 4] + va2;
  const ab = V[ru + 5] + vab;
  const ac = V[ru + 6] + vac;
  const b2 = V[ru + 7] + vb2;
  const bc = V[ru + 8] + vbc;
  const c2 = V[ru + 9] + vc2;
  const ad = V[ru + 10] + vad - aex;
  const bd = V[ru + 11] + vbd - aey;
  const cd = V[ru + 12] + vcd - aez;
  const d2 =
    V[ru + 13] +
    V[rv + 13] -
    2 * (vad * ex + vbd * ey + vcd * ez) +
    (aex * ex + aey * ey + aez * ez);
  const w = V[ru + 3] + V[rv + 3] || 1;
  const c00 = b2 * c2 - bc * bc;
  const c01 = ac * bc - ab * c2;
  const c02 = ab * bc - ac * b2;
  const det = a2 * c00 + ab * c01 + ac * c02;
  const tr = a2 + b2 + c2;
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
    const mx = x - ex / 2;
    const my = y - ey / 2;
    const mz = z - ez / 2;
    if (mx * mx + my * my + mz * mz <= ex * ex + ey * ey + ez * ez) {
      out[0] = ux + x;
      out[1] = uy + y;
      out[2] = uz + z;
      // at the minimiser A·p = -b, so pᵀAp + 2bᵀp + c = bᵀp + c
      const e = ad * x + bd * y + cd * z + d2;
      out[3] = e > 0 ? e / w : 0;
      return;
    }
  }
  // minimise Q(t e) over t in [0, 1]: Q = t² eᵀAe + 2t bᵀe + c (u is the frame's origin)
  const eAe =
    ex * (a2 * ex + ab * ey + ac * ez) +
    ey * (ab * ex + b2 * ey + bc * ez) +
    ez * (ac * ex + bc * ey + c2 * ez);
  const g = ad * ex + bd * ey + cd * ez;
  let t = eAe > 0 ? -g / eAe : 0.5;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  out[0] = ux + t * ex;
  out[1] = uy + t * ey;
  out[2] = uz + t * ez;
  const e = d2 + t * (2 * g + t * eAe);
  out[3] = e > 0 ? e / w : 0;
}

/**
 * Moves the quadric of record `r` (in `V`, see {@link VERTEX_RECORD}) into the frame whose
 * origin lies at `s` (x, y, z) from the record's position, and adds it into `acc`
 * (10 coefficients, in the order of the record). No allocation.
 */
export function addShiftedQuadric(
  V: Float32Array,
  r: number,
  sx: number,
  sy: number,
  sz: number,
  acc: Float64Array,
): void {
  const a2 = V[r + 4];
  const ab = V[r + 5];
  const ac = V[r + 6];
  const b2 = V[r + 7];
  const bc = V[r + 8];
  const c2 = V[r + 9];
  const ad = V[r + 10];
  const bd = V[r + 11];
  const cd = V[r + 12];
  // y_old = y_new + s: b' = b + A s, c' = c + 2 bᵀs + sᵀA s
  const asx = a2 * sx + ab * sy + ac * sz;
  const asy = ab * sx + b2 * sy + bc * sz;
  const asz = ac * sx + bc * sy + c2 * sz;
  acc[0] += a2;
  acc[1] += ab;
  acc[2] += ac;
  acc[3] += b2;
  acc[4] += bc;
  acc[5] += c2;
  acc[6] += ad + asx;
  acc[7] += bd + asy;
  acc[8] += cd + asz;
  acc[9] += V[r + 13] + 2 * (ad * sx + bd * sy + cd * sz) + (asx * sx + asy * sy + asz * sz);
}
