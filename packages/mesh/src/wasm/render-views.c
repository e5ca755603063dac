/*
 * The triangle rasteriser of renderViews (render-views.ts) in WebAssembly: one part's
 * triangles drawn into one view, as the TypeScript loop it replaced (session 6) drew them,
 * pixel for pixel: projected vertices stored as Float32, everything else in double, the depth
 * buffer Float32, channels rounded as Math.round rounds (ties up); no FMA contraction.
 *
 * Memory: the bump allocator of kernel.h over the module's own memory (one instance per
 * renderViews call).
 * Built by scripts/build-wasm.mjs; the bytes are embedded in render-views-wasm-bytes.ts, and a
 * test checks they are this file's build.
 */
#define KERNEL_OWN_MEMORY
#include "kernel.h"

/* a channel as a Uint8Array stores Math.round(x) for x in [0, 255.5): the nearest integer,
   ties towards +infinity; NaN as 0 (a float-to-int conversion of NaN would trap) */
static u8 channel(f64 x) {
  if (!(x >= 0 && x < 255.5)) return x >= 255.5 ? 255 : 0;
  const f64 f = __builtin_floor(x);
  return (u8)(i32)(x - f >= 0.5 ? f + 1 : f);
}

/*
 * Draws the `nt` triangles T of the `nv` vertices P (xyz, LPS mm) into the view at columns
 * ox .. ox + size - 1 of the RGBA raster (`width` pixels a row) with the z-buffer `depth`
 * (size x size, Float32): every vertex projected once (about `c`, by `scale`, on the view's
 * image axes s and u and towards the viewer w; into vx, vy, vz), back faces culled, then the
 * pixels whose centre lies in a triangle, nearer than the depth there, Lambert-shaded from the
 * light direction l (length ll) in `color` (r, g, b).
 */
EXPORT("rasterPart")
void rasterPart(const f32 *P, i32 nv, const u32 *T, i32 nt, f32 *vx, f32 *vy, f32 *vz,
                f32 *depth, u8 *rgba, i32 size, i32 width, i32 ox, f64 cx, f64 cy, f64 cz,
                f64 scale, f64 s0, f64 s1, f64 s2, f64 u0, f64 u1, f64 u2, f64 w0, f64 w1,
                f64 w2, f64 lx, f64 ly, f64 lz, f64 ll, f64 red, f64 green, f64 blue) {
  for (i32 v = 0, i = 0; v < nv; v++, i += 3) {
    const f64 x = (f64)P[i] - cx;
    const f64 y = (f64)P[i + 1] - cy;
    const f64 z = (f64)P[i + 2] - cz;
    vx[v] = (f32)(size / 2.0 + scale * (x * s0 + y * s1 + z * s2));
    vy[v] = (f32)(size / 2.0 - scale * (x * u0 + y * u1 + z * u2));
    vz[v] = (f32)(x * w0 + y * w1 + z * w2);
  }
  for (i32 t = 0; t < 3 * nt; t += 3) {
    const u32 a = T[t];
    const u32 b = T[t + 1];
    const u32 c = T[t + 2];
    const f64 px0 = vx[a], px1 = vx[b], px2 = vx[c];
    const f64 py0 = vy[a], py1 = vy[b], py2 = vy[c];
    const f64 area = (px1 - px0) * (py2 - py0) - (px2 - px0) * (py1 - py0);
    if (area >= 0) continue;
    const f64 xLo = px0 < px1 ? (px0 < px2 ? px0 : px2) : px1 < px2 ? px1 : px2;
    const f64 xHi = px0 > px1 ? (px0 > px2 ? px0 : px2) : px1 > px2 ? px1 : px2;
    f64 x0 = __builtin_ceil(xLo - 0.5);
    f64 x1 = __builtin_floor(xHi - 0.5);
    if (x0 > x1) continue;
    const f64 yLo = py0 < py1 ? (py0 < py2 ? py0 : py2) : py1 < py2 ? py1 : py2;
    const f64 yHi = py0 > py1 ? (py0 > py2 ? py0 : py2) : py1 > py2 ? py1 : py2;
    f64 y0 = __builtin_ceil(yLo - 0.5);
    f64 y1 = __builtin_floor(yHi - 0.5);
    if (y0 > y1) continue;
    if (x0 < 0) x0 = 0;
    if (x1 > size - 1) x1 = size - 1;
    if (y0 < 0) y0 = 0;
    if (y1 > size - 1) y1 = size - 1;
    /* (NaN bounds, from non-finite positions, draw nothing, as the loops would not run) */
    if (!(x0 <= x1) || !(y0 <= y1)) continue;
    const f64 pz0 = vz[a], pz1 = vz[b], pz2 = vz[c];
    const f64 ux = (f64)P[3 * b] - (f64)P[3 * a];
    const f64 uy = (f64)P[3 * b + 1] - (f64)P[3 * a + 1];
    const f64 uz = (f64)P[3 * b + 2] - (f64)P[3 * a + 2];
    const f64 wx = (f64)P[3 * c] - (f64)P[3 * a];
    const f64 wy = (f64)P[3 * c + 1] - (f64)P[3 * a + 1];
    const f64 wz = (f64)P[3 * c + 2] - (f64)P[3 * a + 2];
    const f64 nx = uy * wz - uz * wy;
    const f64 ny = uz * wx - ux * wz;
    const f64 nz = ux * wy - uy * wx;
    f64 nl = __builtin_sqrt(nx * nx + ny * ny + nz * nz);
    if (!(nl < 0 || nl > 0)) nl = 1; /* `|| 1`: 0 and NaN */
    const f64 lambertRaw = (nx * lx + ny * ly + nz * lz) / (nl * ll);
    /* Math.max(0, v): NaN stays NaN */
    const f64 lambert = lambertRaw != lambertRaw ? lambertRaw : lambertRaw > 0 ? lambertRaw : 0;
    const f64 shade = 0.22 + 0.78 * lambert;
    const u8 r8 = channel(red * shade);
    const u8 g8 = channel(green * shade);
    const u8 b8 = channel(blue * shade);
    for (i32 y = (i32)y0; y <= (i32)y1; y++) {
      for (i32 x = (i32)x0; x <= (i32)x1; x++) {
        const f64 qx = x + 0.5;
        const f64 qy = y + 0.5;
        const f64 e0 = ((px1 - qx) * (py2 - qy) - (px2 - qx) * (py1 - qy)) / area;
        const f64 e1 = ((px2 - qx) * (py0 - qy) - (px0 - qx) * (py2 - qy)) / area;
        const f64 e2 = 1 - e0 - e1;
        if (e0 < 0 || e1 < 0 || e2 < 0) continue;
        const f64 z = e0 * pz0 + e1 * pz1 + e2 * pz2;
        const i32 d = y * size + x;
        if (z <= (f64)depth[d]) continue;
        depth[d] = (f32)z;
        u8 *o = rgba + 4 * (y * width + ox + x);
        o[0] = r8;
        o[1] = g8;
        o[2] = b8;
      }
    }
  }
}
