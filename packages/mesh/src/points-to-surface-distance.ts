import type { RunControl } from '@anatomodel/imaging';
import { compileEmbedded, instantiate } from './embedded-wasm.ts';
import type { DirectedDistance } from './hausdorff-distance.ts';
import type { Mesh } from './mesh.ts';
import { MeshError } from './mesh-error.ts';
import { POINTS_TO_SURFACE_DISTANCE_WASM } from './points-to-surface-distance-wasm-bytes.ts';

/** The exports of wasm/points-to-surface-distance.c (arrays as byte offsets into `memory`). */
interface DistanceKernel {
  readonly memory: { buffer: ArrayBuffer };
  reserveMesh(vertices: number, block: number): number;
  reservePoints(points: number): number;
  pointsAt(): number;
  positionsAt(): number;
  trianglesAt(): number;
  prepare(sx: number, sy: number, sz: number, meanEdge: number): number;
  beginRound(): number;
  corners(count: number): void;
  endRound(): number;
  grid(): number;
  queries(from: number, count: number): void;
  result(): number;
}

/**
 * Triangles per block: the kernel reads the triangles a block at a time from one window (the
 * index array is never copied whole into fresh pages), and its code moves to the optimising
 * tier between calls (WebAssembly has no on-stack replacement); an abort is seen between
 * them. Even, so every block starts at an even triangle (pass 1 takes every other one).
 */
const BLOCK = 1 << 16;
/** The usual triangle: this fraction of 512 sampled triangles fits its half-sizes. */
const PCT = 0.95;

let distanceModule: object | undefined;

/**
 * A mesh made ready for one `pointsToSurfaceDistance` call (`prepareSurfaceDistance`): the
 * kernel instance with the mesh's positions in its memory and the usual triangle's size.
 */
export interface PreparedSurface {
  readonly kernel: DistanceKernel;
  readonly sizes: readonly number[];
  /** set by the call that used it (a second call prepares afresh) */
  used: boolean;
}

function tooLarge(): MeshError {
  return new MeshError(
    'TOO_LARGE',
    'the points and the mesh do not fit in the distance kernel (4 GiB)',
  );
}

/**
 * The points-independent part of `pointsToSurfaceDistance(points, mesh)`, done ahead (e.g. on
 * a worker while the points are being made): the kernel compiled and instantiated, the
 * positions copied into its memory (its pages mapped), the usual triangle measured. Pass the
 * result with the same mesh (same positions and triangles) to `pointsToSurfaceDistance`.
 * @throws MeshError TOO_LARGE
 */
export function prepareSurfaceDistance(mesh: Mesh): PreparedSurface {
  const P = mesh.positions;
  const T = mesh.triangles;
  distanceModule ??= compileEmbedded(POINTS_TO_SURFACE_DISTANCE_WASM);
  const kernel = instantiate<DistanceKernel>(distanceModule);
  if (!kernel.reserveMesh(P.length / 3, BLOCK)) throw tooLarge();
  new Float32Array(kernel.memory.buffer, kernel.positionsAt(), P.length).set(P);
  const sizes = T.length > 0 ? triangleSizes(P, T) : [];
  return { kernel, sizes, used: false };
}

/**
 * Distance of every point (xyz triples, mm) to the surface of `mesh` (its triangles): max and
 * mean, the same exact point-to-triangle distances as `directedDistance` over a
 * `buildTriangleGrid`, without a grid over the mesh's triangles: cheaper when the points are
 * few next to the triangles (a decimated mesh's vertices against the raw surface). In two
 * passes over the mesh:
 * 1. an upper bound of each point's distance: the nearest first corner of a triangle within
 *    a box about the point (points hashed into a grid of twice the box's size; the box grows
 *    for the points that found none, rarely needed);
 * 2. each point's box of that half-size, padded by the half-size of the mesh's usual
 *    triangle, is registered in the cells it overlaps; one pass over the triangles looks up
 *    the cell of each triangle's bounding-box centre only (the padding makes that cell hold
 *    every point whose box the triangle's bounding box reaches, each once; larger triangles
 *    look up a few cells) and tests those points: the distance to the triangle's bounding
 *    box first, then the exact distance.
 * The nearest triangle lies within the bound, so its box reaches it: the minimum is exact.
 * Points referenced by no triangle count as well. Non-finite points give NaN. The mesh is
 * not mutated. Cost: O(V + T + points · k), k the triangles per point box.
 *
 * Runs in WebAssembly (wasm/points-to-surface-distance.c, one instance per call, the mesh
 * copied into it): the same numbers bit for bit as the TypeScript it replaced, which ran
 * cold in a fresh worker (corpus CT: 230-350 ms there, ~105 ms warm).
 * @throws MeshError TOO_LARGE when the points and the mesh do not fit in its memory (4 GiB)
 */
