import type { RunControl } from '@anatomodel/imaging';
import type { WasmMemory } from './embedded-wasm.ts';
import { measureVolumeArea } from './measure-mesh.ts';
import type { Mesh } from './mesh.ts';
import { offsetToVolume } from './offset-to-volume.ts';
import type { OffsetScratch } from './offset-to-volume.ts';
import { finishWindowedSinc, runWindowedSinc } from './smooth-windowed-sinc.ts';
import type { WindowedSincOptions, WindowedSincState } from './smooth-windowed-sinc.ts';

/** Options of `smoothMesh`. */
export interface SmoothMeshOptions extends WindowedSincOptions {
  /**
   * Restore the input's enclosed volume after filtering by a uniform offset along the vertex
   * normals, delta = (V_in - V_out) / area, applied twice (Newton steps on the volume). Default true.
   * The finite-length sinc filter attenuates even the lowest curved modes a little, which
   * shrinks a sphere by about 0.3 % at 20 terms and pass band 0.01; this removes that bias.
   */
  readonly preserveVolume?: boolean;
  /**
   * also return the filter's spent WebAssembly memory (`memory`, ~90 bytes a vertex, its pages
   * mapped) for a kernel that follows on this thread to take over, e.g. `simplifyMesh`'s
   * decimation; default false (the memory is garbage once this returns)
   */
  readonly keepMemory?: boolean;
  /**
   * a spent WebAssembly memory for the filter to take over instead of a fresh one, e.g.
   * `thresholdSlabStream`'s mask memory once the label map is meshed: its pages are mapped
   * already (zeroed here up to `memoryDirty` bytes: those above must be zero); the caller must
   * not use it afterwards
   */
  readonly memory?: WasmMemory;
  /** the bytes of `memory` that may hold anything (default: all of it) */
  readonly memoryDirty?: number;
}

/**
 * Windowed-sinc smoothing of one closed mesh with volume preservation (see `smoothWindowedSinc`).
 * Returns a new mesh with the same triangles and the measured offset applied, mm. The input is
 * not mutated. Cost: O(iterations * edges).
 */
export function smoothMesh(
  mesh: Mesh,
  options: SmoothMeshOptions = {},
  run: RunControl = {},
): {
  mesh: Mesh;
  volumeOffset: number;
  /** signed volume of the input mesh, mm³ (measured for the volume preservation; else undefined) */
  inputVolume?: number;
  /** with `keepMemory`: the filter's spent memory, free for another kernel */
  memory?: WasmMemory;
} {
  const spent = options.memory && { memory: options.memory, dirty: options.memoryDirty };
  const state = runWindowedSinc(mesh, options, run, spent);
  const r = preserveSmoothedVolume(mesh, finishWindowedSinc(state), options, spentArrays(state));
  return options.keepMemory ? { ...r, memory: state.memory } : r;
}

/**
 * Second half of `smoothMesh` (internal, shared with `MeshWorkerPool.smoothMesh`): the
 * volume-preserving offset applied to the filtered `positions` (mutated), and the result.
 * `scratch`: arrays it may overwrite (`spentArrays` of the filter's state).
 */
export function preserveSmoothedVolume(
  mesh: Mesh,
  positions: Float32Array,
  options: SmoothMeshOptions,
  scratch?: OffsetScratch,
): { mesh: Mesh; volumeOffset: number; inputVolume?: number } {
  const smoothed: Mesh = { kind: 'Mesh', positions, triangles: mesh.triangles };
  if (options.preserveVolume === false || mesh.triangles.length === 0) {
    return { mesh: smoothed, volumeOffset: 0 };
  }
  const before = measureVolumeArea(mesh).signedVolume;
  // the offsets are a small fraction of a voxel: the filtered mesh's normals serve both steps
  const volumeOffset = offsetToVolume(smoothed, before, 'once', scratch);
  return { mesh: smoothed, volumeOffset, inputVolume: before };
}

/**
 * The filter's arrays that are free once its result is taken (internal, also for
 * `MeshWorkerPool.smoothMesh`): a spent buffer (not the one with the result) for the normals and the ring slots (32 bytes a
 * vertex) for their float64 sums, so the volume preservation allocates nothing.
 */
export function spentArrays(state: WindowedSincState): OffsetScratch {
  const { ring } = state;
  return {
    normals: state.buffers[1],
    sums: new Float64Array(ring.buffer, ring.byteOffset, 3 * state.vertexCount),
  };
}
