import { measureMesh } from './measure-mesh.ts';
import type { Mesh } from './mesh.ts';
import { vertexNormals } from './vertex-normals.ts';

/**
 * Restores an enclosed volume after smoothing or simplification: moves every vertex of `mesh`
 * (its positions are mutated) by a uniform offset along the vertex normals, delta = (volume -
 * V) / area, applied twice (Newton steps on the volume; the second removes the area change of
 * the first). `normals`: 'once' uses the input's normals for both steps (offsets a small
 * fraction of a voxel), 'each-step' recomputes them. Returns the total offset, mm.
 */
export function offsetToVolume(mesh: Mesh, volume: number, normals: 'once' | 'each-step'): number {
  const positions = mesh.positions;
  let total = 0;
  let n: Float32Array | null = null;
  for (let step = 0; step < 2; step++) {
    const after = measureMesh(mesh);
    if (!(after.area > 0)) break;
    const delta = (volume - after.signedVolume) / after.area;
    if (n === null || normals === 'each-step') n = vertexNormals(mesh);
    for (let i = 0; i < positions.length; i++) positions[i] += delta * n[i];
    total += delta;
  }
  return total;
}
