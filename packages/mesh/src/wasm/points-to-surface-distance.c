/*
 * pointsToSurfaceDistance (points-to-surface-distance.ts, which documents the method) in
 * WebAssembly: the same two passes over the mesh, the same query grids, the same arithmetic
 * (float32 inputs computed in double, no FMA contraction), so the same max and mean bit for
 * bit as the TypeScript it replaced (session 8; kept as the tests' reference). In a fresh
 * worker the TypeScript ran cold, mostly before the optimising compiler: corpus CT deviation
 * 230-350 ms there against ~105 ms warm.
 *
 * Memory: the bump allocator of kernel.h over the module's own memory (one instance per call);
 * a pass-1 grid is dropped (its bytes zeroed, the allocator reset) once its round is done.
 * Built by scripts/build-wasm.mjs; the bytes are embedded in
 * points-to-surface-distance-wasm-bytes.ts, and a test checks they are this file's build.
 *
 * Calls, from points-to-surface-distance.ts: reserveMesh and the positions written where
 * positionsAt says (possibly ahead of time: prepareSurfaceDistance); reservePoints and the
 * points written where pointsAt says; prepare (with the usual triangle's size, measured there);
 * rounds of pass 1 (beginRound, corners per block of triangles, endRound) while beginRound
 * returns 1; grid; queries per block; result. The triangles come a block at a time into one
 * window (trianglesAt): the mesh's index array is never copied whole into fresh pages (12 MB
 * of them took ~22 ms on the corpus CT), and the optimising tier takes over between calls
 * (WebAssembly has no on-stack replacement).
 */
#define KERNEL_OWN_MEMORY
#include "kernel.h"

enum {
  /* cells of pass 2 per mean point box (edge / half-size) */
  CELL_FACTOR = 3,
  /* pass 1 takes the first corner of every CORNER_STRIDE-th triangle */
  CORNER_STRIDE = 2,
};
/* most cells of a query grid (a bit and 1/8 byte each); larger cells beyond that */
#define MAX_CELLS 16777216.0
#define INF __builtin_inf()

static i32 n, nv, block;
static f32 *points;
static f32 *P;
/* the window: a block of triangles (vertex ids) */
static u32 *T;
static f64 *bound, *best, *half, *sized;
static i32 *list, *ready;
/* the finite points' bounds (min xyz, max xyz), the usual triangle (half-sizes xyz, mean edge) */
static f64 box[6], size[4];
/* ready points: count, sum and max of their half-sizes */
static f64 acc[3];
static i32 pendingCount;
static f64 h;
static f64 result[2];

/* a query grid (QueryCells of query-cells.ts) */
typedef struct {
  f64 cell, x0, y0, z0;
  i32 dx, dy, dz;
  i32 *bits, *rank, *start, *ids;
} Grid;
static Grid pass2;
static f64 pad[3];
static i32 *stamp;

/* Math.max(a, b) for a not NaN: b when b is NaN */
static f64 dmax(f64 a, f64 b) { return a > b ? a : b; }

/* first entry of occupied cell c (start[slot + 1] ends them), or -1 when empty */
static i32 cellSlot(const Grid *g, i32 c) {
  const u32 word = (u32)g->bits[(u32)c >> 5];
  const i32 bit = c & 31;
  if (((word >> bit) & 1) == 0) return -1;
  return g->rank[(u32)c >> 5] + __builtin_popcount(word & ((1u << bit) - 1));
}

/* room for a mesh of nv vertices and a window of `blockSize` triangles (even); 0 when out of
   memory. First: a prepared mesh keeps its pages and positions when the points come. */
EXPORT("reserveMesh") i32 reserveMesh(i32 vertexCount, i32 blockSize) {
  nv = vertexCount;
  block = blockSize;
  P = (f32 *)alloc(12u * (u32)nv);
  T = (u32 *)alloc(12u * (u32)block);
  return P && T;
}

