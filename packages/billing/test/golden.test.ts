import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import {
  BillingError,
  codeCase,
  defaultBillingTables,
  parseCaseRecord,
  toFhirBundle,
  validate837,
  write837,
} from '../src/index.ts';
import { createFhirR4Validator } from './support/fhir-r4-validator.ts';
import {
  caseJsonSchema,
  goldenCases,
  goldenOutputs,
  packageDir,
  readExample,
} from './support/golden-outputs.ts';

// Goldens are regenerated only by `npx tsx packages/billing/scripts/write-goldens.ts`.
// JSON goldens are compared parsed (prettier may reflow them); X12 files byte for byte.
const read = (file: string) => readFileSync(`${packageDir}${file}`, 'utf8');

test('outputs of the three golden cases match test/golden', () => {
  for (const name of goldenCases) {
    for (const [file, content] of goldenOutputs(name)) {
      const golden = read(`test/golden/${file}`);
      if (file.endsWith('.json')) assert.deepEqual(JSON.parse(content), JSON.parse(golden), file);
      else assert.equal(content, golden, file);
    }
  }
});

test('golden 837P and 837I files are structurally valid X12 with the expected loops', () => {
  // Professional claims carry 26 where the facility bills its part on an 837I (POS 22); the
  // institutional claims carry no 26/TC. The Medicare case is an office service (POS 11): no
  // facility, so no 837I (see the next test).
  const expected: { file: string; lines: number; sv: string[] }[] = [
    { file: 'craniofacial-tumour.837p', lines: 2, sv: ['HC:0559T:22:26', 'HC:0560T:26'] },
    { file: 'craniofacial-tumour.837i', lines: 2, sv: ['HC:0559T:22', 'HC:0560T'] },
    {
      file: 'orthopaedic-two-guides.837p',
      lines: 3,
      sv: ['HC:0559T:26', 'HC:0561T:26', 'HC:0562T:26'],
    },
    {
      file: 'orthopaedic-two-guides.837i',
      lines: 3,
      sv: ['HC:0559T', 'HC:0561T', 'HC:0562T'],
    },
    { file: 'medicare-abn.837p', lines: 2, sv: ['HC:0559T:GA', 'HC:0560T:GA'] },
  ];
  const written = goldenCases.flatMap((n) =>
    [...goldenOutputs(n).keys()].filter((f) => /\.837[pi]$/.test(f)),
  );
  assert.deepEqual(written.sort(), expected.map((e) => e.file).sort());
  for (const e of expected) {
    const v = validate837(read(`test/golden/${e.file}`));
    assert.deepEqual(v.issues, [], e.file);
    assert.equal(v.transactions, 1);
    assert.equal(v.claims, 1);
    assert.equal(v.serviceLines, e.lines);
    const procs = v.segments
      .filter((s) => s.id === 'SV1' || s.id === 'SV2')
      .map((s) => (s.id === 'SV1' ? s.elements[0] : s.elements[1]).join(':'));
    assert.deepEqual(procs, e.sv, e.file);
    const ids = v.segments.map((s) => s.id);
    if (e.file.endsWith('.837i')) {
      assert.equal(ids.filter((id) => id === 'CL1').length, 1, e.file);
      assert.ok(
        v.segments.some((s) => s.id === 'HI' && s.elements[0][0] === 'APR'),
        e.file,
      );
      assert.ok(!ids.includes('SV1'), e.file);
    } else {
      assert.ok(!ids.includes('CL1') && !ids.includes('SV2'), e.file);
    }
  }
});

test('the office Medicare case has no 837I, and says why', () => {
  const record = parseCaseRecord(readExample('medicare-abn'));
  const tables = defaultBillingTables();
  assert.throws(
    () =>
      write837(record, codeCase(record, tables, { claimType: 'institutional' }), '837i', {
        now: new Date('2026-05-06T12:00:00Z'),
        interchangeControlNumber: 1,
      }),
    (e: unknown) =>
      e instanceof BillingError &&
      e.code === 'WRONG_CLAIM_TYPE' &&
      /no billing.facility/.test(e.message),
  );
});

