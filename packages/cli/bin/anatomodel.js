#!/usr/bin/env node
// Entry point of the `anatomodel` command. It runs the prebuilt bundle
// (packages/cli/dist/anatomodel.mjs, made by `npm run build`, also run by the root `prepare`)
// when the bundle is newer than every source file of the workspace packages it contains;
// otherwise, e.g. in a checkout being edited, it runs the TypeScript through tsx's loader, so
// no build step stands between an edit and a working command. ANATOMODEL_TSX=1 forces tsx.
import { readdirSync, statSync } from 'node:fs';

const packages = new URL('../../', import.meta.url);
const bundle = new URL('../dist/anatomodel.mjs', import.meta.url);

/** Newest modification time (ms) of the files under each package's src, 0 if none. */
function newestSource() {
  let newest = 0;
  for (const pkg of ['imaging', 'segmentation', 'mesh', 'billing', 'cli']) {
    const dir = new URL(`${pkg}/src/`, packages);
    let names;
    try {
      names = readdirSync(dir, { recursive: true });
    } catch {
      continue;
    }
    for (const name of names) {
      const t = statSync(new URL(name, dir)).mtimeMs;
      if (t > newest) newest = t;
    }
  }
  return newest;
}

function bundleIsFresh() {
  if (process.env.ANATOMODEL_TSX === '1') return false;
  let built;
  try {
    built = statSync(bundle).mtimeMs;
  } catch {
    return false;
  }
  return built >= newestSource();
}

let main;
if (bundleIsFresh()) {
  ({ main } = await import(bundle.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/main.ts'));
}
process.exitCode = await main(process.argv);
