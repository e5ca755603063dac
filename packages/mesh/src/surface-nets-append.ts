import { createSlabWorkspace, resetSlabWorkspace } from './surface-nets-planes.ts';
import type { SlabWorkspace } from './surface-nets-planes.ts';

/**
 * A thread's reusable output buffers for `surfaceNetsSlabAppend`: slabs are appended one after
 * the other (fill counts `vertices`, `quads`, `patchCount`), the arrays grow (by copy) when
 * short and are replaced in place. Reset the fills, not the arrays, between calls: memory a
 * thread keeps is resident, so later calls write without page faults.
 */
export interface SlabBuffers {
  /** xyz per vertex (grey-guided when the slab has a grey guide) */
  positions: Float32Array;
  /**
   * grey guide only: the kernel's ring of edge-midpoint xyz of the last two cell planes'
   * vertices (they choose the quad diagonals), kept for reuse
   */
  midpoints: Float32Array;
  vertexFlags: Uint8Array;
  /** 6 vertex ids (indices into these buffers) per quad */
  triangles: Uint32Array;
  labels: Uint16Array;
  /** packed corner patches: 12 bytes per quad with a non-zero patch, that quad's index in `patchQuads` */
  patches: Uint8Array;
  patchQuads: Uint32Array;
  vertices: number;
  quads: number;
  patchCount: number;
}

/**
 * Where `copySlabPart` puts a slab: the whole surface's arrays (corner patches zeroed; e.g. on
 * shared memory) and the global index of the slab's first own vertex and first quad.
 */
export interface SurfaceNetsSlabTarget {
  readonly positions: Float32Array;
  readonly triangles: Uint32Array;
  readonly labels: Uint16Array;
  readonly cornerPatches: Uint8Array;
  readonly vertexFlags: Uint8Array;
  readonly firstVertex: number;
  readonly firstQuad: number;
}

/** Where one slab's output lies in a thread's SlabBuffers (end indices exclusive). */
export interface SlabPart {
  /** first buffer vertex of the slab (its ghost plane's first vertex) */
  readonly vertexStart: number;
  /** vertices of the ghost plane, which the previous slab owns */
  readonly ghostVertices: number;
  readonly vertexEnd: number;
  readonly quadStart: number;
  readonly quadEnd: number;
  readonly patchStart: number;
  readonly patchEnd: number;
}

/**
 * Empty buffers (they grow on first use). `shared`: on SharedArrayBuffers (growing keeps them
 * shared), so another thread can copy from them.
 */
function createSlabBuffers(shared = false): SlabBuffers {
  const empty = () => (shared ? new SharedArrayBuffer(0) : new ArrayBuffer(0));
  return {
    positions: new Float32Array(empty()),
    midpoints: new Float32Array(0),
    vertexFlags: new Uint8Array(empty()),
    triangles: new Uint32Array(empty()),
    labels: new Uint16Array(empty()),
    patches: new Uint8Array(empty()),
    patchQuads: new Uint32Array(empty()),
    vertices: 0,
    quads: 0,
    patchCount: 0,
  };
}

/**
 * Copies one slab's part of `buffers` into the whole surface's arrays (`target`, corner
 * patches zeroed) at the target's firstVertex (the slab's first own vertex, ghost plane
 * skipped) and firstQuad, turning buffer vertex ids into global ones: the ghost plane's ids
 * map to the previous slab's last vertices. Cost: O(slab output), one pass over its triangles.
 */
export function copySlabPart(
  buffers: SlabBuffers,
  part: SlabPart,
  target: SurfaceNetsSlabTarget,
): void {
  const { vertexStart, ghostVertices, vertexEnd, quadStart, quadEnd } = part;
  const own = vertexStart + ghostVertices;
  const fv = target.firstVertex;
  const fq = target.firstQuad;
  target.positions.set(buffers.positions.subarray(3 * own, 3 * vertexEnd), 3 * fv);
  target.vertexFlags.set(buffers.vertexFlags.subarray(own, vertexEnd), fv);
  target.labels.set(buffers.labels.subarray(4 * quadStart, 4 * quadEnd), 4 * fq);
  // buffer id v -> global fv + (v - own): ghost ids land on the previous slab's last plane
  const delta = fv - own;
  const src = buffers.triangles;
  const dst = target.triangles;
  for (let s = 6 * quadStart, d = 6 * fq, end = 6 * quadEnd; s < end; s++, d++) {
    dst[d] = src[s] + delta;
  }
  const pat = buffers.patches;
  const pq = buffers.patchQuads;
  const cp = target.cornerPatches;
  for (let k = part.patchStart; k < part.patchEnd; k++) {
    const at = 12 * (pq[k] - quadStart + fq);
    for (let b = 0; b < 12; b++) cp[at + b] = pat[12 * k + b];
  }
}

/** A thread's Surface Nets plane scratch and output buffers for one grid size. */
export interface SlabScratch {
  readonly nx: number;
  readonly ny: number;
  readonly withGrey: boolean;
  readonly workspace: SlabWorkspace;
  readonly buffers: SlabBuffers;
}

/**
 * `kept` ready for a new call over an nx x ny grid (fills reset, grey planes cleared), or a
 * new scratch when the grid or the grey guide differs (the output buffers carried over; new
 * ones on shared memory when `shared`).
 */
export function slabScratchFor(
  kept: SlabScratch | null,
  nx: number,
  ny: number,
  withGrey: boolean,
  shared = false,
): SlabScratch {
  const buffers = kept?.buffers ?? createSlabBuffers(shared);
  buffers.vertices = 0;
  buffers.quads = 0;
  buffers.patchCount = 0;
  if (kept && kept.nx === nx && kept.ny === ny && kept.withGrey === withGrey) {
    resetSlabWorkspace(kept.workspace);
    return kept;
  }
  return { nx, ny, withGrey, workspace: createSlabWorkspace(nx, ny, withGrey), buffers };
}

/** Values per slab in the surface-nets table: thread, then SlabPart's seven fields. */
export const SLAB_ROW = 8;

/** Row i of the slab table: the thread that made slab i and where it lies in its buffers. */
export function writeSlabRow(table: Float64Array, i: number, thread: number, p: SlabPart): void {
  const r = SLAB_ROW * i;
  table[r] = thread;
  table[r + 1] = p.vertexStart;
  table[r + 2] = p.ghostVertices;
  table[r + 3] = p.vertexEnd;
  table[r + 4] = p.quadStart;
  table[r + 5] = p.quadEnd;
  table[r + 6] = p.patchStart;
  table[r + 7] = p.patchEnd;
}

/** Copies the slabs of `thread` (rows of `table`) from its buffers into place in `target`. */
export function copyThreadSlabs(
  buffers: SlabBuffers,
  table: Float64Array,
  starts: Float64Array,
  target: Omit<SurfaceNetsSlabTarget, 'firstVertex' | 'firstQuad'>,
  thread: number,
): void {
  for (let i = 0, n = table.length / SLAB_ROW; i < n; i++) {
    const r = SLAB_ROW * i;
    if (table[r] !== thread) continue;
    const part: SlabPart = {
      vertexStart: table[r + 1],
      ghostVertices: table[r + 2],
      vertexEnd: table[r + 3],
      quadStart: table[r + 4],
      quadEnd: table[r + 5],
      patchStart: table[r + 6],
      patchEnd: table[r + 7],
    };
    copySlabPart(buffers, part, {
      ...target,
      firstVertex: starts[2 * i],
      firstQuad: starts[2 * i + 1],
    });
  }
}
