#!/usr/bin/env node
// Builds the prebuilt CLI: packages/cli/dist/anatomodel.mjs, one ESM file with the workspace
// packages (TypeScript) and the small third-party packages bundled in (WebAssembly ones left
// as imports, see EXTERNAL), plus the worker
// entries the pools start by a URL relative to the module (`new URL('./x.mjs',
// import.meta.url)`), so they land beside the bundle under the same names. `anatomodel.js`
// runs this bundle when it is newer than every source file and falls back to tsx otherwise,
// so a checkout without a build still works. Run by `npm run build` (and the root `prepare`).
// esbuild comes with tsx (its transpiler).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const dist = join(root, 'packages/cli/dist');
const src = (p) => join(root, 'packages', p);

/**
 * Workspace packages are bundled (they are TypeScript), and so are the small pure-JavaScript
 * packages (commander, zod, fflate, dicom-parser, ...): importing them as separate modules
 * cost about 0.1 s of every command's start-up (corpus `model`: `anatomodel --help` 0.24-0.28
 * -> 0.16-0.17 s). Packages that load WebAssembly or hooks relative to their own files stay
 * external: manifold-3d, the @cornerstonejs codecs, tsx.
 */
const EXTERNAL = /^(manifold-3d(\/|$)|@cornerstonejs\/|tsx(\/|$))/;
const externals = {
  name: 'externals',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      EXTERNAL.test(args.path) ? { path: args.path, external: true } : undefined,
    );
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  plugins: [externals],
  logLevel: 'warning',
  legalComments: 'none',
  // commander and cli-progress are CommonJS; ESM output needs `require` for node built-ins
  banner: {
    js: "import { createRequire as __anatomodelRequire } from 'node:module'; const require = __anatomodelRequire(import.meta.url);",
  },
};

// build into a fresh directory and swap it in, so a failed or concurrent build never leaves a
// bundle without its worker entries
const out = `${dist}.${process.pid}.tmp`;
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await Promise.all([
  // code loaded only by some commands (billing and zod: half the bundle) goes to chunks that
  // are imported when such a command runs, so the others do not parse it at start-up
  build({
    ...common,
    entryPoints: { anatomodel: src('cli/src/main.ts') },
    outdir: out,
    outExtension: { '.js': '.mjs' },
    splitting: true,
    chunkNames: 'chunk-[hash]',
  }),
  // MeshWorkerPool: new URL('./mesh-worker-entry.mjs', import.meta.url)
  build({
    ...common,
    entryPoints: [src('mesh/src/node/mesh-worker.ts')],
    outfile: join(out, 'mesh-worker-entry.mjs'),
  }),
  // SegmentationPool: new URL('./pool-worker-entry.mjs', import.meta.url)
  build({
    ...common,
    entryPoints: [src('segmentation/src/node/pool-worker.ts')],
    outfile: join(out, 'pool-worker-entry.mjs'),
  }),
  // parallel DICOM decoding: worker-bootstrap.mjs (registers tsx) imports ./decode-worker.ts;
  // the bundled JavaScript under that name is valid TypeScript for tsx.
  build({
    ...common,
    entryPoints: [src('imaging/src/node/decode-worker.ts')],
    outfile: join(out, 'decode-worker.ts'),
  }),
]);
copyFileSync(src('imaging/src/node/worker-bootstrap.mjs'), join(out, 'worker-bootstrap.mjs'));
rmSync(dist, { recursive: true, force: true });
try {
  renameSync(out, dist);
} catch {
  // a concurrent build put its (equal) bundle there first
  rmSync(out, { recursive: true, force: true });
}
