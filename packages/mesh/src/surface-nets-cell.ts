import { CUBE_TABLES } from './cube-tables.ts';
import { greyCrossing } from './surface-nets-grey.ts';
import { CELL_EDGE_OF, CROSSED_EDGES, QUAD_CELLS, QUAD_ORDER } from './surface-nets-tables.ts';

/** Per-cell and per-quad steps of the Surface Nets slab kernel (`surfaceNetsSlab`). */

const { edgeCorners, patchCount, patchOfEdge } = CUBE_TABLES;

/**
 * Writes the two triangles of quad v0 v1 v2 v3 at tri[t], split along the shorter diagonal of
 * the positions `pos` (vertex v at pos[3 (v & ring)]; ring -1: every vertex); returns the
 * QUAD_ORDER offset used (for the corner patches).
 */
export function writeQuad(
  tri: Uint32Array,
  t: number,
  pos: Float32Array,
  ring: number,
  v0: number,
  v1: number,
  v2: number,
  v3: number,
  flip: boolean,
): number {
  const p0 = 3 * (v0 & ring);
  const p1 = 3 * (v1 & ring);
  const p2 = 3 * (v2 & ring);
  const p3 = 3 * (v3 & ring);
  let dx = pos[p0] - pos[p2];
  let dy = pos[p0 + 1] - pos[p2 + 1];
  let dz = pos[p0 + 2] - pos[p2 + 2];
  const d02 = dx * dx + dy * dy + dz * dz;
  dx = pos[p1] - pos[p3];
  dy = pos[p1 + 1] - pos[p3 + 1];
  dz = pos[p1 + 2] - pos[p3 + 2];
  const d13 = dx * dx + dy * dy + dz * dz;
  if (d02 <= d13) {
    // (0, 1, 2) (0, 2, 3)
    tri[t] = v0;
    tri[t + 3] = v0;
    tri[t + 1] = flip ? v2 : v1;
    tri[t + 2] = flip ? v1 : v2;
    tri[t + 4] = flip ? v3 : v2;
    tri[t + 5] = flip ? v2 : v3;
    return flip ? 12 : 0;
  }
  // (0, 1, 3) (1, 2, 3)
  tri[t] = v0;
  tri[t + 3] = v1;
  tri[t + 1] = flip ? v3 : v1;
  tri[t + 2] = flip ? v1 : v3;
  tri[t + 4] = flip ? v3 : v2;
  tri[t + 5] = flip ? v2 : v3;
  return flip ? 18 : 6;
}

/** The [inner, outer] labels of a quad's two triangles at lab[l]. */
export function writeLabels(lab: Uint16Array, l: number, inner: number, outer: number): void {
  lab[l] = inner;
  lab[l + 1] = outer;
  lab[l + 2] = inner;
  lab[l + 3] = outer;
}

/**
 * Vertex offset (cell units, into `mean`) and several-patches flag of a cell with three or
 * more labels (`corner`): the general form of the two-label tables.
 */
export function manyLabelCell(corner: Uint16Array, mean: Float64Array): number {
  let sx = 0;
  let sy = 0;
  let sz = 0;
  let n = 0;
  for (let e = 0; e < 12; e++) {
    const a = edgeCorners[2 * e];
    const b = edgeCorners[2 * e + 1];
    if (corner[a] === corner[b]) continue;
    sx += (a & 1) + (b & 1);
    sy += ((a >> 1) & 1) + ((b >> 1) & 1);
    sz += (a >> 2) + (b >> 2);
    n += 2;
  }
  mean[0] = sx / n;
  mean[1] = sy / n;
  mean[2] = sz / n;
  for (let c = 0; c < 8; c++) {
    const l = corner[c];
    if (l === 0) continue;
    let seen = false;
    for (let d = 0; d < c; d++) if (corner[d] === l) seen = true;
    if (seen) continue;
    let lb = 0;
    for (let d = 0; d < 8; d++) if (corner[d] === l) lb |= 1 << d;
    if (patchCount[lb] > 1) return 1;
  }
  return 0;
}

/**
 * Writes the grey-guided vertex of cell (x, y, z) (corner labels in `corner`) at out[at]: the
 * mean of its crossed edges' grey crossings, through the affine.
 */
export function guidedVertex(
  out: Float32Array,
  at: number,
  A: Float64Array,
  bounds: Float64Array,
  greyPlanes: readonly Float32Array[],
  corner: Uint16Array,
  x: number,
  y: number,
  z: number,
  px: number,
): void {
  const g0 = greyPlanes[z % 3];
  const g1 = greyPlanes[(z + 1) % 3];
  const i = y * px + x;
  let sx = 0;
  let sy = 0;
  let sz = 0;
  let n = 0;
  for (let e = 0; e < 12; e++) {
    const a = edgeCorners[2 * e];
    const b = edgeCorners[2 * e + 1];
    if (corner[a] === corner[b]) continue;
    const va = (a & 4 ? g1 : g0)[i + (a & 1) + (a & 2 ? px : 0)];
    const vb = (b & 4 ? g1 : g0)[i + (b & 1) + (b & 2 ? px : 0)];
    const t = greyCrossing(bounds, corner[a], va, corner[b], vb);
    sx += (a & 1) + t * ((b & 1) - (a & 1));
    sy += ((a >> 1) & 1) + t * (((b >> 1) & 1) - ((a >> 1) & 1));
    sz += (a >> 2) + t * ((b >> 2) - (a >> 2));
    n++;
  }
  const fi = x - 1 + sx / n;
  const fj = y - 1 + sy / n;
  const fk = z - 1 + sz / n;
  out[at] = A[0] * fi + A[1] * fj + A[2] * fk + A[3];
  out[at + 1] = A[4] * fi + A[5] * fj + A[6] * fk + A[7];
  out[at + 2] = A[8] * fi + A[9] * fj + A[10] * fk + A[11];
}

