import { measureVolumeArea } from './measure-mesh.ts';
import type { Mesh } from './mesh.ts';
import { vertexNormals, vertexNormalsAndMeasures } from './vertex-normals.ts';

/** Spent arrays `offsetToVolume` may overwrite: the normals and their float64 sums. */
export interface OffsetScratch {
  readonly normals: Float32Array;
  readonly sums: Float64Array;
}

/**
 * Restores an enclosed volume after smoothing or simplification: moves every vertex of `mesh`
 * (its positions are mutated) by a uniform offset along the vertex normals, delta = (volume -
 * V) / area, applied twice (Newton steps on the volume; the second removes the area change of
 * the first). `normals`: 'once' uses the input's normals for both steps (offsets a small
 * fraction of a voxel), computed in the same pass as the first volume, in `scratch` when
 * given (each >= 3 * vertices long, overwritten); 'each-step' recomputes them. Returns the
 * total offset, mm.
 */
export function offsetToVolume(
  mesh: Mesh,
  volume: number,
  normals: 'once' | 'each-step',
  scratch?: OffsetScratch,
): number {
  const positions = mesh.positions;
  let total = 0;
  let n: Float32Array | null = null;
  for (let step = 0; step < 2; step++) {
    let after: { signedVolume: number; area: number };
    if (normals === 'once' && n === null) {
      const size = positions.length;
      const ok = scratch && scratch.normals.length >= size && scratch.sums.length >= size;
      n = ok ? scratch.normals : new Float32Array(size);
      after = vertexNormalsAndMeasures(mesh, n, ok ? scratch.sums : new Float64Array(size));
    } else {
      after = measureVolumeArea(mesh);
    }
    if (!(after.area > 0)) break;
    const delta = (volume - after.signedVolume) / after.area;
    if (n === null || normals === 'each-step') n = vertexNormals(mesh);
    for (let i = 0; i < positions.length; i++) positions[i] += delta * n[i];
    total += delta;
  }
  return total;
}
