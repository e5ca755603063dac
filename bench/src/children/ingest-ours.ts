/**
 * Child process of the ingest benchmark: loads one DICOM series with our pipeline.
 * Prints one JSON line: first-load ms (fresh process), best of `repeats` loads, extra peak RSS
 * of the first load (bytes above the RSS after imports), dims and data type.
 */
import { loadVolumeFromPath } from '@anatomodel/imaging/node';

const [path, repeatsArg, threadsArg] = process.argv.slice(2);
const repeats = Number(repeatsArg ?? 3);
const threads = Number(threadsArg ?? 1);
const options = {
  parallelDecode: threads > 1 ? { threads, minSlices: 2, minSeconds: 0 } : (false as const),
};
const rssBefore = process.memoryUsage.rss();
const t0 = performance.now();
const first = await loadVolumeFromPath(path, options);
const firstMs = performance.now() - t0;
const maxRss = process.resourceUsage().maxRSS * 1024;
const dims = first.volume.geometry.dims;
const bytesPerVoxel = first.volume.data.BYTES_PER_ELEMENT;
let best = firstMs;
for (let r = 1; r < repeats; r++) {
  const t = performance.now();
  await loadVolumeFromPath(path, options);
  best = Math.min(best, performance.now() - t);
}
process.stdout.write(
  JSON.stringify({
    firstMs,
    bestMs: best,
    extraRss: maxRss - rssBefore,
    dims,
    bytesPerVoxel,
    type: first.volume.data.constructor.name,
  }) + '\n',
);