/**
 * `guidedVertex` of a two-label cell (the usual case): corner c holds label `c0` where bit c
 * of `bits` is set, else `other`; only the crossed edges are visited (`CROSSED_EDGES`), in
 * the same order and with the same arithmetic, so the result is identical. `g0`, `g1`: the
 * grey planes of the cell's lower and upper voxel plane; `i` = y px + x.
 */
export function guidedVertexTwo(
  out: Float32Array,
  at: number,
  A: Float64Array,
  bounds: Float64Array,
  g0: Float32Array,
  g1: Float32Array,
  bits: number,
  c0: number,
  other: number,
  x: number,
  y: number,
  z: number,
  px: number,
): void {
  const i = y * px + x;
  const base = 13 * bits;
  const n = CROSSED_EDGES[base];
  let sx = 0;
  let sy = 0;
  let sz = 0;
  for (let k = 1; k <= n; k++) {
    const e = CROSSED_EDGES[base + k];
    const a = edgeCorners[2 * e];
    const b = edgeCorners[2 * e + 1];
    const va = (a & 4 ? g1 : g0)[i + (a & 1) + (a & 2 ? px : 0)];
    const vb = (b & 4 ? g1 : g0)[i + (b & 1) + (b & 2 ? px : 0)];
    const la = (bits >> a) & 1 ? c0 : other;
    const lb = (bits >> b) & 1 ? c0 : other;
    const t = greyCrossing(bounds, la, va, lb, vb);
    sx += (a & 1) + t * ((b & 1) - (a & 1));
    sy += ((a >> 1) & 1) + t * (((b >> 1) & 1) - ((a >> 1) & 1));
    sz += (a >> 2) + t * ((b >> 2) - (a >> 2));
  }
  const fi = x - 1 + sx / n;
  const fj = y - 1 + sy / n;
  const fk = z - 1 + sz / n;
  out[at] = A[0] * fi + A[1] * fj + A[2] * fk + A[3];
  out[at + 1] = A[4] * fi + A[5] * fj + A[6] * fk + A[7];
  out[at + 2] = A[8] * fi + A[9] * fj + A[10] * fk + A[11];
}

/**
 * Corner patches of a quad whose cells' multi flags are `mm` (bit k = quad cell k): per
 * triangle corner [patch of inner, patch of outer] (see LabelSurface.cornerPatches), 12 bytes
 * written at pat[at] only when some patch is non-zero; returns whether they were written.
 */
export function quadPatches(
  pat: Uint8Array,
  at: number,
  order: number,
  labels: readonly Uint16Array[],
  px: number,
  x: number,
  y: number,
  z: number,
  axis: number,
  inner: number,
  outer: number,
  mm: number,
  scratch: Uint8Array,
): boolean {
  let any = 0;
  for (let k = 0; k < 4; k++) {
    scratch[2 * k] = 0;
    scratch[2 * k + 1] = 0;
    if (((mm >> k) & 1) === 0) continue;
    const q = 16 * axis + 4 * k;
    const cx = x + QUAD_CELLS[q];
    const cy = y + QUAD_CELLS[q + 1];
    const cz = z + QUAD_CELLS[q + 2];
    const c = QUAD_CELLS[q + 3];
    scratch[2 * k] = patchAt(labels, px, cx, cy, cz, c, axis, inner);
    scratch[2 * k + 1] = patchAt(labels, px, cx, cy, cz, c, axis, outer);
    any |= scratch[2 * k] | scratch[2 * k + 1];
  }
  if (any === 0) return false;
  for (let s = 0; s < 6; s++) {
    const k = QUAD_ORDER[order + s];
    pat[at + 2 * s] = scratch[2 * k];
    pat[at + 2 * s + 1] = scratch[2 * k + 1];
  }
  return true;
}

/** Patch of `label` in cell (x, y, z) at the voxel edge from local corner c along axis a. */
function patchAt(
  labels: readonly Uint16Array[],
  px: number,
  x: number,
  y: number,
  z: number,
  c: number,
  a: number,
  label: number,
): number {
  if (label === 0) return 0;
  const p0 = labels[z % 3];
  const p1 = labels[(z + 1) % 3];
  const i = y * px + x;
  const m =
    (p0[i] === label ? 1 : 0) |
    (p0[i + 1] === label ? 2 : 0) |
    (p0[i + px] === label ? 4 : 0) |
    (p0[i + px + 1] === label ? 8 : 0) |
    (p1[i] === label ? 16 : 0) |
    (p1[i + 1] === label ? 32 : 0) |
    (p1[i + px] === label ? 64 : 0) |
    (p1[i + px + 1] === label ? 128 : 0);
  if (patchCount[m] < 2) return 0;
  const p = patchOfEdge[m * 12 + CELL_EDGE_OF[c * 3 + a]];
  return p > 0 ? p : 0;
}
