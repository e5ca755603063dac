import type { Volume, VolumeGeometry, VoxelArray } from '@anatomodel/imaging';
import {
  labelMapFromMask,
  thresholdBounds,
  thresholdSlices,
  type LabelMap,
  type RunComponents,
  type ThresholdOptions,
} from '@anatomodel/segmentation';
import { boundaryGrey, type BoundaryGrey } from './boundary-grey.ts';
import { createMemory, type WasmMemory } from './embedded-wasm.ts';
import { MeshError } from './mesh-error.ts';
import type { GreyRange, SurfaceNetsGrey } from './surface-nets-grey.ts';

/** A slab of slices of a grey volume, with its neighbouring slices (as a streaming reader gives). */
export interface GreySlab {
  /** values of slices [h0, h1), slice by slice (i fastest, then j) */
  readonly data: VoxelArray;
  /** held slices: [k0 - 1, k1 + 1) clipped to the volume */
  readonly h0: number;
  readonly h1: number;
  /** the slab's own slices; slabs come in order and tile the volume */
  readonly k0: number;
  readonly k1: number;
}

/** Incremental `thresholdVolume` + `boundaryGrey`: see {@link thresholdSlabStream}. */
export interface ThresholdSlabStream {
  /** takes the next slab (its data may be reused by the caller after the call) */
  push(slab: GreySlab): void;
  /**
   * the label map `thresholdVolume(volume, options)` gives for the whole volume and, with
   * `guide`, the grey guide `{ volume: boundaryGrey(volume, guide, mask), ranges: guide }`
   * @throws MeshError INVALID_OPTIONS when slices are missing
   */
  finish(): { labelMap: LabelMap; guide?: SurfaceNetsGrey };
  /**
   * with `maskInWasmMemory`: the WebAssembly memory the label map's data is a view of (for a
   * kernel to take over once the label map is done with, e.g. `smoothMesh`'s `memory`)
   */
  readonly memory?: WasmMemory;
}

/**
 * Thresholds a grey volume that arrives in slabs of slices (e.g. `streamNiftiFile`), so the whole
 * grey volume is never held: each slab's voxels go into the label map's mask at once, and, with
 * `guide`, the grey values on the mask's boundary are kept (`boundaryGrey` of the slab with its
 * neighbouring slices, rows of its own slices only, so every kept voxel sees its six neighbours
 * as in the whole volume). The results equal `thresholdVolume` and `boundaryGrey` on the whole
 * volume exactly. Each slice is thresholded once; `boundaryGrey` re-reads the two neighbouring
 * slices of each slab. Memory: the mask and the boundary grey values. With `components`
 * (`createRunComponents` for the volume's dims), every slice is handed to it as soon as it is
 * thresholded, so the mask's connected components are known when the last slab is in (the
 * caller then filters the label map's data with it). With `maskInWasmMemory` the mask lies in a
 * WebAssembly memory of its own (`memory`), whose mapped pages a kernel can reuse afterwards:
 * a new one (true), or the one given (shared or not, large enough, zero: e.g. made ahead and its
 * pages touched while the stream's first slab was on its way).
 * @throws SegmentationError as `thresholdVolume` (bounds, presets) when created
 */
