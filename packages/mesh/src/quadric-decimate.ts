import type { RunControl } from '@anatomodel/imaging';
import {
  DEAD,
  SLOT_SLACK,
  TRIANGLE_RECORD,
  buildDecimationState,
  compactSlots,
  survivingMesh,
} from './decimation-state.ts';
import {
  VERTEX_RECORD,
  VMARK,
  VSTAMP,
  addShiftedQuadric,
  edgeCollapseCost,
} from './edge-collapse-cost.ts';
import { MeshError } from './mesh-error.ts';
import type { Mesh } from './mesh.ts';

/**
 * Triangles (in index order) of a block that takes a round's passes together (0.5 MB of
 * triangle records).
 */
const BLOCK_TRIANGLES = 16384;

/**
 * Passes a block takes in a row (thresholds x1, x1.5, x2.25). Corpus bone to 10 %: CPU -10 %
 * (median of 5) with 3, mean deviation within 1 %; 4 (blocks of 8192) left the test torus's
 * Hausdorff maximum 26 % higher, 8 doubled the corpus mean deviation from the smoothed mesh.
 */
const LEVELS_PER_ROUND = 3;

/** Options of {@link quadricDecimate}. */
export interface QuadricDecimateOptions {
  /** stop when at most this many triangles remain; default 0 (only `maxErrorMm` stops) */
  readonly targetTriangles?: number;
  /**
   * stop before a collapse whose quadric error (root of the area-weighted mean squared distance
   * to the original planes merged into the vertex) exceeds this, mm; default Infinity
   */
  readonly maxErrorMm?: number;
  /** reject a collapse that turns any surviving triangle's normal by more, degrees; default 60 */
  readonly maxNormalChangeDeg?: number;
  /**
   * reject a collapse that leaves a triangle of lower quality than this and lower than it had
   * (quality 4·√3·area / sum of squared edges: 1 equilateral, 0 degenerate); default 0.1
   */
  readonly minQuality?: number;
  /**
   * per input vertex, non-zero = locked: no collapse touches it, so it keeps its index and
   * position (used for the seam between halves decimated on different threads); default none
   */
  readonly locked?: Uint8Array;
  /**
   * free room at the end of the corner-list array, as a fraction of the 3 · triangles corners;
   * default 0.125 (the corpus bone uses a third of it). Tuning only: when it runs out the lists
   * are compacted (and the array grown), with the same result.
   */
  readonly listHeadroom?: number;
}

/**
 * Test-only hook (internal: not re-exported from the package). When `onCollapse` is set as
 * {@link quadricDecimate} starts, every collapse calls it after the merge with the survivor
 * `u`, the removed vertex `v` (input indices) and the vertex records `V` (see VERTEX_RECORD):
 * a test rebuilds the merge groups from the calls and checks the survivors' stored quadrics
 * in `V` (which keeps the final records after the call returns). Unset otherwise: one
 * comparison per collapse.
 */
export const quadricDecimateTestHook: {
  onCollapse?: (u: number, v: number, V: Float32Array) => void;
} = {};

/** Result of {@link quadricDecimate}. */
export interface QuadricDecimateResult {
  readonly mesh: Mesh;
  /** edge collapses performed */
  readonly collapses: number;
  /** largest quadric error of a performed collapse, mm */
  readonly maxErrorMm: number;
  /** input index of every output vertex */
  readonly vertexIds: Uint32Array;
}

/**
 * Quadric-error edge-collapse decimation (Garland & Heckbert 1997, "Surface simplification
 * using quadric error metrics") of a closed, oriented 2-manifold mesh, that keeps it closed
 * and manifold with the same genus and shell count:
 * - every collapse must pass the link condition (Dey, Edelsbrunner et al. 1999: the one-rings of
 *   the edge's ends share exactly the two opposite vertices) and leave the merged vertex at
 *   least three neighbours, which rules out the tetrahedron;
 * - no surviving triangle's normal may turn by more than `maxNormalChangeDeg` (no fold-overs)
 *   nor drop below `minQuality`.
 * The new vertex minimises the summed area-weighted plane quadric; when that 3x3 system is
 * ill-conditioned (flat or cylindrical patches) it minimises along the edge instead.
 * Edges are visited in passes over the triangles with a growing error threshold (see the
 * loop). Vertex records, triangle records (with the per-corner errors) and per-vertex corner
 * lists in slots live in typed arrays (`buildDecimationState`). No per-edge objects.
 *
 * Input: closed manifold (the caller checks; an open edge fails the link test and stays).
 * Not mutated. Output vertices are the survivors in index order, Float32 positions (LPS mm).
 * Cost: O(T · passes) scanning plus O(collapses · degree²); about 120 bytes per triangle.
 * @throws MeshError INVALID_OPTIONS, and the signal's reason when aborted
 */
