import type { RunControl, Vec3 } from '@anatomodel/imaging';
import { createProgress } from './create-progress.ts';
import { neighbourOffsets, type Connectivity } from './neighbour-offsets.ts';

/** Result of {@link labelComponents}. */
export interface Components {
  /** component id per voxel, 1..count; 0 where the mask is 0 */
  readonly labels: Int32Array;
  /** number of components */
  readonly count: number;
  /** voxel count per component id (index 0 unused) */
  readonly sizes: Float64Array;
}

/**
 * Connected-component labelling of a 0/1 mask: two raster passes with union-find over the
 * already-visited half of the neighbourhood (Rosenfeld & Pfaltz 1966; Wu, Otoo & Suzuki 2009).
 * Ids are numbered in raster order (i fastest) of each component's first voxel, so the result
 * is deterministic. Memory: one Int32Array of the grid size plus one entry per provisional label.
 */
export function labelComponents(
  mask: Uint8Array,
  dims: Vec3,
  connectivity: Connectivity = 6,
  run?: RunControl,
): Components {
  const [ni, nj, nk] = dims;
  const slice = ni * nj;
  const labels = new Int32Array(mask.length);
  const back = neighbourOffsets(connectivity).filter(
    ([di, dj, dk]) => dk < 0 || (dk === 0 && (dj < 0 || (dj === 0 && di < 0))),
  );
  const nb = back.length;
  const bi = new Int32Array(back.map((o) => o[0]));
  const bj = new Int32Array(back.map((o) => o[1]));
  const bk = new Int32Array(back.map((o) => o[2]));
  const bp = new Int32Array(back.map((o) => o[0] + o[1] * ni + o[2] * slice));
  let parent = new Int32Array(1024);
  let next = 1;
  const find = (x: number): number => {
    let r = x;
    while (parent[r] !== r) r = parent[r];
    while (parent[x] !== r) {
      const up = parent[x];
      parent[x] = r;
      x = up;
    }
    return r;
  };
  const tick = createProgress(run, 2 * nk);
  // rows holding any mask voxel (most CT rows hold none): found 4 voxels per read when rows are
  // 4-byte aligned, and skipped by both passes
  const rowUsed = new Uint8Array(nj * nk);
  const m32 =
    (mask.byteOffset & 3) === 0 && (ni & 3) === 0
      ? new Uint32Array(mask.buffer, mask.byteOffset, mask.length >> 2)
      : undefined;
  for (let k = 0; k < nk; k++) {
    tick(k);
    for (let j = 0; j < nj; j++) {
      if (m32 !== undefined) {
        let any = 0;
        const row = j * ni + k * slice;
        for (let w = row >> 2, end = (row + ni) >> 2; w < end && any === 0; w++) any = m32[w];
        if (any === 0) continue;
      }
      rowUsed[j + nj * k] = 1;
      const interior = j > 0 && k > 0 && j < nj - 1;
      let p = j * ni + k * slice;
      for (let i = 0; i < ni; i++, p++) {
        if (mask[p] === 0) continue;
        let root = 0;
        const inner = interior && i > 0 && i < ni - 1;
        for (let n = 0; n < nb; n++) {
          if (!inner) {
            const ii = i + bi[n];
            const jj = j + bj[n];
            const kk = k + bk[n];
            if (ii < 0 || jj < 0 || kk < 0 || ii >= ni || jj >= nj) continue;
          }
          const l = labels[p + bp[n]];
          if (l === 0) continue;
          const r = find(l);
          if (root === 0) root = r;
          else if (r !== root) {
            // union by smaller label keeps each root the label of its component's first voxel
            if (r < root) {
              parent[root] = r;
              root = r;
            } else parent[r] = root;
          }
        }
        if (root === 0) {
          if (next === parent.length) {
            const bigger = new Int32Array(parent.length * 2);
            bigger.set(parent);
            parent = bigger;
          }
          parent[next] = next;
          root = next++;
        }
        labels[p] = root;
      }
    }
  }
  // final ids: roots in ascending provisional order = raster order of first voxels
  const finalId = new Int32Array(next);
  let count = 0;
  for (let l = 1; l < next; l++) {
    const r = find(l);
    finalId[l] = r === l ? ++count : finalId[r];
  }
  const sizes = new Float64Array(count + 1);
  for (let k = 0; k < nk; k++) {
    tick(nk + k);
    for (let j = 0; j < nj; j++) {
      if (rowUsed[j + nj * k] === 0) continue;
      const row = j * ni + k * slice;
      for (let p = row; p < row + ni; p++) {
        const l = labels[p];
        if (l === 0) continue;
        const id = finalId[l];
        labels[p] = id;
        sizes[id]++;
      }
    }
  }
  tick(2 * nk);
  return { labels, count, sizes };
}
