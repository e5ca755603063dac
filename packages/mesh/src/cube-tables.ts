/**
 * Case tables for a cube of 8 voxel centres, generated (not typed in) from one topological rule
 * so that marching cubes and the manifold split of Surface Nets agree and never leave holes.
 *
 * Corner c sits at (c & 1, (c >> 1) & 1, (c >> 2) & 1) in index units: x fastest, like memory.
 * Edges: 0-3 run along x, 4-7 along y, 8-11 along z (see `edgeCorners`).
 *
 * The rule: on every cube face, inside corners that touch only diagonally are separated (the
 * surface cuts between them), i.e. inside is 6-connected and outside 18-connected within a cube.
 * Because the choice on a face depends on that face's four corners only, the two cubes sharing a
 * face always cut it the same way, so the surface has no cracks (the classic ambiguity of
 * Lorensen & Cline's table, fixed as in Nielson & Hamann 1991's face decision, with a constant
 * decision). Each case's surface is a set of closed loops of edge crossings, one loop per
 * surface patch; each loop is fan-triangulated, counter-clockwise seen from outside (normal
 * pointing from inside to outside corners).
 */

/** Generated case tables. All arrays are read-only by convention. */
export interface CubeTables {
  /** corner pair (a, b) of edge e at [2e, 2e + 1], a < b */
  readonly edgeCorners: Uint8Array;
  /** axis 0/1/2 of edge e */
  readonly edgeAxis: Uint8Array;
  /** number of triangles of case m (m = bit c set when corner c is inside) */
  readonly triangleCount: Uint8Array;
  /** edges of the triangles of case m at [m * 30, m * 30 + 3 * triangleCount[m]) */
  readonly triangleEdges: Int8Array;
  /** number of surface patches (loops) of case m */
  readonly patchCount: Uint8Array;
  /** patch (loop) index of crossing edge e in case m at [m * 12 + e]; -1 if e is not crossed */
  readonly patchOfEdge: Int8Array;
}

/** Stride of `triangleEdges` per case: at most 10 triangles (12 crossings, loops of >= 3). */
export const TRIANGLE_STRIDE = 30;

const FACES: ReadonlyArray<readonly [number, number, number, number]> = [
  [0, 4, 6, 2], // x = 0, counter-clockwise seen from -x
  [1, 3, 7, 5], // x = 1
  [0, 1, 5, 4], // y = 0
  [2, 6, 7, 3], // y = 1
  [0, 2, 3, 1], // z = 0
  [4, 5, 7, 6], // z = 1
];

function buildCubeTables(): CubeTables {
  const edgeCorners = new Uint8Array(24);
  const edgeAxis = new Uint8Array(12);
  const edgeOf = new Int8Array(64).fill(-1);
  let e = 0;
  for (let axis = 0; axis < 3; axis++) {
    const bit = 1 << axis;
    for (let c = 0; c < 8; c++) {
      if (c & bit) continue;
      edgeCorners[2 * e] = c;
      edgeCorners[2 * e + 1] = c | bit;
      edgeAxis[e] = axis;
      edgeOf[c * 8 + (c | bit)] = e;
      edgeOf[(c | bit) * 8 + c] = e;
      e++;
    }
  }
  const triangleCount = new Uint8Array(256);
  const triangleEdges = new Int8Array(256 * TRIANGLE_STRIDE).fill(-1);
  const patchCount = new Uint8Array(256);
  const patchOfEdge = new Int8Array(256 * 12).fill(-1);
  const next = new Int8Array(12);
  const loop: number[] = [];
  for (let m = 0; m < 256; m++) {
    next.fill(-1);
    const inside = (c: number) => (m >> c) & 1;
    // On each face, every run of consecutive inside corners is cut off by one segment running
    // from the crossing where the run ends (exit) to the crossing where it starts (entry).
    for (const f of FACES) {
      for (let i = 0; i < 4; i++) {
        const prev = f[(i + 3) % 4];
        if (!inside(f[i]) || inside(prev)) continue;
        const entry = edgeOf[prev * 8 + f[i]];
        let j = i;
        while (inside(f[(j + 1) % 4])) j = (j + 1) % 4;
        const exit = edgeOf[f[j] * 8 + f[(j + 1) % 4]];
        next[exit] = entry;
      }
    }
    let tris = 0;
    let patches = 0;
    for (let start = 0; start < 12; start++) {
      if (next[start] < 0 || patchOfEdge[m * 12 + start] >= 0) continue;
      loop.length = 0;
      let x = start;
      do {
        loop.push(x);
        patchOfEdge[m * 12 + x] = patches;
        x = next[x];
      } while (x !== start);
      for (const [a, b, c] of triangulateLoop(loop, edgeCorners)) {
        const o = m * TRIANGLE_STRIDE + 3 * tris++;
        triangleEdges[o] = a;
        triangleEdges[o + 1] = b;
        triangleEdges[o + 2] = c;
      }
      patches++;
    }
    triangleCount[m] = tris;
    patchCount[m] = patches;
  }
  // Orientation: in case 1 (only corner 0 inside) the normal must point away from corner 0.
  const mid = (edge: number): [number, number, number] => {
    const a = edgeCorners[2 * edge];
    const b = edgeCorners[2 * edge + 1];
    return [
      ((a & 1) + (b & 1)) / 2,
      (((a >> 1) & 1) + ((b >> 1) & 1)) / 2,
      ((a >> 2) + (b >> 2)) / 2,
    ];
  };
  const [p, q, r] = [mid(triangleEdges[30]), mid(triangleEdges[31]), mid(triangleEdges[32])];
  const u = [q[0] - p[0], q[1] - p[1], q[2] - p[2]];
  const v = [r[0] - p[0], r[1] - p[1], r[2] - p[2]];
  const nx = u[1] * v[2] - u[2] * v[1];
  if (nx < 0) {
    for (let m = 0; m < 256; m++) {
      for (let t = 0; t < triangleCount[m]; t++) {
        const o = m * TRIANGLE_STRIDE + 3 * t;
        const tmp = triangleEdges[o + 1];
        triangleEdges[o + 1] = triangleEdges[o + 2];
        triangleEdges[o + 2] = tmp;
      }
    }
  }
  return { edgeCorners, edgeAxis, triangleCount, triangleEdges, patchCount, patchOfEdge };
}

