import type { RunControl } from '@anatomodel/imaging';
import { distanceToSurface, hausdorffDistance } from './hausdorff-distance.ts';
import { MeshError } from './mesh-error.ts';
import type { Mesh } from './mesh.ts';
import type { PreparedSurface } from './points-to-surface-distance.ts';
import { sameTriangles } from './same-triangles.ts';

/** How `surfaceDeviation` measured, cheapest first. */
export type DeviationMethod = 'vertex-displacement' | 'one-sided' | 'hausdorff';

/** Result of `surfaceDeviation`, mm. */
export interface SurfaceDeviation {
  readonly maxMm: number;
  readonly meanMm: number;
  /**
   * - `vertex-displacement`: the final mesh has the reference's triangles (smoothing only):
   *   how far each vertex moved. Each vertex's distance to the reference surface is at most
   *   its displacement, and every point of a final triangle lies within the largest
   *   displacement of its corners from the reference triangle, so max is an upper bound of
   *   the one-sided Hausdorff distance final -> reference (exact where the motion is normal
   *   to a flat surface).
   * - `one-sided`: each final vertex's exact distance to the reference surface (max, mean).
   * - `hausdorff`: symmetric vertex-sampled Hausdorff distance (`hausdorffDistance`).
   */
  readonly method: DeviationMethod;
}

/** Options of `surfaceDeviation`. */
export interface SurfaceDeviationOptions {
  /**
   * `fast` (default): vertex displacement when the final mesh has the reference's triangles,
   * else the one-sided distance of the final vertices to the reference surface. `hausdorff`:
   * the symmetric vertex-sampled Hausdorff distance (about twice the cost of one-sided, plus
   * the reference's vertices as queries).
   */
  readonly method?: 'fast' | 'hausdorff';
}

/**
 * Deviation of a final (smoothed, simplified, repaired) mesh from its reference surface
 * (the segmentation's unsmoothed Surface Nets mesh), cheap by default; see
 * `SurfaceDeviation.method` for what each method measures. Meshes are not mutated.
 * `prepared`: `prepareSurfaceDistance(reference)`, done ahead, for the one-sided distance.
 * @throws MeshError INVALID_OPTIONS
 */
export function surfaceDeviation(
  final: Mesh,
  reference: Mesh,
  options: SurfaceDeviationOptions = {},
  run?: RunControl,
  prepared?: PreparedSurface,
): SurfaceDeviation {
  const method = options.method ?? 'fast';
  if (method !== 'fast' && method !== 'hausdorff') {
    throw new MeshError('INVALID_OPTIONS', `method must be fast or hausdorff, got ${method}`);
  }
  if (method === 'hausdorff') {
    const h = hausdorffDistance(final, reference, run);
    return { maxMm: h.maxMm, meanMm: h.meanMm, method };
  }
  if (
    final.positions.length === reference.positions.length &&
    sameTriangles(final.triangles, reference.triangles)
  ) {
    const a = final.positions;
    const b = reference.positions;
    const n = a.length / 3;
    let max = 0;
    let sum = 0;
    for (let v = 0; v < 3 * n; v += 3) {
      const d = Math.hypot(a[v] - b[v], a[v + 1] - b[v + 1], a[v + 2] - b[v + 2]);
      if (d > max) max = d;
      sum += d;
    }
    return { maxMm: max, meanMm: n ? sum / n : 0, method: 'vertex-displacement' };
  }
  const d = distanceToSurface(final.positions, reference, run, prepared);
  return { maxMm: d.max, meanMm: d.mean, method: 'one-sided' };
}
