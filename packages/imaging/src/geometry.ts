import type { Vec3, VolumeGeometry } from './volume.ts';

/** a + b */
export function add(a: Vec3, b: Vec3): Vec3 {
  return [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
}
/** a - b */
export function sub(a: Vec3, b: Vec3): Vec3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}
/** a * s */
export function scale(a: Vec3, s: number): Vec3 {
  return [a[0] * s, a[1] * s, a[2] * s];
}
/** dot product */
export function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
/** cross product a x b */
export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}
/** Euclidean length */
export function norm(a: Vec3): number {
  return Math.hypot(a[0], a[1], a[2]);
}
/** a / |a|; throws on a zero vector */
export function normalize(a: Vec3): Vec3 {
  const n = norm(a);
  if (!(n > 0)) throw new RangeError('cannot normalise a zero vector');
  return [a[0] / n, a[1] / n, a[2] / n];
}

/**
 * Index-to-LPS affine as a row-major 4x4 matrix: `lps = M * [i, j, k, 1]`.
 * Column c (c < 3) is `axes[c] * spacing[c]`; column 3 is the origin.
 */
export function indexToLpsMatrix(g: VolumeGeometry): Float64Array {
  const m = new Float64Array(16);
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) m[r * 4 + c] = g.axes[c][r] * g.spacing[c];
    m[r * 4 + 3] = g.origin[r];
  }
  m[15] = 1;
  return m;
}

/** LPS mm of the (possibly fractional) index (i, j, k). */
export function indexToLps(g: VolumeGeometry, i: number, j: number, k: number): Vec3 {
  const [a0, a1, a2] = g.axes;
  const si = i * g.spacing[0];
  const sj = j * g.spacing[1];
  const sk = k * g.spacing[2];
  return [
    g.origin[0] + a0[0] * si + a1[0] * sj + a2[0] * sk,
    g.origin[1] + a0[1] * si + a1[1] * sj + a2[1] * sk,
    g.origin[2] + a0[2] * si + a1[2] * sj + a2[2] * sk,
  ];
}

/**
 * Fractional index of an LPS point. Assumes orthonormal axes (true of every Volume the imaging
 * package builds); uses the axes' dot products, so it is exact for left-handed frames too.
 */
export function lpsToIndex(g: VolumeGeometry, p: Vec3): Vec3 {
  const d = sub(p, g.origin);
  return [
    dot(d, g.axes[0]) / g.spacing[0],
    dot(d, g.axes[1]) / g.spacing[1],
    dot(d, g.axes[2]) / g.spacing[2],
  ];
}

/** Determinant of [axes[0] axes[1] axes[2]]: +1 right-handed, -1 left-handed. */
export function axesDeterminant(g: VolumeGeometry): number {
  return dot(g.axes[0], cross(g.axes[1], g.axes[2]));
}

/**
 * Whether two geometries describe the same grid, like SimpleITK's IsSameImageGeometryAs.
 * @param toleranceMm allowed difference of origin and spacing, mm (default 1e-4)
 * @param toleranceDir allowed difference per direction-cosine component (default 1e-6)
 */
export function isSameGrid(
  a: VolumeGeometry,
  b: VolumeGeometry,
  toleranceMm = 1e-4,
  toleranceDir = 1e-6,
): boolean {
  for (let c = 0; c < 3; c++) {
    if (a.dims[c] !== b.dims[c]) return false;
    if (Math.abs(a.spacing[c] - b.spacing[c]) > toleranceMm) return false;
    if (Math.abs(a.origin[c] - b.origin[c]) > toleranceMm) return false;
    for (let r = 0; r < 3; r++) {
      if (Math.abs(a.axes[c][r] - b.axes[c][r]) > toleranceDir) return false;
    }
  }
  return true;
}

/**
 * Human orientation label of a slice normal: 'axial', 'coronal', 'sagittal', or
 * 'oblique-axial' etc. when the largest component is under cos(1 deg) of the normal.
 */
export function orientationLabel(normal: Vec3): string {
  const n = normalize(normal);
  const abs = [Math.abs(n[0]), Math.abs(n[1]), Math.abs(n[2])];
  const major = abs[0] >= abs[1] && abs[0] >= abs[2] ? 0 : abs[1] >= abs[2] ? 1 : 2;
  const name = ['sagittal', 'coronal', 'axial'][major];
  return abs[major] > Math.cos((1 * Math.PI) / 180) ? name : `oblique-${name}`;
}

/** World-space bounding box (LPS mm) of the voxel centres of a geometry. */
export function voxelCentreBounds(g: VolumeGeometry): { min: Vec3; max: Vec3 } {
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (let c = 0; c < 8; c++) {
    const p = indexToLps(
      g,
      c & 1 ? g.dims[0] - 1 : 0,
      c & 2 ? g.dims[1] - 1 : 0,
      c & 4 ? g.dims[2] - 1 : 0,
    );
    for (let r = 0; r < 3; r++) {
      min[r] = Math.min(min[r], p[r]);
      max[r] = Math.max(max[r], p[r]);
    }
  }
  return { min: [min[0], min[1], min[2]], max: [max[0], max[1], max[2]] };
}
