/*
 * The windowed-sinc step kernel (WebAssembly) of smooth-windowed-sinc.ts: one half step of the
 * Chebyshev recursion over a range of vertices, as the TypeScript version it replaced
 * (session 6) computed it, bit for bit: values are read from Float32 arrays and summed in
 * double in the same order, every store into a Float32 array rounds to Float32, the Chebyshev
 * sum is double; no FMA contraction (-ffp-contract=off).
 *
 * No state and no stack (no global, no pointer to a local): every array is an argument (a byte offset into the imported memory,
 * shared between threads: smooth-windowed-sinc.ts lays the arrays out there), so several
 * threads may run it at once on disjoint vertex ranges over one memory.
 *
 * Built by scripts/build-wasm.mjs (clang --target=wasm32 -O3, no libc, shared memory); the
 * bytes are embedded in windowed-sinc-wasm-bytes.ts, and a test checks they are this file's
 * build.
 */
#include "kernel.h"

enum { RING = 8 };

/*
 * out = scale * (x + mean(neighbours(x))) / 2 - (minus or 0) over vertices [v0, v1), vertex v
 * at 3 * (v + 1) in x, out, minus and sum (the zero vertex at 0); `minus` may be `out` (its
 * value at a vertex is read before that vertex is written) or 0 (none). With `terms` 1..3:
 * sum += c2 minus, c1 x (as many as the terms ask for, oldest first) and c out; `fresh`: the
 * sum starts with these terms (not yet written). Isolated vertices keep x (times scale, minus
 * `minus`). `ring`: RING slots per vertex, 3 * (index + 1) of each neighbour (unused: 0, the
 * zero vertex, which adds +0); the neighbours past the eighth of the vertices extraVertex[k]
 * (ascending, k from `firstExtra` on: the first at or above v0) are extra[extraStart[k] ..
 * extraStart[k + 1]); invDegree[v] = 0.5 / degree (0: isolated).
 */
EXPORT("halfStep")
void halfStep(const i32 *ring, const i32 *extraVertex, i32 extraCount, const i32 *extraStart,
              const i32 *extra, i32 firstExtra, const f32 *invDegree, const f32 *x, f32 *out,
              f64 scale, const f32 *minus, i32 terms, i32 fresh, f64 c2, f64 c1, f64 c, f64 *sum,
              i32 v0, i32 v1) {
  i32 k = firstExtra;
  i32 next = k < extraCount ? extraVertex[k] : -1;
  for (i32 v = v0; v < v1; v++) {
    const i32 *q = ring + RING * v;
    const i32 u0 = q[0], u1 = q[1], u2 = q[2], u3 = q[3];
    const i32 u4 = q[4], u5 = q[5], u6 = q[6], u7 = q[7];
    f64 mx = 0.0 + (f64)x[u0] + (f64)x[u1] + (f64)x[u2] + (f64)x[u3];
    mx = mx + (f64)x[u4] + (f64)x[u5] + (f64)x[u6] + (f64)x[u7];
    f64 my = 0.0 + (f64)x[u0 + 1] + (f64)x[u1 + 1] + (f64)x[u2 + 1] + (f64)x[u3 + 1];
    my = my + (f64)x[u4 + 1] + (f64)x[u5 + 1] + (f64)x[u6 + 1] + (f64)x[u7 + 1];
    f64 mz = 0.0 + (f64)x[u0 + 2] + (f64)x[u1 + 2] + (f64)x[u2 + 2] + (f64)x[u3 + 2];
    mz = mz + (f64)x[u4 + 2] + (f64)x[u5 + 2] + (f64)x[u6 + 2] + (f64)x[u7 + 2];
    if (v == next) {
      for (i32 j = extraStart[k], e = extraStart[k + 1]; j < e; j++) {
        const i32 u = extra[j];
        mx += x[u];
        my += x[u + 1];
        mz += x[u + 2];
      }
      k++;
      next = k < extraCount ? extraVertex[k] : -1;
    }
    const i32 o = 3 * v + 3;
    const f64 w = invDegree[v];
    const f64 px = x[o];
    const f64 py = x[o + 1];
    const f64 pz = x[o + 2];
    f64 rx = px;
    f64 ry = py;
    f64 rz = pz;
    if (w > 0) {
      rx = 0.5 * rx + w * mx;
      ry = 0.5 * ry + w * my;
      rz = 0.5 * rz + w * mz;
    }
    rx *= scale;
    ry *= scale;
    rz *= scale;
    f64 ax = 0;
    f64 ay = 0;
    f64 az = 0;
    if (minus) {
      ax = minus[o];
      ay = minus[o + 1];
      az = minus[o + 2];
      rx -= ax;
      ry -= ay;
      rz -= az;
    }
    out[o] = (f32)rx;
    out[o + 1] = (f32)ry;
    out[o + 2] = (f32)rz;
    if (terms == 0) continue;
    /* the rounded float32 values, oldest first, as a pass per step would add them */
    f64 sx = 0;
    f64 sy = 0;
    f64 sz = 0;
    if (terms == 3) {
      sx = c2 * ax;
      sy = c2 * ay;
      sz = c2 * az;
      if (!fresh) {
        sx = sum[o] + sx;
        sy = sum[o + 1] + sy;
        sz = sum[o + 2] + sz;
      }
      sx += c1 * px;
      sy += c1 * py;
      sz += c1 * pz;
    } else if (terms == 2) {
      sx = c1 * px;
      sy = c1 * py;
      sz = c1 * pz;
      if (!fresh) {
        sx = sum[o] + sx;
        sy = sum[o + 1] + sy;
        sz = sum[o + 2] + sz;
      }
    } else {
      sx = sum[o];
      sy = sum[o + 1];
      sz = sum[o + 2];
    }
    sum[o] = sx + c * (f64)out[o];
    sum[o + 1] = sy + c * (f64)out[o + 1];
    sum[o + 2] = sz + c * (f64)out[o + 2];
  }
}

