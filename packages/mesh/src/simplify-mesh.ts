import { MeshoptSimplifier } from 'meshoptimizer';
import { analyzeMesh } from './analyze-mesh.ts';
import { MeshError } from './mesh-error.ts';
import type { Mesh } from './mesh.ts';

/** Options of `simplifyMesh`. */
export interface SimplifyOptions {
  /** wanted fraction of the triangles, (0, 1]; default 0.1 */
  readonly targetRatio?: number;
  /** upper bound of the geometric error, mm (meshoptimizer's absolute error); default 0.2 */
  readonly maxErrorMm?: number;
  /** attempts with less reduction when a result is not watertight; default 4 */
  readonly attempts?: number;
}

/** Result of `simplifyMesh`: the mesh, the ratio finally reached and the error bound used. */
export interface SimplifyResult {
  readonly mesh: Mesh;
  /** triangles out / triangles in */
  readonly ratio: number;
  /** meshoptimizer's reported error, mm */
  readonly errorMm: number;
  /** attempts made (1 = the first result was watertight) */
  readonly attempts: number;
  /** false when every attempt broke the topology and the input was returned unchanged */
  readonly simplified: boolean;
}

/**
 * Edge-collapse simplification with meshoptimizer (quadric error, Garland & Heckbert), to a
 * target triangle ratio within an error bound in mm. The result is checked with `analyzeMesh`;
 * if it is not watertight and manifold, the reduction is halved and retried, and after
 * `attempts` failures the input is returned (`simplified: false`), never a broken mesh.
 * Unused vertices are dropped. The input is not mutated. Async: waits for the WASM module.
 */
export async function simplifyMesh(
  mesh: Mesh,
  options: SimplifyOptions = {},
): Promise<SimplifyResult> {
  const target = options.targetRatio ?? 0.1;
  const maxError = options.maxErrorMm ?? 0.2;
  if (!(target > 0 && target <= 1)) {
    throw new MeshError('INVALID_OPTIONS', `targetRatio must lie in (0, 1], got ${target}`);
  }
  if (!(maxError >= 0)) throw new MeshError('INVALID_OPTIONS', 'maxErrorMm must be >= 0');
  await MeshoptSimplifier.ready;
  const nt = mesh.triangles.length / 3;
  let ratio = target;
  const attempts = options.attempts ?? 4;
  for (let attempt = 1; attempt <= attempts && nt > 0; attempt++) {
    const wanted = Math.max(3, Math.floor(nt * ratio) * 3);
    const [indices, error] = MeshoptSimplifier.simplify(
      mesh.triangles,
      mesh.positions,
      3,
      wanted,
      maxError,
      ['ErrorAbsolute'],
    );
    const out = compact(mesh.positions, indices);
    if (analyzeMesh(out).watertight) {
      return {
        mesh: out,
        ratio: indices.length / 3 / nt,
        errorMm: error,
        attempts: attempt,
        simplified: true,
      };
    }
    ratio = Math.min(1, ratio * 2 + 0.05);
  }
  return { mesh, ratio: 1, errorMm: 0, attempts, simplified: false };
}

/** Keeps only referenced vertices, in first-use order. */
function compact(positions: Float32Array, indices: Uint32Array): Mesh {
  const remap = new Int32Array(positions.length / 3).fill(-1);
  const triangles = new Uint32Array(indices.length);
  let n = 0;
  for (let i = 0; i < indices.length; i++) {
    const v = indices[i];
    if (remap[v] < 0) remap[v] = n++;
    triangles[i] = remap[v];
  }
  const out = new Float32Array(3 * n);
  for (let v = 0; v < remap.length; v++) {
    const r = remap[v];
    if (r >= 0) {
      out[3 * r] = positions[3 * v];
      out[3 * r + 1] = positions[3 * v + 1];
      out[3 * r + 2] = positions[3 * v + 2];
    }
  }
  return { kind: 'Mesh', positions: out, triangles };
}
