/**
 * Worker side of SegmentationPool: runs one slab job at a time on shared memory and answers
 * `{ id }` (or `{ id, error }`). Jobs are the slab functions of the single-threaded kernels, so
 * results are bit-identical to them.
 */
import { parentPort } from 'node:worker_threads';
import { edtColumns, edtSlices, lineScratch, type LineScratch } from '../edt-passes.ts';
import { morphFinish } from '../morph-mask.ts';
import { paintBalls, thicknessRidge } from '../thickness-passes.ts';
import { thresholdSlices } from '../threshold-slices.ts';
import { collectGarbage } from '@anatomodel/imaging/node/collect-garbage';
import type { PoolJob, PoolReply, VoxelType } from './pool-jobs.ts';

/** A view of `length` voxels of `type` at byte `offset` of a shared buffer. */
function voxelView(buffer: SharedArrayBuffer, type: VoxelType, offset: number, length: number) {
  if (type === 'int16') return new Int16Array(buffer, offset, length);
  if (type === 'uint16') return new Uint16Array(buffer, offset, length);
  if (type === 'uint8') return new Uint8Array(buffer, offset, length);
  return new Float32Array(buffer, offset, length);
}

// A worker's heap is small, so V8 seldom collects it, and the typed-array views of finished
// jobs would keep the call's shared buffers (hundreds of MB) alive: the pool sends 'release'
// after each call and the worker runs a full collection (about a millisecond on this heap).

let scratch: LineScratch | undefined;
let scratchSize = 0;

function scratchFor(dims: readonly [number, number, number]): LineScratch {
  const n = Math.max(dims[0], dims[1], dims[2]);
  if (!scratch || scratchSize < n) {
    scratch = lineScratch(n);
    scratchSize = n;
  }
  return scratch;
}

function runJob(job: PoolJob): PoolReply {
  switch (job.kind) {
    case 'release':
      collectGarbage();
      return { id: job.id };
    case 'edt-slices': {
      const s = scratchFor(job.dims);
      edtSlices(
        new Uint8Array(job.mask),
        new Float32Array(job.out),
        job.dims,
        job.spacing,
        job.feature,
        job.outside,
        job.from,
        job.to,
        s,
        undefined,
        job.shape,
        job.cap2,
      );
      return { id: job.id };
    }
    case 'edt-columns': {
      const s = scratchFor(job.dims);
      const out = new Float32Array(job.out);
      edtColumns(
        out,
        job.dims,
        job.spacing,
        job.outside,
        job.from,
        job.to,
        s,
        undefined,
        job.shape,
        job.cap2,
        new Uint8Array(job.mask),
        job.feature,
      );
      return { id: job.id };
    }
    case 'morph-finish': {
      const src = new Uint8Array(job.src);
      morphFinish(
        src,
        new Float32Array(job.d),
        new Uint8Array(job.res),
        job.dilate,
        job.r2,
        job.from,
        job.to,
      );
      return { id: job.id };
    }
    case 'ridge': {
      const ridge = thicknessRidge(
        new Uint8Array(job.mask),
        new Float32Array(job.r2),
        job.dims,
        job.spacing,
        job.from,
        job.to,
      );
      const index = ridge.index.slice(0, ridge.count);
      const r2 = ridge.r2.slice(0, ridge.count);
      return { id: job.id, index: index.buffer, r2: r2.buffer };
    }
    case 'threshold': {
      const src = voxelView(job.src, job.type, job.offset, job.length);
      const mask = new Uint8Array(job.mask);
      const slice = job.dims[0] * job.dims[1];
      thresholdSlices(src, mask, job.lower, job.upper, slice, job.from, job.to);
      return { id: job.id };
    }
    case 'paint': {
      const ridge = {
        index: new Int32Array(job.index),
        r2: new Float32Array(job.r2),
        count: job.count,
      };
      paintBalls(new Float32Array(job.out), ridge, job.dims, job.spacing, job.from, job.to);
      return { id: job.id };
    }
  }
}

parentPort?.on('message', (job: PoolJob) => {
  let reply: PoolReply;
  try {
    reply = runJob(job);
  } catch (e) {
    reply = { id: job.id, error: e instanceof Error ? e.message : String(e) };
  }
  const transfer = 'index' in reply && reply.index && reply.r2 ? [reply.index, reply.r2] : [];
  parentPort?.postMessage(reply, transfer);
});
parentPort?.postMessage({ id: -1 });
