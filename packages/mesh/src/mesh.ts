/**
 * A triangle mesh in patient space.
 * Invariants of a print-ready mesh (checked by the printability report, not by the type):
 * every edge shared by exactly two triangles, triangles counter-clockwise seen from outside,
 * so the signed volume is positive.
 */
export interface Mesh {
  readonly kind: 'Mesh';
  /** xyz per vertex, LPS mm */
  readonly positions: Float32Array;
  /** three vertex indices per triangle, counter-clockwise seen from outside */
  readonly triangles: Uint32Array;
}