/* room for n points and their per-point arrays; 0 when out of memory */
EXPORT("reservePoints") i32 reservePoints(i32 pointCount) {
  n = pointCount;
  points = (f32 *)alloc(12u * (u32)n);
  bound = (f64 *)alloc(8u * (u32)n);
  best = (f64 *)alloc(8u * (u32)n);
  half = (f64 *)alloc(8u * (u32)n);
  sized = (f64 *)alloc(8u * (u32)n);
  list = (i32 *)alloc(4u * (u32)n);
  ready = (i32 *)alloc(4u * (u32)n);
  return points && bound && best && half && sized && list && ready;
}
EXPORT("pointsAt") u32 pointsAt(void) { return (u32)points; }
EXPORT("positionsAt") u32 positionsAt(void) { return (u32)P; }
EXPORT("trianglesAt") u32 trianglesAt(void) { return (u32)T; }

/* the finite points' ids into list (returns their count), their bounds into box */
static i32 finitePoints(void) {
  f64 x0 = INF, y0 = INF, z0 = INF;
  f64 x1 = -INF, y1 = -INF, z1 = -INF;
  i32 np = 0;
  for (i32 q = 0; q < n; q++) {
    const f64 x = points[3 * q];
    const f64 y = points[3 * q + 1];
    const f64 z = points[3 * q + 2];
    const f64 sum = x + y + z;
    if (sum - sum != 0) {
      bound[q] = __builtin_nan("");
      continue;
    }
    list[np++] = q;
    if (x < x0) x0 = x;
    if (y < y0) y0 = y;
    if (z < z0) z0 = z;
    if (x > x1) x1 = x;
    if (y > y1) y1 = y;
    if (z > z1) z1 = z;
  }
  box[0] = x0, box[1] = y0, box[2] = z0, box[3] = x1, box[4] = y1, box[5] = z1;
  return np;
}

/* JavaScript's `x | 0` (ToInt32): truncation; NaN and infinities 0, beyond 32 bits modulo 2^32
   (only non-finite input gets there: the boxes lie inside the grid) */
static i32 trunc32(f64 x) {
  if (x > -2147483649.0 && x < 2147483648.0) return (i32)x;
  if (x != x || x == INF || x == -INF) return 0;
  const f64 t = __builtin_trunc(x);
  return (i32)(u32)(t - __builtin_floor(t / 4294967296.0) * 4294967296.0);
}

/* cells along an axis of extent e (floor(e · inv) + 1); a non-finite count (non-finite input:
   JavaScript's grid then has NaN cells, where every lookup fails its range test) is 1 cell,
   where it fails the same way */
static i32 cellCount(f64 e, f64 inv) {
  const f64 d = __builtin_floor(e * inv) + 1;
  return d >= 1 && d <= MAX_CELLS ? (i32)d : 1;
}

/*
 * The points `ids` (count of them) as boxes of half-size half[q] + pad[axis] registered in
 * every cell of `cell` mm (larger when more than MAX_CELLS would be needed) that they overlap;
 * the grid spans box grown by `reach` plus the padding (queryCells of query-cells.ts).
 * Returns 0 when out of memory.
 */
