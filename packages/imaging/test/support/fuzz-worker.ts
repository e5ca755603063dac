/**
 * Worker side of the fuzz test: mutates valid DICOM files and runs the whole ingest path
 * (scan, group, plan, decode, assemble) on each. Reports progress so the parent can detect a
 * hang, and every error that is not an ImagingError.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ImagingError, loadDicomSeries, scanDicom } from '../../src/index.ts';

interface Job {
  seeds: { name: string; bytes: Uint8Array }[];
  cases: number;
  seed: number;
}

const { seeds, cases, seed } = workerData as Job;
let state = seed >>> 0 || 1;
function rand(n: number): number {
  // xorshift32: deterministic, so a failing case number reproduces
  state ^= state << 13;
  state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5;
  state >>>= 0;
  return state % n;
}

function mutate(src: Uint8Array): { bytes: Uint8Array; how: string } {
  const b = new Uint8Array(src);
  switch (rand(5)) {
    case 0: {
      const at = rand(b.length);
      return { bytes: b.subarray(0, at), how: `truncated at ${at}` };
    }
    case 1: {
      const n = 1 + rand(16);
      for (let i = 0; i < n; i++) b[rand(b.length)] = rand(256);
      return { bytes: b, how: `${n} random bytes` };
    }
    case 2: {
      // a 16/32-bit length or value field somewhere in the header set to an extreme
      const at = 128 + rand(Math.min(b.length - 132, 2000));
      const v = [0xffffffff, 0x7fffffff, 0, 1, 0xffff, 0x10000, rand(0xffffffff)][rand(7)];
      new DataView(b.buffer).setUint32(at, v, true);
      return { bytes: b, how: `uint32 ${v} at ${at}` };
    }
    case 3: {
      const at = rand(b.length);
      const n = 1 + rand(64);
      for (let i = 0; i < n && at + i < b.length; i++) b[at + i] = 0;
      return { bytes: b, how: `${n} zero bytes at ${at}` };
    }
    default: {
      const at = rand(b.length);
      const junk = new Uint8Array(1 + rand(32)).map(() => rand(256));
      const out = new Uint8Array(b.length + junk.length);
      out.set(b.subarray(0, at));
      out.set(junk, at);
      out.set(b.subarray(at), at + junk.length);
      return { bytes: out, how: `${junk.length} bytes inserted at ${at}` };
    }
  }
}

const failures: string[] = [];
let imagingErrors = 0;
let loaded = 0;
for (let c = 0; c < cases; c++) {
  const base = seeds[c % seeds.length];
  const { bytes, how } = mutate(base.bytes);
  try {
    const scan = await scanDicom([{ label: base.name, read: () => bytes }]);
    if (scan.failed.length > 0) {
      for (const f of scan.failed)
        if (!(f instanceof ImagingError)) failures.push(`case ${c} (${base.name}, ${how}): ${f}`);
      imagingErrors++;
    } else if (scan.series.length > 0) {
      await loadDicomSeries(scan);
      loaded++;
    }
  } catch (err) {
    if (err instanceof ImagingError) imagingErrors++;
    else failures.push(`case ${c} (${base.name}, ${how}): ${(err as Error)?.stack ?? err}`);
  }
  if (c % 50 === 0) parentPort?.postMessage({ progress: c, how: `${base.name}, ${how}` });
}
parentPort?.postMessage({
  done: true,
  failures: failures.slice(0, 20),
  failureCount: failures.length,
  imagingErrors,
  loaded,
});
