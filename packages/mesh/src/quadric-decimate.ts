import type { RunControl } from '@anatomodel/imaging';
import { MeshError } from './mesh-error.ts';
import type { Mesh } from './mesh.ts';
import { EdgeQueue } from './edge-queue.ts';

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
}

/** Result of {@link quadricDecimate}. */
export interface QuadricDecimateResult {
  readonly mesh: Mesh;
  /** edge collapses performed */
  readonly collapses: number;
  /** largest quadric error of a performed collapse, mm */
  readonly maxErrorMm: number;
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
 * Candidates sit in a binary heap over typed arrays with lazy invalidation (per-vertex
 * stamps); per-vertex triangle lists are linked lists of corners. No per-edge objects.
 *
 * Input: closed manifold (the caller checks; an open edge fails the link test and stays).
 * Not mutated. Output vertices are the survivors in index order, Float32 positions (LPS mm).
 * Cost: O(T log T) time; about 200 bytes per input vertex plus the heap (24 bytes per entry).
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
  if (!(target >= 0) || !(maxErr >= 0) || !(minQuality >= 0 && minQuality < 1)) {
    throw new MeshError('INVALID_OPTIONS', 'targetTriangles, maxErrorMm >= 0; minQuality in [0,1)');
  }
  const nv = mesh.positions.length / 3;
  const nt = mesh.triangles.length / 3;
  const pos = Float64Array.from(mesh.positions);
  const tri = Int32Array.from(mesh.triangles);
  const alive = new Uint8Array(nt).fill(1);
  const head = new Int32Array(nv).fill(-1);
  const next = new Int32Array(3 * nt);
  for (let c = 3 * nt - 1; c >= 0; c--) {
    next[c] = head[tri[c]];
    head[tri[c]] = c;
  }
  // Plane quadrics, area-weighted: a², ab, ac, ad, b², bc, bd, c², cd, d² per vertex; W = area.
  const Q = new Float64Array(10 * nv);
  const W = new Float64Array(nv);
  for (let t = 0; t < nt; t++) {
    const a = 3 * tri[3 * t];
    const b = 3 * tri[3 * t + 1];
    const c = 3 * tri[3 * t + 2];
    const ux = pos[b] - pos[a];
    const uy = pos[b + 1] - pos[a + 1];
    const uz = pos[b + 2] - pos[a + 2];
    const vx = pos[c] - pos[a];
    const vy = pos[c + 1] - pos[a + 1];
    const vz = pos[c + 2] - pos[a + 2];
    let nx = uy * vz - uz * vy;
    let ny = uz * vx - ux * vz;
    let nz = ux * vy - uy * vx;
    const len = Math.sqrt(nx * nx + ny * ny + nz * nz);
    if (len === 0) continue;
    const area = len / 2;
    nx /= len;
    ny /= len;
    nz /= len;
    const d = -(nx * pos[a] + ny * pos[a + 1] + nz * pos[a + 2]);
    for (let k = 0; k < 3; k++) {
      const q = 10 * tri[3 * t + k];
      Q[q] += area * nx * nx;
      Q[q + 1] += area * nx * ny;
      Q[q + 2] += area * nx * nz;
      Q[q + 3] += area * nx * d;
      Q[q + 4] += area * ny * ny;
      Q[q + 5] += area * ny * nz;
      Q[q + 6] += area * ny * d;
      Q[q + 7] += area * nz * nz;
      Q[q + 8] += area * nz * d;
      Q[q + 9] += area * d * d;
      W[tri[3 * t + k]] += area;
    }
  }

