import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { BillingError } from './billing-error.ts';
import { parseCaseRecord } from './case-record.ts';
import { goldenCases, readExample } from '../test/support/golden-outputs.ts';

// The schema file the lab service stores cases against (checked = generator in golden.test.ts).
const schema = JSON.parse(
  readFileSync(new URL('../schema/case.schema.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/);
const validate = ajv.compile(schema);
const ajvErrors = (x: unknown) =>
  validate(x) ? [] : (validate.errors ?? []).map((e: ErrorObject) => e);
const zodDetails = (x: unknown): string[] => {
  try {
    parseCaseRecord(x);
    return [];
  } catch (e) {
    assert.ok(e instanceof BillingError && e.code === 'INVALID_CASE');
    assert.equal(e.message, `case JSON is invalid: ${e.details[0]}`);
    return [...e.details];
  }
};

test('the case JSON Schema documents every field', () => {
  const undocumented: string[] = [];
  let fields = 0;
  const walk = (node: unknown, path: string): void => {
    if (typeof node !== 'object' || node === null) return;
    const n = node as Record<string, unknown>;
    for (const [key, child] of Object.entries((n.properties ?? {}) as Record<string, unknown>)) {
      fields++;
      const d = (child as { description?: unknown }).description;
      if (typeof d !== 'string' || d.trim().length < 3) undocumented.push(`${path}.${key}`);
      walk(child, `${path}.${key}`);
    }
    for (const k of ['items', 'anyOf', 'oneOf', 'allOf']) {
      const v = n[k];
      for (const c of Array.isArray(v) ? v : v ? [v] : []) walk(c, `${path}[]`);
    }
  };
  walk(schema, '');
  assert.deepEqual(undocumented, []);
  assert.ok(fields > 100, `${fields} fields`);
  assert.equal(typeof schema.description, 'string');
});

test('the three examples are valid against the schema file and the parser', () => {
  for (const name of goldenCases) {
    assert.deepEqual(ajvErrors(readExample(name)), [], name);
    assert.deepEqual(zodDetails(readExample(name)), [], name);
  }
});

test('an unknown field or a wrong type is rejected with its path', () => {
  // Deliberately untyped: the edits write invalid values into the case.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const edit = (f: (c: any) => void) => {
    const c = structuredClone(readExample('craniofacial-tumour'));
    f(c);
    return c;
  };
  const cases: [string, unknown, string, { path: string; keyword: string; param?: string }][] = [
    [
      'unknown root field',
      edit((c) => (c.notes = 'x')),
      '(root): Unrecognized key: "notes"',
      { path: '', keyword: 'additionalProperties', param: 'notes' },
    ],
    [
      'unknown nested field',
      edit((c) => (c.billing.facility.revenueCode = '0940')),
      'billing.facility: Unrecognized key: "revenueCode"',
      { path: '/billing/facility', keyword: 'additionalProperties', param: 'revenueCode' },
    ],
    [
      'wrong type in an array item',
      edit((c) => (c.prints[0].copies = '2')),
      'prints.0.copies: Invalid input: expected number, received string',
      { path: '/prints/0/copies', keyword: 'type' },
    ],
    [
      'wrong type: boolean as string',
      edit((c) => (c.coverage.abnOnFile = 'yes')),
      'coverage.abnOnFile: Invalid input: expected boolean, received string',
      { path: '/coverage/abnOnFile', keyword: 'type' },
    ],
    [
      'missing required field',
      edit((c) => delete c.billing.dateOfService),
      'billing.dateOfService: Invalid input: expected string, received undefined',
      { path: '/billing', keyword: 'required', param: 'dateOfService' },
    ],
  ];
  for (const [label, value, detail, want] of cases) {
    assert.deepEqual(zodDetails(value), [detail], label);
    const errs = ajvErrors(value);
    assert.ok(
      errs.some(
        (e) =>
          e.instancePath === want.path &&
          e.keyword === want.keyword &&
          (want.param === undefined ||
            Object.values(e.params as Record<string, unknown>).includes(want.param)),
      ),
      `${label}: ${JSON.stringify(errs.map((e) => [e.instancePath, e.keyword, e.params]))}`,
    );
  }
});
