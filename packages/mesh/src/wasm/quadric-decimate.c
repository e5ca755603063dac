/*
 * Quadric edge-collapse decimation kernel (WebAssembly) of quadricDecimate
 * (quadric-decimate.ts, which documents the algorithm and its guarantees; the TypeScript
 * version it replaced, session 6, gave the same mesh bit for bit: ADR 0005 "Session 7").
 *
 * Arithmetic as in JavaScript: values are read from Float32 records and computed in double,
 * and every store into a record rounds to Float32; no FMA contraction (-ffp-contract=off).
 * Memory: the bump allocator of kernel.h over the module's own memory, or (the imported and the
 * shared-memory builds) over a spent memory it takes over; one instance per call.
 *
 * Built by scripts/build-wasm.mjs (clang --target=wasm32 -O3, no libc); the bytes are embedded
 * in quadric-decimate-wasm-bytes.ts, and a test checks they are this file's build.
 *
 * Calls, from quadric-decimate-wasm.ts: reserve; the positions and corners written into the
 * records; init; start; step until it returns 0; finish.
 */
#define KERNEL_OWN_MEMORY
#include "kernel.h"

/* the test hook: called after every collapse when hookOn is set */
__attribute__((import_module("env"), import_name("onCollapse"))) void onCollapseHook(i32 u, i32 v);

enum {
  /*
   * 32-bit words per vertex record (VERTEX_RECORD of quadric-decimate-wasm.ts, which lists
   * them): position 0-2, summed plane area 3, quadric in the vertex's own frame 4-13 (Float32),
   * visit mark 14 and the collapse count when its one-ring last changed 15 (Int32).
   */
  R = 16,
  VMARK = 14,
  VSTAMP = 15,
  /*
   * 32-bit words per triangle record, so a collapse touches one cache line per triangle (two
   * triangles a line), not one per array: vertices at 0-2, the error of the edge leaving each
   * corner at 3-5 (mm², Float32; both corners of an edge hold the same error), at 6 the
   * collapse count when the triangle was last refused, the state at 7 (Int32). A corner is
   * addressed as TRI · triangle + k (k = 0, 1, 2): its vertex is at the corner, its error three
   * words on, and `corner & ~7` is its triangle's record. The smallest of the three errors is in
   * the separate array M.
   */
  TRI = 8,
  /* spare entries of a corner-list slot beyond the vertex's degree when it is (re)made */
  SLOT_SLACK = 2,
  /* triangles (in index order) of a block that takes a round's passes together (0.5 MB of records) */
  BLOCK_TRIANGLES = 16384,
  /*
   * passes a block takes in a row (thresholds x1, x1.5, x2.25). Corpus bone to 10 %: CPU -10 %
   * (median of 5) with 3, mean deviation within 1 %; 4 (blocks of 8192) left the test torus's
   * Hausdorff maximum 26 % higher, 8 doubled the corpus mean deviation from the smoothed mesh.
   */
  LEVELS_PER_ROUND = 3,
};
/* state word of a collapsed triangle; otherwise -(p + 2) = changed in pass p (waits for the
   next), r >= 0 = eligible from pass r on */
#define DEAD ((i32)0x80000000)
#define INF __builtin_inf()

/* `count` entries of `size` bytes, or 0 when that is beyond the memory (computed in double:
   no 32-bit product wraps around) */
static u32 allocArray(f64 count, f64 size) {
  const f64 bytes = count * size;
  if (!(bytes >= 0 && bytes < 4294901760.0)) return 0;
  return alloc((u32)bytes);
}

static f32 *V;
static i32 *VI;
static f32 *E;
static i32 *T;
static f32 *F;
static f32 *M;
static i32 *L;
static i32 *refs;
static i32 refsLength;
static i32 top;
static i32 gen;
static const u8 *locked;
static i32 nv, nt;
static f64 target, maxErr2, cosMax, cos2, qMin2;
static i32 live, collapses, pass, waiting, idle;
static f64 worst, maxSeen, thr, lastRound;
static f64 *limits;
static i32 limitsLength;
static f64 opt[4];
static f64 merged[10];
static i32 hookOn;

static f64 dmin(f64 a, f64 b) { return a < b ? a : b; }

/*
 * Cost of collapsing the edge u-v (Garland & Heckbert 1997): the summed plane quadrics of both
 * ends (v's moved into u's frame) evaluated at their minimiser, divided by the summed area,
 * i.e. the area-weighted mean squared distance (mm²) to the planes merged so far. The
 * minimiser solves the 3x3 system when it is well conditioned (det above 1e-3 (trace)³) and
 * the solution lies within one edge length of the edge's midpoint; otherwise (flat or
 * cylindrical patches) the quadric is minimised along the edge, t in [0, 1]. Writes the point
 * (LPS mm) into opt[0..2] and the cost into opt[3].
 */