  // Optimal position of the last `cost` call.
  let ox = 0;
  let oy = 0;
  let oz = 0;
  /** Normalised quadric error (mm²) of merging u and v, and the optimal point into ox/oy/oz. */
  const cost = (u: number, v: number): number => {
    const qu = 10 * u;
    const qv = 10 * v;
    const a2 = Q[qu] + Q[qv];
    const ab = Q[qu + 1] + Q[qv + 1];
    const ac = Q[qu + 2] + Q[qv + 2];
    const ad = Q[qu + 3] + Q[qv + 3];
    const b2 = Q[qu + 4] + Q[qv + 4];
    const bc = Q[qu + 5] + Q[qv + 5];
    const bd = Q[qu + 6] + Q[qv + 6];
    const c2 = Q[qu + 7] + Q[qv + 7];
    const cd = Q[qu + 8] + Q[qv + 8];
    const d2 = Q[qu + 9] + Q[qv + 9];
    const w = W[u] + W[v] || 1;
    const c00 = b2 * c2 - bc * bc;
    const c01 = ac * bc - ab * c2;
    const c02 = ab * bc - ac * b2;
    const det = a2 * c00 + ab * c01 + ac * c02;
    const tr = a2 + b2 + c2;
    const ux = pos[3 * u];
    const uy = pos[3 * u + 1];
    const uz = pos[3 * u + 2];
    const ex = pos[3 * v] - ux;
    const ey = pos[3 * v + 1] - uy;
    const ez = pos[3 * v + 2] - uz;
    let solved = false;
    // det relative to (trace/3)³: all three eigenvalues well away from 0
    if (Math.abs(det) > 1e-3 * tr * tr * tr) {
      const c11 = a2 * c2 - ac * ac;
      const c12 = ab * ac - a2 * bc;
      const c22 = a2 * b2 - ab * ab;
      const x = -(c00 * ad + c01 * bd + c02 * cd) / det;
      const y = -(c01 * ad + c11 * bd + c12 * cd) / det;
      const z = -(c02 * ad + c12 * bd + c22 * cd) / det;
      // accept only near the edge (a far optimum means a nearly degenerate system)
      const mx = x - ux - ex / 2;
      const my = y - uy - ey / 2;
      const mz = z - uz - ez / 2;
      if (mx * mx + my * my + mz * mz <= ex * ex + ey * ey + ez * ez) {
        ox = x;
        oy = y;
        oz = z;
        solved = true;
      }
    }
    if (!solved) {
      // minimise Q(u + t e) over t in [0, 1]: Q = t² eᵀAe + 2t (Au + b)ᵀe + Q(u)
      const aex = a2 * ex + ab * ey + ac * ez;
      const aey = ab * ex + b2 * ey + bc * ez;
      const aez = ac * ex + bc * ey + c2 * ez;
      const eAe = ex * aex + ey * aey + ez * aez;
      const g =
        (a2 * ux + ab * uy + ac * uz + ad) * ex +
        (ab * ux + b2 * uy + bc * uz + bd) * ey +
        (ac * ux + bc * uy + c2 * uz + cd) * ez;
      let t = eAe > 0 ? -g / eAe : 0.5;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      ox = ux + t * ex;
      oy = uy + t * ey;
      oz = uz + t * ez;
    }
    const e =
      a2 * ox * ox +
      b2 * oy * oy +
      c2 * oz * oz +
      2 * (ab * ox * oy + ac * ox * oz + bc * oy * oz) +
      2 * (ad * ox + bd * oy + cd * oz) +
      d2;
    return e > 0 ? e / w : 0;
  };

  const heap = new EdgeQueue(Math.max(16, Math.ceil(1.6 * nt)));
  // changed[v]: serial (collapse count + 1) of v's last change; an entry pushed with an older
  // serial than either end's change is stale
  const changed = new Int32Array(nv);
  const dead = new Uint8Array(nv);
  if (nv >= EdgeQueue.MAX_VERTICES) throw new MeshError('TOO_LARGE', `${nv} vertices`);
  for (let t = 0; t < nt; t++) {
    for (let k = 0; k < 3; k++) {
      const a = tri[3 * t + k];
      const b = tri[3 * t + ((k + 1) % 3)];
      if (a < b) heap.push(cost(a, b), a, b, 0);
    }
  }

  const mark = new Uint32Array(nv);
  let gen = 0;
  /** Unlinks the corners of dead triangles from v's list; returns the live count. */
  const prune = (v: number): number => {
    let n = 0;
    let prev = -1;
    for (let c = head[v]; c >= 0; c = next[c]) {
      if (alive[(c / 3) | 0]) {
        n++;
        prev = c;
      } else if (prev < 0) head[v] = next[c];
      else next[prev] = next[c];
    }
    return n;
  };
  /** Whether moving vertex `from` of every live triangle of `list` (not containing `skip`) to o is acceptable. */
  const moveOk = (list: number, skip: number): boolean => {
    for (let c = head[list]; c >= 0; c = next[c]) {
      const t = c - (c % 3);
      if (tri[t] === skip || tri[t + 1] === skip || tri[t + 2] === skip) continue;
      const k = c - t;
      const p1 = 3 * tri[t + ((k + 1) % 3)];
      const p2 = 3 * tri[t + ((k + 2) % 3)];
      const p0 = 3 * list;
      const ax = pos[p1] - pos[p0];
      const ay = pos[p1 + 1] - pos[p0 + 1];
      const az = pos[p1 + 2] - pos[p0 + 2];
      const bx = pos[p2] - pos[p0];
      const by = pos[p2 + 1] - pos[p0 + 1];
      const bz = pos[p2 + 2] - pos[p0 + 2];
      const n0x = ay * bz - az * by;
      const n0y = az * bx - ax * bz;
      const n0z = ax * by - ay * bx;
      const cx = pos[p1] - ox;
      const cy = pos[p1 + 1] - oy;
      const cz = pos[p1 + 2] - oz;
      const dx = pos[p2] - ox;
      const dy = pos[p2 + 1] - oy;
      const dz = pos[p2 + 2] - oz;
      const n1x = cy * dz - cz * dy;
      const n1y = cz * dx - cx * dz;
      const n1z = cx * dy - cy * dx;
      const l0 = Math.sqrt(n0x * n0x + n0y * n0y + n0z * n0z);
      const l1 = Math.sqrt(n1x * n1x + n1y * n1y + n1z * n1z);
      if (n0x * n1x + n0y * n1y + n0z * n1z <= cosMax * l0 * l1 || l1 === 0) return false;
      const ex = pos[p2] - pos[p1];
      const ey = pos[p2 + 1] - pos[p1 + 1];
      const ez = pos[p2 + 2] - pos[p1 + 2];
      const e2 = ex * ex + ey * ey + ez * ez;
      const q1 = l1 / (cx * cx + cy * cy + cz * cz + dx * dx + dy * dy + dz * dz + e2);
      if (q1 < minQuality / (2 * Math.sqrt(3))) {
        const q0 = l0 / (ax * ax + ay * ay + az * az + bx * bx + by * by + bz * bz + e2);
        if (q1 < q0) return false;
      }
    }
    return true;
  };

