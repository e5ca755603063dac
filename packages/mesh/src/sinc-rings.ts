/** Neighbour slots per vertex in `WindowedSincState.ring` (98 % of Surface Nets vertices have <= 8). */
export const RING = 8;

/**
 * The filter's buffers hold the vertices in blocks of 2^BLOCK_SHIFT (2048), each block after
 * a zero vertex: vertex v at slot v + (v >> 11) + 1, block k's zero vertex at slot 2049 k.
 * So every vertex has a zero vertex within 2049 slots, which its unused 16-bit ring entries
 * (0) address.
 */
export const BLOCK_SHIFT = 11;

/** the slot of vertex v in the filter's buffers (see BLOCK_SHIFT) */
export function slotOf(v: number): number {
  return v + (v >> BLOCK_SHIFT) + 1;
}

/** slots (vertices and zero vertices) of the filter's buffers for `vertexCount` vertices */
export function slotCount(vertexCount: number): number {
  return vertexCount === 0 ? 1 : slotOf(vertexCount - 1) + 1;
}

/** 3 * (slot of the zero vertex of v's block): the base of v's 16-bit ring entries */
export function ringBase(v: number): number {
  return 3 * ((1 << BLOCK_SHIFT) + 1) * (v >> BLOCK_SHIFT);
}

/** entries reach +-10922 slots from the block's zero vertex (3 * 10922 = 32766) */
const REACH = 32766;
/** ring[RING * v] of a vertex whose neighbours live in rows (see vertexRings) */
const FAR = -32768;

/**
 * The neighbours that the 16-bit ring cannot hold: of "far" vertices (one neighbour beyond
 * the entries' reach, e.g. pinch splits appended at the end, or more than eight neighbours),
 * 1.2 % of the corpus bone's vertices.
 */
export interface Rings {
  /** ascending: the far vertices */
  readonly farVertex: Int32Array;
  /** RING slots per far vertex: 3 * slot of each of its first eight neighbours (unused 0) */
  readonly farRing: Int32Array;
  /** ascending: the vertices with more than eight neighbours (all far) */
  readonly extraVertex: Int32Array;
  /** their further neighbours (3 * slot): extraVertex[k]'s in extraStart[k] .. extraStart[k + 1] */
  readonly extraStart: Int32Array;
  readonly extra: Int32Array;
}

/**
 * Neighbour rows of far vertices while the rings are built: RING slots (3 * slot of a
 * neighbour) + the next row's index (0: none; row 0 is unused).
 */
interface Rows {
  data: Int32Array;
  count: number;
}
const ROW = RING + 1;

/**
 * Unique edge neighbours of every vertex (internal, for the windowed sinc), into `ring` (RING
 * 16-bit entries a vertex, zeroed, e.g. fresh memory) and `invDegree` (0.5 / degree, 0 for an
 * isolated vertex); the far vertices' lists are allocated from `alloc`. A near vertex v lists
 * neighbour u as 3 * (slotOf(u) - zero slot of v's block), so its neighbour's values sit at
 * ringBase(v) + entry and an unused entry (0) reads the zero vertex. Order: both ends of every
 * triangle edge in triangle order (a -> b, then b -> a), a neighbour kept where it first
 * appears (the order of the former CSR dedupe, so sums are bit for bit the same). The entries
 * of a vertex share a cache line, so the duplicate test is eight compares without branches.
 */
export function vertexRings(
  T: Uint32Array,
  ring: Int16Array,
  invDegree: Float32Array,
  alloc: (bytes: number) => ArrayBufferLike,
): Rings {
  const nv = invDegree.length;
  // the neighbour counts live there until they become 0.5 / degree
  const degree = new Int32Array(invDegree.buffer, invDegree.byteOffset, nv);
  const rows: Rows = { data: new Int32Array(64 * ROW), count: 1 };
  for (let t = 0; t < T.length; t += 3) {
    const i = T[t];
    const j = T[t + 1];
    const k = T[t + 2];
    addEdge(ring, degree, rows, i, j);
    addEdge(ring, degree, rows, j, k);
    addEdge(ring, degree, rows, k, i);
  }
  let nFar = 0;
  let nVertex = 0;
  let nExtra = 0;
  for (let v = 0; v < nv; v++) {
    if (ring[RING * v] !== FAR) continue;
    nFar++;
    if (degree[v] <= RING) continue;
    nVertex++;
    nExtra += degree[v] - RING;
  }
  const farVertex = new Int32Array(alloc(4 * nFar));
  const farRing = new Int32Array(alloc(4 * RING * nFar));
  const extraVertex = new Int32Array(alloc(4 * nVertex));
  const extraStart = new Int32Array(alloc(4 * (nVertex + 1)));
  const extra = new Int32Array(alloc(4 * nExtra));
  const R = rows.data;
  for (let v = 0, f = 0, k = 0, j = 0; v < nv; v++) {
    const d = degree[v];
    invDegree[v] = d > 0 ? 0.5 / d : 0;
    if (ring[RING * v] !== FAR) continue;
    farVertex[f] = v;
    let r = firstRow(ring, RING * v);
    for (let s = 0; s < RING && s < d; s++) farRing[RING * f + s] = R[ROW * r + s];
    f++;
    if (d <= RING) continue;
    extraVertex[k++] = v;
    const end = j + d - RING;
    for (r = R[ROW * r + RING]; r !== 0; r = R[ROW * r + RING]) {
      for (let s = 0; s < RING && j < end; s++) extra[j++] = R[ROW * r + s];
    }
    extraStart[k] = j;
  }
  return { farVertex, farRing, extraVertex, extraStart, extra };
}