static void edgeCollapseCost(i32 u, i32 v) {
  const i32 ru = R * u;
  const i32 rv = R * v;
  const f64 ux = V[ru];
  const f64 uy = V[ru + 1];
  const f64 uz = V[ru + 2];
  const f64 ex = V[rv] - ux;
  const f64 ey = V[rv + 1] - uy;
  const f64 ez = V[rv + 2] - uz;
  const f64 va2 = V[rv + 4];
  const f64 vab = V[rv + 5];
  const f64 vac = V[rv + 6];
  const f64 vb2 = V[rv + 7];
  const f64 vbc = V[rv + 8];
  const f64 vc2 = V[rv + 9];
  const f64 vad = V[rv + 10];
  const f64 vbd = V[rv + 11];
  const f64 vcd = V[rv + 12];
  const f64 aex = va2 * ex + vab * ey + vac * ez;
  const f64 aey = vab * ex + vb2 * ey + vbc * ez;
  const f64 aez = vac * ex + vbc * ey + vc2 * ez;
  const f64 a2 = V[ru + 4] + va2;
  const f64 ab = V[ru + 5] + vab;
  const f64 ac = V[ru + 6] + vac;
  const f64 b2 = V[ru + 7] + vb2;
  const f64 bc = V[ru + 8] + vbc;
  const f64 c2 = V[ru + 9] + vc2;
  const f64 ad = V[ru + 10] + vad - aex;
  const f64 bd = V[ru + 11] + vbd - aey;
  const f64 cd = V[ru + 12] + vcd - aez;
  const f64 d2 = (f64)V[ru + 13] + (f64)V[rv + 13] - 2 * (vad * ex + vbd * ey + vcd * ez) +
                 (aex * ex + aey * ey + aez * ez);
  f64 w = (f64)V[ru + 3] + (f64)V[rv + 3];
  if (!(w < 0 || w > 0)) w = 1; /* `|| 1`: 0 and NaN */
  const f64 c00 = b2 * c2 - bc * bc;
  const f64 c01 = ac * bc - ab * c2;
  const f64 c02 = ab * bc - ac * b2;
  const f64 det = a2 * c00 + ab * c01 + ac * c02;
  const f64 tr = a2 + b2 + c2;
  if (__builtin_fabs(det) > 1e-3 * tr * tr * tr) {
    const f64 inv = -1 / det;
    const f64 c11 = a2 * c2 - ac * ac;
    const f64 c12 = ab * ac - a2 * bc;
    const f64 c22 = a2 * b2 - ab * ab;
    const f64 x = (c00 * ad + c01 * bd + c02 * cd) * inv;
    const f64 y = (c01 * ad + c11 * bd + c12 * cd) * inv;
    const f64 z = (c02 * ad + c12 * bd + c22 * cd) * inv;
    const f64 mx = x - ex / 2;
    const f64 my = y - ey / 2;
    const f64 mz = z - ez / 2;
    if (mx * mx + my * my + mz * mz <= ex * ex + ey * ey + ez * ez) {
      opt[0] = ux + x;
      opt[1] = uy + y;
      opt[2] = uz + z;
      const f64 e = ad * x + bd * y + cd * z + d2;
      opt[3] = e > 0 ? e / w : 0;
      return;
    }
  }
  const f64 eAe = ex * (a2 * ex + ab * ey + ac * ez) + ey * (ab * ex + b2 * ey + bc * ez) +
                  ez * (ac * ex + bc * ey + c2 * ez);
  const f64 g = ad * ex + bd * ey + cd * ez;
  f64 t = eAe > 0 ? -g / eAe : 0.5;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  opt[0] = ux + t * ex;
  opt[1] = uy + t * ey;
  opt[2] = uz + t * ez;
  const f64 e = d2 + t * (2 * g + t * eAe);
  opt[3] = e > 0 ? e / w : 0;
}

/*
 * Moves the quadric of record r into the frame whose origin lies at s from the record's
 * position, and adds it into `merged` (10 coefficients, in the order of the record).
 */
static void addShiftedQuadric(i32 r, f64 sx, f64 sy, f64 sz) {
  const f64 a2 = V[r + 4];
  const f64 ab = V[r + 5];
  const f64 ac = V[r + 6];
  const f64 b2 = V[r + 7];
  const f64 bc = V[r + 8];
  const f64 c2 = V[r + 9];
  const f64 ad = V[r + 10];
  const f64 bd = V[r + 11];
  const f64 cd = V[r + 12];
  const f64 asx = a2 * sx + ab * sy + ac * sz;
  const f64 asy = ab * sx + b2 * sy + bc * sz;
  const f64 asz = ac * sx + bc * sy + c2 * sz;
  merged[0] += a2;
  merged[1] += ab;
  merged[2] += ac;
  merged[3] += b2;
  merged[4] += bc;
  merged[5] += c2;
  merged[6] += ad + asx;
  merged[7] += bd + asy;
  merged[8] += cd + asz;
  merged[9] +=
      (f64)V[r + 13] + 2 * (ad * sx + bd * sy + cd * sz) + (asx * sx + asy * sy + asz * sz);
}