static i32 queryCells(Grid *g, const i32 *ids, i32 count, const f64 *halfOf, f64 cell,
                      const f64 *padding, f64 reach) {
  const f64 x0 = box[0] - reach - padding[0];
  const f64 y0 = box[1] - reach - padding[1];
  const f64 z0 = box[2] - reach - padding[2];
  const f64 ex = box[3] + reach + padding[0] - x0;
  const f64 ey = box[4] + reach + padding[1] - y0;
  const f64 ez = box[5] + reach + padding[2] - z0;
  f64 s = cell;
  while ((__builtin_floor(ex / s) + 1) * (__builtin_floor(ey / s) + 1) * (__builtin_floor(ez / s) + 1) >
         MAX_CELLS)
    s *= 1.25;
  const f64 inv = 1 / s;
  const i32 dx = cellCount(ex, inv);
  const i32 dy = cellCount(ey, inv);
  const i32 dz = cellCount(ez, inv);
  const u32 words = ((u32)dx * (u32)dy * (u32)dz + 31) >> 5;
  i32 *bits = (i32 *)alloc(4u * words);
  i32 *range = (i32 *)alloc(24u * (u32)count);
  i32 *rank = (i32 *)alloc(4u * (words + 1));
  if (!bits || !range || !rank) return 0;
  /* markBoxes: each box's cell range and its cells' bits; entries */
  const f64 padX = padding[0], padY = padding[1], padZ = padding[2];
  f64 entries = 0;
  for (i32 e = 0; e < count; e++) {
    const i32 q = ids[e];
    const f64 x = points[3 * q] - x0;
    const f64 y = points[3 * q + 1] - y0;
    const f64 z = points[3 * q + 2] - z0;
    const f64 rx = halfOf[q] + padX;
    const f64 ry = halfOf[q] + padY;
    const f64 rz = halfOf[q] + padZ;
    const i32 i0 = trunc32((x - rx) * inv);
    const i32 j0 = trunc32((y - ry) * inv);
    const i32 k0 = trunc32((z - rz) * inv);
    const i32 u = trunc32((x + rx) * inv);
    const i32 v = trunc32((y + ry) * inv);
    const i32 w = trunc32((z + rz) * inv);
    const i32 i1 = u < dx ? u : dx - 1;
    const i32 j1 = v < dy ? v : dy - 1;
    const i32 k1 = w < dz ? w : dz - 1;
    i32 *r = range + 6 * e;
    r[0] = i0, r[1] = j0, r[2] = k0, r[3] = i1, r[4] = j1, r[5] = k1;
    entries += (f64)(i1 - i0 + 1) * (j1 - j0 + 1) * (k1 - k0 + 1);
    for (i32 k = k0; k <= k1; k++) {
      for (i32 j = j0; j <= j1; j++) {
        for (i32 c = i0 + dx * (j + dy * k), end = c + i1 - i0; c <= end; c++) {
          bits[(u32)c >> 5] |= (i32)(1u << (c & 31));
        }
      }
    }
  }
  for (u32 w = 0; w < words; w++) rank[w + 1] = rank[w] + __builtin_popcount((u32)bits[w]);
  const i32 occupied = rank[words];
  i32 *start = (i32 *)alloc(4u * ((u32)occupied + 1));
  i32 *slots = entries < 1073741824.0 ? (i32 *)alloc(4u * (u32)entries) : 0;
  if (!start || !slots) return 0;
  g->cell = s, g->x0 = x0, g->y0 = y0, g->z0 = z0;
  g->dx = dx, g->dy = dy, g->dz = dz;
  g->bits = bits, g->rank = rank, g->start = start, g->ids = slots;
  /* countEntries: entries per occupied cell into start[slot + 1] (a row's cells have
     consecutive slots) */
  for (i32 e = 0; e < count; e++) {
    const i32 *r = range + 6 * e;
    const i32 di = r[3] - r[0];
    for (i32 k = r[2]; k <= r[5]; k++) {
      for (i32 j = r[1]; j <= r[4]; j++) {
        const i32 s0 = cellSlot(g, r[0] + dx * (j + dy * k));
        for (i32 sl = s0; sl <= s0 + di; sl++) start[sl + 1]++;
      }
    }
  }
  for (i32 sl = 0; sl < occupied; sl++) start[sl + 1] += start[sl];
  /* fillEntries: the query ids into their cells' lists; each slot's start moves to its end */
  for (i32 e = 0; e < count; e++) {
    const i32 q = ids[e];
    const i32 *r = range + 6 * e;
    const i32 di = r[3] - r[0];
    for (i32 k = r[2]; k <= r[5]; k++) {
      for (i32 j = r[1]; j <= r[4]; j++) {
        const i32 s0 = cellSlot(g, r[0] + dx * (j + dy * k));
        for (i32 sl = s0; sl <= s0 + di; sl++) slots[start[sl]++] = q;
      }
    }
  }
  for (i32 sl = occupied; sl > 0; sl--) start[sl] = start[sl - 1];
  start[0] = 0;
  return 1;
}

/*
 * The finite points, every bound Infinity (NaN for a non-finite point) and every best NaN; the
 * usual triangle (half-sizes along x, y, z, mean edge: triangleSizes of the TypeScript, which
 * samples 512 triangles) and the first pass-1 half-size, the mean edge. Returns the finite
 * points' count.
 */