test('golden FHIR bundles are valid against the official R4 JSON schema', () => {
  const validate = createFhirR4Validator();
  for (const name of goldenCases) {
    const bundle = JSON.parse(read(`test/golden/${name}.fhir.json`));
    assert.deepEqual(validate(bundle), [], name);
    const types = bundle.entry.map(
      (e: { resource: { resourceType: string } }) => e.resource.resourceType,
    );
    for (const t of ['ServiceRequest', 'Procedure', 'ChargeItem', 'Claim'])
      assert.ok(types.includes(t), `${name} ${t}`);
  }
  // The institutional coding of a case with a facility is valid R4 too: an institutional
  // Claim from the facility's Organization, with revenue codes on its items.
  for (const name of goldenCases) {
    const record = parseCaseRecord(readExample(name));
    if (!record.billing.facility) continue;
    const coding = codeCase(record, defaultBillingTables(), { claimType: 'institutional' });
    const bundle = toFhirBundle(record, coding, { now: new Date('2026-05-06T12:00:00Z') });
    assert.deepEqual(validate(bundle), [], `${name} institutional`);
    type ClaimJson = {
      resourceType: string;
      type: { coding: { code: string }[] };
      provider: { reference: string };
      item: { revenue?: unknown }[];
    };
    const claim = (bundle.entry as { resource: ClaimJson }[]).find(
      (e) => e.resource.resourceType === 'Claim',
    )!.resource;
    assert.equal(claim.type.coding[0].code, 'institutional');
    assert.equal(claim.provider.reference, `Organization/npi-${record.billing.facility.npi}`);
    assert.ok(claim.item.every((i) => i.revenue !== undefined));
  }
  // The validator is not a rubber stamp: an unknown property, a missing required element, a code
  // outside an enumerated binding and a Medplum-only Meta property all fail. (The R4 JSON schema
  // does not enumerate every required binding: Claim.status is only a `code` pattern.)
  const claim = JSON.parse(read('test/golden/medicare-abn.fhir.json')).entry.find(
    (e: { resource: { resourceType: string } }) => e.resource.resourceType === 'Claim',
  ).resource;
  assert.notDeepEqual(validate({ ...claim, modifiers: [] }), []);
  const { patient: _p, ...noPatient } = claim;
  assert.notDeepEqual(validate(noPatient), []);
  assert.notDeepEqual(validate({ ...claim, use: 'billed' }), []);
  assert.notDeepEqual(validate({ ...claim, meta: { project: 'x' } }), []);
});

test('schema/case.schema.json is the zod schema, and both agree on valid and invalid cases', () => {
  const file = read('schema/case.schema.json');
  assert.deepEqual(JSON.parse(file), JSON.parse(caseJsonSchema()));
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/);
  const validate = ajv.compile(JSON.parse(file));
  const zodOk = (x: unknown) => {
    try {
      parseCaseRecord(x);
      return true;
    } catch (e) {
      assert.ok(e instanceof BillingError && e.code === 'INVALID_CASE');
      return false;
    }
  };
  // Deliberately untyped: the variants write invalid values into the case.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type Loose = Record<string, any>;
  const variants: [string, (c: Loose) => void, boolean][] = [
    ['as shipped', () => {}, true],
    ['extra property', (c) => (c.extra = 1), false],
    ['bad ICD-10-CM', (c) => (c.order.indications[0].icd10cm = 'U07'), false],
    ['bad NPI length', (c) => (c.billing.renderingProvider.npi = '123'), false],
    ['copies 0', (c) => (c.prints[0].copies = 0), false],
    [
      'rating 10',
      (c) => (c.order.appropriateness = { scenario: 's', rating: 10, source: 's' }),
      false,
    ],
    [
      'not-applicable rating',
      (c) => (c.order.appropriateness = { notApplicable: true, reason: 'r' }),
      true,
    ],
    ['no review (case in progress)', (c) => delete c.review, true],
    ['X12 separator in a name', (c) => (c.patient.family = 'O*BRIEN'), false],
    ['bad date', (c) => (c.billing.dateOfService = '2026-13-01'), false],
    ['null effort minutes', (c) => (c.effort[0].minutes = null), true],
    ['unknown claim type', (c) => (c.billing.claimType = 'dental'), false],
  ];
  for (const name of goldenCases) {
    for (const [label, edit, ok] of variants) {
      const c = structuredClone(readExample(name)) as Loose;
      edit(c);
      assert.equal(zodOk(c), ok, `zod ${name} ${label}`);
      assert.equal(validate(c), ok, `json schema ${name} ${label}`);
    }
  }
});
