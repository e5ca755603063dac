import { analyzeMesh } from './analyze-mesh.ts';
import type { Mesh } from './mesh.ts';

/** Options of `repairMesh`. */
export interface RepairOptions {
  /** drop shells whose |volume| is below this, mm³; default 0 (keep all) */
  readonly minShellMm3?: number;
}

/** A repair finding: what was changed, and how often. */
export interface RepairIssue {
  readonly code:
    | 'DEGENERATE_TRIANGLES_REMOVED'
    | 'DUPLICATE_TRIANGLES_REMOVED'
    | 'SHELLS_FLIPPED'
    | 'SMALL_SHELLS_DROPPED'
    | 'NOT_WATERTIGHT';
  readonly count: number;
  readonly message: string;
}

/**
 * Repairs what can be repaired without guessing and reports the rest as data: removes
 * triangles with a repeated vertex and exact duplicate triangles (either winding), splits the
 * mesh into edge-connected shells, flips closed shells whose signed volume is negative (inside
 * out) unless another shell encloses them (a cavity, found by ray parity), and drops shells smaller than `minShellMm3`. Holes are reported (NOT_WATERTIGHT), not
 * filled. Coincident vertices are deliberately not merged: Surface Nets emits coincident
 * copies where a segment touches itself at an edge, and merging them would pinch the surface.
 * Returns a new mesh (unused vertices dropped); the input is not mutated. Cost: O(T log T).
 */
export function repairMesh(
  mesh: Mesh,
  options: RepairOptions = {},
): { mesh: Mesh; issues: RepairIssue[]; shells: number } {
  const issues: RepairIssue[] = [];
  const T = mesh.triangles;
  const keep: number[] = [];
  let degenerate = 0;
  let duplicate = 0;
  const seen = new Set<number>();
  const seenText = new Set<string>();
  const nv0 = mesh.positions.length / 3;
  const exactKeys = nv0 < 2 ** 17; // (lo * n + mid) * n + hi stays below 2^53
  for (let t = 0; t < T.length; t += 3) {
    const a = T[t];
    const b = T[t + 1];
    const c = T[t + 2];
    if (a === b || b === c || a === c) {
      degenerate++;
      continue;
    }
    const lo = Math.min(a, b, c);
    const hi = Math.max(a, b, c);
    const mid = a + b + c - lo - hi;
    let dup: boolean;
    if (exactKeys) {
      const key = (lo * nv0 + mid) * nv0 + hi;
      dup = seen.has(key);
      if (!dup) seen.add(key);
    } else {
      const key = `${lo},${mid},${hi}`;
      dup = seenText.has(key);
      if (!dup) seenText.add(key);
    }
    if (dup) {
      duplicate++;
      continue;
    }
    keep.push(t / 3);
  }
  if (degenerate) {
    issues.push({
      code: 'DEGENERATE_TRIANGLES_REMOVED',
      count: degenerate,
      message: `${degenerate} triangles with a repeated vertex removed`,
    });
  }
  if (duplicate) {
    issues.push({
      code: 'DUPLICATE_TRIANGLES_REMOVED',
      count: duplicate,
      message: `${duplicate} duplicate triangles removed`,
    });
  }
  // shells: union-find over vertices of kept triangles
  const nv = mesh.positions.length / 3;
  const parent = new Int32Array(nv);
  for (let v = 0; v < nv; v++) parent[v] = v;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  for (const t of keep) {
    const a = find(T[3 * t]);
    const b = find(T[3 * t + 1]);
    const c = find(T[3 * t + 2]);
    parent[a] = c;
    parent[b] = c;
  }
  const shellOf = new Map<number, number[]>();
  for (const t of keep) {
    const r = find(T[3 * t]);
    let list = shellOf.get(r);
    if (!list) shellOf.set(r, (list = []));
    list.push(t);
  }
  const minVol = options.minShellMm3 ?? 0;
  const P = mesh.positions;
  const shells = [...shellOf.values()];
  const volumes = shells.map((list) => shellVolume(P, T, list));
  const outTris: number[] = [];
  let flipped = 0;
  let dropped = 0;
  shells.forEach((list, si) => {
    if (Math.abs(volumes[si]) < minVol) {
      dropped++;
      return;
    }
    // A negative shell is a cavity when another shell encloses it; otherwise it is inside out.
    let flip = false;
    if (volumes[si] < 0) {
      const v = T[3 * list[0]];
      let crossings = 0;
      shells.forEach((other, oi) => {
        if (oi !== si) crossings += rayCrossings(P, T, other, P[3 * v], P[3 * v + 1], P[3 * v + 2]);
      });
      flip = crossings % 2 === 0;
    }
    if (flip) flipped++;
    for (const t of list) {
      const a = T[3 * t];
      const b = T[3 * t + 1];
      const c = T[3 * t + 2];
      outTris.push(a, flip ? c : b, flip ? b : c);
    }
  });
  if (flipped)
    issues.push({
      code: 'SHELLS_FLIPPED',
      count: flipped,
      message: `${flipped} inside-out shells flipped`,
    });
  if (dropped) {
    issues.push({
      code: 'SMALL_SHELLS_DROPPED',
      count: dropped,
      message: `${dropped} shells under ${minVol} mm³ dropped`,
    });
  }
  const out = compactMesh(mesh.positions, outTris);
  const check = analyzeMesh(out);
  if (!check.watertight && out.triangles.length > 0) {
    issues.push({
      code: 'NOT_WATERTIGHT',
      count: check.boundaryEdges + check.nonManifoldEdges + check.nonManifoldVertices,
      message: `${check.boundaryEdges} boundary edges, ${check.nonManifoldEdges} non-manifold edges, ${check.nonManifoldVertices} pinched vertices remain`,
    });
  }
  return { mesh: out, issues, shells: shellOf.size - dropped };
}