/** Whether cube edges e and f lie on a common cube face (parallel or meeting at a corner). */
function onCommonFace(e: number, f: number, edgeCorners: Uint8Array): boolean {
  const a = edgeCorners[2 * e] | 0;
  const b = edgeCorners[2 * e + 1] | 0;
  const c = edgeCorners[2 * f] | 0;
  const d = edgeCorners[2 * f + 1] | 0;
  // a face fixes one coordinate bit: all four corners agree on it
  for (let bit = 1; bit < 8; bit <<= 1) {
    const v = a & bit;
    if ((b & bit) === v && (c & bit) === v && (d & bit) === v) return true;
  }
  return false;
}

/**
 * Triangulates a loop of crossings so that no diagonal joins two crossings on a common cube face:
 * the neighbouring cube sees those two crossings too and may connect them, and an edge used by
 * both cubes would be shared by four triangles. Loop sides are face segments and always allowed.
 * Searches the polygon's triangulations (loops have at most 12 vertices; memoised); falls back to
 * a fan if none qualifies (never happens for the 256 cases, checked by the tests).
 */
function triangulateLoop(
  loop: readonly number[],
  edgeCorners: Uint8Array,
): Array<[number, number, number]> {
  const n = loop.length;
  const allowed = (i: number, j: number): boolean => {
    const d = Math.abs(i - j);
    if (d === 1 || d === n - 1) return true;
    return !onCommonFace(loop[i], loop[j], edgeCorners);
  };
  const memo = new Map<number, Array<[number, number, number]> | null>();
  // triangulate the sub-polygon i..j (i < j, side (i, j) already accepted)
  const solve = (i: number, j: number): Array<[number, number, number]> | null => {
    if (j - i < 2) return [];
    const key = i * 16 + j;
    if (memo.has(key)) return memo.get(key) ?? null;
    let best: Array<[number, number, number]> | null = null;
    for (let k = i + 1; k < j && !best; k++) {
      if (!allowed(i, k) || !allowed(k, j)) continue;
      const left = solve(i, k);
      const right = left && solve(k, j);
      if (left && right) best = [...left, [loop[i], loop[k], loop[j]], ...right];
    }
    memo.set(key, best);
    return best;
  };
  const found = solve(0, n - 1);
  if (found) return found;
  const fan: Array<[number, number, number]> = [];
  for (let t = 1; t + 1 < n; t++) fan.push([loop[0], loop[t], loop[t + 1]]);
  return fan;
}

/** The tables, built once when the module loads (about 10 k entries, well under 1 ms). */
export const CUBE_TABLES: CubeTables = buildCubeTables();
