import type { Mesh } from './mesh.ts';

/**
 * A new mesh of `positions` and `triangles` with `addedPositions` (xyz per new vertex) and
 * `addedTriangles` appended; `triangles` itself is used, not copied, when none are added.
 * `inPlace`: the arrays are the caller's own and their buffers' room past their ends is free
 * (e.g. views of larger fresh buffers): the additions are written there and the result views
 * the same buffers, no copy (copied as usual when the room is short).
 */
export function extendMesh(
  positions: Float32Array,
  triangles: Uint32Array,
  addedPositions: ArrayLike<number>,
  addedTriangles: ArrayLike<number> = [],
  inPlace = false,
): Mesh {
  if (inPlace) {
    const P = grown(positions, addedPositions.length, Float32Array);
    const T = grown(triangles, addedTriangles.length, Uint32Array);
    if (P !== null && T !== null) {
      P.set(addedPositions, positions.length);
      T.set(addedTriangles, triangles.length);
      return { kind: 'Mesh', positions: P, triangles: T };
    }
  }
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

/** A view of `a`'s buffer `extra` elements longer, or null when the buffer ends too soon. */
function grown<A extends Float32Array | Uint32Array>(
  a: A,
  extra: number,
  Kind: { new (buffer: ArrayBufferLike, byteOffset: number, length: number): A },
): A | null {
  if (extra === 0) return a;
  const end = a.byteOffset + (a.length + extra) * a.BYTES_PER_ELEMENT;
  return end <= a.buffer.byteLength ? new Kind(a.buffer, a.byteOffset, a.length + extra) : null;
}