/*
 * With the positions in the vertex records and the triangles in the triangle records, counts each
 * vertex's degree into L[3v + 1] and adds each triangle's area-weighted plane quadric into its
 * three vertices' records. In a vertex's own frame a plane through the vertex has d = 0, so
 * only the area and the normal's products a², ab, ... c² are added (ad ... d² stay 0).
 */
static void planeQuadrics(void) {
  for (i32 t = 0; t < nt; t++) {
    const i32 i0 = T[TRI * t];
    const i32 i1 = T[TRI * t + 1];
    const i32 i2 = T[TRI * t + 2];
    L[3 * i0 + 1]++;
    L[3 * i1 + 1]++;
    L[3 * i2 + 1]++;
    const f64 ax = V[R * i0];
    const f64 ay = V[R * i0 + 1];
    const f64 az = V[R * i0 + 2];
    const f64 ux = V[R * i1] - ax;
    const f64 uy = V[R * i1 + 1] - ay;
    const f64 uz = V[R * i1 + 2] - az;
    const f64 vx = V[R * i2] - ax;
    const f64 vy = V[R * i2 + 1] - ay;
    const f64 vz = V[R * i2 + 2] - az;
    const f64 nx = uy * vz - uz * vy;
    const f64 ny = uz * vx - ux * vz;
    const f64 nz = ux * vy - uy * vx;
    const f64 len = __builtin_sqrt(nx * nx + ny * ny + nz * nz);
    if (len == 0) continue;
    /* area · n̂ n̂ᵀ = n nᵀ / (2 |n|) for the unnormalised normal n (|n| = 2 · area) */
    const f64 k = 0.5 / len;
    const f64 area = len / 2;
    const f64 xx = k * nx * nx;
    const f64 xy = k * nx * ny;
    const f64 xz = k * nx * nz;
    const f64 yy = k * ny * ny;
    const f64 yz = k * ny * nz;
    const f64 zz = k * nz * nz;
    for (i32 j = 0; j < 3; j++) {
      f32 *r = V + R * (j == 0 ? i0 : j == 1 ? i1 : i2);
      r[3] = (f32)((f64)r[3] + area);
      r[4] = (f32)((f64)r[4] + xx);
      r[5] = (f32)((f64)r[5] + xy);
      r[6] = (f32)((f64)r[6] + xz);
      r[7] = (f32)((f64)r[7] + yy);
      r[8] = (f32)((f64)r[8] + yz);
      r[9] = (f32)((f64)r[9] + zz);
    }
  }
}

/* the corner lists in slots of degree + SLOT_SLACK (in refs, reserved), corners in triangle order */
static void cornerLists(void) {
  top = 0;
  for (i32 v = 0; v < nv; v++) {
    L[3 * v] = top;
    L[3 * v + 2] = L[3 * v + 1] + SLOT_SLACK;
    top += L[3 * v + 2];
    L[3 * v + 1] = 0;
  }
  for (i32 t = 0; t < nt; t++) {
    for (i32 k = 0; k < 3; k++) {
      const i32 v = T[TRI * t + k];
      refs[L[3 * v] + L[3 * v + 1]++] = TRI * t + k;
    }
  }
}

/*
 * Every edge's initial error into both of its corners, one cost call per edge: both corners of
 * an edge u-w lie in u's triangles (u -> w leaves u's corner, w -> u leaves the corner before
 * it), so each vertex u fills the corners of its edges to higher-numbered neighbours.
 */
static void initialErrors(void) {
  gen = 0;
  for (i32 u = 0; u < nv; u++) {
    gen += 2;
    for (i32 i = L[3 * u], end = i + L[3 * u + 1]; i < end; i++) {
      const i32 c = refs[i];
      const i32 o = c & ~7;
      const i32 k = c - o;
      const i32 cPrev = k == 0 ? o + 2 : c - 1;
      const i32 a = T[k == 2 ? o : c + 1];
      const i32 b = T[cPrev];
      if (a >= u) {
        if (VI[R * a + VMARK] != gen) {
          VI[R * a + VMARK] = gen;
          edgeCollapseCost(u, a);
          E[a] = (f32)opt[3];
        }
        F[c + 3] = E[a];
      }
      if (b >= u) {
        if (VI[R * b + VMARK] != gen) {
          VI[R * b + VMARK] = gen;
          edgeCollapseCost(u, b);
          E[b] = (f32)opt[3];
        }
        F[cPrev + 3] = E[b];
      }
    }
  }
}

