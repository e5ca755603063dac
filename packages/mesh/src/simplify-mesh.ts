import type { RunControl } from '@anatomodel/imaging';
import { analyzeMesh } from './analyze-mesh.ts';
import { measureMesh } from './measure-mesh.ts';
import { MeshError } from './mesh-error.ts';
import type { Mesh } from './mesh.ts';
import { offsetToVolume } from './offset-to-volume.ts';
import { quadricDecimate } from './quadric-decimate.ts';
import type { QuadricDecimateResult } from './quadric-decimate.ts';

/** Options of `simplifyMesh`. */
export interface SimplifyOptions {
  /** wanted fraction of the triangles, (0, 1]; default 0.1 */
  readonly targetRatio?: number;
  /**
   * upper bound of the quadric error of a collapse, mm (root of the area-weighted mean squared
   * distance to the original planes merged into a vertex); default Infinity (the ratio rules)
   */
  readonly maxErrorMm?: number;
  /**
   * restore the input's enclosed volume by a uniform offset along the vertex normals
   * (two Newton steps, as `smoothMesh` does); default true
   */
  readonly preserveVolume?: boolean;
  /**
   * the input's signed volume, mm³, when the caller has measured it already (e.g. the
   * `measureMesh` of the smoothed mesh); measured here otherwise
   */
  readonly inputVolumeMm3?: number;
}

/** Result of `simplifyMesh`. */
export interface SimplifyResult {
  readonly mesh: Mesh;
  /** triangles out / triangles in */
  readonly ratio: number;
  /** largest quadric error of a performed collapse, mm */
  readonly errorMm: number;
  /** offset applied along the normals to restore the volume, mm */
  readonly volumeOffsetMm: number;
  /**
   * false when the input was returned unchanged: the result was not watertight, which means
   * the input was not closed and manifold (the decimator only takes such meshes)
   */
  readonly simplified: boolean;
}

/**
 * Simplifies a closed manifold mesh to a target triangle ratio and/or an error bound in mm
 * with the in-house quadric edge collapse (`quadricDecimate`: link condition, no fold-overs,
 * minimum triangle quality), so the result stays watertight and manifold with the same genus
 * and shells. The result is verified with `analyzeMesh`; a result that is not watertight
 * (from an open or non-manifold input) gives the input back with `simplified: false`, never a
 * broken mesh. The input is not mutated. Cost: about 1.7-2 µs CPU per input triangle (corpus
 * bone, 691k triangles to 10 %: 1.15-1.3 s, session 4).
 * @throws MeshError INVALID_OPTIONS
 */
export function simplifyMesh(
  mesh: Mesh,
  options: SimplifyOptions = {},
  run?: RunControl,
): SimplifyResult {
  const { target, maxErrorMm } = simplifyTargets(options);
  const nt = mesh.triangles.length / 3;
  if (nt === 0) return unchangedResult(mesh);
  // No topology pass over the (large) input: the link condition keeps the Euler
  // characteristic and shells by construction, and the (small) output is verified below; an
  // open or non-manifold input cannot come out watertight.
  const before = options.inputVolumeMm3 ?? measureMesh(mesh).signedVolume;
  const r = quadricDecimate(mesh, { targetTriangles: Math.floor(nt * target), maxErrorMm }, run);
  return finishSimplification(mesh, before, r, options);
}

/** Validated target ratio and error bound of `SimplifyOptions` (internal, shared with the pool). */
export function simplifyTargets(options: SimplifyOptions): { target: number; maxErrorMm: number } {
  const target = options.targetRatio ?? 0.1;
  const maxErrorMm = options.maxErrorMm ?? Infinity;
  if (!(target > 0 && target <= 1)) {
    throw new MeshError('INVALID_OPTIONS', `targetRatio must lie in (0, 1], got ${target}`);
  }
  if (!(maxErrorMm >= 0)) throw new MeshError('INVALID_OPTIONS', 'maxErrorMm must be >= 0');
  return { target, maxErrorMm };
}

/** The input returned as is. */
export function unchangedResult(mesh: Mesh): SimplifyResult {
  return { mesh, ratio: 1, errorMm: 0, volumeOffsetMm: 0, simplified: false };
}

/**
 * Second half of `simplifyMesh` (internal, shared with `MeshWorkerPool.simplifyMesh`):
 * restores the input's volume by an offset along the normals and verifies the result.
 */
export function finishSimplification(
  mesh: Mesh,
  volumeBefore: number,
  r: QuadricDecimateResult,
  options: SimplifyOptions,
): SimplifyResult {
  const out = r.mesh;
  const offset =
    options.preserveVolume !== false ? offsetToVolume(out, volumeBefore, 'each-step') : 0;
  if (!analyzeMesh(out).watertight) return unchangedResult(mesh);
  return {
    mesh: out,
    ratio: out.triangles.length / mesh.triangles.length,
    errorMm: r.maxErrorMm,
    volumeOffsetMm: offset,
    simplified: true,
  };
}