/*
 * The neighbour rings: RING slots per vertex, then overflow rows of RING slots and the next
 * row's index (0: none; row 0 is unused), chained per vertex from first[v].
 */
enum { ROW = RING + 1 };

/* whether vertex a (degree d > RING) lists neighbour u in its overflow rows */
static i32 listedPastRing(const i32 *first, const i32 *rows, i32 d, i32 a, i32 u) {
  for (i32 r = first[a], k = RING; r != 0; r = rows[ROW * r + RING]) {
    for (i32 s = 0; s < RING && k < d; s++, k++)
      if (rows[ROW * r + s] == u) return 1;
  }
  return 0;
}

/*
 * appends neighbour u to vertex a, whose RING slots are taken, with `count` rows in use;
 * returns the rows in use after, or -1 when no row is left (no pointer to a local: this
 * module has no stack, so threads can share its memory)
 */
static i32 appendPastRing(i32 *degree, i32 *first, i32 *rows, i32 count, i32 capacity, i32 a,
                          i32 u) {
  const i32 d = degree[a];
  degree[a] = d + 1;
  i32 last = 0;
  for (i32 r = first[a]; r != 0; r = rows[ROW * r + RING]) last = r;
  const i32 slot = (d - RING) % RING;
  i32 row = last;
  if (slot == 0) {
    row = count++;
    if (row >= capacity) return -1;
    rows[ROW * row + RING] = 0;
    if (last == 0) first[a] = row;
    else rows[ROW * last + RING] = row;
  }
  rows[ROW * row + slot] = u;
  return count;
}

/*
 * First pass of the neighbour rings (vertexRings of smooth-windowed-sinc.ts) over the `n`
 * corners of triangles T: the unique edge neighbours of every vertex as 3 * (index + 1) (its
 * offset in the filter's buffers; unused slots stay 0, the zero vertex) in `ring` (RING slots
 * a vertex) and, past RING, in overflow rows (at most `capacity`, chained from first[v]);
 * degree[v] counts them. Order: both ends of every triangle edge in triangle order (a -> b,
 * then b -> a), a neighbour kept where it first appears (so the sums are those of the former
 * CSR dedupe, bit for bit). An edge's ends list each other or neither, so one look-up serves
 * both. `ring`, `degree` and `first` start zeroed. Returns the rows used (row 0 included), or
 * -1 when `capacity` rows were not enough (zero the arrays and call again with more).
 */
EXPORT("ringsPass")
i32 ringsPass(const i32 *T, i32 n, i32 *ring, i32 *degree, i32 *first, i32 *rows, i32 capacity) {
  i32 count = 1;
  for (i32 t = 0; t < n; t += 3) {
    for (i32 k = 0; k < 3; k++) {
      const i32 a = T[t + k];
      const i32 b = T[t + (k == 2 ? 0 : k + 1)];
      const i32 b3 = 3 * b + 3;
      i32 *q = ring + RING * a;
      const i32 hit = (q[0] == b3) + (q[1] == b3) + (q[2] == b3) + (q[3] == b3) +
                      (q[4] == b3) + (q[5] == b3) + (q[6] == b3) + (q[7] == b3);
      if (hit != 0) continue;
      const i32 da = degree[a];
      if (da >= RING && listedPastRing(first, rows, da, a, b3)) continue;
      if (da < RING) {
        q[da] = b3;
        degree[a] = da + 1;
      } else if ((count = appendPastRing(degree, first, rows, count, capacity, a, b3)) < 0) {
        return -1;
      }
      if (b == a) continue;
      const i32 db = degree[b];
      if (db < RING) {
        ring[RING * b + db] = 3 * a + 3;
        degree[b] = db + 1;
      } else if ((count = appendPastRing(degree, first, rows, count, capacity, b, 3 * a + 3)) < 0) {
        return -1;
      }
    }
  }
  return count;
}

/* the vertices with more than RING neighbours and their neighbours past RING, into out[0..1] */
EXPORT("ringsCount") void ringsCount(const i32 *degree, i32 nv, i32 *out) {
  i32 vertices = 0;
  i32 extra = 0;
  for (i32 v = 0; v < nv; v++) {
    if (degree[v] <= RING) continue;
    vertices++;
    extra += degree[v] - RING;
  }
  out[0] = vertices;
  out[1] = extra;
}

/*
 * Last pass of the rings: degree[v] (Int32) replaced by 0.5 / degree (Float32; 0 when
 * isolated) in the same words, and the overflow rows gathered into the extra lists: the
 * vertices past RING in ascending order in extraVertex, their neighbours past RING in
 * extra[extraStart[k] .. extraStart[k + 1]) (extraStart[0] zeroed).
 */
EXPORT("ringsFinish")
void ringsFinish(i32 *degree, i32 nv, const i32 *first, const i32 *rows, i32 *extraVertex,
                 i32 *extraStart, i32 *extra) {
  f32 *invDegree = (f32 *)degree;
  for (i32 v = 0, k = 0, j = 0; v < nv; v++) {
    const i32 d = degree[v];
    invDegree[v] = d > 0 ? (f32)(0.5 / (f64)d) : 0;
    if (d <= RING) continue;
    extraVertex[k++] = v;
    const i32 end = j + d - RING;
    for (i32 r = first[v]; r != 0; r = rows[ROW * r + RING]) {
      for (i32 s = 0; s < RING && j < end; s++) extra[j++] = rows[ROW * r + s];
    }
    extraStart[k] = j;
  }
}
