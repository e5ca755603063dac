import type { Vec3, Volume, VolumeGeometry } from '@anatomodel/imaging';
import type { LabelMap, Segment } from '../../src/label-map.ts';

/** An axis-aligned geometry (identity axes unless given). */
export function grid(
  dims: Vec3,
  spacing: Vec3 = [1, 1, 1],
  origin: Vec3 = [0, 0, 0],
  axes: readonly [Vec3, Vec3, Vec3] = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
): VolumeGeometry {
  return { dims, spacing, origin, axes };
}

/** LPS centre of voxel (i, j, k) (local copy so tests do not depend on imaging's runtime). */
export function centre(g: VolumeGeometry, i: number, j: number, k: number): Vec3 {
  const [a, b, c] = g.axes;
  const [si, sj, sk] = [i * g.spacing[0], j * g.spacing[1], k * g.spacing[2]];
  return [
    g.origin[0] + a[0] * si + b[0] * sj + c[0] * sk,
    g.origin[1] + a[1] * si + b[1] * sj + c[1] * sk,
    g.origin[2] + a[2] * si + b[2] * sj + c[2] * sk,
  ];
}

/** Visits every voxel with its index and LPS centre. */
export function forEachVoxel(
  g: VolumeGeometry,
  fn: (p: number, i: number, j: number, k: number, lps: Vec3) => void,
): void {
  const [ni, nj, nk] = g.dims;
  let p = 0;
  for (let k = 0; k < nk; k++)
    for (let j = 0; j < nj; j++) for (let i = 0; i < ni; i++) fn(p++, i, j, k, centre(g, i, j, k));
}

/** A 0/1 mask from a predicate on (i, j, k, lps). */
export function maskFrom(
  g: VolumeGeometry,
  inside: (i: number, j: number, k: number, lps: Vec3) => boolean,
): Uint8Array {
  const m = new Uint8Array(g.dims[0] * g.dims[1] * g.dims[2]);
  forEachVoxel(g, (p, i, j, k, lps) => {
    m[p] = inside(i, j, k, lps) ? 1 : 0;
  });
  return m;
}

/** A CT-like Int16 volume from a value function. */
export function volumeFrom(
  g: VolumeGeometry,
  value: (i: number, j: number, k: number, lps: Vec3) => number,
  unit: 'HU' | 'raw' = 'HU',
): Volume {
  const data = new Int16Array(g.dims[0] * g.dims[1] * g.dims[2]);
  forEachVoxel(g, (p, i, j, k, lps) => {
    data[p] = value(i, j, k, lps);
  });
  return { kind: 'Volume', geometry: g, data, unit };
}

/** A LabelMap with the given label function and segments named 'S<label>'. */
export function labelMapFrom(
  g: VolumeGeometry,
  label: (i: number, j: number, k: number, lps: Vec3) => number,
  labels: readonly number[] = [1],
): LabelMap {
  const data = new Uint8Array(g.dims[0] * g.dims[1] * g.dims[2]);
  forEachVoxel(g, (p, i, j, k, lps) => {
    data[p] = label(i, j, k, lps);
  });
  const segments = new Map<number, Segment>(
    labels.map((l) => [l, { label: l, name: `S${l}`, color: [200, 100, 50] }]),
  );
  return { kind: 'LabelMap', geometry: g, data, segments };
}

/** Number of voxels of `data` equal to `value`. */
export function countOf(data: ArrayLike<number>, value: number): number {
  let n = 0;
  for (let p = 0; p < data.length; p++) if (data[p] === value) n++;
  return n;
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
