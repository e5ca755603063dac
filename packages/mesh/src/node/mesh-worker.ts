/**
 * Worker side of MeshWorkerPool: runs one task per message and answers `{ id, result }` (its
 * typed arrays transferred) or `{ id, error }`. Tasks are pure kernels of this package.
 */
import { parentPort } from 'node:worker_threads';
import { releaseMemory } from '@anatomodel/segmentation/node';
import { slabScratchFor, writeSlabRow } from '../surface-nets-append.ts';
import type { SlabScratch } from '../surface-nets-append.ts';
import { surfaceNetsSlabAppend } from '../surface-nets-slab.ts';
import { renderViews } from '../render-views.ts';
import { distanceToSurface } from '../hausdorff-distance.ts';
import { decimateSlab } from '../simplify-mesh.ts';
import { analyzeMesh } from '../analyze-mesh.ts';
import { repairMesh } from '../repair-mesh.ts';
import { surfaceDeviation } from '../surface-deviation.ts';
import { prepareSurfaceDistance } from '../points-to-surface-distance.ts';
import type { PreparedSurface } from '../points-to-surface-distance.ts';
import { sincWorkLoop, touchWindowedSinc } from '../smooth-windowed-sinc.ts';
import type { MeshWorkerRequest } from './mesh-worker-pool.ts';

// this worker's Surface Nets scratch and output buffers, kept from call to call (resident
// memory: later calls write without page faults)
let slabs: SlabScratch | null = null;
// the reference of a deviation to come (`prepare-deviation`), until that deviation
let preparedReference: { token: number; surface: PreparedSurface } | null = null;

parentPort?.on('message', (msg: MeshWorkerRequest) => {
  try {
    if (msg.task.kind === 'surface-nets-slabs') {
      const { input, bounds, counter, owner, table, thread } = msg.task;
      const withGrey = input.grey !== null && input.grey !== undefined;
      // on shared memory: the caller copies the slabs from these buffers
      slabs = slabScratchFor(slabs, input.dims[0], input.dims[1], withGrey, true);
      for (
        let i = Atomics.add(counter, 0, 1);
        i < bounds.length - 1;
        i = Atomics.add(counter, 0, 1)
      ) {
        Atomics.store(owner, i, thread + 1);
        const range = { zFrom: bounds[i], zTo: bounds[i + 1] };
        const part = surfaceNetsSlabAppend(
          { ...input, ...range },
          slabs.buffers,
          {},
          slabs.workspace,
        );
        writeSlabRow(table, i, thread, part);
      }
      parentPort?.postMessage({ id: msg.id, result: slabs.buffers });
      // no full GC: the input is on shared memory and the outputs are kept, so there is little
      // to free, and the next call would find this worker busy collecting
      return;
    } else if (msg.task.kind === 'directed-distance') {
      const out = distanceToSurface(msg.task.points, msg.task.mesh);
      parentPort?.postMessage({ id: msg.id, result: out });
    } else if (msg.task.kind === 'sinc-touch') {
      const { arrays, counter, stop } = msg.task;
      parentPort?.postMessage({ id: msg.id, result: touchWindowedSinc(arrays, counter, stop) });
      // no GC: the steps of the same arrays follow at once
      return;
    } else if (msg.task.kind === 'sinc-steps') {
      const { state, control, chunks } = msg.task;
      parentPort?.postMessage({ id: msg.id, result: sincWorkLoop(state, control, chunks) });
    } else if (msg.task.kind === 'analyze-mesh') {
      parentPort?.postMessage({ id: msg.id, result: analyzeMesh(msg.task.mesh) });
    } else if (msg.task.kind === 'repair-mesh') {
      const r = repairMesh(msg.task.mesh, msg.task.options);
      // unchanged: no copy back (the pool answers with the caller's own mesh)
      const same = r.mesh === msg.task.mesh;
      // (a shared input array kept in the result, e.g. positions from pool.smoothMesh, is not
      // transferable: it is shared)
      const buffers = same ? [] : [r.mesh.positions.buffer, r.mesh.triangles.buffer];
      const transfer = buffers.filter((b) => b instanceof ArrayBuffer);
      parentPort?.postMessage(
        { id: msg.id, result: { ...r, mesh: same ? null : r.mesh } },
        transfer as ArrayBuffer[],
      );
    } else if (msg.task.kind === 'touch-pages') {
      const { buffer, from, to } = msg.task;
      const words = new Int32Array(buffer, 0, buffer.byteLength >> 2);
      for (let i = Math.ceil(from / 4096) * 1024; i < to >> 2; i += 1024) Atomics.add(words, i, 0);
      parentPort?.postMessage({ id: msg.id, result: null });
      // collected below: this isolate's hold on the shared buffer would keep it alive after
      // its owner is done with it
    } else if (msg.task.kind === 'prepare-deviation') {
      const { reference, token } = msg.task;
      preparedReference = { token, surface: prepareSurfaceDistance(reference) };
      parentPort?.postMessage({ id: msg.id, result: null });
      return; // no GC: what was made is kept
    } else if (msg.task.kind === 'surface-deviation') {
      const { final, reference, options, token } = msg.task;
      const prepared =
        token !== undefined && preparedReference?.token === token
          ? preparedReference.surface
          : undefined;
      preparedReference = null;
      const result = surfaceDeviation(final, reference, options, undefined, prepared);
      parentPort?.postMessage({ id: msg.id, result });
    } else if (msg.task.kind === 'shared-bytes') {
      const buffer = new SharedArrayBuffer(msg.task.bytes);
      const bytes = new Uint8Array(buffer);
      for (let i = 0; i < bytes.length; i += 4096) bytes[i] = 0; // a write pages it in
      parentPort?.postMessage({ id: msg.id, result: buffer });
      return;
    } else if (msg.task.kind === 'decimate-slab') {
      const { mesh, cuts, slab, claims, shares, maxErrorMm } = msg.task;
      if (Atomics.compareExchange(claims, slab, 0, 1) !== 0) {
        // the calling thread took it: nothing to do
        parentPort?.postMessage({ id: msg.id, result: null });
      } else {
        // cut first, then wait for the shares (the caller sets them while this thread cuts)
        const r = decimateSlab(
          mesh,
          cuts,
          slab,
          () => {
            Atomics.wait(claims, 0, 0);
            return shares[slab];
          },
          maxErrorMm,
        );
        const buffers = [r.mesh.positions.buffer, r.mesh.triangles.buffer, r.globalIds.buffer];
        parentPort?.postMessage({ id: msg.id, result: r }, buffers as ArrayBuffer[]);
      }
      // the decimator's memory is released as below: the caller decimates the seams now, and
      // its next task (the result's topology check) comes after that
      void releaseMemory();
      return;
    } else {
      const out = renderViews(msg.task.parts, msg.task.size);
      parentPort?.postMessage({ id: msg.id, result: out }, [out.rgba.buffer as ArrayBuffer]);
    }
    // large task inputs (copied meshes, shared filter state) are garbage now: collected at
    // once, so an idle worker holds none of them (corpus CT job: RSS after smoothing with
    // one worker 228-236 -> 204-215 MB, two A/B runs); a WebAssembly.Memory (the decimator's,
    // the shared windowed-sinc state) is unmapped only at the second collection, after this
    // task's answer (releaseMemory)
    void releaseMemory();
  } catch (err) {
    const e = err as { message?: unknown; code?: unknown };
    parentPort?.postMessage({
      id: msg.id,
      error: {
        message: String(e?.message ?? err),
        code: typeof e?.code === 'string' ? e.code : undefined,
      },
    });
  }
});
