import type { Mesh } from './mesh.ts';

/**
 * Area-weighted unit vertex normals (LPS), pointing outside for a counter-clockwise mesh.
 * Vertices without triangles get (0, 0, 0). Cost: O(triangles); the mesh is not mutated.
 */
export function vertexNormals(mesh: Mesh): Float32Array {
  const { positions: P, triangles: T } = mesh;
  const acc = new Float64Array(P.length);
  for (let t = 0; t < T.length; t += 3) {
    const i = 3 * T[t];
    const j = 3 * T[t + 1];
    const k = 3 * T[t + 2];
    const ux = P[j] - P[i];
    const uy = P[j + 1] - P[i + 1];
    const uz = P[j + 2] - P[i + 2];
    const wx = P[k] - P[i];
    const wy = P[k + 1] - P[i + 1];
    const wz = P[k + 2] - P[i + 2];
    const nx = uy * wz - uz * wy;
    const ny = uz * wx - ux * wz;
    const nz = ux * wy - uy * wx;
    // unrolled: no per-triangle array
    acc[i] += nx;
    acc[i + 1] += ny;
    acc[i + 2] += nz;
    acc[j] += nx;
    acc[j + 1] += ny;
    acc[j + 2] += nz;
    acc[k] += nx;
    acc[k + 1] += ny;
    acc[k + 2] += nz;
  }
  const out = new Float32Array(P.length);
  for (let v = 0; v < P.length; v += 3) {
    const l = Math.hypot(acc[v], acc[v + 1], acc[v + 2]);
    if (l > 0) {
      out[v] = acc[v] / l;
      out[v + 1] = acc[v + 1] / l;
      out[v + 2] = acc[v + 2] / l;
    }
  }
  return out;
}
