/**
 * Regenerates the billing goldens (test/golden/*) and the case JSON Schema
 * (schema/case.schema.json). Run explicitly after an intended change, then review the diff:
 *   npx tsx packages/billing/scripts/write-goldens.ts
 * Tests never write these files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import {
  caseJsonSchema,
  goldenCases,
  goldenOutputs,
  packageDir,
} from '../test/support/golden-outputs.ts';

mkdirSync(`${packageDir}test/golden`, { recursive: true });
for (const name of goldenCases) {
  for (const [file, content] of goldenOutputs(name)) {
    writeFileSync(`${packageDir}test/golden/${file}`, content);
    process.stdout.write(`wrote test/golden/${file}\n`);
  }
}
writeFileSync(`${packageDir}schema/case.schema.json`, caseJsonSchema());
process.stdout.write('wrote schema/case.schema.json\n');
