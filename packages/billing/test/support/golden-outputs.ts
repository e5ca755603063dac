import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  caseRecordSchema,
  codeCase,
  defaultBillingTables,
  parseCaseRecord,
  toFhirBundle,
  toRegistryCase,
  write837,
} from '../../src/index.ts';

/** The three golden cases shipped in examples/. */
export const goldenCases = [
  'craniofacial-tumour',
  'orthopaedic-two-guides',
  'medicare-abn',
] as const;

/** Fixed clock and control number of every golden output. */
export const goldenNow = new Date('2026-05-06T12:00:00Z');
export const goldenControlNumber = 101;

export const packageDir = new URL('../../', import.meta.url).pathname;

export function readExample(name: string): unknown {
  return JSON.parse(readFileSync(`${packageDir}examples/${name}.json`, 'utf8'));
}

/** Golden file name -> content for one case (what scripts/write-goldens.ts writes). */
export function goldenOutputs(name: string): Map<string, string> {
  const record = parseCaseRecord(readExample(name));
  const tables = defaultBillingTables();
  const coding = codeCase(record, tables);
  const out = new Map<string, string>();
  const json = (x: unknown) => JSON.stringify(x, null, 2) + '\n';
  out.set(`${name}.lines.json`, json(coding));
  // Both claims where the case has both (a facility bills its part on an 837I); a case
  // without a facility (an office service) has no institutional claim.
  const x12 = { now: goldenNow, interchangeControlNumber: goldenControlNumber };
  const professional = codeCase(record, tables, { claimType: 'professional' });
  out.set(`${name}.837p`, write837(record, professional, '837p', x12));
  if (record.billing.facility) {
    const institutional = codeCase(record, tables, { claimType: 'institutional' });
    out.set(`${name}.837i`, write837(record, institutional, '837i', x12));
  }
  out.set(`${name}.fhir.json`, json(toFhirBundle(record, coding, { now: goldenNow })));
  out.set(`${name}.registry.json`, json(toRegistryCase(record)));
  return out;
}

/** The case JSON Schema generated from the zod schema (what schema/case.schema.json holds). */
export function caseJsonSchema(): string {
  const schema = z.toJSONSchema(caseRecordSchema, { io: 'input' });
  return (
    JSON.stringify(
      {
        ...schema,
        $id: 'https://anatomodel.invalid/schema/case.schema.json',
        title: 'Anatomodel case record',
        description:
          "The lab service's record of one 3D printing case (order, components, prints, effort, review, billing). Generated from caseRecordSchema in packages/billing/src/case-record.ts by scripts/write-goldens.ts.",
      },
      null,
      2,
    ) + '\n'
  );
}
