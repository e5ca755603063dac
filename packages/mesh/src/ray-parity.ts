/** Ray direction: +x, slightly skewed so that it misses edges and vertices of voxel-aligned meshes. */
const DY = 1.234567e-3;
const DZ = 2.345678e-3;

/**
 * For each query point, whether a ray from it along a slightly skewed +x direction crosses the
 * triangles of the *other* shells an odd number of times (the point is enclosed by them).
 * Triangles with `shellOf[t] < 0` are ignored, as are those of the query's own shell.
 *
 * All queries are answered in one pass over the triangles: the queries are bucketed in a grid
 * over (y, z), and each triangle is tested (Möller-Trumbore, doubles) only against the queries
 * in the cells its (y, z) extent can reach. Cost: O(T + Q + candidate pairs).
 *
 * @param P vertex positions xyz, mm
 * @param T triangles, three vertex indices each
 * @param shellOf shell index per triangle (-1: ignore the triangle)
 * @param queries xyz per query point, mm
 * @param queryShell the shell each query point belongs to
 * @returns 1 per query with an odd number of crossings, else 0
 */
export function rayParity(
  P: Float32Array,
  T: Uint32Array,
  shellOf: Int32Array,
  queries: Float64Array,
  queryShell: Int32Array,
): Uint8Array {
  const nq = queryShell.length;
  const crossings = new Uint32Array(nq);
  if (nq === 0) return new Uint8Array(0);
  let xMin = Infinity;
  let xMax = -Infinity;
  for (let i = 0; i < T.length; i++) {
    const x = P[3 * T[i]];
    if (x < xMin) xMin = x;
    if (x > xMax) xMax = x;
  }
  // the ray's y and z drift over the mesh's x extent
  const driftY = DY * Math.max(0, xMax - xMin) + 1e-6;
  const driftZ = DZ * Math.max(0, xMax - xMin) + 1e-6;
  let y0 = Infinity;
  let y1 = -Infinity;
  let z0 = Infinity;
  let z1 = -Infinity;
  for (let q = 0; q < nq; q++) {
    const y = queries[3 * q + 1];
    const z = queries[3 * q + 2];
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
    if (z < z0) z0 = z;
    if (z > z1) z1 = z;
  }
  const g = Math.max(1, Math.min(256, Math.ceil(Math.sqrt(nq) * 2)));
  const cy = (y1 - y0) / g || 1;
  const cz = (z1 - z0) / g || 1;
  const cellOf = (v: number, lo: number, size: number): number => {
    const c = Math.floor((v - lo) / size);
    return c < 0 ? 0 : c >= g ? g - 1 : c;
  };
  // CSR of queries per cell
  const start = new Uint32Array(g * g + 1);
  const cell = new Uint32Array(nq);
  for (let q = 0; q < nq; q++) {
    cell[q] = cellOf(queries[3 * q + 1], y0, cy) * g + cellOf(queries[3 * q + 2], z0, cz);
    start[cell[q] + 1]++;
  }
  for (let c = 0; c < g * g; c++) start[c + 1] += start[c];
  const fill = start.slice(0, g * g);
  const order = new Uint32Array(nq);
  for (let q = 0; q < nq; q++) order[fill[cell[q]]++] = q;

  for (let t = 0; t < T.length; t += 3) {
    const shell = shellOf[t / 3];
    if (shell < 0) continue;
    const a = 3 * T[t];
    const b = 3 * T[t + 1];
    const c = 3 * T[t + 2];
    const ya = P[a + 1], yb = P[b + 1], yc = P[c + 1]; // prettier-ignore
    const za = P[a + 2], zb = P[b + 2], zc = P[c + 2]; // prettier-ignore
    const tyMin = Math.min(ya, yb, yc);
    const tyMax = Math.max(ya, yb, yc);
    const tzMin = Math.min(za, zb, zc);
    const tzMax = Math.max(za, zb, zc);
    // queries that can reach the triangle: y in [tyMin - driftY, tyMax], same for z
    if (tyMax < y0 || tyMin - driftY > y1 || tzMax < z0 || tzMin - driftZ > z1) continue;
    const gy0 = cellOf(tyMin - driftY, y0, cy);
    const gy1 = cellOf(tyMax, y0, cy);
    const gz0 = cellOf(tzMin - driftZ, z0, cz);
    const gz1 = cellOf(tzMax, z0, cz);
    const txMax = Math.max(P[a], P[b], P[c]);
    for (let gy = gy0; gy <= gy1; gy++) {
      for (let gz = gz0; gz <= gz1; gz++) {
        const k = gy * g + gz;
        for (let i = start[k]; i < start[k + 1]; i++) {
          const q = order[i];
          if (queryShell[q] === shell) continue;
          const x = queries[3 * q];
          const y = queries[3 * q + 1];
          const z = queries[3 * q + 2];
          if (txMax < x || y < tyMin - driftY || y > tyMax || z < tzMin - driftZ || z > tzMax) {
            continue;
          }
          if (hits(P, a, b, c, x, y, z)) crossings[q]++;
        }
      }
    }
  }
  const odd = new Uint8Array(nq);
  for (let q = 0; q < nq; q++) odd[q] = crossings[q] & 1;
  return odd;
}

/** Möller-Trumbore: does the ray from (x, y, z) along (1, DY, DZ) cross triangle (a, b, c)? */
function hits(
  P: Float32Array,
  a: number,
  b: number,
  c: number,
  x: number,
  y: number,
  z: number,
): boolean {
  const e1x = P[b] - P[a], e1y = P[b + 1] - P[a + 1], e1z = P[b + 2] - P[a + 2]; // prettier-ignore
  const e2x = P[c] - P[a], e2y = P[c + 1] - P[a + 1], e2z = P[c + 2] - P[a + 2]; // prettier-ignore
  const px = DY * e2z - DZ * e2y;
  const py = DZ * e2x - e2z;
  const pz = e2y - DY * e2x;
  const det = e1x * px + e1y * py + e1z * pz;
  if (det === 0) return false;
  const inv = 1 / det;
  const sx = x - P[a], sy = y - P[a + 1], sz = z - P[a + 2]; // prettier-ignore
  const u = (sx * px + sy * py + sz * pz) * inv;
  if (u < 0 || u > 1) return false;
  const qx = sy * e1z - sz * e1y;
  const qy = sz * e1x - sx * e1z;
  const qz = sx * e1y - sy * e1x;
  const v = (qx + DY * qy + DZ * qz) * inv;
  if (v < 0 || u + v > 1) return false;
  return (e2x * qx + e2y * qy + e2z * qz) * inv > 0;
}