  let live = nt;
  let collapses = 0;
  let worst = 0;
  const maxErr2 = maxErr * maxErr;
  const checkEvery = 4096;
  const lastBucket = heap.bucket(maxErr2);
  while (live > target && heap.pop()) {
    const key = heap.key;
    const u = heap.u;
    const v = heap.v;
    if (dead[u] || dead[v] || changed[u] > heap.serial || changed[v] > heap.serial) continue;
    if (key > maxErr2) {
      if (heap.bucket(key) > lastBucket) break;
      continue;
    }
    const degU = prune(u);
    const degV = prune(v);
    if (degU + degV - 4 < 3) continue;
    // link condition: exactly two common neighbours, and exactly two triangles on the edge
    gen += 2;
    for (let c = head[u]; c >= 0; c = next[c]) {
      const t = c - (c % 3);
      mark[tri[t]] = gen;
      mark[tri[t + 1]] = gen;
      mark[tri[t + 2]] = gen;
    }
    let common = 0;
    let shared = 0;
    for (let c = head[v]; c >= 0; c = next[c]) {
      const t = c - (c % 3);
      for (let k = 0; k < 3; k++) {
        const w = tri[t + k];
        if (w === u) shared++;
        else if (w !== v && mark[w] === gen) {
          mark[w] = gen + 1;
          common++;
        }
      }
    }
    if (common !== 2 || shared !== 2) continue;
    cost(u, v);
    if (!moveOk(u, v) || !moveOk(v, u)) continue;
    // collapse v into u at o
    let last = -1;
    for (let c = head[v]; c >= 0; c = next[c]) {
      const t = c - (c % 3);
      if (tri[t] === u || tri[t + 1] === u || tri[t + 2] === u) {
        alive[t / 3] = 0;
        live--;
      } else tri[c] = u;
      last = c;
    }
    if (last >= 0) {
      next[last] = head[u];
      head[u] = head[v];
    }
    head[v] = -1;
    dead[v] = 1;
    pos[3 * u] = ox;
    pos[3 * u + 1] = oy;
    pos[3 * u + 2] = oz;
    for (let r = 0; r < 10; r++) Q[10 * u + r] += Q[10 * v + r];
    W[u] += W[v];
    if (key > worst) worst = key;
    collapses++;
    changed[u] = collapses;
    prune(u);
    gen += 2;
    mark[u] = gen;
    for (let c = head[u]; c >= 0; c = next[c]) {
      const t = c - (c % 3);
      for (let k = 0; k < 3; k++) {
        const w = tri[t + k];
        if (mark[w] === gen) continue;
        mark[w] = gen;
        heap.push(cost(u, w), u, w, collapses);
      }
    }
    if (collapses % checkEvery === 0) {
      run?.signal?.throwIfAborted();
      run?.onProgress?.(Math.min(1, (nt - live) / Math.max(1, nt - target)));
    }
  }

  // compact: surviving vertices in index order, live triangles in order
  const remap = new Int32Array(nv).fill(-1);
  let nOut = 0;
  for (let t = 0; t < nt; t++) {
    if (!alive[t]) continue;
    for (let k = 0; k < 3; k++) {
      const v = tri[3 * t + k];
      if (remap[v] < 0) remap[v] = 0;
    }
  }
  for (let v = 0; v < nv; v++) if (remap[v] === 0) remap[v] = nOut++ + 1;
  const positions = new Float32Array(3 * nOut);
  for (let v = 0; v < nv; v++) {
    const r = remap[v] - 1;
    if (r < 0) continue;
    positions[3 * r] = pos[3 * v];
    positions[3 * r + 1] = pos[3 * v + 1];
    positions[3 * r + 2] = pos[3 * v + 2];
  }
  const triangles = new Uint32Array(3 * live);
  let n = 0;
  for (let t = 0; t < nt; t++) {
    if (!alive[t]) continue;
    triangles[n++] = remap[tri[3 * t]] - 1;
    triangles[n++] = remap[tri[3 * t + 1]] - 1;
    triangles[n++] = remap[tri[3 * t + 2]] - 1;
  }
  run?.onProgress?.(1);
  return { mesh: { kind: 'Mesh', positions, triangles }, collapses, maxErrorMm: Math.sqrt(worst) };
}