EXPORT("prepare") i32 prepare(f64 sx, f64 sy, f64 sz, f64 meanEdge) {
  for (i32 q = 0; q < n; q++) bound[q] = INF;
  const i32 np = finitePoints();
  size[0] = sx, size[1] = sy, size[2] = sz, size[3] = meanEdge;
  for (i32 q = 0; q < n; q++) best[q] = __builtin_nan("");
  pendingCount = np;
  h = size[3];
  return np;
}

static Grid pass1;
static u32 pass1Mark;

/*
 * Pass 1, the start of a round: the pending points' boxes of half-size h in a grid. Returns 1
 * (then corners for every block, then endRound), 0 when pass 1 is over (the points left
 * without a corner anywhere get best = Infinity), -1 when out of memory.
 */
EXPORT("beginRound") i32 beginRound(void) {
  if (pendingCount == 0 || !(h < INF)) {
    for (i32 e = 0; e < pendingCount; e++) best[list[e]] = INF;
    pendingCount = 0;
    return 0;
  }
  pass1Mark = heapTop;
  for (i32 q = 0; q < n; q++) sized[q] = h;
  const f64 noPad[3] = {0, 0, 0};
  return queryCells(&pass1, list, pendingCount, sized, 2 * h, noPad, h) ? 1 : -1;
}

/*
 * Pass 1 over the window's `count` triangles (a block that starts at an even triangle): each
 * pending point's squared distance to the nearest first corner of every CORNER_STRIDE-th
 * triangle in its cell into bound (when smaller).
 */
EXPORT("corners") void corners(i32 count) {
  const Grid *g = &pass1;
  const f64 inv = 1 / g->cell;
  for (i32 t = 0; t < 3 * count; t += 3 * CORNER_STRIDE) {
    const u32 o = 3 * T[t];
    const f64 x = P[o];
    const f64 y = P[o + 1];
    const f64 z = P[o + 2];
    const f64 fi = (x - g->x0) * inv;
    const f64 fj = (y - g->y0) * inv;
    const f64 fk = (z - g->z0) * inv;
    if (!(fi >= 0 && fi < g->dx && fj >= 0 && fj < g->dy && fk >= 0 && fk < g->dz)) continue;
    const i32 s = cellSlot(g, (i32)fi + g->dx * ((i32)fj + g->dy * (i32)fk));
    if (s < 0) continue;
    for (i32 e = g->start[s], end = g->start[s + 1]; e < end; e++) {
      const i32 q = g->ids[e];
      const f64 ex = points[3 * q] - x;
      const f64 ey = points[3 * q + 1] - y;
      const f64 ez = points[3 * q + 2] - z;
      const f64 d = ex * ex + ey * ey + ez * ez;
      if (d < bound[q]) bound[q] = d;
    }
  }
}

/*
 * Pass 1, the end of a round: the points with a bound become ready (best = the bound a little
 * raised, half = its square root), the others stay pending for a round with h x4. Returns
 * the points still pending.
 */
EXPORT("endRound") i32 endRound(void) {
  /* the grid is done with: its memory goes back to the allocator, zeroed as fresh pages are */
  __builtin_memset((void *)pass1Mark, 0, heapTop - pass1Mark);
  heapTop = pass1Mark;
  i32 left = 0;
  i32 nq = (i32)acc[0];
  f64 rsum = acc[1];
  f64 rmax = acc[2];
  for (i32 e = 0; e < pendingCount; e++) {
    const i32 q = list[e];
    const f64 b = bound[q];
    if (b == INF) {
      list[left++] = q;
      continue;
    }
    const f64 d = b * (1 + 1e-6) + 1e-12;
    const f64 r = __builtin_sqrt(d);
    best[q] = d;
    half[q] = r;
    ready[nq++] = q;
    rsum += r;
    if (r > rmax) rmax = r;
  }
  acc[0] = nq, acc[1] = rsum, acc[2] = rmax;
  pendingCount = left;
  h *= 4;
  return pendingCount;
}

