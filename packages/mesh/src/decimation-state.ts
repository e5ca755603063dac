import { POSITION_RECORD, QUADRIC_RECORD, edgeCollapseCost } from './edge-collapse-cost.ts';
import type { Mesh } from './mesh.ts';

/**
 * 32-bit words per triangle record of the quadric decimator, so a collapse touches one cache
 * line per triangle (two triangles a line), not one per array: vertices at 0-2, the error of
 * the edge leaving each corner at 3-5 (mm², Float32; both corners of an edge hold the same
 * error), at 6 the collapse count when the triangle was last refused (Int32; the smallest
 * of the three errors is in the separate array `M`), the state at 7.
 * A corner is addressed as TRIANGLE_RECORD · triangle + k (k = 0, 1, 2): its vertex is at the
 * corner, its error three words on, and `corner & ~7` is its triangle's record.
 */
export const TRIANGLE_RECORD = 8;

/**
 * State word of a collapsed triangle. Otherwise: -(p + 2) = changed in pass p (waits for the
 * next); r >= 0 = eligible from pass r on.
 */
export const DEAD = -0x80000000;

/** Spare entries of a corner-list slot beyond the vertex's degree when it is (re)made. */
export const SLOT_SLACK = 2;

/**
 * Working arrays of `quadricDecimate` (internal): per vertex quadrics Q and positions P (see
 * QUADRIC_RECORD), per vertex a scratch edge error and a change stamp in E (at 2v: the cost
 * of an edge to v, at 2v + 1: the collapse count when v's one-ring last changed, 0 before),
 * triangle records (see TRIANGLE_RECORD) and
 * each vertex's live corners, contiguous in a slot of `refs` (so a list is read from
 * consecutive entries, not a chain of pointers across the mesh): first entry, degree and slot
 * size at L[3v], L[3v + 1], L[3v + 2]; `top` ends the used part of `refs`.
 */
export interface DecimationState {
  readonly Q: Float64Array;
  readonly P: Float64Array;
  readonly E: Float64Array;
  readonly T: Int32Array;
  /** Float32 view of T's buffer (the errors) */
  readonly F: Float32Array;
  /**
   * the smallest of each triangle's three edge errors, mm² (Infinity once it is dead): the
   * scans read this stream of 4 bytes a triangle, not the 32-byte records
   */
  readonly M: Float32Array;
  readonly L: Int32Array;
  readonly refs: Int32Array;
  readonly top: number;
  /** the last visit mark written into the position records (P[4v + 3]); later marks go above */
  readonly gen: number;
}

/**
 * Builds the decimator's arrays for a mesh: positions and area-weighted plane quadrics per
 * vertex, triangle records with every edge's initial collapse error (one cost call per edge)
 * and the corner lists, in slots with SLOT_SLACK spare entries and `headroom` (fraction of
 * the 3 · triangles corners) free at the end of `refs`. The mesh is not mutated.
 * Cost: O(V + T); about 140 bytes per vertex plus 45 per triangle.
 */
export function buildDecimationState(mesh: Mesh, headroom: number): DecimationState {
  const nv = mesh.positions.length / 3;
  const nt = mesh.triangles.length / 3;
  const S = QUADRIC_RECORD;
  const Q = new Float64Array(S * nv);
  const P = new Float64Array(POSITION_RECORD * nv);
  const E = new Float64Array(2 * nv);
  const input = mesh.positions;
  for (let v = 0; v < nv; v++) {
    P[4 * v] = input[3 * v];
    P[4 * v + 1] = input[3 * v + 1];
    P[4 * v + 2] = input[3 * v + 2];
  }
  const TRI = TRIANGLE_RECORD;
  const buffer = new ArrayBuffer(4 * TRI * nt);
  const T = new Int32Array(buffer);
  const F = new Float32Array(buffer);
  const I = mesh.triangles;
  for (let t = 0; t < nt; t++) {
    T[TRI * t] = I[3 * t];
    T[TRI * t + 1] = I[3 * t + 1];
    T[TRI * t + 2] = I[3 * t + 2];
  }
  // one function per loop: each is optimised once by itself (one long function was compiled
  // 8 times on the corpus, deoptimising at every loop it had not run yet)
  const { L, refs, top } = cornerLists(T, nv, nt, headroom);
  planeQuadrics(Q, P, T, nt);
  const gen = initialErrors(Q, P, E, T, F, L, refs, nv);
  const M = new Float32Array(nt);
  for (let t = 0, o = 0; t < nt; t++, o += TRI) M[t] = Math.min(F[o + 3], F[o + 4], F[o + 5]);
  return { Q, P, E, T, F, M, L, refs, top, gen };
}

