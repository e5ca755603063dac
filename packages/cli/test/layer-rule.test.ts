/**
 * The layer rule of shared/STYLE.md is enforced by ESLint: these imports must be errors, so a
 * wrong import fails `npm run check` and with it CI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const cwd = fileURLToPath(new URL('../../..', import.meta.url));
const eslint = new ESLint({ cwd });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => m.ruleId ?? m.message);
}

const cases: [string, string, boolean][] = [
  [
    'packages/billing/src/x.ts',
    "import { planStack } from '@anatomodel/imaging';\nexport const x = planStack;\n",
    true,
  ],
  [
    'packages/imaging/src/x.ts',
    "import { buildProgram } from '@anatomodel/cli';\nexport const x = buildProgram;\n",
    true,
  ],
  [
    'packages/imaging/src/x.ts',
    "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
    true,
  ],
  [
    'packages/segmentation/src/x.ts',
    "import type { Mesh } from '@anatomodel/mesh';\nexport type X = Mesh;\n",
    true,
  ],
  [
    'packages/mesh/src/x.ts',
    "import { loadVolumeFromPath } from '@anatomodel/imaging/node';\nexport const x = loadVolumeFromPath;\n",
    true,
  ],
  // allowed: downward imports and Node I/O in the node/ folder
  [
    'packages/mesh/src/x.ts',
    "import { planStack } from '@anatomodel/imaging';\nexport const x = planStack;\n",
    false,
  ],
  [
    'packages/imaging/src/node/x.ts',
    "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
    false,
  ],
];

for (const [file, code, forbidden] of cases) {
  test(`layer rule: ${file} importing ${code.split("'")[1]} is ${forbidden ? 'an error' : 'allowed'}`, async () => {
    const ids = await ruleIds(file, code);
    assert.equal(ids.includes('no-restricted-imports'), forbidden, ids.join(', '));
  });
}
