import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseBillingTables, tableNames } from './billing-tables.ts';
import { BillingError } from './billing-error.ts';
import { defaultBillingTables } from './default-tables.ts';
import { inForce } from './in-force.ts';
import { isValidNpi } from './is-valid-npi.ts';

const raw = () =>
  Object.fromEntries(
    tableNames.map((n) => [
      n,
      JSON.parse(readFileSync(new URL(`../tables/${n}.json`, import.meta.url), 'utf8')),
    ]),
  );
const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'none';
  } catch (e) {
    return e instanceof BillingError ? e.code : 'other';
  }
};

test('shipped tables are valid; every row has a source and a confirmed flag', () => {
  const t = defaultBillingTables();
  assert.equal(t.codes.length, 4);
  assert.equal(t.payers.length, 6);
  for (const rows of Object.values(t)) {
    for (const r of rows as { source: string; confirmed: boolean }[]) {
      assert.ok(r.source.length > 0);
      assert.equal(typeof r.confirmed, 'boolean');
    }
  }
  // Codes as issue 5 describes them: kind, add-on pairs, descriptor wording, units not copies.
  assert.deepEqual(
    t.codes.map((c) => [c.code, c.kind, c.addOnTo]),
    [
      ['0559T', 'model', null],
      ['0560T', 'model', '0559T'],
      ['0561T', 'guide', null],
      ['0562T', 'guide', '0561T'],
    ],
  );
  const d = Object.fromEntries(t.codes.map((c) => [c.code, c.descriptor]));
  assert.match(
    d['0559T'],
    /^Anatomic model 3D-printed from image data set\(s\); first individually prepared and processed component of an anatomic structure/,
  );
  assert.match(d['0560T'], /each additional individually prepared and processed component/);
  assert.match(
    d['0561T'],
    /^Anatomic guide 3D-printed and designed from image data set\(s\); first anatomic guide/,
  );
  assert.match(d['0562T'], /each additional anatomic guide/);
  assert.ok(t.codes.every((c) => /not copies/.test(c.unitOfService)));
  // The issue marks these unconfirmed.
  assert.ok(t.codes.every((c) => !c.confirmed));
  assert.equal(t.mue.find((m) => m.code === '0559T')!.confirmed, false);
  assert.equal(t.mue.find((m) => m.code === '0561T')!.confirmed, false);
});

test('bad tables are refused with the table and field named', () => {
  const missing = raw();
  delete missing.mue;
  assert.equal(
    codeOf(() => parseBillingTables(missing)),
    'INVALID_TABLES',
  );
  const badRow = raw();
  (badRow.mue as { rows: Record<string, unknown>[] }).rows[0].maxUnits = -1;
  assert.throws(() => parseBillingTables(badRow), /table mue is invalid: mue\.rows\.0\.maxUnits/);
  const noSource = raw();
  delete (noSource.payers as { rows: Record<string, unknown>[] }).rows[0].source;
  assert.equal(
    codeOf(() => parseBillingTables(noSource)),
    'INVALID_TABLES',
  );
  const overlap = raw();
  (overlap.mue as { rows: Record<string, unknown>[] }).rows[2].effectiveTo = '2026-04-02';
  assert.equal(
    codeOf(() => parseBillingTables(overlap)),
    'TABLE_OVERLAP',
  );
  const reversed = raw();
  (reversed.mue as { rows: Record<string, unknown>[] }).rows[2].effectiveTo = '2019-07-01';
  assert.equal(
    codeOf(() => parseBillingTables(reversed)),
    'INVALID_TABLES',
  );
});

test('inForce: effectiveFrom inclusive, effectiveTo exclusive', () => {
  const rows = [
    { v: 1, effectiveFrom: '2019-07-01', effectiveTo: '2026-04-01' },
    { v: 5, effectiveFrom: '2026-04-01', effectiveTo: null },
  ];
  assert.deepEqual(inForce(rows, '2019-06-30'), []);
  assert.deepEqual(
    inForce(rows, '2019-07-01').map((r) => r.v),
    [1],
  );
  assert.deepEqual(
    inForce(rows, '2026-03-31').map((r) => r.v),
    [1],
  );
  assert.deepEqual(
    inForce(rows, '2026-04-01').map((r) => r.v),
    [5],
  );
  assert.deepEqual(
    inForce(rows, '2099-01-01').map((r) => r.v),
    [5],
  );
});

test('isValidNpi applies the Luhn check over 80840 + NPI', () => {
  for (const ok of ['1234567893', '1987654328', '1543210987'])
    assert.equal(isValidNpi(ok), true, ok);
  for (const bad of ['1234567890', '123456789', '12345678930', 'abcdefghij'])
    assert.equal(isValidNpi(bad), false, bad);
});