/*
 * The arrays for a mesh of `vertices` and `triangleCount` triangles: vertex records, triangle
 * records, corner-list heads, edge scratch, smallest errors, pass limits, and the corner lists
 * (3 · triangles + SLOT_SLACK · vertices entries, and `headroom` of the 3 · triangles free at
 * the end); all zero (alloc zeroes reused bytes), as new typed arrays are. Returns 0 when out of
 * memory. The JavaScript side then copies the input positions (Float32) to inputPositions() and
 * the triangles (Uint32) to inputTriangles(), and calls init.
 */
EXPORT("reserve") i32 reserve(i32 vertices, i32 triangleCount, f64 headroom) {
  nv = vertices;
  nt = triangleCount;
  V = (f32 *)allocArray(nv, 4 * R);
  T = (i32 *)allocArray(nt, 4 * TRI);
  L = (i32 *)allocArray(nv, 12);
  E = (f32 *)allocArray(nv, 4);
  M = (f32 *)allocArray(nt, 4);
  limitsLength = 64;
  limits = (f64 *)alloc(8u * 64);
  /* Math.ceil(headroom * 3 * nt) */
  const f64 h = headroom * 3 * (f64)nt;
  f64 extra = (f64)(i32)h;
  if (extra < h) extra++;
  const f64 length = 3 * (f64)nt + SLOT_SLACK * (f64)nv + extra + 64;
  refs = (i32 *)allocArray(length, 4);
  refsLength = refs ? (i32)length : 0;
  VI = (i32 *)V;
  F = (f32 *)T;
  return V && T && L && E && M && limits && refs;
}

/* where the input goes: the positions into the corner-list heads (3 words a vertex), the
   triangles into the corner lists (at least 3 words a triangle); init moves them into the
   records and clears both */
EXPORT("inputPositions") u32 inputPositions(void) { return (u32)L; }
EXPORT("inputTriangles") u32 inputTriangles(void) { return (u32)refs; }

/*
 * The state from the input (inputPositions, inputTriangles): positions and corners into the
 * records, plane quadrics, the corner lists, the initial errors, the smallest error per
 * triangle. `lockedIn`: per-vertex locks in this memory, or 0.
 */
EXPORT("init") void init(const u8 *lockedIn) {
  locked = lockedIn;
  const f32 *X = (const f32 *)L;
  for (i32 v = 0; v < nv; v++) {
    V[R * v] = X[3 * v];
    V[R * v + 1] = X[3 * v + 1];
    V[R * v + 2] = X[3 * v + 2];
  }
  __builtin_memset(L, 0, 12u * (u32)nv);
  for (i32 t = 0; t < nt; t++) {
    T[TRI * t] = refs[3 * t];
    T[TRI * t + 1] = refs[3 * t + 1];
    T[TRI * t + 2] = refs[3 * t + 2];
  }
  __builtin_memset(refs, 0, 12u * (u32)nt);
  planeQuadrics();
  cornerLists();
  initialErrors();
  for (i32 t = 0, o = 0; t < nt; t++, o += TRI) {
    M[t] = (f32)dmin(dmin((f64)F[o + 3], (f64)F[o + 4]), (f64)F[o + 5]);
  }
}

/* the cost of collapsing u-v with the current records (tests): into the four doubles at optimum() */
EXPORT("edgeCost") void edgeCost(i32 u, i32 v) { edgeCollapseCost(u, v); }
EXPORT("optimum") u32 optimum(void) { return (u32)opt; }

/* where the records lie (the JavaScript side writes the input there and samples the errors) */
EXPORT("vertexRecords") u32 vertexRecords(void) { return (u32)V; }
EXPORT("triangleRecords") u32 triangleRecords(void) { return (u32)T; }

/*
 * Whether moving vertex w of every live triangle of its list (not containing `skip`) to opt is
 * acceptable: no normal turns by more than the limit (compared in squares, no roots, when
 * cosMax >= 0), and no triangle falls below the quality limit unless it was lower before.
 */
