/**
 * Worker side of parallelDistanceTransform: runs EDT passes over the slab ranges it is sent,
 * on shared memory, and answers each with `{ done: true }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { edtColumns, edtSlices, lineScratch } from '../edt-passes.ts';

interface Init {
  readonly mask: SharedArrayBuffer;
  readonly out: SharedArrayBuffer;
  readonly dims: [number, number, number];
  readonly spacing: [number, number, number];
  readonly feature: 0 | 1;
  readonly outside: boolean;
}

const init = workerData as Init;
const mask = new Uint8Array(init.mask);
const out = new Float32Array(init.out);
const scratch = lineScratch(Math.max(...init.dims));

parentPort?.on('message', (job: { phase: 'slices' | 'columns'; from: number; to: number }) => {
  if (job.phase === 'slices') {
    edtSlices(
      mask,
      out,
      init.dims,
      init.spacing,
      init.feature,
      init.outside,
      job.from,
      job.to,
      scratch,
    );
  } else {
    edtColumns(out, init.dims, init.spacing, init.outside, job.from, job.to, scratch);
  }
  parentPort?.postMessage({ done: true });
});
