import type { Mesh } from './mesh.ts';

/**
 * A new mesh of `positions` and `triangles` with `addedPositions` (xyz per new vertex) and
 * `addedTriangles` appended; `triangles` itself is used, not copied, when none are added.
 */
export function extendMesh(
  positions: Float32Array,
  triangles: Uint32Array,
  addedPositions: ArrayLike<number>,
  addedTriangles: ArrayLike<number> = [],
): Mesh {
  const P = new Float32Array(positions.length + addedPositions.length);
  P.set(positions);
  P.set(addedPositions, positions.length);
  let T = triangles;
  if (addedTriangles.length > 0) {
    T = new Uint32Array(triangles.length + addedTriangles.length);
    T.set(triangles);
    T.set(addedTriangles, triangles.length);
  }
  return { kind: 'Mesh', positions: P, triangles: T };
}
