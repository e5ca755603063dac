import { analyzeMesh, analyzeMeshShells } from './analyze-mesh.ts';
import type { AnalyzeMeshOptions, MeshAnalysis } from './analyze-mesh.ts';
import { fillSmallHoles } from './fill-small-holes.ts';
import type { Mesh } from './mesh.ts';
import { rayParity } from './ray-parity.ts';
import { unionFind } from './union-find.ts';

/** Options of `repairMesh`. */
export interface RepairOptions {
  /** drop shells whose |volume| is below this, mm³; default 0 (keep all) */
  readonly minShellMm3?: number;
  /**
   * close holes (boundary loops) of at most this many edges with `fillSmallHoles`, after
   * degenerate and duplicate triangles are removed and before shells are oriented; default
   * 32; 0 leaves every hole open (reported as NOT_WATERTIGHT)
   */
  readonly fillHolesMaxEdges?: number;
  /**
   * the `analyzeMesh` of a mesh with the same triangles (e.g. the unsmoothed mesh, analysed
   * on another thread while this one smoothed): its topology is reused when the triangle
   * lists are equal (`AnalyzeMeshOptions.sameTriangles`), so a clean mesh costs one
   * measuring pass
   */
  readonly sameTriangles?: AnalyzeMeshOptions['sameTriangles'];
}

/** A repair finding: what was changed, and how often. */
export interface RepairIssue {
  readonly code:
    | 'DEGENERATE_TRIANGLES_REMOVED'
    | 'DUPLICATE_TRIANGLES_REMOVED'
    | 'SHELLS_FLIPPED'
    | 'SMALL_SHELLS_DROPPED'
    | 'HOLES_FILLED'
    | 'NOT_WATERTIGHT';
  readonly count: number;
  readonly message: string;
}

/** Result of `repairMesh`. */
export interface RepairResult {
  /** the repaired mesh; the input object itself when nothing had to change */
  readonly mesh: Mesh;
  readonly issues: RepairIssue[];
  /** edge-connected shells kept */
  readonly shells: number;
  /** `analyzeMesh` of the returned mesh (callers can reuse it instead of analysing again) */
  readonly analysis: MeshAnalysis;
}

/**
 * Repairs what can be repaired without guessing and reports the rest as data: removes
 * triangles with a repeated vertex and exact duplicate triangles (either winding), splits the
 * mesh into edge-connected shells, flips closed shells whose signed volume is negative (inside
 * out) unless another shell encloses them (a cavity, found by ray parity), and drops shells
 * smaller than `minShellMm3`. Holes of up to `fillHolesMaxEdges` edges are closed
 * (`fillSmallHoles`: a cap oriented like its surroundings, HOLES_FILLED); larger or ambiguous
 * ones are reported (NOT_WATERTIGHT). Coincident
 * vertices are deliberately not merged: Surface Nets emits coincident copies where a segment
 * touches itself at an edge, and merging them would pinch the surface.
 *
 * A mesh that needs nothing (the usual Surface Nets output) is returned as is, without copies.
 * Otherwise unused vertices are dropped. The input is not mutated. Cost: O(V + T) time with
 * typed scratch arrays (triangle hash, union-find, one ray-parity pass over all triangles for
 * all negative shells at once).
 */
