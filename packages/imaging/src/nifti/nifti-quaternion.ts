/**
 * Quaternion <-> rotation conversions of the NIfTI qform (nifti1_io.c `nifti_quatern_to_mat44`
 * and `nifti_mat44_to_quatern`, which dcm2niix and nibabel follow). Frame-agnostic 3x3 maths:
 * callers decide whether the matrix is RAS or LPS.
 */

/** A quaternion-coded qform: proper rotation (b, c, d; a >= 0 implied) and the handedness flag. */
export interface NiftiQuaternion {
  readonly b: number;
  readonly c: number;
  readonly d: number;
  /** pixdim[0]: -1 when the index frame is left-handed relative to the rotation, else 1 */
  readonly qfac: 1 | -1;
}

/**
 * Rotation matrix (row-major 3x3, determinant +1) of quaternion (b, c, d), a = sqrt(1-b²-c²-d²).
 * Like nifti1_io, a tiny negative radicand (rounding of float32 headers) renormalises (b, c, d)
 * and sets a = 0.
 */
export function quaternionToRotation(b: number, c: number, d: number): Float64Array {
  let a = 1 - (b * b + c * c + d * d);
  if (a < 1e-7) {
    const s = 1 / Math.sqrt(b * b + c * c + d * d);
    b *= s;
    c *= s;
    d *= s;
    a = 0;
  } else {
    a = Math.sqrt(a);
  }
  return Float64Array.of(
    a * a + b * b - c * c - d * d,
    2 * (b * c - a * d),
    2 * (b * d + a * c),
    2 * (b * c + a * d),
    a * a + c * c - b * b - d * d,
    2 * (c * d - a * b),
    2 * (b * d - a * c),
    2 * (c * d + a * b),
    a * a + d * d - c * c - b * b,
  );
}

/**
 * Quaternion and qfac of the rotation part of a (row-major 3x3) matrix whose columns are the
 * directions of +i, +j, +k (any lengths). Columns are normalised; when their determinant is
 * negative the third column is negated and qfac = -1 (nifti1_io). The columns are assumed
 * orthogonal (as every Volume's axes are); no polar decomposition is done.
 * @throws RangeError on a zero column
 */
export function rotationToQuaternion(m: ArrayLike<number>): NiftiQuaternion {
  const col = (c: number): [number, number, number] => {
    const x = m[c];
    const y = m[3 + c];
    const z = m[6 + c];
    const n = Math.hypot(x, y, z);
    if (!(n > 0)) throw new RangeError(`zero column ${c} in rotation matrix`);
    return [x / n, y / n, z / n];
  };
  const u = col(0);
  const v = col(1);
  const w = col(2);
  const det =
    u[0] * (v[1] * w[2] - v[2] * w[1]) -
    v[0] * (u[1] * w[2] - u[2] * w[1]) +
    w[0] * (u[1] * v[2] - u[2] * v[1]);
  const qfac: 1 | -1 = det > 0 ? 1 : -1;
  if (qfac < 0) {
    w[0] = -w[0];
    w[1] = -w[1];
    w[2] = -w[2];
  }
  // r_rc = row r, column c
  const r11 = u[0];
  const r21 = u[1];
  const r31 = u[2];
  const r12 = v[0];
  const r22 = v[1];
  const r32 = v[2];
  const r13 = w[0];
  const r23 = w[1];
  const r33 = w[2];
  let a = r11 + r22 + r33 + 1;
  let b: number;
  let c: number;
  let d: number;
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a);
    b = (0.25 * (r32 - r23)) / a;
    c = (0.25 * (r13 - r31)) / a;
    d = (0.25 * (r21 - r12)) / a;
  } else {
    const xd = 1 + r11 - (r22 + r33);
    const yd = 1 + r22 - (r11 + r33);
    const zd = 1 + r33 - (r11 + r22);
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd);
      c = (0.25 * (r12 + r21)) / b;
      d = (0.25 * (r13 + r31)) / b;
      a = (0.25 * (r32 - r23)) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd);
      b = (0.25 * (r12 + r21)) / c;
      d = (0.25 * (r23 + r32)) / c;
      a = (0.25 * (r13 - r31)) / c;
    } else {
      d = 0.5 * Math.sqrt(zd);
      b = (0.25 * (r13 + r31)) / d;
      c = (0.25 * (r23 + r32)) / d;
      a = (0.25 * (r21 - r12)) / d;
    }
    if (a < 0) {
      b = -b;
      c = -c;
      d = -d;
    }
  }
  return { b, c, d, qfac };
}
