import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeCase } from './code-case.ts';
import { defaultBillingTables } from './default-tables.ts';
import { validate837 } from './validate-837.ts';
import { write837 } from './write-837.ts';
import { BillingError } from './billing-error.ts';
import { makeCase } from '../test/support/make-case.ts';

const tables = defaultBillingTables();
const now = new Date('2026-05-06T12:00:00Z');

test('control numbers and clock come from options; output is deterministic', () => {
  const record = makeCase();
  const coding = codeCase(record, tables);
  const a = write837(record, coding, '837p', {
    now,
    interchangeControlNumber: 42,
    groupControlNumber: 7,
  });
  assert.equal(
    a,
    write837(record, coding, '837p', { now, interchangeControlNumber: 42, groupControlNumber: 7 }),
  );
  assert.match(a, /^ISA\*.{101}~\n/);
  assert.ok(a.includes('*260506*1200*^*00501*000000042*0*T*:~'));
  assert.ok(a.includes('GS*HC*HRA3DLAB*60054*20260506*1200*7*X*005010X222A1~'));
  assert.ok(a.endsWith('GE*1*7~\nIEA*1*000000042~\n'));
  assert.deepEqual(validate837(a).issues, []);
});

test('refuses blocked cases, the wrong variant and bad control numbers', () => {
  const blocked = makeCase((c) => void delete c.review);
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      return e instanceof BillingError ? e.code : 'other';
    }
    return 'none';
  };
  const opts = { now, interchangeControlNumber: 1 };
  assert.equal(
    code(() => write837(blocked, codeCase(blocked, tables), '837p', opts)),
    'NOT_CODED',
  );
  const ok = makeCase();
  assert.equal(
    code(() => write837(ok, codeCase(ok, tables), '837i', opts)),
    'WRONG_CLAIM_TYPE',
  );
  assert.equal(
    code(() => write837(ok, codeCase(ok, tables), '837p', { now, interchangeControlNumber: 0 })),
    'INVALID_OPTIONS',
  );
  assert.equal(
    code(() => write837(ok, codeCase(ok, tables), '837p', { now, interchangeControlNumber: 1e9 })),
    'INVALID_OPTIONS',
  );
});

test('many lines and diagnoses stay valid: pointers capped at 4, 12 diagnoses in HI', () => {
  const record = makeCase((c) => {
    c.order.indications = ['C41.1', 'C76.0', 'C03.1', 'C06.0', 'D49.0', 'R22.0'].map((icd10cm) => ({
      icd10cm,
      description: icd10cm,
    }));
  });
  const coding = codeCase(record, tables);
  assert.deepEqual(coding.lines[0].diagnosisPointers, [1, 2, 3, 4]);
  const x = write837(record, coding, '837p', { now, interchangeControlNumber: 3 });
  assert.deepEqual(validate837(x).issues, []);
  assert.ok(x.includes('HI*ABK:C411*ABF:C760*ABF:C031*ABF:C060*ABF:D490*ABF:R220~'));
});