/** The corner lists in slots of degree + SLOT_SLACK, corners in triangle order. */
function cornerLists(
  T: Int32Array,
  nv: number,
  nt: number,
  headroom: number,
): { L: Int32Array; refs: Int32Array; top: number } {
  const TRI = TRIANGLE_RECORD;
  const L = new Int32Array(3 * nv);
  for (let t = 0; t < nt; t++) {
    L[3 * T[TRI * t] + 1]++;
    L[3 * T[TRI * t + 1] + 1]++;
    L[3 * T[TRI * t + 2] + 1]++;
  }
  let top = 0;
  for (let v = 0; v < nv; v++) {
    L[3 * v] = top;
    L[3 * v + 2] = L[3 * v + 1] + SLOT_SLACK;
    top += L[3 * v + 2];
    L[3 * v + 1] = 0;
  }
  const refs = new Int32Array(top + Math.ceil(headroom * 3 * nt) + 64);
  for (let t = 0; t < nt; t++) {
    for (let k = 0; k < 3; k++) {
      const v = T[TRI * t + k];
      refs[L[3 * v] + L[3 * v + 1]++] = TRI * t + k;
    }
  }
  return { L, refs, top };
}

/** Area-weighted plane quadrics (QUADRIC_RECORD) of the triangles, summed into their vertices. */
function planeQuadrics(Q: Float64Array, P: Float64Array, T: Int32Array, nt: number): void {
  const TRI = TRIANGLE_RECORD;
  const S = QUADRIC_RECORD;
  for (let t = 0; t < nt; t++) {
    const a = 4 * T[TRI * t];
    const b = 4 * T[TRI * t + 1];
    const c = 4 * T[TRI * t + 2];
    const ux = P[b] - P[a];
    const uy = P[b + 1] - P[a + 1];
    const uz = P[b + 2] - P[a + 2];
    const vx = P[c] - P[a];
    const vy = P[c + 1] - P[a + 1];
    const vz = P[c + 2] - P[a + 2];
    let nx = uy * vz - uz * vy;
    let ny = uz * vx - ux * vz;
    let nz = ux * vy - uy * vx;
    const len = Math.sqrt(nx * nx + ny * ny + nz * nz);
    if (len === 0) continue;
    const area = len / 2;
    nx /= len;
    ny /= len;
    nz /= len;
    const d = -(nx * P[a] + ny * P[a + 1] + nz * P[a + 2]);
    for (let k = 0; k < 3; k++) {
      const q = S * T[TRI * t + k];
      Q[q] += area * nx * nx;
      Q[q + 1] += area * nx * ny;
      Q[q + 2] += area * nx * nz;
      Q[q + 3] += area * nx * d;
      Q[q + 4] += area * ny * ny;
      Q[q + 5] += area * ny * nz;
      Q[q + 6] += area * ny * d;
      Q[q + 7] += area * nz * nz;
      Q[q + 8] += area * nz * d;
      Q[q + 9] += area * d * d;
      Q[q + 10] += area;
    }
  }
}

/**
 * Every edge's initial error into both of its corners (one cost call per edge); returns the
 * last visit mark.
 */