/* Pass 2's grid of the ready points' boxes (padded by the usual triangle), and the stamps.
   0: out of memory. */
EXPORT("grid") i32 grid(void) {
  const f64 nq = acc[0];
  if (nq == 0) return 1;
  pad[0] = size[0], pad[1] = size[1], pad[2] = size[2];
  f64 padded[3];
  for (i32 d = 0; d < 3; d++) padded[d] = pad[d] * (1 + 1e-6) + 1e-9;
  /* the stamps of large triangles' points, made here: the memory does not grow in queries */
  stamp = (i32 *)alloc(4u * (u32)n);
  if (!stamp) return 0;
  for (i32 q = 0; q < n; q++) stamp[q] = -1;
  const f64 mean = CELL_FACTOR * (acc[1] / nq);
  const f64 cell = mean != mean ? mean : dmax(mean, 1e-6);
  return queryCells(&pass2, ready, (i32)nq, half, cell, padded, acc[2]);
}

/* Ericson 5.1.5 (closest point on a triangle), squared distance; NaN when degenerate
   (closestOnTriangleSquared of point-triangle-distance.ts) */
static f64 closestOnTriangleSquared(f64 px, f64 py, f64 pz, u32 a, u32 b, u32 c) {
  const f64 ax = P[a], ay = P[a + 1], az = P[a + 2];
  const f64 abx = P[b] - ax, aby = P[b + 1] - ay, abz = P[b + 2] - az;
  const f64 acx = P[c] - ax, acy = P[c + 1] - ay, acz = P[c + 2] - az;
  const f64 apx = px - ax, apy = py - ay, apz = pz - az;
  const f64 d1 = abx * apx + aby * apy + abz * apz;
  const f64 d2 = acx * apx + acy * apy + acz * apz;
  if (d1 <= 0 && d2 <= 0) return apx * apx + apy * apy + apz * apz;
  const f64 bpx = px - P[b], bpy = py - P[b + 1], bpz = pz - P[b + 2];
  const f64 d3 = abx * bpx + aby * bpy + abz * bpz;
  const f64 d4 = acx * bpx + acy * bpy + acz * bpz;
  if (d3 >= 0 && d4 <= d3) return bpx * bpx + bpy * bpy + bpz * bpz;
  const f64 vc = d1 * d4 - d3 * d2;
  if (vc <= 0 && d1 >= 0 && d3 <= 0) {
    const f64 v = d1 / (d1 - d3);
    const f64 qx = apx - v * abx, qy = apy - v * aby, qz = apz - v * abz;
    return qx * qx + qy * qy + qz * qz;
  }
  const f64 cpx = px - P[c], cpy = py - P[c + 1], cpz = pz - P[c + 2];
  const f64 d5 = abx * cpx + aby * cpy + abz * cpz;
  const f64 d6 = acx * cpx + acy * cpy + acz * cpz;
  if (d6 >= 0 && d5 <= d6) return cpx * cpx + cpy * cpy + cpz * cpz;
  const f64 vb = d5 * d2 - d1 * d6;
  if (vb <= 0 && d2 >= 0 && d6 <= 0) {
    const f64 w = d2 / (d2 - d6);
    const f64 qx = apx - w * acx, qy = apy - w * acy, qz = apz - w * acz;
    return qx * qx + qy * qy + qz * qz;
  }
  const f64 va = d3 * d6 - d5 * d4;
  if (va <= 0 && d4 - d3 >= 0 && d5 - d6 >= 0) {
    const f64 w = (d4 - d3) / (d4 - d3 + (d5 - d6));
    /* on edge bc: q = b + w (c - b) */
    const f64 qx = bpx - w * ((f64)P[c] - P[b]);
    const f64 qy = bpy - w * ((f64)P[c + 1] - P[b + 1]);
    const f64 qz = bpz - w * ((f64)P[c + 2] - P[b + 2]);
    return qx * qx + qy * qy + qz * qz;
  }
  const f64 denom = 1 / (va + vb + vc);
  const f64 v = vb * denom;
  const f64 w = vc * denom;
  const f64 qx = apx - abx * v - acx * w;
  const f64 qy = apy - aby * v - acy * w;
  const f64 qz = apz - abz * v - acz * w;
  return qx * qx + qy * qy + qz * qz;
}

