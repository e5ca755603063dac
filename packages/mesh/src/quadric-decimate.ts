import type { RunControl } from '@anatomodel/imaging';
import type { WasmMemory } from './embedded-wasm.ts';
import { MeshError } from './mesh-error.ts';
import type { Mesh } from './mesh.ts';
import { decimateInWasm } from './quadric-decimate-wasm.ts';

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
  /**
   * a spent WebAssembly memory (shared or not), e.g. `smoothMesh`'s with `keepMemory`, that the
   * kernel takes over instead of a fresh one: its pages are mapped already, and the first
   * touch of fresh pages is a large part of the kernel's set-up (corpus bone: init 236-256 ->
   * 72-87 ms with every page mapped). The caller must not use it afterwards.
   */
  readonly memory?: WasmMemory;
}

/**
 * Test-only hook (internal: not re-exported from the package). When `onCollapse` is set as
 * {@link quadricDecimate} starts, every collapse calls it after the merge with the survivor
 * `u`, the removed vertex `v` (input indices) and a view of the kernel's vertex records `V`
 * (see VERTEX_RECORD; valid during the call); `onRecords`, when set, gets a copy of the final
 * records once the collapses are done: a test rebuilds the merge groups from the calls and
 * checks the survivors' stored quadrics. Unset otherwise: one comparison per collapse.
 */
export const quadricDecimateTestHook: {
  onCollapse?: (u: number, v: number, V: Float32Array) => void;
  onRecords?: (V: Float32Array) => void;
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
 * Edges are visited in passes over the triangles with a growing error threshold, in blocks
 * (see the kernel). The work runs in a WebAssembly kernel written in C (wasm/quadric-decimate.c,
 * embedded; ADR 0005 "Session 7"): vertex records, triangle records with the per-corner errors
 * and per-vertex corner lists in its own memory, one instance per call. No per-edge objects.
 *
 * Input: closed manifold (the caller checks; an open edge fails the link test and stays).
 * Not mutated. Output vertices are the survivors in index order, Float32 positions (LPS mm).
 * Cost: O(T · passes) scanning plus O(collapses · degree²); about 120 bytes per triangle
 * (corpus bone, 691k triangles to 10 %: 0.6-0.75 s in the kernel, session 7 box).
 * @throws MeshError INVALID_OPTIONS, TOO_LARGE (beyond the kernel's 4 GiB), WASM_FAILED, and
 *   the signal's reason when aborted
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
  const qMin2 = (minQuality / (2 * Math.sqrt(3))) ** 2;
  if (!(target >= 0) || !(maxErr >= 0) || !(minQuality >= 0 && minQuality < 1)) {
    throw new MeshError('INVALID_OPTIONS', 'targetTriangles, maxErrorMm >= 0; minQuality in [0,1)');
  }
  run?.signal?.throwIfAborted();
  const nv = mesh.positions.length / 3;
  if (options.locked && options.locked.length !== nv) {
    throw new MeshError('INVALID_OPTIONS', 'locked needs one entry per vertex');
  }
  const r = decimateInWasm(
    mesh,
    {
      target,
      maxErr2: maxErr * maxErr,
      cosMax,
      qMin2,
      headroom: options.listHeadroom ?? 0.125,
      locked: options.locked,
      onCollapse: quadricDecimateTestHook.onCollapse,
      onRecords: quadricDecimateTestHook.onRecords,
      memory: options.memory,
    },
    run,
  );
  run?.onProgress?.(1);
  return r;
}
