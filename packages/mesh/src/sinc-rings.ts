/** Neighbour slots per vertex in `WindowedSincState.ring` (99 % of Surface Nets vertices have <= 8). */
export const RING = 8;

/** The neighbours past the eighth: extraVertex[k]'s in extra[extraStart[k] .. extraStart[k + 1]). */
export interface Rings {
  /** ascending: the vertices with more than eight neighbours (rare) */
  readonly extraVertex: Int32Array;
  readonly extraStart: Int32Array;
  /** 3 * (index + 1) of each further neighbour */
  readonly extra: Int32Array;
}

/**
 * Neighbours past the eighth while the rings are built: per vertex a chain of rows of RING
 * slots + the next row's index (0: none; row 0 is unused).
 */
interface Overflow {
  rows: Int32Array;
  count: number;
  readonly first: Int32Array;
}
const ROW = RING + 1;

/**
 * Unique edge neighbours of every vertex as RING slots + extra lists (internal, for the
 * windowed sinc): `ring` (RING * vertices, zeroed, e.g. fresh memory) and `invDegree` (vertices)
 * are filled here, the extra lists allocated zeroed from `alloc` (Int32 entries). A neighbour u is stored as 3 * (u +
 * 1), its offset in the filter's buffers (vertex v at 3 * (v + 1), the zero vertex at 0), so
 * unused slots stay 0 and read the zero vertex. Order: both ends of every triangle edge in
 * triangle order (a -> b, then b -> a), a neighbour kept where it first appears (the order of
 * the former CSR dedupe, so sums are bit for bit the same). The slots of a vertex share a
 * cache line, so the duplicate test is eight compares without branches; past eight
 * neighbours (rare) the rest go to overflow rows. invDegree[v] = 0.5 / degree (0: isolated).
 */
export function vertexRings(
  T: Uint32Array,
  ring: Int32Array,
  invDegree: Float32Array,
  alloc: (count: number) => Int32Array,
): Rings {
  const nv = invDegree.length;
  const degree = new Int32Array(invDegree.buffer, invDegree.byteOffset, nv);
  const over: Overflow = { rows: new Int32Array(0), count: 1, first: new Int32Array(nv) };
  // an edge's ends list each other or neither, so one look-up serves both
  for (let t = 0; t < T.length; t += 3) {
    for (let k = 0; k < 3; k++) {
      const a = T[t + k];
      const b = T[t + (k === 2 ? 0 : k + 1)];
      const b3 = 3 * b + 3;
      const q = RING * a;
      const hit =
        (ring[q] === b3 ? 1 : 0) +
        (ring[q + 1] === b3 ? 1 : 0) +
        (ring[q + 2] === b3 ? 1 : 0) +
        (ring[q + 3] === b3 ? 1 : 0) +
        (ring[q + 4] === b3 ? 1 : 0) +
        (ring[q + 5] === b3 ? 1 : 0) +
        (ring[q + 6] === b3 ? 1 : 0) +
        (ring[q + 7] === b3 ? 1 : 0);
      if (hit !== 0) continue;
      const da = degree[a];
      if (da >= RING && listedPastRing(over, da, a, b3)) continue;
      // the fast cases inline, the overflow rows out of line
      if (da < RING) {
        ring[q + da] = b3;
        degree[a] = da + 1;
      } else {
        appendPastRing(over, degree, a, b3);
      }
      if (b === a) continue;
      const db = degree[b];
      if (db < RING) {
        ring[RING * b + db] = 3 * a + 3;
        degree[b] = db + 1;
      } else {
        appendPastRing(over, degree, b, 3 * a + 3);
      }
    }
  }
  let nVertex = 0;
  let nExtra = 0;
  for (let v = 0; v < nv; v++) {
    if (degree[v] <= RING) continue;
    nVertex++;
    nExtra += degree[v] - RING;
  }
  const extraVertex = alloc(nVertex);
  const extraStart = alloc(nVertex + 1);
  const extra = alloc(nExtra);
  const { rows, first } = over;
  for (let v = 0, k = 0, j = 0; v < nv; v++) {
    const d = degree[v];
    invDegree[v] = d > 0 ? 0.5 / d : 0;
    if (d <= RING) continue;
    extraVertex[k++] = v;
    const end = j + d - RING;
    for (let r = first[v]; r !== 0; r = rows[ROW * r + RING]) {
      for (let s = 0; s < RING && j < end; s++) extra[j++] = rows[ROW * r + s];
    }
    extraStart[k] = j;
  }
  return { extraVertex, extraStart, extra };
}

/** whether vertex a (degree d > RING) lists neighbour `u` (3 * (index + 1)) in its overflow rows */
function listedPastRing(over: Overflow, d: number, a: number, u: number): boolean {
  for (let r = over.first[a], k = RING; r !== 0; r = over.rows[ROW * r + RING]) {
    for (let s = 0; s < RING && k < d; s++, k++) if (over.rows[ROW * r + s] === u) return true;
  }
  return false;
}

/** appends neighbour `u` (3 * (index + 1)) to vertex a, whose eight slots are taken */
function appendPastRing(over: Overflow, degree: Int32Array, a: number, u: number): void {
  const d = degree[a];
  degree[a] = d + 1;
  let last = 0;
  for (let r = over.first[a]; r !== 0; r = over.rows[ROW * r + RING]) last = r;
  const slot = (d - RING) % RING;
  let row = last;
  if (slot === 0) {
    row = over.count++;
    if (ROW * over.count > over.rows.length) {
      const grown = new Int32Array(Math.max(64 * ROW, 2 * over.rows.length));
      grown.set(over.rows);
      over.rows = grown;
    }
    over.rows[ROW * row + RING] = 0;
    if (last === 0) over.first[a] = row;
    else over.rows[ROW * last + RING] = row;
  }
  over.rows[ROW * row + slot] = u;
}
