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
 * out), and drops shells smaller than `minShellMm3`. Holes are reported (NOT_WATERTIGHT), not
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
  const seen = new Set<string>();
  for (let t = 0; t < T.length; t += 3) {
    const a = T[t];
    const b = T[t + 1];
    const c = T[t + 2];
    if (a === b || b === c || a === c) {
      degenerate++;
      continue;
    }
    const key = [a, b, c].sort((x, y) => x - y).join(',');
    if (seen.has(key)) {
      duplicate++;
      continue;
    }
    seen.add(key);
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
  const outTris: number[] = [];
  let flipped = 0;
  let dropped = 0;
  for (const list of shellOf.values()) {
    const tris = new Uint32Array(list.length * 3);
    list.forEach((t, i) => tris.set(T.subarray(3 * t, 3 * t + 3), 3 * i));
    const a = analyzeMesh({ kind: 'Mesh', positions: mesh.positions, triangles: tris });
    if (Math.abs(a.signedVolume) < minVol) {
      dropped++;
      continue;
    }
    const flip = a.boundaryEdges === 0 && a.signedVolume < 0;
    if (flip) flipped++;
    for (let i = 0; i < tris.length; i += 3) {
      outTris.push(tris[i], flip ? tris[i + 2] : tris[i + 1], flip ? tris[i + 1] : tris[i + 2]);
    }
  }
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