export function thresholdSlabStream(
  geometry: VolumeGeometry,
  unit: Volume['unit'],
  options: ThresholdOptions,
  guide?: GreyRange,
  components?: RunComponents,
  maskInWasmMemory: boolean | WasmMemory = false,
): ThresholdSlabStream {
  const probe: Volume = { kind: 'Volume', geometry, data: new Int16Array(0), unit };
  const { lower, upper, name } = thresholdBounds(probe, options);
  const [nx, ny, nz] = geometry.dims;
  const plane = nx * ny;
  const given =
    typeof maskInWasmMemory === 'object' && maskInWasmMemory.buffer.byteLength >= plane * nz
      ? maskInWasmMemory
      : undefined;
  const memory = given ?? (maskInWasmMemory ? maskMemory(plane * nz, false) : undefined);
  const mask = memory ? new Uint8Array(memory.buffer, 0, plane * nz) : new Uint8Array(plane * nz);
  let thresholded = 0; // slices [0, thresholded) are in the mask
  let next = 0; // first slice of the next slab
  // the boundary grey values of the slices so far: row starts as one BoundaryGrey lays them
  // out, the entries of each slab kept as boundaryGrey returned them and joined at the end
  // (no growing copies: freeing those would teach malloc to serve later mid-size arrays from
  // its heap, whose pages it keeps; corpus CT job: about 20 MB more RSS to the end)
  const rowStart = guide ? new Uint32Array(ny * nz + 1) : new Uint32Array(0);
  const parts: Array<{ column: Uint32Array; value: Float32Array }> = [];
  let n = 0;
  const append = (bg: BoundaryGrey, h0: number, k0: number, k1: number): void => {
    const first = bg.rowStart[(k0 - h0) * ny];
    const last = bg.rowStart[(k1 - h0) * ny];
    for (let r = (k0 - h0) * ny, g = k0 * ny; r < (k1 - h0) * ny; r++, g++) {
      rowStart[g] = n + bg.rowStart[r] - first;
    }
    parts.push({ column: bg.column.subarray(first, last), value: bg.value.subarray(first, last) });
    n += last - first;
  };
  return {
    memory,
    push(slab) {
      const { data, h0, h1, k0, k1 } = slab;
      if (k0 !== next || h0 !== Math.max(0, k0 - 1) || h1 !== Math.min(nz, k1 + 1) || k1 <= k0) {
        throw new MeshError('INVALID_OPTIONS', `slab ${k0}..${k1} out of order (next ${next})`);
      }
      if (data.length !== (h1 - h0) * plane) {
        throw new MeshError('INVALID_OPTIONS', `slab ${k0}..${k1}: ${data.length} voxels`);
      }
      // the held slices not thresholded yet (the previous slab did up to its next slice)
      const held = mask.subarray(h0 * plane, h1 * plane);
      thresholdSlices(data, held, lower, upper, plane, thresholded - h0, h1 - h0);
      components?.addSlices(mask, thresholded, h1);
      thresholded = h1;
      if (guide) {
        const part: Volume = {
          kind: 'Volume',
          geometry: { ...geometry, dims: [nx, ny, h1 - h0] },
          data,
          unit,
        };
        append(boundaryGrey(part, guide, held), h0, k0, k1);
      }
      next = k1;
    },
    finish() {
      if (next !== nz) {
        throw new MeshError('INVALID_OPTIONS', `slices ${next}..${nz - 1} never arrived`);
      }
      const labelMap = labelMapFromMask(geometry, mask, { ...options, name });
      if (!guide) return { labelMap };
      rowStart[ny * nz] = n;
      const column = new Uint32Array(n);
      const value = new Float32Array(n);
      let at = 0;
      for (const part of parts) {
        column.set(part.column, at);
        value.set(part.value, at);
        at += part.column.length;
      }
      parts.length = 0;
      const volume: BoundaryGrey = {
        kind: 'BoundaryGrey',
        dims: [nx, ny, nz],
        rowStart,
        column,
        value,
      };
      return { labelMap, guide: { volume, ranges: guide } };
    },
  };
}

/**
 * A zero WebAssembly memory of at least `bytes`, growable to 4 GiB, shared between threads when
 * `shared`: for a mask that a kernel takes over afterwards (`thresholdSlabStream`).
 * @throws MeshError TOO_LARGE
 */
export function maskMemory(bytes: number, shared: boolean): WasmMemory {
  try {
    return createMemory(Math.max(1, Math.ceil(bytes / 65536)), 65536, shared);
  } catch (cause) {
    throw new MeshError('TOO_LARGE', `no WebAssembly memory of ${bytes} bytes for the mask`, {
      cause,
    });
  }
}