static i32 moveOk(i32 w, i32 skip) {
  const i32 p0 = R * w;
  const f64 ox = opt[0];
  const f64 oy = opt[1];
  const f64 oz = opt[2];
  for (i32 i = L[3 * w], end = i + L[3 * w + 1]; i < end; i++) {
    const i32 c = refs[i];
    const i32 o = c & ~7;
    const i32 t0 = T[o];
    const i32 t1 = T[o + 1];
    const i32 t2 = T[o + 2];
    if (t0 == skip || t1 == skip || t2 == skip) continue;
    const i32 k = c - o;
    const i32 p1 = R * (k == 0 ? t1 : k == 1 ? t2 : t0);
    const i32 p2 = R * (k == 0 ? t2 : k == 1 ? t0 : t1);
    const f64 ax = (f64)V[p1] - (f64)V[p0];
    const f64 ay = (f64)V[p1 + 1] - (f64)V[p0 + 1];
    const f64 az = (f64)V[p1 + 2] - (f64)V[p0 + 2];
    const f64 bx = (f64)V[p2] - (f64)V[p0];
    const f64 by = (f64)V[p2 + 1] - (f64)V[p0 + 1];
    const f64 bz = (f64)V[p2 + 2] - (f64)V[p0 + 2];
    const f64 n0x = ay * bz - az * by;
    const f64 n0y = az * bx - ax * bz;
    const f64 n0z = ax * by - ay * bx;
    const f64 cx = V[p1] - ox;
    const f64 cy = V[p1 + 1] - oy;
    const f64 cz = V[p1 + 2] - oz;
    const f64 dx = V[p2] - ox;
    const f64 dy = V[p2 + 1] - oy;
    const f64 dz = V[p2 + 2] - oz;
    const f64 n1x = cy * dz - cz * dy;
    const f64 n1y = cz * dx - cx * dz;
    const f64 n1z = cx * dy - cy * dx;
    const f64 dot = n0x * n1x + n0y * n1y + n0z * n1z;
    const f64 s0 = n0x * n0x + n0y * n0y + n0z * n0z;
    const f64 s1 = n1x * n1x + n1y * n1y + n1z * n1z;
    if (s1 == 0) return 0;
    if (cosMax >= 0) {
      if (dot <= 0 || dot * dot <= cos2 * s0 * s1) return 0;
    } else if (dot <= cosMax * __builtin_sqrt(s0 * s1)) return 0;
    const f64 ex = (f64)V[p2] - (f64)V[p1];
    const f64 ey = (f64)V[p2 + 1] - (f64)V[p1 + 1];
    const f64 ez = (f64)V[p2 + 2] - (f64)V[p1 + 2];
    const f64 e2 = ex * ex + ey * ey + ez * ez;
    const f64 sum1 = cx * cx + cy * cy + cz * cz + dx * dx + dy * dy + dz * dz + e2;
    if (s1 < qMin2 * sum1 * sum1) {
      const f64 sum0 = ax * ax + ay * ay + az * az + bx * bx + by * by + bz * bz + e2;
      if (s1 * sum0 * sum0 < s0 * sum1 * sum1) return 0;
    }
  }
  return 1;
}

/*
 * Link condition and geometry checks of collapsing v into u; leaves the point in opt. The link
 * condition: exactly two common neighbours, and exactly two triangles on the edge. A vertex's
 * neighbours are the other two corners of its triangles (in a closed fan each appears twice):
 * u's are marked g, v's that carry the mark are counted once (-> g + 1). The merged vertex
 * keeps degU + degV - 4 neighbours: at least three.
 */
static i32 canCollapse(i32 u, i32 v) {
  if (locked && (locked[u] || locked[v])) return 0;
  gen += 2;
  const i32 g = gen;
  const i32 degU = L[3 * u + 1];
  for (i32 i = L[3 * u], end = i + degU; i < end; i++) {
    const i32 c = refs[i];
    const i32 o = c & ~7;
    const i32 k = c - o;
    VI[R * T[k == 2 ? o : c + 1] + VMARK] = g;
    VI[R * T[k == 0 ? o + 2 : c - 1] + VMARK] = g;
  }
  i32 common = 0;
  i32 shared = 0;
  const i32 degV = L[3 * v + 1];
  for (i32 i = L[3 * v], end = i + degV; i < end; i++) {
    const i32 c = refs[i];
    const i32 o = c & ~7;
    const i32 k = c - o;
    const i32 a = T[k == 2 ? o : c + 1];
    const i32 b = T[k == 0 ? o + 2 : c - 1];
    if (a == u) shared++;
    else if (VI[R * a + VMARK] == g) {
      VI[R * a + VMARK] = g + 1;
      common++;
    }
    if (b == u) shared++;
    else if (VI[R * b + VMARK] == g) {
      VI[R * b + VMARK] = g + 1;
      common++;
    }
  }
  if (common != 2 || shared != 2 || degU + degV - 4 < 3) return 0;
  edgeCollapseCost(u, v);
  return moveOk(u, v) && moveOk(v, u);
}

/* removes corner c from vertex w's list (the order of a list does not matter) */
static void unlink(i32 w, i32 c) {
  const i32 last = L[3 * w] + L[3 * w + 1] - 1;
  for (i32 i = L[3 * w]; i <= last; i++) {
    if (refs[i] == c) {
      refs[i] = refs[last];
      L[3 * w + 1]--;
      return;
    }
  }
}

/*
 * Moves the live slots of refs to its front, in place and in their order there, each cut to
 * its list plus SLOT_SLACK; returns the new top. An entry starts a live slot exactly when it is
 * where its own vertex's list starts (the vertex at a listed corner is the list's vertex).
 */
