/*
 * The windowed-sinc step kernel (WebAssembly) of smooth-windowed-sinc.ts: one half step of the
 * Chebyshev recursion over a range of vertices, as the TypeScript version it replaced
 * (session 6) computed it, bit for bit: values are read from Float32 arrays and summed in
 * double in the same order, every store into a Float32 array rounds to Float32, the Chebyshev
 * sum is double; no FMA contraction (-ffp-contract=off).
 *
 * No state and no stack: every array is an argument (a byte offset into the imported memory,
 * shared between threads: smooth-windowed-sinc.ts lays the arrays out there), so several
 * threads may run it at once on disjoint vertex ranges over one memory.
 *
 * Built by scripts/build-wasm.mjs (clang --target=wasm32 -O3, no libc, shared memory); the
 * bytes are embedded in windowed-sinc-wasm-bytes.ts, and a test checks they are this file's
 * build.
 */
typedef int i32;
typedef float f32;
typedef double f64;

#define EXPORT(name) __attribute__((export_name(name)))

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
