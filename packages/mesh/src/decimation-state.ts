import { VERTEX_RECORD, VMARK, edgeCollapseCost } from './edge-collapse-cost.ts';
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
 * Working arrays of `quadricDecimate` (internal): the vertex records V (position, area,
 * quadric in the vertex's frame, visit mark, change stamp: see VERTEX_RECORD; `VI` is the
 * Int32 view of the same buffer), a scratch edge error per vertex in E (the cost of an edge
 * to that vertex), triangle records (see TRIANGLE_RECORD) and each vertex's live corners,
 * contiguous in a slot of `refs` (so a list is read from consecutive entries, not a chain of
 * pointers across the mesh): first entry, degree and slot size at L[3v], L[3v + 1],
 * L[3v + 2]; `top` ends the used part of `refs`.
 */
export interface DecimationState {
  readonly V: Float32Array;
  /** Int32 view of V's buffer (visit marks and change stamps) */
  readonly VI: Int32Array;
  readonly E: Float32Array;
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
  /** the last visit mark written into the vertex records; later marks go above */
  readonly gen: number;
}

/**
 * Builds the decimator's arrays for a mesh: positions and area-weighted plane quadrics per
 * vertex, triangle records with every edge's initial collapse error (one cost call per edge)
 * and the corner lists, in slots with SLOT_SLACK spare entries and `headroom` (fraction of
 * the 3 · triangles corners) free at the end of `refs`. The mesh is not mutated.
 * Cost: O(V + T); about 80 bytes per vertex plus 50 per triangle.
 */
export function buildDecimationState(mesh: Mesh, headroom: number): DecimationState {
  const nv = mesh.positions.length / 3;
  const nt = mesh.triangles.length / 3;
  const R = VERTEX_RECORD;
  const vertexBuffer = new ArrayBuffer(4 * R * nv);
  const V = new Float32Array(vertexBuffer);
  const VI = new Int32Array(vertexBuffer);
  const input = mesh.positions;
  for (let v = 0; v < nv; v++) {
    V[R * v] = input[3 * v];
    V[R * v + 1] = input[3 * v + 1];
    V[R * v + 2] = input[3 * v + 2];
  }
  const TRI = TRIANGLE_RECORD;
  const buffer = new ArrayBuffer(4 * TRI * nt);
  const T = new Int32Array(buffer);
  const F = new Float32Array(buffer);
  const L = new Int32Array(3 * nv);
  // one function per loop: each is optimised once by itself (one long function was compiled
  // 8 times on the corpus, deoptimising at every loop it had not run yet)
  planeQuadrics(V, T, L, mesh, nt);
  const { refs, top } = cornerLists(T, L, nv, nt, headroom);
  const E = new Float32Array(nv);
  const gen = initialErrors(V, VI, E, T, F, L, refs, nv);
  const M = new Float32Array(nt);
  for (let t = 0, o = 0; t < nt; t++, o += TRI) M[t] = Math.min(F[o + 3], F[o + 4], F[o + 5]);
  return { V, VI, E, T, F, M, L, refs, top, gen };
}

/**
 * One pass over the triangles: copies them into their records, counts each vertex's degree
 * into L[3v + 1] and adds each triangle's area-weighted plane quadric into its three
 * vertices' records. In a vertex's own frame a plane through the vertex has d = 0, so only
 * the area and the normal's products a², ab, ... c² are added (the ad ... d² terms stay 0).
 */
function planeQuadrics(V: Float32Array, T: Int32Array, L: Int32Array, mesh: Mesh, nt: number) {
  const TRI = TRIANGLE_RECORD;
  const R = VERTEX_RECORD;
  const I = mesh.triangles;
  const X = mesh.positions;
  for (let t = 0; t < nt; t++) {
    const i0 = I[3 * t];
    const i1 = I[3 * t + 1];
    const i2 = I[3 * t + 2];
    T[TRI * t] = i0;
    T[TRI * t + 1] = i1;
    T[TRI * t + 2] = i2;
    L[3 * i0 + 1]++;
    L[3 * i1 + 1]++;
    L[3 * i2 + 1]++;
    const ax = X[3 * i0];
    const ay = X[3 * i0 + 1];
    const az = X[3 * i0 + 2];
    const ux = X[3 * i1] - ax;
    const uy = X[3 * i1 + 1] - ay;
    const uz = X[3 * i1 + 2] - az;
    const vx = X[3 * i2] - ax;
    const vy = X[3 * i2 + 1] - ay;
    const vz = X[3 * i2 + 2] - az;
    const nx = uy * vz - uz * vy;
    const ny = uz * vx - ux * vz;
    const nz = ux * vy - uy * vx;
    const len = Math.sqrt(nx * nx + ny * ny + nz * nz);
    if (len === 0) continue;
    // area · n̂ n̂ᵀ = n nᵀ / (2 |n|) for the unnormalised normal n (|n| = 2 · area)
    const k = 0.5 / len;
    const area = len / 2;
    const xx = k * nx * nx;
    const xy = k * nx * ny;
    const xz = k * nx * nz;
    const yy = k * ny * ny;
    const yz = k * ny * nz;
    const zz = k * nz * nz;
    for (let j = 0; j < 3; j++) {
      const r = R * (j === 0 ? i0 : j === 1 ? i1 : i2);
      V[r + 3] += area;
      V[r + 4] += xx;
      V[r + 5] += xy;
      V[r + 6] += xz;
      V[r + 7] += yy;
      V[r + 8] += yz;
      V[r + 9] += zz;
    }
  }
}

/** The corner lists in slots of degree + SLOT_SLACK, corners in triangle order (degrees in L). */
function cornerLists(
  T: Int32Array,
  L: Int32Array,
  nv: number,
  nt: number,
  headroom: number,
): { refs: Int32Array; top: number } {
  const TRI = TRIANGLE_RECORD;
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
  return { refs, top };
}

/**
 * Every edge's initial error into both of its corners (one cost call per edge); returns the
 * last visit mark.
 */
function initialErrors(
  V: Float32Array,
  VI: Int32Array,
  E: Float32Array,
  T: Int32Array,
  F: Float32Array,
  L: Int32Array,
  refs: Int32Array,
  nv: number,
): number {
  const R = VERTEX_RECORD;
  const opt = new Float64Array(4);
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
        if (VI[R * a + VMARK] !== gen) {
          VI[R * a + VMARK] = gen;
          edgeCollapseCost(V, u, a, opt);
          E[a] = opt[3];
        }
        F[c + 3] = E[a];
      }
      if (b >= u) {
        if (VI[R * b + VMARK] !== gen) {
          VI[R * b + VMARK] = gen;
          edgeCollapseCost(V, u, b, opt);
          E[b] = opt[3];
        }
        F[cPrev + 3] = E[b];
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
  V: Float32Array,
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
    positions[3 * r] = V[VERTEX_RECORD * v];
    positions[3 * r + 1] = V[VERTEX_RECORD * v + 1];
    positions[3 * r + 2] = V[VERTEX_RECORD * v + 2];
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