static i32 compactSlots(void) {
  i32 n = 0;
  for (i32 i = 0; i < top; i++) {
    const i32 w = T[refs[i]];
    const i32 deg = L[3 * w + 1];
    if (L[3 * w] != i || deg == 0) continue;
    const i32 size = L[3 * w + 2];
    for (i32 j = 0; j < deg; j++) refs[n + j] = refs[i + j];
    L[3 * w] = n;
    L[3 * w + 2] = size < deg + SLOT_SLACK ? size : deg + SLOT_SLACK;
    n += L[3 * w + 2];
    i += size - 1;
  }
  return n;
}

/*
 * Collapses v into u at opt; refreshes the errors of the edges at u and marks them changed.
 * u's new list: its triangles but the two on the edge (which die), and v's live ones (renamed
 * to u), in u's slot or v's when it fits (filtered in place: the slot's own list first), else
 * in a new slot (the lists are compacted, and refs grown, when the end is reached); the dead
 * two also leave the lists of their third vertices. The survivor's quadric: both ends'
 * quadrics moved into the frame of its new position. Each edge u-w lies in two of u's
 * triangles: one cost call per neighbour w, the lower index first, so an edge's cost does not
 * depend on which end survived.
 */
static void collapse(i32 u, i32 v) {
  const i32 size = L[3 * u + 1] + L[3 * v + 1] - 4;
  if (size > L[3 * u + 2] && size > L[3 * v + 2] && top + size + SLOT_SLACK > refsLength) {
    top = compactSlots();
    if (top + size + SLOT_SLACK > refsLength) {
      const f64 length = (f64)top + size + SLOT_SLACK + (refsLength >> 2);
      i32 *grown = (i32 *)allocArray(length, 4);
      if (!grown) __builtin_trap(); /* out of memory: a RuntimeError on the JavaScript side */
      for (i32 i = 0; i < top; i++) grown[i] = refs[i];
      refs = grown;
      refsLength = (i32)length;
    }
  }
  const i32 intoV = size > L[3 * u + 2] && size <= L[3 * v + 2];
  const i32 dst = size <= L[3 * u + 2] ? L[3 * u] : intoV ? L[3 * v] : top;
  i32 n = dst;
  i32 dead0 = -1;
  i32 dead1 = -1;
  for (i32 half = 0; half < 2; half++) {
    if ((half == 0) != intoV) {
      for (i32 i = L[3 * u], end = i + L[3 * u + 1]; i < end; i++) {
        const i32 c = refs[i];
        const i32 o = c & ~7;
        if (T[o] == v || T[o + 1] == v || T[o + 2] == v) {
          T[o + 7] = DEAD;
          M[o >> 3] = INF;
          live--;
          if (dead0 < 0) dead0 = o;
          else dead1 = o;
        } else refs[n++] = c;
      }
    } else {
      for (i32 i = L[3 * v], end = i + L[3 * v + 1]; i < end; i++) {
        const i32 c = refs[i];
        const i32 o = c & ~7;
        if (T[o] == u || T[o + 1] == u || T[o + 2] == u) continue;
        T[c] = u;
        refs[n++] = c;
      }
    }
  }
  for (i32 k = 0; k < 6; k++) {
    const i32 o = k < 3 ? dead0 : dead1;
    const i32 c = o + (k % 3);
    if (o >= 0 && T[c] != u && T[c] != v) unlink(T[c], c);
  }
  if (dst == top) {
    L[3 * u + 2] = size + SLOT_SLACK;
    top += size + SLOT_SLACK;
  } else if (intoV) L[3 * u + 2] = L[3 * v + 2];
  L[3 * u] = dst;
  L[3 * u + 1] = n - dst;
  L[3 * v + 1] = 0;
  const i32 ru = R * u;
  const i32 rv = R * v;
  const f64 x = (f32)opt[0];
  const f64 y = (f32)opt[1];
  const f64 z = (f32)opt[2];
  for (i32 r = 0; r < 10; r++) merged[r] = 0;
  addShiftedQuadric(ru, x - V[ru], y - V[ru + 1], z - V[ru + 2]);
  addShiftedQuadric(rv, x - V[rv], y - V[rv + 1], z - V[rv + 2]);
  for (i32 r = 0; r < 10; r++) V[ru + 4 + r] = (f32)merged[r];
  V[ru + 3] = (f32)((f64)V[ru + 3] + (f64)V[rv + 3]);
  V[ru] = (f32)x;
  V[ru + 1] = (f32)y;
  V[ru + 2] = (f32)z;
  collapses++;
  VI[ru + VSTAMP] = collapses;
  if (hookOn) onCollapseHook(u, v);
  gen += 2;
  const i32 changed = -(pass + 2);
  for (i32 i = dst; i < n; i++) {
    const i32 c = refs[i];
    const i32 o = c & ~7;
    const i32 k = c - o;
    const i32 cPrev = k == 0 ? o + 2 : c - 1;
    const i32 cNext = k == 2 ? o : c + 1;
    const i32 a = T[cNext];
    const i32 b = T[cPrev];
    for (i32 j = 0; j < 2; j++) {
      const i32 w = j == 0 ? a : b;
      if (VI[R * w + VMARK] == gen) continue;
      VI[R * w + VMARK] = gen;
      const i32 lo = u < w ? u : w;
      edgeCollapseCost(lo, u + w - lo);
      E[w] = (f32)opt[3];
      VI[R * w + VSTAMP] = collapses;
    }
    const f64 e1 = (F[c + 3] = E[a]);
    const f64 e2 = (F[cPrev + 3] = E[b]);
    if (e1 > maxSeen) maxSeen = e1;
    if (e2 > maxSeen) maxSeen = e2;
    T[o + 7] = changed;
    const f64 e3 = F[cNext + 3];
    M[o >> 3] = (f32)dmin(dmin(e1, e2), e3);
  }
}