/* squared distance from p to triangle (a, b, c) (offsets into P), a degenerate triangle's
   the nearest corner's (pointTriangleSquared of point-triangle-distance.ts) */
static f64 pointTriangleSquared(f64 px, f64 py, f64 pz, u32 a, u32 b, u32 c) {
  const f64 d = closestOnTriangleSquared(px, py, pz, a, b, c);
  if (d >= 0) return d;
  const f64 ex = px - P[a], ey = py - P[a + 1], ez = pz - P[a + 2];
  const f64 fx = px - P[b], fy = py - P[b + 1], fz = pz - P[b + 2];
  const f64 gx = px - P[c], gy = py - P[c + 1], gz = pz - P[c + 2];
  const f64 da = ex * ex + ey * ey + ez * ez;
  const f64 db = fx * fx + fy * fy + fz * fz;
  const f64 dc = gx * gx + gy * gy + gz * gz;
  /* Math.min: NaN when any is NaN */
  if (da != da || db != db || dc != dc) return __builtin_nan("");
  const f64 m = da < db ? da : db;
  return m < dc ? m : dc;
}

/* one point q against the triangle with bounding box l..h (widths w) */
static void test(i32 q, f64 lx, f64 ly, f64 lz, f64 hx, f64 hy, f64 hz, f64 wx, f64 wy, f64 wz,
                 u32 a, u32 b, u32 c) {
  const f64 px = points[3 * q];
  const f64 py = points[3 * q + 1];
  const f64 pz = points[3 * q + 2];
  /* twice the distance to the triangle's bounding box along each axis: the triangle cannot
     be nearer than the best */
  const f64 ex = __builtin_fabs(px - lx) + __builtin_fabs(px - hx) - wx;
  const f64 ey = __builtin_fabs(py - ly) + __builtin_fabs(py - hy) - wy;
  const f64 ez = __builtin_fabs(pz - lz) + __builtin_fabs(pz - hz) - wz;
  const f64 bq = best[q];
  if (ex * ex + ey * ey + ez * ez >= 4 * bq) return;
  const f64 d = pointTriangleSquared(px, py, pz, a, b, c);
  if (d < bq) best[q] = d;
}

/* Math.max(0, f) and Math.min(d - 1, f) of an integral f, as loop bounds over 0 .. d - 1
   (kept within -1 .. d, where the conversion to i32 is exact) */
static i32 lowCell(f64 f, i32 d) { return f > 0 ? (f < d ? (i32)f : d) : 0; }
static i32 highCell(f64 f, i32 d) { return f < d - 1 ? (f > -1 ? (i32)f : -1) : d - 1; }

/* the lower of the two (JavaScript's formula (a + b - |a - b|) / 2 through s and t below) */
#define LOW(s, t, c) (0.5 * (0.5 * ((s) - (t)) + (c) - __builtin_fabs(0.5 * ((s) - (t)) - (c))))
#define HIGH(s, t, c) (0.5 * (0.5 * ((s) + (t)) + (c) + __builtin_fabs(0.5 * ((s) + (t)) - (c))))

/*
 * Pass 2 over the window's `count` triangles, triangles from .. from + count - 1 of the mesh:
 * each triangle's exact distance to the points whose
 * box its bounding box reaches (the cell of its centre; a triangle larger than the padding
 * looks up the cells of its centre box grown by the excess, testing a point met twice once).
 */