/** Signed volume of the triangles of one shell, mm³. */
function shellVolume(P: Float32Array, T: Uint32Array, list: readonly number[]): number {
  let v6 = 0;
  const o = 3 * T[3 * list[0]];
  const ox = P[o];
  const oy = P[o + 1];
  const oz = P[o + 2];
  for (const t of list) {
    const a = 3 * T[3 * t];
    const b = 3 * T[3 * t + 1];
    const c = 3 * T[3 * t + 2];
    const ax = P[a] - ox, ay = P[a + 1] - oy, az = P[a + 2] - oz; // prettier-ignore
    const bx = P[b] - ox, by = P[b + 1] - oy, bz = P[b + 2] - oz; // prettier-ignore
    const cx = P[c] - ox, cy = P[c + 1] - oy, cz = P[c + 2] - oz; // prettier-ignore
    v6 += ax * (by * cz - bz * cy) + ay * (bz * cx - bx * cz) + az * (bx * cy - by * cx);
  }
  return v6 / 6;
}

/**
 * Crossings of the ray from (x, y, z) along a slightly skewed +x direction with a shell's
 * triangles (skewed so that it misses the edges and vertices of voxel-aligned meshes).
 */
function rayCrossings(
  P: Float32Array,
  T: Uint32Array,
  list: readonly number[],
  x: number,
  y: number,
  z: number,
): number {
  const dx = 1;
  const dy = 1.234567e-3;
  const dz = 2.345678e-3;
  let n = 0;
  for (const t of list) {
    const a = 3 * T[3 * t];
    const b = 3 * T[3 * t + 1];
    const c = 3 * T[3 * t + 2];
    // Moller-Trumbore
    // the ray stays within [y, y + dy * 1000] x [z, z + dz * 1000] over 1 m of travel
    const ya = P[a + 1], yb = P[b + 1], yc = P[c + 1]; // prettier-ignore
    if ((ya < y && yb < y && yc < y) || (ya > y + 1.3 && yb > y + 1.3 && yc > y + 1.3)) continue;
    const za = P[a + 2], zb = P[b + 2], zc = P[c + 2]; // prettier-ignore
    if ((za < z && zb < z && zc < z) || (za > z + 2.4 && zb > z + 2.4 && zc > z + 2.4)) continue;
    if (P[a] < x && P[b] < x && P[c] < x) continue;
    const e1x = P[b] - P[a], e1y = P[b + 1] - P[a + 1], e1z = P[b + 2] - P[a + 2]; // prettier-ignore
    const e2x = P[c] - P[a], e2y = P[c + 1] - P[a + 1], e2z = P[c + 2] - P[a + 2]; // prettier-ignore
    const px = dy * e2z - dz * e2y;
    const py = dz * e2x - dx * e2z;
    const pz = dx * e2y - dy * e2x;
    const det = e1x * px + e1y * py + e1z * pz;
    if (det === 0) continue;
    const inv = 1 / det;
    const sx = x - P[a], sy = y - P[a + 1], sz = z - P[a + 2]; // prettier-ignore
    const u = (sx * px + sy * py + sz * pz) * inv;
    if (u < 0 || u > 1) continue;
    const qx = sy * e1z - sz * e1y;
    const qy = sz * e1x - sx * e1z;
    const qz = sx * e1y - sy * e1x;
    const v = (dx * qx + dy * qy + dz * qz) * inv;
    if (v < 0 || u + v > 1) continue;
    if ((e2x * qx + e2y * qy + e2z * qz) * inv > 0) n++;
  }
  return n;
}

function compactMesh(positions: Float32Array, tris: number[]): Mesh {
  const remap = new Int32Array(positions.length / 3).fill(-1);
  const triangles = new Uint32Array(tris.length);
  const pos: number[] = [];
  for (let i = 0; i < tris.length; i++) {
    const v = tris[i];
    if (remap[v] < 0) {
      remap[v] = pos.length / 3;
      pos.push(positions[3 * v], positions[3 * v + 1], positions[3 * v + 2]);
    }
    triangles[i] = remap[v];
  }
  return { kind: 'Mesh', positions: Float32Array.from(pos), triangles };
}