export function quadricDecimate(
  mesh: Mesh,
  options: QuadricDecimateOptions = {},
  run?: RunControl,
): QuadricDecimateResult {
  const target = options.targetTriangles ?? 0;
  const maxErr = options.maxErrorMm ?? Infinity;
  const cosMax = Math.cos(((options.maxNormalChangeDeg ?? 60) * Math.PI) / 180);
  const minQuality = options.minQuality ?? 0.1;
  const cos2 = cosMax * cosMax;
  // quality 2√3 |n| / Σ edge² < minQuality  <=>  |n|² < qMin2 · (Σ edge²)²
  const qMin2 = (minQuality / (2 * Math.sqrt(3))) ** 2;
  if (!(target >= 0) || !(maxErr >= 0) || !(minQuality >= 0 && minQuality < 1)) {
    throw new MeshError('INVALID_OPTIONS', 'targetTriangles, maxErrorMm >= 0; minQuality in [0,1)');
  }
  run?.signal?.throwIfAborted();
  const nv = mesh.positions.length / 3;
  if (options.locked && options.locked.length !== nv) {
    throw new MeshError('INVALID_OPTIONS', 'locked needs one entry per vertex');
  }
  const locked = options.locked;
  const nt = mesh.triangles.length / 3;
  const TRI = TRIANGLE_RECORD;
  // vertex records (positions, quadrics, visit marks, change stamps), a neighbour's edge
  // error; triangle records with the initial errors; corner lists
  const state = buildDecimationState(mesh, options.listHeadroom ?? 0.125);
  const { V, VI, E, T, F, M, L } = state;
  let { refs, top, gen } = state;
  const R = VERTEX_RECORD;
  const opt = new Float64Array(4); // optimal point and cost of the last cost call
  const merged = new Float64Array(10); // the quadric of a collapse's survivor
  const onCollapse = quadricDecimateTestHook.onCollapse; // tests only

  /** Whether moving vertex `w` of every live triangle of its list (not containing `skip`) to opt is acceptable. */
  const moveOk = (w: number, skip: number): boolean => {
    const p0 = R * w;
    const ox = opt[0];
    const oy = opt[1];
    const oz = opt[2];
    for (let i = L[3 * w], end = i + L[3 * w + 1]; i < end; i++) {
      const c = refs[i];
      const o = c & ~7;
      const t0 = T[o];
      const t1 = T[o + 1];
      const t2 = T[o + 2];
      if (t0 === skip || t1 === skip || t2 === skip) continue;
      const k = c - o;
      // the other two corners, in winding order after w
      const p1 = R * (k === 0 ? t1 : k === 1 ? t2 : t0);
      const p2 = R * (k === 0 ? t2 : k === 1 ? t0 : t1);
      const ax = V[p1] - V[p0];
      const ay = V[p1 + 1] - V[p0 + 1];
      const az = V[p1 + 2] - V[p0 + 2];
      const bx = V[p2] - V[p0];
      const by = V[p2 + 1] - V[p0 + 1];
      const bz = V[p2 + 2] - V[p0 + 2];
      const n0x = ay * bz - az * by;
      const n0y = az * bx - ax * bz;
      const n0z = ax * by - ay * bx;
      const cx = V[p1] - ox;
      const cy = V[p1 + 1] - oy;
      const cz = V[p1 + 2] - oz;
      const dx = V[p2] - ox;
      const dy = V[p2 + 1] - oy;
      const dz = V[p2 + 2] - oz;
      const n1x = cy * dz - cz * dy;
      const n1y = cz * dx - cx * dz;
      const n1z = cx * dy - cy * dx;
      // the normal turns by more than the limit: cos(angle) = n0·n1 / (|n0| |n1|) <= cosMax,
      // compared in squares (no roots) when cosMax >= 0
      const dot = n0x * n1x + n0y * n1y + n0z * n1z;
      const s0 = n0x * n0x + n0y * n0y + n0z * n0z;
      const s1 = n1x * n1x + n1y * n1y + n1z * n1z;
      if (s1 === 0) return false;
      if (cosMax >= 0) {
        if (dot <= 0 || dot * dot <= cos2 * s0 * s1) return false;
      } else if (dot <= cosMax * Math.sqrt(s0 * s1)) return false;
      // quality 2√3 |n| / (sum of squared edges) below the limit and below the old one's
      const ex = V[p2] - V[p1];
      const ey = V[p2 + 1] - V[p1 + 1];
      const ez = V[p2 + 2] - V[p1 + 2];
      const e2 = ex * ex + ey * ey + ez * ez;
      const sum1 = cx * cx + cy * cy + cz * cz + dx * dx + dy * dy + dz * dz + e2;
      if (s1 < qMin2 * sum1 * sum1) {
        const sum0 = ax * ax + ay * ay + az * az + bx * bx + by * by + bz * bz + e2;
        // q1 < q0 <=> |n1| sum0 < |n0| sum1
        if (s1 * sum0 * sum0 < s0 * sum1 * sum1) return false;
      }
    }
    return true;
  };

  let live = nt;
  let collapses = 0;
  let worst = 0;
  let maxSeen = 0;
  let pass = 0;
  const maxErr2 = maxErr * maxErr;
  /** Link condition and geometry checks of collapsing v into u; leaves the point in opt. */
  const canCollapse = (u: number, v: number): boolean => {
    if (locked && (locked[u] || locked[v])) return false;
    // link condition: exactly two common neighbours, and exactly two triangles on the edge.
    // A vertex's neighbours are the other two corners of its triangles (in a closed fan each
    // appears twice): u's are marked g, v's that carry the mark are counted once (-> g + 1).
    gen += 2;
    const g = gen;
    const degU = L[3 * u + 1];
    for (let i = L[3 * u], end = i + degU; i < end; i++) {
      const c = refs[i];
      const o = c & ~7;
      const k = c - o;
      VI[R * T[k === 2 ? o : c + 1] + VMARK] = g;
      VI[R * T[k === 0 ? o + 2 : c - 1] + VMARK] = g;
    }
    let common = 0;
    let shared = 0;
    const degV = L[3 * v + 1];
    for (let i = L[3 * v], end = i + degV; i < end; i++) {
      const c = refs[i];
      const o = c & ~7;
      const k = c - o;
      const a = T[k === 2 ? o : c + 1];
      const b = T[k === 0 ? o + 2 : c - 1];
      if (a === u) shared++;
      else if (VI[R * a + VMARK] === g) {
        VI[R * a + VMARK] = g + 1;
        common++;
      }
      if (b === u) shared++;
      else if (VI[R * b + VMARK] === g) {
        VI[R * b + VMARK] = g + 1;
        common++;
      }
    }
    // the merged vertex keeps degU + degV - 4 neighbours: at least three
    if (common !== 2 || shared !== 2 || degU + degV - 4 < 3) return false;
    edgeCollapseCost(V, u, v, opt);
    return moveOk(u, v) && moveOk(v, u);
  };
  /** Removes corner c from vertex w's list (the order of a list does not matter). */
  const unlink = (w: number, c: number): void => {
    const last = L[3 * w] + L[3 * w + 1] - 1;
    for (let i = L[3 * w]; i <= last; i++) {
      if (refs[i] === c) {
        refs[i] = refs[last];
        L[3 * w + 1]--;
        return;
      }
    }
  };
  /** Collapses v into u at opt; refreshes the errors of the edges at u and marks them changed. */
  const collapse = (u: number, v: number): void => {
    // u's new list: its triangles but the two on the edge (which die), and v's live ones
    // (renamed to u), in u's slot or v's when it fits (filtered in place: the slot's own list
    // first), else in a new slot; the dead two also leave the lists of their third vertices
    const size = L[3 * u + 1] + L[3 * v + 1] - 4;
    if (size > L[3 * u + 2] && size > L[3 * v + 2] && top + size + SLOT_SLACK > refs.length) {
      top = compactSlots(refs, L, T, top);
      if (top + size + SLOT_SLACK > refs.length) {
        const grown = new Int32Array(top + size + SLOT_SLACK + (refs.length >> 2));
        grown.set(refs.subarray(0, top));
        refs = grown;
      }
    }
    const intoV = size > L[3 * u + 2] && size <= L[3 * v + 2];
    const dst = size <= L[3 * u + 2] ? L[3 * u] : intoV ? L[3 * v] : top;
    let n = dst;
    let dead0 = -1;
    let dead1 = -1;
    // the list already in the destination slot goes first: it is filtered in place before
    // the other list is appended after it
    for (let half = 0; half < 2; half++) {
      if ((half === 0) !== intoV) {
        for (let i = L[3 * u], end = i + L[3 * u + 1]; i < end; i++) {
          const c = refs[i];
          const o = c & ~7;
          if (T[o] === v || T[o + 1] === v || T[o + 2] === v) {
            T[o + 7] = DEAD;
            M[o >> 3] = Infinity;
            live--;
            if (dead0 < 0) dead0 = o;
            else dead1 = o;
          } else refs[n++] = c;
        }
      } else {
        for (let i = L[3 * v], end = i + L[3 * v + 1]; i < end; i++) {
          const c = refs[i];
          const o = c & ~7;
          if (T[o] === u || T[o + 1] === u || T[o + 2] === u) continue;
          T[c] = u;
          refs[n++] = c;
        }
      }
    }
    for (let k = 0; k < 6; k++) {
      const o = k < 3 ? dead0 : dead1;
      const c = o + (k % 3);
      if (o >= 0 && T[c] !== u && T[c] !== v) unlink(T[c], c);
    }
    if (dst === top) {
      L[3 * u + 2] = size + SLOT_SLACK;
      top += size + SLOT_SLACK;
    } else if (intoV) L[3 * u + 2] = L[3 * v + 2];
    L[3 * u] = dst;
    L[3 * u + 1] = n - dst;
    L[3 * v + 1] = 0;
    // the survivor's quadric: both ends' quadrics moved into the frame of its new position
    const ru = R * u;
    const rv = R * v;
    const x = Math.fround(opt[0]);
    const y = Math.fround(opt[1]);
    const z = Math.fround(opt[2]);
    merged.fill(0);
    addShiftedQuadric(V, ru, x - V[ru], y - V[ru + 1], z - V[ru + 2], merged);
    addShiftedQuadric(V, rv, x - V[rv], y - V[rv + 1], z - V[rv + 2], merged);
    for (let r = 0; r < 10; r++) V[ru + 4 + r] = merged[r];
    V[ru + 3] += V[rv + 3];
    V[ru] = x;
    V[ru + 1] = y;
    V[ru + 2] = z;
    collapses++;
    VI[ru + VSTAMP] = collapses; // u moved: its one-ring changed
    if (onCollapse !== undefined) onCollapse(u, v, V);
    // each edge u-w lies in two of u's triangles: one cost call per neighbour w
    gen += 2;
    const changed = -(pass + 2);
    for (let i = dst; i < n; i++) {
      const c = refs[i];
      const o = c & ~7;
      const k = c - o;
      const cPrev = k === 0 ? o + 2 : c - 1;
      const cNext = k === 2 ? o : c + 1;
      const a = T[cNext];
      const b = T[cPrev];
      // one call site (V8 inlines the cost function once); the lower index first, so an
      // edge's cost does not depend on which end survived
      for (let j = 0; j < 2; j++) {
        const w = j === 0 ? a : b;
        if (VI[R * w + VMARK] === gen) continue;
        VI[R * w + VMARK] = gen;
        const lo = u < w ? u : w;
        edgeCollapseCost(V, lo, u + w - lo, opt);
        E[w] = opt[3];
        VI[R * w + VSTAMP] = collapses; // w's one-ring changed
      }
      const e1 = (F[c + 3] = E[a]); // u -> next
      const e2 = (F[cPrev + 3] = E[b]); // previous -> u
      if (e1 > maxSeen) maxSeen = e1;
      if (e2 > maxSeen) maxSeen = e2;
      T[o + 7] = changed;
      const e3 = F[cNext + 3]; // the edge opposite u, unchanged
      M[o >> 3] = Math.min(e1, e2, e3);
    }
  };

  let waiting = 0; // triangles of the last pass that wait after a refusal
  let limits = new Float64Array(64); // the error limit of each pass (mm²)
  /**
   * One pass over the triangles t0 <= t < t1 (pass number `pass`): collapses the edges below
   * `limit`, at most one per triangle changed in this pass; returns how many.
   */
  const scanPass = (limit: number, t0: number, t1: number): number => {
    const changed = -(pass + 2);
    if (pass >= limits.length) {
      const grown = new Float64Array(2 * pass);
      grown.set(limits);
      limits = grown;
    }
    limits[pass] = limit;
    let done = 0;
    let wait = 0;
    // the smallest errors, 4 bytes a triangle, are read in one stream (dead ones: Infinity)
    for (let t = t0; t < t1 && live > target; t++) {
      if (M[t] > limit) continue;
      const o = TRI * t;
      const state = T[o + 7];
      if (state < 0) {
        if (state === changed || state === DEAD) continue;
      } else if (state > pass) {
        wait++;
        continue;
      }
      // a refused triangle (state = pass of refusal + 4) whose vertices' one-rings have not
      // changed since: its edges tried then (error <= that pass's limit) would fail again
      // (same positions, quadrics and links), so only edges that have come under the limit
      // since are tried
      let tried = -1;
      if (state >= 4) {
        const since = T[o + 6];
        if (
          VI[R * T[o] + VSTAMP] <= since &&
          VI[R * T[o + 1] + VSTAMP] <= since &&
          VI[R * T[o + 2] + VSTAMP] <= since
        )
          tried = limits[state - 4];
      }
      let k = 0;
      for (; k < 3; k++) {
        const e = F[o + 3 + k];
        if (e > limit || e <= tried) continue;
        const u = T[o + k];
        const v = T[o + (k === 2 ? 0 : k + 1)];
        if (!canCollapse(u, v)) continue;
        if (e > worst) worst = e;
        collapse(u, v);
        done++;
        break; // the triangle is gone
      }
      if (k === 3) {
        T[o + 7] = pass + 4;
        T[o + 6] = collapses;
      }
    }
    waiting = wait;
    return done;
  };

  // Passes over the triangles with a growing error threshold (Forstmann's fast quadric
  // simplification schedule): each pass collapses every valid edge below the threshold once
  // per neighbourhood (triangles changed in a pass wait for the next), in mesh order, which
  // keeps memory access coherent; the threshold grows by 1.5 per pass, so edges collapse in
  // error order to within that factor. On the corpus bone (691k triangles to 10 %) this took
  // half the CPU time of a global priority queue (bucket queue with lazy invalidation) at
  // the same mean deviation: the queue's pops land anywhere in the mesh and miss the cache.
  // The passes run in rounds: a block of BLOCK_TRIANGLES triangles takes LEVELS_PER_ROUND
  // consecutive passes (thresholds) while its neighbourhoods are in cache, then the next
  // block; so a region may run up to 1.5² ahead of another within a round. Near the target
  // (fewer collapses left than twice the last round's) a round is one pass over the whole
  // mesh, so the last collapses still go in error order everywhere.
  for (let o = 0; o < TRI * nt; o += TRI) {
    for (let k = 3; k < 6; k++) if (F[o + k] > maxSeen) maxSeen = F[o + k];
  }
  // start at the 2nd percentile of the edge errors (sampled), not below (0.1 µm)²
  const sample = new Float32Array(Math.min(4096, 3 * nt));
  for (let i = 0; i < sample.length; i++) {
    const c = Math.floor((i * 3 * nt) / sample.length);
    sample[i] = F[TRI * Math.floor(c / 3) + 3 + (c % 3)];
  }
  sample.sort();
  let thr = Math.max(1e-8, sample[Math.floor(0.02 * sample.length)] ?? 0);
  let idle = 0;
  let lastRound = 0;
  while (live > target) {
    const levels = 2 * lastRound < (live - target) / 2 ? LEVELS_PER_ROUND : 1;
    const first = pass;
    let done = 0;
    let waitingAll = 0;
    for (let t0 = 0; t0 < nt && live > target; t0 += BLOCK_TRIANGLES) {
      const t1 = Math.min(nt, t0 + BLOCK_TRIANGLES);
      for (let j = 0, limit = thr; j < levels && live > target; j++, limit *= 1.5) {
        pass = first + j;
        done += scanPass(Math.min(limit, maxErr2), t0, t1);
        waitingAll += waiting;
      }
    }
    pass = first + levels;
    lastRound = done;
    const top = thr * 1.5 ** (levels - 1); // the round's highest threshold
    if (top >= maxErr2 && done === 0) break; // nothing more within the error bound
    // every edge is eligible and none collapsed for longer than a refused triangle waits
    idle = top > 4 * maxSeen && done === 0 ? idle + levels : 0;
    if (idle > 5 || (idle > 0 && waitingAll === 0)) break;
    thr = top * 1.5;
    run?.signal?.throwIfAborted();
    run?.onProgress?.(Math.min(1, (nt - live) / Math.max(1, nt - target)));
  }

  const { positions, triangles, vertexIds } = survivingMesh(T, V, nv, nt, live);
  run?.onProgress?.(1);
  return {
    mesh: { kind: 'Mesh', positions, triangles },
    collapses,
    maxErrorMm: Math.sqrt(worst),
    vertexIds,
  };
}