export function pointsToSurfaceDistance(
  points: Float32Array,
  mesh: Mesh,
  run?: RunControl,
  prepared?: PreparedSurface,
): DirectedDistance {
  const n = points.length / 3;
  if (n === 0) return { max: 0, mean: 0 };
  const T = mesh.triangles;
  if (T.length === 0) return { max: Infinity, mean: Infinity };
  const p = prepared && !prepared.used ? prepared : prepareSurfaceDistance(mesh);
  p.used = true;
  const k = p.kernel;
  const [sx, sy, sz, meanEdge] = p.sizes;
  const nt = T.length / 3;
  if (!k.reservePoints(n)) throw tooLarge();
  // the memory grows only in reservePoints, beginRound and grid, never during a pass over
  // the blocks
  new Float32Array(k.memory.buffer, k.pointsAt(), 3 * n).set(points);
  k.prepare(sx, sy, sz, meanEdge);
  const blocks = (pass: (from: number, count: number) => void): void => {
    const window = new Uint32Array(k.memory.buffer, k.trianglesAt(), 3 * BLOCK);
    for (let t = 0; t < nt; t += BLOCK) {
      run?.signal?.throwIfAborted();
      const count = Math.min(BLOCK, nt - t);
      window.set(T.subarray(3 * t, 3 * (t + count)));
      pass(t, count);
    }
  };
  for (;;) {
    const round = k.beginRound();
    if (round < 0) throw tooLarge();
    if (round === 0) break;
    blocks((_, count) => k.corners(count));
    k.endRound();
  }
  if (!k.grid()) throw tooLarge();
  blocks((from, count) => k.queries(from, count));
  const r = new Float64Array(k.memory.buffer, k.result(), 2);
  return { max: r[0], mean: r[1] };
}

/**
 * Sizes of the mesh's usual triangle from 512 spread over the list (or all): the half-size
 * of a bounding box along x, y, z that PCT of them fit, and the mean edge (mm, at least 1e-6).
 * (Exported for the tests' TypeScript reference, which measures the same way.)
 */
export function triangleSizes(P: Float32Array, T: Uint32Array): number[] {
  const nt = T.length / 3;
  const m = Math.min(nt, 512);
  const step = nt / m;
  const ext = new Float64Array(3 * m);
  let sum = 0;
  for (let e = 0; e < m; e++) {
    const t = 3 * Math.floor(e * step);
    const a = 3 * T[t];
    const b = 3 * T[t + 1];
    const c = 3 * T[t + 2];
    for (let d = 0; d < 3; d++) {
      const pa = P[a + d];
      const pb = P[b + d];
      const pc = P[c + d];
      const lo = pa < pb ? (pa < pc ? pa : pc) : pb < pc ? pb : pc;
      const hi = pa > pb ? (pa > pc ? pa : pc) : pb > pc ? pb : pc;
      ext[d * m + e] = 0.5 * (hi - lo);
    }
    sum += Math.sqrt((P[a] - P[b]) ** 2 + (P[a + 1] - P[b + 1]) ** 2 + (P[a + 2] - P[b + 2]) ** 2);
    sum += Math.sqrt((P[b] - P[c]) ** 2 + (P[b + 1] - P[c + 1]) ** 2 + (P[b + 2] - P[c + 2]) ** 2);
    sum += Math.sqrt((P[c] - P[a]) ** 2 + (P[c + 1] - P[a + 1]) ** 2 + (P[c + 2] - P[a + 2]) ** 2);
  }
  const at = Math.min(m - 1, Math.floor(PCT * m));
  const size = [0, 0, 0, sum / (3 * m)];
  for (let d = 0; d < 3; d++) size[d] = ext.subarray(d * m, (d + 1) * m).sort()[at];
  return size.map((x) => (x > 1e-6 ? x : 1e-6));
}
