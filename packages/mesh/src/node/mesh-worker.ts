/**
 * Worker side of MeshWorkerPool: runs one task per message and answers `{ id, result }` (its
 * typed arrays transferred) or `{ id, error }`. Tasks are pure kernels of this package.
 */
import { parentPort } from 'node:worker_threads';
import { surfaceNetsSlab } from '../surface-nets-slab.ts';
import { renderViews } from '../render-views.ts';
import { directedDistance } from '../hausdorff-distance.ts';
import { buildTriangleGrid } from '../triangle-grid.ts';
import type { MeshWorkerRequest } from './mesh-worker-pool.ts';

parentPort?.on('message', (msg: MeshWorkerRequest) => {
  try {
    if (msg.task.kind === 'surface-nets-slab') {
      const out = surfaceNetsSlab(msg.task.input);
      const buffers = [out.positions, out.triangles, out.labels, out.cornerPatches].map(
        (a) => a.buffer as ArrayBuffer,
      );
      parentPort?.postMessage({ id: msg.id, result: out }, buffers);
    } else if (msg.task.kind === 'directed-distance') {
      const out = directedDistance(msg.task.points, buildTriangleGrid(msg.task.mesh));
      parentPort?.postMessage({ id: msg.id, result: out });
    } else {
      const out = renderViews(msg.task.parts, msg.task.size);
      parentPort?.postMessage({ id: msg.id, result: out }, [out.rgba.buffer as ArrayBuffer]);
    }
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
