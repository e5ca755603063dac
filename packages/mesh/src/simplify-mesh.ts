import type { RunControl } from '@anatomodel/imaging';
import { analyzeMesh } from './analyze-mesh.ts';
import { measureMesh } from './measure-mesh.ts';
import { MeshError } from './mesh-error.ts';
import type { Mesh } from './mesh.ts';
import { quadricDecimate } from './quadric-decimate.ts';
import { vertexNormals } from './vertex-normals.ts';

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
 * broken mesh. The input is not mutated. Cost: about 2 µs CPU per input triangle (corpus
 * bone, 691k triangles to 10 %: 1.2-1.5 s).
 * @throws MeshError INVALID_OPTIONS
 */
export function simplifyMesh(
  mesh: Mesh,
  options: SimplifyOptions = {},
  run?: RunControl,
): SimplifyResult {
  const target = options.targetRatio ?? 0.1;
  const maxErrorMm = options.maxErrorMm ?? Infinity;
  if (!(target > 0 && target <= 1)) {
    throw new MeshError('INVALID_OPTIONS', `targetRatio must lie in (0, 1], got ${target}`);
  }
  if (!(maxErrorMm >= 0)) throw new MeshError('INVALID_OPTIONS', 'maxErrorMm must be >= 0');
  const nt = mesh.triangles.length / 3;
  const unchanged = { mesh, ratio: 1, errorMm: 0, volumeOffsetMm: 0, simplified: false };
  if (nt === 0) return unchanged;
  // No topology pass over the (large) input: the link condition keeps the Euler
  // characteristic and shells by construction, and the (small) output is verified below; an
  // open or non-manifold input cannot come out watertight.
  const before = measureMesh(mesh);
  const r = quadricDecimate(mesh, { targetTriangles: Math.floor(nt * target), maxErrorMm }, run);
  const out = r.mesh;
  let offset = 0;
  if (options.preserveVolume !== false) {
    const positions = out.positions;
    for (let step = 0; step < 2; step++) {
      const after = measureMesh(out);
      if (!(after.area > 0)) break;
      const delta = (before.signedVolume - after.signedVolume) / after.area;
      const normals = vertexNormals(out);
      for (let i = 0; i < positions.length; i++) positions[i] += delta * normals[i];
      offset += delta;
    }
  }
  if (!analyzeMesh(out).watertight) return unchanged;
  return {
    mesh: out,
    ratio: out.triangles.length / 3 / nt,
    errorMm: r.maxErrorMm,
    volumeOffsetMm: offset,
    simplified: true,
  };
}
