import { CUBE_TABLES } from './cube-tables.ts';

/**
 * Lookup tables of the Surface Nets slab kernel (`surfaceNetsSlab`), by the mask of the cube
 * corners (bit c = corner c = x + 2 y + 4 z) that hold corner 0's label in a two-label cell.
 */

const { edgeCorners, edgeAxis, patchCount } = CUBE_TABLES;

/** local cube edge index of the voxel edge starting at corner c along axis a: [c * 3 + a] */
export const CELL_EDGE_OF = (() => {
  const t = new Int8Array(24).fill(-1);
  for (let e = 0; e < 12; e++) t[edgeCorners[2 * e] * 3 + edgeAxis[e]] = e;
  return t;
})();

/**
 * Mean of the crossed edges' midpoints (cell units) of a cell with two labels, by the mask of
 * the corners holding corner 0's label: [3 * mask + axis]. Same arithmetic as the general case.
 */
export const MIDPOINT_MEAN = (() => {
  const t = new Float64Array(768);
  for (let mask = 0; mask < 256; mask++) {
    let sx = 0;
    let sy = 0;
    let sz = 0;
    let n = 0;
    for (let e = 0; e < 12; e++) {
      const a = edgeCorners[2 * e];
      const b = edgeCorners[2 * e + 1];
      if (((mask >> a) & 1) === ((mask >> b) & 1)) continue;
      sx += (a & 1) + (b & 1);
      sy += ((a >> 1) & 1) + ((b >> 1) & 1);
      sz += (a >> 2) + (b >> 2);
      n += 2;
    }
    if (n > 0) {
      t[3 * mask] = sx / n;
      t[3 * mask + 1] = sy / n;
      t[3 * mask + 2] = sz / n;
    }
  }
  return t;
})();

/**
 * Crossed edges of a two-label cell by the mask of the corners holding corner 0's label,
 * ascending: count at [13 * mask], edges at [13 * mask + 1 ..]. The grey-guided vertex visits
 * only these (same edges, same order as the general 12-edge loop).
 */
export const CROSSED_EDGES = (() => {
  const t = new Uint8Array(13 * 256);
  for (let mask = 0; mask < 256; mask++) {
    let k = 0;
    for (let e = 0; e < 12; e++) {
      const a = edgeCorners[2 * e];
      const b = edgeCorners[2 * e + 1];
      if (((mask >> a) & 1) !== ((mask >> b) & 1)) t[13 * mask + 1 + k++] = e;
    }
    t[13 * mask] = k;
  }
  return t;
})();

/**
 * Two-label cells whose surface around the cell vertex may not be one disc per patch, by the
 * corner mask of one label: some cube face holds the labels on its diagonals (the four quads
 * about that face's dual edge meet at one edge), or a label forms several patches.
 */
export const COMPLEX_CELL = (() => {
  const t = new Uint8Array(256);
  for (let mask = 0; mask < 256; mask++) {
    const bit = (c: number) => (mask >> c) & 1;
    let complex = patchCount[mask] > 1 || patchCount[255 ^ mask] > 1;
    for (let a = 0; a < 3 && !complex; a++) {
      const other = 7 ^ (1 << a);
      const low = other & -other;
      for (const side of [0, 1 << a]) {
        const c1 = side ^ low;
        if (
          bit(side) === bit(side ^ other) &&
          bit(c1) === bit(c1 ^ other) &&
          bit(side) !== bit(c1)
        ) {
          complex = true;
        }
      }
    }
    t[mask] = complex ? 1 : 0;
  }
  return t;
})();

/**
 * Quad corners of the two triangles of a quad: [(flip ? 12 : 0) + (split 0-2 ? 0 : 6) + s]:
 * (0, 1, 2) (0, 2, 3) or (0, 1, 3) (1, 2, 3), the other way round in a left-handed frame.
 */
// prettier-ignore
export const QUAD_ORDER = Uint8Array.of(
  0, 1, 2, 0, 2, 3, 0, 1, 3, 1, 2, 3,
  0, 2, 1, 0, 3, 2, 0, 3, 1, 1, 3, 2,
);

/**
 * The four cells around the voxel edge leaving cell (x, y, z)'s corner 0 along each axis, in
 * quad order: [16 * axis + 4 * k + (dx, dy, dz, local corner of the edge's start in that cell)]
 * with cell (x + dx, y + dy, z + dz). Quad normal +axis from the edge's start voxel.
 */
// prettier-ignore
export const QUAD_CELLS = Int8Array.of(
  0, -1, -1, 6, 0, 0, -1, 4, 0, 0, 0, 0, 0, -1, 0, 2, // x edge
  -1, 0, -1, 5, -1, 0, 0, 1, 0, 0, 0, 0, 0, 0, -1, 4, // y edge
  -1, -1, 0, 3, 0, -1, 0, 2, 0, 0, 0, 0, -1, 0, 0, 1, // z edge
);
