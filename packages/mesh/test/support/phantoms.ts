/**
 * Analytic phantoms for mesh tests, built directly as plain Volume / LabelMap objects.
 * Shapes are given as signed distance functions of LPS mm (negative inside).
 */
import type { Vec3, Volume, VolumeGeometry } from '@anatomodel/imaging';
import type { LabelMap, Segment } from '@anatomodel/segmentation';
import { extractIsosurface } from '../../src/extract-isosurface.ts';
import type { Mesh } from '../../src/mesh.ts';

function indexToLps(g: VolumeGeometry, i: number, j: number, k: number): Vec3 {
  const p = [0, 0, 0];
  for (let r = 0; r < 3; r++) {
    p[r] =
      g.origin[r] +
      g.axes[0][r] * i * g.spacing[0] +
      g.axes[1][r] * j * g.spacing[1] +
      g.axes[2][r] * k * g.spacing[2];
  }
  return [p[0], p[1], p[2]];
}

export type Sdf = (x: number, y: number, z: number) => number;

export const sphereSdf =
  (c: Vec3, r: number): Sdf =>
  (x, y, z) =>
    Math.hypot(x - c[0], y - c[1], z - c[2]) - r;

/** Torus about the axis through `c` along +z (LPS S), major radius R, minor r. */
export const torusSdf =
  (c: Vec3, R: number, r: number): Sdf =>
  (x, y, z) =>
    Math.hypot(Math.hypot(x - c[0], y - c[1]) - R, z - c[2]) - r;

/** Unit axes rotated by `deg` about LPS z then about LPS x (an oblique, right-handed frame). */
export function obliqueAxes(degZ: number, degX: number): [Vec3, Vec3, Vec3] {
  const cz = Math.cos((degZ * Math.PI) / 180);
  const sz = Math.sin((degZ * Math.PI) / 180);
  const cx = Math.cos((degX * Math.PI) / 180);
  const sx = Math.sin((degX * Math.PI) / 180);
  const rot = (v: Vec3): Vec3 => {
    const a: Vec3 = [cz * v[0] - sz * v[1], sz * v[0] + cz * v[1], v[2]];
    return [a[0], cx * a[1] - sx * a[2], sx * a[1] + cx * a[2]];
  };
  return [rot([1, 0, 0]), rot([0, 1, 0]), rot([0, 0, 1])];
}

/** A grid of `dims` voxels centred on `centre` (LPS mm) with the given spacing and axes. */
export function centredGeometry(
  dims: Vec3,
  spacing: Vec3,
  centre: Vec3 = [0, 0, 0],
  axes: readonly [Vec3, Vec3, Vec3] = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
): VolumeGeometry {
  const half = [(dims[0] - 1) / 2, (dims[1] - 1) / 2, (dims[2] - 1) / 2];
  const origin: Vec3 = [0, 1, 2].map(
    (r) =>
      centre[r] -
      axes[0][r] * half[0] * spacing[0] -
      axes[1][r] * half[1] * spacing[1] -
      axes[2][r] * half[2] * spacing[2],
  ) as unknown as Vec3;
  return { dims, spacing, origin, axes };
}

/** Float32 volume of `inside - sdf` clamped to [-100, 100] (so iso 0 is the surface). */
export function sdfVolume(geometry: VolumeGeometry, sdf: Sdf): Volume {
  const [nx, ny, nz] = geometry.dims;
  const data = new Float32Array(nx * ny * nz);
  let n = 0;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const p = indexToLps(geometry, i, j, k);
        data[n++] = Math.max(-100, Math.min(100, -sdf(p[0], p[1], p[2])));
      }
  return { kind: 'Volume', geometry, data, unit: 'raw' };
}

/** Label map: voxel gets the label of the first shape whose sdf < 0 at its centre, else 0. */
export function labelPhantom(
  geometry: VolumeGeometry,
  shapes: ReadonlyArray<{ label: number; sdf: Sdf; name?: string }>,
): LabelMap {
  const [nx, ny, nz] = geometry.dims;
  const data = new Uint8Array(nx * ny * nz);
  let n = 0;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const p = indexToLps(geometry, i, j, k);
        for (const s of shapes) {
          if (s.sdf(p[0], p[1], p[2]) < 0) {
            data[n] = s.label;
            break;
          }
        }
        n++;
      }
  const segments = new Map<number, Segment>();
  for (const s of shapes) {
    segments.set(s.label, {
      label: s.label,
      name: s.name ?? `segment ${s.label}`,
      color: [200, 50 * s.label, 100],
    });
  }
  return { kind: 'LabelMap', geometry, data, segments };
}

/** Max and mean |sdf| over the mesh vertices (mm): a one-sided Hausdorff to the surface. */
export function vertexDistance(positions: Float32Array, sdf: Sdf): { max: number; mean: number } {
  let max = 0;
  let sum = 0;
  const n = positions.length / 3;
  for (let v = 0; v < n; v++) {
    const d = Math.abs(sdf(positions[3 * v], positions[3 * v + 1], positions[3 * v + 2]));
    sum += d;
    if (d > max) max = d;
  }
  return { max, mean: n ? sum / n : 0 };
}

/** Label noise in runs (labels 0..3) and grey noise on an oblique grid (seeded LCG). */
export function labelNoise(dims: Vec3, seed: number) {
  const n = dims[0] * dims[1] * dims[2];
  let r = seed;
  const data = new Uint8Array(n);
  const grey = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    r = (r * 1103515245 + 12345) >>> 0;
    data[i] = i > 0 && (r >>> 8) % 4 !== 0 ? data[i - 1] : (r >>> 12) % 4;
    grey[i] = ((r >>> 4) % 2000) - 1000;
  }
  const geometry = centredGeometry(dims, [0.5, 0.6, 0.7], [1, 2, 3], obliqueAxes(20, 12));
  return {
    lm: { kind: 'LabelMap' as const, geometry, data, segments: new Map() },
    volume: { kind: 'Volume' as const, geometry, data: grey, unit: 'HU' as const },
  };
}

/**
 * The decimation tests' torus (R 10 mm, r 4 mm, centre (0.1, -0.2, 0.05)) extracted at iso 0 on
 * a 60x60x30 grid of 0.5 mm: about 12,000 triangles.
 */
export function decimationTorus(): Mesh {
  return extractIsosurface(
    sdfVolume(centredGeometry([60, 60, 30], [0.5, 0.5, 0.5]), torusSdf([0.1, -0.2, 0.05], 10, 4)),
    { isoValue: 0 },
  );
}

/** The mesh moved by d (mm); the triangles are shared. */
export function shiftedMesh(mesh: Mesh, d: readonly [number, number, number]): Mesh {
  const positions = mesh.positions.map((x, i) => x + d[i % 3]);
  return { kind: 'Mesh', positions, triangles: mesh.triangles };
}
