/**
 * `npm run bench [-- filter ...]`: runs every bench/src/*.bench.ts (or those whose name contains
 * a filter) one after the other and prints their tables. Each bench module default-exports an
 * async function that measures our code and its peers in the same run and prints a table with
 * `printTable`. Peers that are not installed are reported as "not installed", never guessed.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  process.stderr.write('no benchmark matched\n');
  process.exitCode = 1;
}
for (const f of files) {
  process.stdout.write(`\n## ${f.replace('.bench.ts', '')}\n\n`);
  const mod = (await import(join(here, f))) as { default: () => Promise<void> };
  await mod.default();
}