/*
 * One pass over the triangles t0 <= t < t1 (pass number `pass`): collapses the edges below
 * `limit`, at most one per triangle changed in this pass; returns how many. A refused triangle
 * (state = pass of refusal + 4) whose vertices' one-rings have not changed since: its edges
 * tried then (error <= that pass's limit) would fail again (same positions, quadrics and
 * links), so only edges that have come under the limit since are tried.
 */
static i32 scanPass(f64 limit, i32 t0, i32 t1) {
  const i32 changed = -(pass + 2);
  if (pass >= limitsLength) {
    f64 *grown = (f64 *)allocArray(2 * (f64)pass, 8);
    if (!grown) __builtin_trap();
    for (i32 i = 0; i < limitsLength; i++) grown[i] = limits[i];
    limits = grown;
    limitsLength = 2 * pass;
  }
  limits[pass] = limit;
  i32 done = 0;
  i32 wait = 0;
  for (i32 t = t0; t < t1 && live > target; t++) {
    if (M[t] > limit) continue;
    const i32 o = TRI * t;
    const i32 state = T[o + 7];
    if (state < 0) {
      if (state == changed || state == DEAD) continue;
    } else if (state > pass) {
      wait++;
      continue;
    }
    f64 tried = -1;
    if (state >= 4) {
      const i32 since = T[o + 6];
      if (VI[R * T[o] + VSTAMP] <= since && VI[R * T[o + 1] + VSTAMP] <= since &&
          VI[R * T[o + 2] + VSTAMP] <= since)
        tried = limits[state - 4];
    }
    i32 k = 0;
    for (; k < 3; k++) {
      const f64 e = F[o + 3 + k];
      if (e > limit || e <= tried) continue;
      const i32 u = T[o + k];
      const i32 v = T[o + (k == 2 ? 0 : k + 1)];
      if (!canCollapse(u, v)) continue;
      if (e > worst) worst = e;
      collapse(u, v);
      done++;
      break;
    }
    if (k == 3) {
      T[o + 7] = pass + 4;
      T[o + 6] = collapses;
    }
  }
  waiting = wait;
  return done;
}

/* the round in progress: its passes, first block, collapses and waiting triangles so far */
static i32 levels, first, roundDone, waitingAll, nextBlock;

/*
 * Before the first round: the stop target (triangles), the squared error bound, the normal
 * and quality limits (as quadric-decimate.ts derives them) and the first threshold.
 */
EXPORT("start")
void start(f64 targetTriangles, f64 maxErrSquared, f64 cosMaxIn, f64 qMin2In, f64 firstThr,
           i32 hook) {
  target = targetTriangles;
  maxErr2 = maxErrSquared;
  cosMax = cosMaxIn;
  cos2 = cosMaxIn * cosMaxIn;
  qMin2 = qMin2In;
  thr = firstThr;
  hookOn = hook;
  live = nt;
  collapses = 0;
  worst = 0;
  pass = 0;
  idle = 0;
  lastRound = 0;
  maxSeen = 0;
  nextBlock = 0;
  for (i32 o = 0; o < TRI * nt; o += TRI) {
    for (i32 k = 3; k < 6; k++)
      if (F[o + k] > maxSeen) maxSeen = F[o + k];
  }
}