function initialErrors(
  Q: Float64Array,
  P: Float64Array,
  E: Float64Array,
  T: Int32Array,
  F: Float32Array,
  L: Int32Array,
  refs: Int32Array,
  nv: number,
): number {
  const opt = new Float64Array(3);
  let gen = 0;
  // The initial errors, one cost call per edge: both corners of an edge u-w lie in u's
  // triangles (u -> w leaves u's corner, w -> u leaves the corner before it), so each vertex u
  // fills the corners of its edges to higher-numbered neighbours.
  for (let u = 0; u < nv; u++) {
    gen += 2;
    for (let i = L[3 * u], end = i + L[3 * u + 1]; i < end; i++) {
      const c = refs[i];
      const o = c & ~7;
      const k = c - o;
      const cPrev = k === 0 ? o + 2 : c - 1;
      const a = T[k === 2 ? o : c + 1];
      const b = T[cPrev];
      if (a >= u) {
        if (P[4 * a + 3] !== gen) {
          P[4 * a + 3] = gen;
          E[2 * a] = edgeCollapseCost(Q, P, u, a, opt);
        }
        F[c + 3] = E[2 * a];
      }
      if (b >= u) {
        if (P[4 * b + 3] !== gen) {
          P[4 * b + 3] = gen;
          E[2 * b] = edgeCollapseCost(Q, P, u, b, opt);
        }
        F[cPrev + 3] = E[2 * b];
      }
    }
  }
  return gen;
}

/**
 * Moves the live slots of `refs` to its front, in place and in their order there, each cut to
 * its list plus SLOT_SLACK; returns the new `top`. An entry starts a live slot exactly when it
 * is where its own vertex's list starts (the vertex at a listed corner is the list's vertex).
 */
export function compactSlots(refs: Int32Array, L: Int32Array, T: Int32Array, top: number): number {
  let n = 0;
  for (let i = 0; i < top; i++) {
    const w = T[refs[i]];
    const deg = L[3 * w + 1];
    if (L[3 * w] !== i || deg === 0) continue;
    const size = L[3 * w + 2];
    for (let j = 0; j < deg; j++) refs[n + j] = refs[i + j];
    L[3 * w] = n;
    L[3 * w + 2] = Math.min(size, deg + SLOT_SLACK);
    n += L[3 * w + 2];
    i += size - 1;
  }
  return n;
}

/**
 * The decimated mesh: surviving vertices in index order (Float32 positions, LPS mm), live
 * triangles in order, and each output vertex's input index.
 */
export function survivingMesh(
  T: Int32Array,
  P: Float64Array,
  nv: number,
  nt: number,
  live: number,
): { positions: Float32Array; triangles: Uint32Array; vertexIds: Uint32Array } {
  const TRI = TRIANGLE_RECORD;
  const remap = new Int32Array(nv).fill(-1);
  let nOut = 0;
  for (let o = 0; o < TRI * nt; o += TRI) {
    if (T[o + 7] === DEAD) continue;
    for (let k = 0; k < 3; k++) remap[T[o + k]] = 0;
  }
  for (let v = 0; v < nv; v++) if (remap[v] === 0) remap[v] = nOut++ + 1;
  const positions = new Float32Array(3 * nOut);
  const vertexIds = new Uint32Array(nOut);
  for (let v = 0; v < nv; v++) {
    const r = remap[v] - 1;
    if (r < 0) continue;
    vertexIds[r] = v;
    positions[3 * r] = P[4 * v];
    positions[3 * r + 1] = P[4 * v + 1];
    positions[3 * r + 2] = P[4 * v + 2];
  }
  const triangles = new Uint32Array(3 * live);
  let n = 0;
  for (let o = 0; o < TRI * nt; o += TRI) {
    if (T[o + 7] === DEAD) continue;
    triangles[n++] = remap[T[o]] - 1;
    triangles[n++] = remap[T[o + 1]] - 1;
    triangles[n++] = remap[T[o + 2]] - 1;
  }
  return { positions, triangles, vertexIds };
}
