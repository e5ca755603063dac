import type { VolumeGeometry } from '@anatomodel/imaging';

/**
 * The index-to-LPS affine of a grid as 12 numbers, row-major 3x4: `lps_r = m[4r] * i +
 * m[4r + 1] * j + m[4r + 2] * k + m[4r + 3]`, plus the sign of its determinant (-1 for a
 * left-handed index frame, whose triangles must be wound the other way).
 * Same transform as `indexToLpsMatrix` of @anatomodel/imaging, kept here as a hot-loop helper.
 */
export function indexToLpsAffine(g: VolumeGeometry): { m: Float64Array; handedness: 1 | -1 } {
  const m = new Float64Array(12);
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) m[4 * r + c] = g.axes[c][r] * g.spacing[c];
    m[4 * r + 3] = g.origin[r];
  }
  const [a, b, c] = g.axes;
  const det =
    a[0] * (b[1] * c[2] - b[2] * c[1]) -
    a[1] * (b[0] * c[2] - b[2] * c[0]) +
    a[2] * (b[0] * c[1] - b[1] * c[0]);
  return { m, handedness: det < 0 ? -1 : 1 };
}