export function repairMesh(mesh: Mesh, options: RepairOptions = {}): RepairResult {
  const issues: RepairIssue[] = [];
  const T = mesh.triangles;
  const P = mesh.positions;
  const nt = T.length / 3;
  const nv = P.length / 3;
  // 1. degenerate and duplicate triangles (open-addressing hash of the sorted vertex triple).
  // A watertight input has neither, except a duplicate pair forming a two-triangle shell of
  // its own (every other duplicate would use an edge four times): those are found in step 2.
  const { analysis: input, vertexRoot } = analyzeMeshShells(mesh, {
    sameTriangles: options.sameTriangles,
  });
  const clean = input.watertight;
  // one closed, outward shell (the usual Surface Nets output) that is kept: nothing to do.
  // Its volume is the analysis's (the sum below, about the same first vertex); two triangles
  // could be a duplicate pair, which the general path removes.
  if (
    clean &&
    input.shells === 1 &&
    nt > 2 &&
    input.signedVolume >= 0 &&
    !(input.signedVolume < (options.minShellMm3 ?? 0))
  ) {
    return { mesh, issues, shells: 1, analysis: input };
  }
  const kept = new Uint8Array(nt);
  let degenerate = 0;
  let duplicate = 0;
  if (clean) kept.fill(1);
  let size = 1;
  while (!clean && size < 2 * nt) size <<= 1;
  const table = new Int32Array(clean ? 0 : size).fill(-1);
  const mask = size - 1;
  for (let t = 0; t < (clean ? 0 : nt); t++) {
    const a = T[3 * t];
    const b = T[3 * t + 1];
    const c = T[3 * t + 2];
    if (a === b || b === c || a === c) {
      degenerate++;
      continue;
    }
    const lo = a < b ? (a < c ? a : c) : b < c ? b : c;
    const hi = a > b ? (a > c ? a : c) : b > c ? b : c;
    const mid = a + b + c - lo - hi;
    let h =
      (Math.imul(lo, 0x9e3779b1) ^ Math.imul(mid, 0x85ebca77) ^ Math.imul(hi, 0xc2b2ae3d)) & mask;
    let dup = false;
    for (;;) {
      const s = table[h];
      if (s < 0) {
        table[h] = t;
        break;
      }
      const x = T[3 * s];
      const y = T[3 * s + 1];
      const z = T[3 * s + 2];
      const slo = x < y ? (x < z ? x : z) : y < z ? y : z;
      const shi = x > y ? (x > z ? x : z) : y > z ? y : z;
      if (slo === lo && shi === hi && x + y + z - slo - shi === mid) {
        dup = true;
        break;
      }
      h = (h + 1) & mask;
    }
    if (dup) duplicate++;
    else kept[t] = 1;
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
  // 1b. an open input: close its small holes, then repair the closed result (no filling)
  const maxHoleEdges = options.fillHolesMaxEdges ?? 32;
  if (!clean && maxHoleEdges >= 3 && input.boundaryEdges > 0) {
    const base =
      degenerate || duplicate
        ? compactMesh(P, T, keptAsShells(kept), new Uint8Array(1), new Uint8Array(1))
        : mesh;
    const filled = fillSmallHoles(base, maxHoleEdges);
    if (filled.filled > 0) {
      const rest = repairMesh(filled.mesh, { ...options, fillHolesMaxEdges: 0 });
      issues.push({
        code: 'HOLES_FILLED',
        count: filled.filled,
        message: `${filled.filled} holes of at most ${maxHoleEdges} edges closed`,
      });
      return { ...rest, issues: [...issues, ...rest.issues] };
    }
  }
  // 2. shells: union-find over the vertices of kept triangles (a clean mesh keeps every
  // triangle: the analysis's edge-connected vertex roots are the same partition), then dense
  // shell ids in order of each shell's first triangle
  let root = clean ? vertexRoot : null;
  if (root === null) {
    const { parent, find } = unionFind(nv);
    for (let t = 0; t < nt; t++) {
      if (!kept[t]) continue;
      const a = find(T[3 * t]);
      const b = find(T[3 * t + 1]);
      const c = find(T[3 * t + 2]);
      parent[a] = c;
      parent[b] = c;
    }
    for (let v = 0; v < nv; v++) parent[v] = find(v);
    root = parent;
  }
  const shellOfRoot = new Int32Array(nv).fill(-1);
  const shellOf = new Int32Array(nt).fill(-1);
  let shellCount = 0;
  for (let t = 0; t < nt; t++) {
    if (!kept[t]) continue;
    const r = root[T[3 * t]];
    if (shellOfRoot[r] < 0) shellOfRoot[r] = shellCount++;
    shellOf[t] = shellOfRoot[r];
  }
  if (clean) {
    // duplicate pairs of a watertight mesh: two-triangle shells (same three vertices)
    const count = new Uint32Array(shellCount);
    const first = new Int32Array(shellCount).fill(-1);
    for (let t = 0; t < nt; t++) count[shellOf[t]]++;
    for (let t = 0; t < nt; t++) {
      const sh = shellOf[t];
      if (count[sh] !== 2) continue;
      if (first[sh] < 0) first[sh] = t;
      else {
        kept[t] = 0;
        shellOf[t] = -1;
        duplicate++;
      }
    }
    if (duplicate) {
      issues.push({
        code: 'DUPLICATE_TRIANGLES_REMOVED',
        count: duplicate,
        message: `${duplicate} duplicate triangles removed`,
      });
    }
  }
  // 3. signed volume per shell (about the shell's first vertex), query point per shell
  const vol6 = new Float64Array(shellCount);
  const originOf = new Int32Array(shellCount).fill(-1);
  const firstTri = new Int32Array(shellCount).fill(-1);
  for (let t = 0; t < nt; t++) {
    const s = shellOf[t];
    if (s < 0) continue;
    if (originOf[s] < 0) {
      originOf[s] = T[3 * t];
      firstTri[s] = t;
    }
    const o = 3 * originOf[s];
    const a = 3 * T[3 * t];
    const b = 3 * T[3 * t + 1];
    const c = 3 * T[3 * t + 2];
    const ax = P[a] - P[o], ay = P[a + 1] - P[o + 1], az = P[a + 2] - P[o + 2]; // prettier-ignore
    const bx = P[b] - P[o], by = P[b + 1] - P[o + 1], bz = P[b + 2] - P[o + 2]; // prettier-ignore
    const cx = P[c] - P[o], cy = P[c + 1] - P[o + 1], cz = P[c + 2] - P[o + 2]; // prettier-ignore
    vol6[s] += ax * (by * cz - bz * cy) + ay * (bz * cx - bx * cz) + az * (bx * cy - by * cx);
  }
  const minVol6 = 6 * (options.minShellMm3 ?? 0);
  const drop = new Uint8Array(shellCount);
  let dropped = 0;
  for (let s = 0; s < shellCount; s++) {
    if (Math.abs(vol6[s]) < minVol6) {
      drop[s] = 1;
      dropped++;
    }
  }
  // 4. a negative shell is a cavity when another shell encloses it (odd crossings of a ray
  // from a point on it); otherwise it is inside out and flipped
  const negatives: number[] = [];
  for (let s = 0; s < shellCount; s++) if (vol6[s] < 0 && !drop[s]) negatives.push(s);
  const flip = new Uint8Array(shellCount);
  let flipped = 0;
  if (negatives.length > 0) {
    const queries = new Float64Array(3 * negatives.length);
    const queryShell = new Int32Array(negatives.length);
    negatives.forEach((s, q) => {
      // centroid of the shell's first triangle: off every vertex and edge of other shells
      const t = firstTri[s];
      for (let r = 0; r < 3; r++) {
        queries[3 * q + r] =
          (P[3 * T[3 * t] + r] + P[3 * T[3 * t + 1] + r] + P[3 * T[3 * t + 2] + r]) / 3;
      }
      queryShell[q] = s;
    });
    const odd = rayParity(P, T, shellOf, queries, queryShell);
    negatives.forEach((s, q) => {
      if (!odd[q]) {
        flip[s] = 1;
        flipped++;
      }
    });
  }
  if (flipped) {
    issues.push({
      code: 'SHELLS_FLIPPED',
      count: flipped,
      message: `${flipped} inside-out shells flipped`,
    });
  }
  if (dropped) {
    issues.push({
      code: 'SMALL_SHELLS_DROPPED',
      count: dropped,
      message: `${dropped} shells under ${options.minShellMm3 ?? 0} mm³ dropped`,
    });
  }
  // 5. output: the input itself when unchanged, else a compacted copy
  let out = mesh;
  if (degenerate || duplicate || flipped || dropped) {
    out = compactMesh(P, T, shellOf, drop, flip);
  }
  const analysis = out === mesh ? input : analyzeMesh(out);
  if (!analysis.watertight && out.triangles.length > 0) {
    issues.push({
      code: 'NOT_WATERTIGHT',
      count: analysis.boundaryEdges + analysis.nonManifoldEdges + analysis.nonManifoldVertices,
      message: `${analysis.boundaryEdges} boundary edges, ${analysis.nonManifoldEdges} non-manifold edges, ${analysis.nonManifoldVertices} pinched vertices remain`,
    });
  }
  return { mesh: out, issues, shells: shellCount - dropped, analysis };
}

/** Shell 0 for kept triangles, -1 for the others (for `compactMesh`). */
function keptAsShells(kept: Uint8Array): Int32Array {
  const shellOf = new Int32Array(kept.length);
  for (let t = 0; t < kept.length; t++) shellOf[t] = kept[t] ? 0 : -1;
  return shellOf;
}

/** Kept triangles (shellOf >= 0, shell not dropped), flipped per shell, unused vertices dropped. */
function compactMesh(
  P: Float32Array,
  T: Uint32Array,
  shellOf: Int32Array,
  drop: Uint8Array,
  flip: Uint8Array,
): Mesh {
  const nt = T.length / 3;
  let count = 0;
  for (let t = 0; t < nt; t++) if (shellOf[t] >= 0 && !drop[shellOf[t]]) count++;
  const remap = new Int32Array(P.length / 3).fill(-1);
  const triangles = new Uint32Array(3 * count);
  let nv = 0;
  let n = 0;
  for (let t = 0; t < nt; t++) {
    const s = shellOf[t];
    if (s < 0 || drop[s]) continue;
    for (let k = 0; k < 3; k++) {
      const v = T[3 * t + (flip[s] && k > 0 ? 3 - k : k)];
      if (remap[v] < 0) remap[v] = nv++;
      triangles[n++] = remap[v];
    }
  }
  const positions = new Float32Array(3 * nv);
  for (let v = 0; v < remap.length; v++) {
    const r = remap[v];
    if (r < 0) continue;
    positions[3 * r] = P[3 * v];
    positions[3 * r + 1] = P[3 * v + 1];
    positions[3 * r + 2] = P[3 * v + 2];
  }
  return { kind: 'Mesh', positions, triangles };
}