/*
 * Passes over the triangles with a growing error threshold (Forstmann's fast quadric
 * simplification schedule): each pass collapses every valid edge below the threshold once per
 * neighbourhood (triangles changed in a pass wait for the next), in mesh order, which keeps
 * memory access coherent; the threshold grows by 1.5 per pass, so edges collapse in error
 * order to within that factor (on the corpus bone half the CPU time of a global priority queue
 * at the same mean deviation: the queue's pops land anywhere in the mesh and miss the cache).
 * The passes run in rounds: a block of BLOCK_TRIANGLES triangles takes LEVELS_PER_ROUND
 * consecutive passes while its neighbourhoods are in cache, then the next block; so a region
 * may run up to 1.5² ahead of another within a round. Near the target (fewer collapses left
 * than twice the last round's) a round is one pass over the whole mesh, so the last collapses
 * still go in error order everywhere. A round stops the decimation when nothing collapsed
 * within the error bound, or when every edge has been eligible for longer than a refused
 * triangle waits without a collapse.
 *
 * One call does one block (the JavaScript side calls until 0): returns 1 when the round goes
 * on with the next block, 2 when another round is due, 0 when done. Short calls: WebAssembly
 * has no on-stack replacement, so one long call would stay in V8's baseline code throughout.
 */
EXPORT("step") i32 step(void) {
  if (nextBlock == 0) {
    if (!(live > target)) return 0;
    levels = 2 * lastRound < (live - target) / 2 ? LEVELS_PER_ROUND : 1;
    first = pass;
    roundDone = 0;
    waitingAll = 0;
  }
  const i32 t0 = nextBlock;
  if (t0 < nt && live > target) {
    const i32 t1 = nt < t0 + BLOCK_TRIANGLES ? nt : t0 + BLOCK_TRIANGLES;
    f64 limit = thr;
    for (i32 j = 0; j < levels && live > target; j++, limit *= 1.5) {
      pass = first + j;
      roundDone += scanPass(dmin(limit, maxErr2), t0, t1);
      waitingAll += waiting;
    }
    nextBlock = t0 + BLOCK_TRIANGLES;
    if (nextBlock < nt && live > target) return 1;
  }
  nextBlock = 0;
  pass = first + levels;
  lastRound = roundDone;
  const f64 topThr = thr * (levels == 1 ? 1 : levels == 2 ? 1.5 : 2.25);
  if (topThr >= maxErr2 && roundDone == 0) return 0;
  idle = topThr > 4 * maxSeen && roundDone == 0 ? idle + levels : 0;
  if (idle > 5 || (idle > 0 && waitingAll == 0)) return 0;
  thr = topThr * 1.5;
  return 2; /* the loop's abort check and progress, then the next round (or done: see above) */
}

EXPORT("liveTriangles") i32 liveTriangles(void) { return live; }
EXPORT("collapseCount") i32 collapseCount(void) { return collapses; }
EXPORT("worstError") f64 worstError(void) { return worst; }

static u32 outPositions, outTriangles, outVertexIds;
static i32 outVertices;

/*
 * The decimated mesh: surviving vertices in index order (Float32 positions), live triangles
 * in order, each output vertex's input index (read with outPositions, outTriangles,
 * outVertexIds, outVertices); returns 0 when out of memory.
 */
EXPORT("finish") i32 finish(void) {
  i32 *remap = (i32 *)alloc(4u * (u32)nv);
  if (!remap) return 0;
  for (i32 v = 0; v < nv; v++) remap[v] = -1;
  i32 nOut = 0;
  for (i32 o = 0; o < TRI * nt; o += TRI) {
    if (T[o + 7] == DEAD) continue;
    for (i32 k = 0; k < 3; k++) remap[T[o + k]] = 0;
  }
  for (i32 v = 0; v < nv; v++)
    if (remap[v] == 0) remap[v] = nOut++ + 1;
  f32 *positions = (f32 *)alloc(12u * (u32)nOut);
  u32 *vertexIds = (u32 *)alloc(4u * (u32)nOut);
  u32 *triangles = (u32 *)alloc(12u * (u32)live);
  if (!positions || !vertexIds || !triangles) return 0;
  for (i32 v = 0; v < nv; v++) {
    const i32 r = remap[v] - 1;
    if (r < 0) continue;
    vertexIds[r] = (u32)v;
    positions[3 * r] = V[R * v];
    positions[3 * r + 1] = V[R * v + 1];
    positions[3 * r + 2] = V[R * v + 2];
  }
  i32 n = 0;
  for (i32 o = 0; o < TRI * nt; o += TRI) {
    if (T[o + 7] == DEAD) continue;
    triangles[n++] = (u32)(remap[T[o]] - 1);
    triangles[n++] = (u32)(remap[T[o + 1]] - 1);
    triangles[n++] = (u32)(remap[T[o + 2]] - 1);
  }
  outPositions = (u32)positions;
  outTriangles = (u32)triangles;
  outVertexIds = (u32)vertexIds;
  outVertices = nOut;
  return 1;
}

EXPORT("outPositions") u32 getOutPositions(void) { return outPositions; }
EXPORT("outTriangles") u32 getOutTriangles(void) { return outTriangles; }
EXPORT("outVertexIds") u32 getOutVertexIds(void) { return outVertexIds; }
EXPORT("outVertices") i32 getOutVertices(void) { return outVertices; }