/** records the edge a - b at both ends unless a lists b already (an edge's ends list each other or neither) */
function addEdge(ring: Int16Array, degree: Int32Array, rows: Rows, a: number, b: number): void {
  const q = RING * a;
  const u = 3 * slotOf(b);
  if (ring[q] === FAR) {
    if (listedInRows(rows, firstRow(ring, q), degree[a], u)) return;
    appendToRows(rows, ring, degree, a, u);
  } else {
    const e = u - ringBase(a);
    // a near vertex lists only neighbours within reach
    if (e >= -REACH && e <= REACH) {
      const hit =
        (ring[q] === e ? 1 : 0) +
        (ring[q + 1] === e ? 1 : 0) +
        (ring[q + 2] === e ? 1 : 0) +
        (ring[q + 3] === e ? 1 : 0) +
        (ring[q + 4] === e ? 1 : 0) +
        (ring[q + 5] === e ? 1 : 0) +
        (ring[q + 6] === e ? 1 : 0) +
        (ring[q + 7] === e ? 1 : 0);
      if (hit !== 0) return;
    }
    append(ring, degree, rows, a, u);
  }
  if (b !== a) append(ring, degree, rows, b, 3 * slotOf(a));
}

/** appends neighbour `u` (3 * slot) to vertex v (not listed there) */
function append(ring: Int16Array, degree: Int32Array, rows: Rows, v: number, u: number): void {
  const q = RING * v;
  if (ring[q] !== FAR) {
    const e = u - ringBase(v);
    const d = degree[v];
    // the common case inline
    if (d < RING && e >= -REACH && e <= REACH) {
      ring[q + d] = e;
      degree[v] = d + 1;
      return;
    }
    makeFar(ring, degree, rows, v);
  }
  appendToRows(rows, ring, degree, v, u);
}

/** moves near vertex v's entries into a new row (as 3 * slot) and marks it far */
function makeFar(ring: Int16Array, degree: Int32Array, rows: Rows, v: number): void {
  const q = RING * v;
  const r = newRow(rows);
  const base = ringBase(v);
  for (let s = 0; s < degree[v]; s++) rows.data[ROW * r + s] = base + ring[q + s];
  ring[q] = FAR;
  ring[q + 1] = r & 0xffff; // stored modulo 2^16
  ring[q + 2] = r >> 16;
}

/** the first row of far vertex at ring offset q */
function firstRow(ring: Int16Array, q: number): number {
  return (ring[q + 1] & 0xffff) | (ring[q + 2] << 16);
}

function newRow(rows: Rows): number {
  const r = rows.count++;
  if (ROW * rows.count > rows.data.length) {
    const grown = new Int32Array(2 * rows.data.length);
    grown.set(rows.data);
    rows.data = grown;
  }
  rows.data.fill(0, ROW * r, ROW * r + ROW);
  return r;
}

/** whether the rows from `r` list `u` among their first d entries */
function listedInRows(rows: Rows, r: number, d: number, u: number): boolean {
  const R = rows.data;
  for (let k = 0; r !== 0; r = R[ROW * r + RING]) {
    for (let s = 0; s < RING && k < d; s++, k++) if (R[ROW * r + s] === u) return true;
  }
  return false;
}

/** appends `u` (3 * slot) to far vertex v's rows */
function appendToRows(
  rows: Rows,
  ring: Int16Array,
  degree: Int32Array,
  v: number,
  u: number,
): void {
  const d = degree[v];
  degree[v] = d + 1;
  let r = firstRow(ring, RING * v);
  for (let n = d; n >= RING; n -= RING) {
    let next = rows.data[ROW * r + RING];
    if (next === 0) {
      next = newRow(rows);
      rows.data[ROW * r + RING] = next;
    }
    r = next;
  }
  rows.data[ROW * r + (d % RING)] = u;
}