EXPORT("queries") void queries(i32 from, i32 count) {
  if (acc[0] == 0) return;
  const Grid *g = &pass2;
  const f64 inv = 1 / g->cell;
  for (i32 i = 0; i < count; i++) {
    const i32 t = from + i;
    const u32 a = 3 * T[3 * i];
    const u32 b = 3 * T[3 * i + 1];
    const u32 c = 3 * T[3 * i + 2];
    const f64 ax = P[a], ay = P[a + 1], az = P[a + 2];
    const f64 bx = P[b], by = P[b + 1], bz = P[b + 2];
    const f64 cx = P[c], cy = P[c + 1], cz = P[c + 2];
    const f64 sx = ax + bx, tx = __builtin_fabs(ax - bx);
    const f64 lx = LOW(sx, tx, cx), hx = HIGH(sx, tx, cx);
    const f64 sy = ay + by, ty = __builtin_fabs(ay - by);
    const f64 ly = LOW(sy, ty, cy), hy = HIGH(sy, ty, cy);
    const f64 sz = az + bz, tz = __builtin_fabs(az - bz);
    const f64 lz = LOW(sz, tz, cz), hz = HIGH(sz, tz, cz);
    const f64 mx = 0.5 * (lx + hx);
    const f64 my = 0.5 * (ly + hy);
    const f64 mz = 0.5 * (lz + hz);
    const f64 wx = hx - lx;
    const f64 wy = hy - ly;
    const f64 wz = hz - lz;
    const f64 ox = 0.5 * wx - pad[0];
    const f64 oy = 0.5 * wy - pad[1];
    const f64 oz = 0.5 * wz - pad[2];
    if (ox <= 0 && oy <= 0 && oz <= 0) {
      const f64 fi = (mx - g->x0) * inv;
      const f64 fj = (my - g->y0) * inv;
      const f64 fk = (mz - g->z0) * inv;
      if (!(fi >= 0 && fi < g->dx && fj >= 0 && fj < g->dy && fk >= 0 && fk < g->dz)) continue;
      const i32 s = cellSlot(g, (i32)fi + g->dx * ((i32)fj + g->dy * (i32)fk));
      if (s < 0) continue;
      for (i32 e = g->start[s], end = g->start[s + 1]; e < end; e++) {
        test(g->ids[e], lx, ly, lz, hx, hy, hz, wx, wy, wz, a, b, c);
      }
      continue;
    }
    /* largeTriangle */
    const f64 gx = dmax(0, ox), gy = dmax(0, oy), gz = dmax(0, oz);
    const f64 fi0 = __builtin_floor((mx - gx - g->x0) * inv);
    const f64 fi1 = __builtin_floor((mx + gx - g->x0) * inv);
    const f64 fj0 = __builtin_floor((my - gy - g->y0) * inv);
    const f64 fj1 = __builtin_floor((my + gy - g->y0) * inv);
    const f64 fk0 = __builtin_floor((mz - gz - g->z0) * inv);
    const f64 fk1 = __builtin_floor((mz + gz - g->z0) * inv);
    /* a NaN bound (a non-finite corner): no cell, as JavaScript's loops over NaN */
    if (fi0 != fi0 || fi1 != fi1 || fj0 != fj0 || fj1 != fj1 || fk0 != fk0 || fk1 != fk1)
      continue;
    const i32 i0 = lowCell(fi0, g->dx);
    const i32 i1 = highCell(fi1, g->dx);
    const i32 j0 = lowCell(fj0, g->dy);
    const i32 j1 = highCell(fj1, g->dy);
    const i32 k0 = lowCell(fk0, g->dz);
    const i32 k1 = highCell(fk1, g->dz);
    for (i32 k = k0; k <= k1; k++) {
      for (i32 j = j0; j <= j1; j++) {
        for (i32 i = i0; i <= i1; i++) {
          const i32 s = cellSlot(g, i + g->dx * (j + g->dy * k));
          if (s < 0) continue;
          for (i32 e = g->start[s], end = g->start[s + 1]; e < end; e++) {
            const i32 q = g->ids[e];
            if (stamp[q] == t) continue;
            stamp[q] = t;
            test(q, lx, ly, lz, hx, hy, hz, wx, wy, wz, a, b, c);
          }
        }
      }
    }
  }
}

/* max and mean of the square roots of best, in order; into result (two doubles) */
EXPORT("result") u32 finish(void) {
  f64 max = 0;
  f64 sum = 0;
  for (i32 q = 0; q < n; q++) {
    const f64 d = __builtin_sqrt(best[q]);
    if (d > max) max = d;
    sum += d;
  }
  result[0] = max;
  result[1] = sum / n;
  return (u32)result;
}
