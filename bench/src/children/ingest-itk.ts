/** Child process of the ingest benchmark: itk-wasm's readImageDicomFileSeriesNode. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readImageDicomFileSeriesNode } from '@itk-wasm/dicom';

const [dir, repeatsArg] = process.argv.slice(2);
const files = readdirSync(dir).map((f) => join(dir, f));
const repeats = Number(repeatsArg ?? 3);
const rssBefore = process.memoryUsage.rss();
const t0 = performance.now();
const first = await readImageDicomFileSeriesNode({ inputImages: files, singleSortedSeries: false });
const firstMs = performance.now() - t0;
const maxRss = process.resourceUsage().maxRSS * 1024;
let best = firstMs;
for (let r = 1; r < repeats; r++) {
  const t = performance.now();
  await readImageDicomFileSeriesNode({ inputImages: files, singleSortedSeries: false });
  best = Math.min(best, performance.now() - t);
}
process.stdout.write(
  JSON.stringify({
    firstMs,
    bestMs: best,
    extraRss: maxRss - rssBefore,
    dims: first.outputImage.size,
  }) + '\n',
);
