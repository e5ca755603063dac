import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codingReference } from './coding-reference.ts';
import { defaultBillingTables } from './default-tables.ts';

const tables = defaultBillingTables();

test('reference: MUE limits of the day, unconfirmed flags, add-on pairs, refused 23', () => {
  const before = codingReference(tables, { date: '2026-03-31' });
  const after = codingReference(tables, { date: '2026-04-01' });
  const mue = (text: string, code: string) =>
    new RegExp(`  ${code}[^\\n]*\\n(?:    [^\\n]*\\n)*?    MUE on [0-9-]+: ([^\\n]*)\\n`).exec(
      text,
    )?.[1];
  assert.deepEqual(
    ['0559T', '0560T', '0561T', '0562T'].map((c) => [mue(before, c), mue(after, c)]),
    [
      ['1 unit(s) [unconfirmed]', '1 unit(s) [unconfirmed]'],
      ['1 unit(s)', '5 unit(s)'],
      ['1 unit(s) [unconfirmed]', '1 unit(s) [unconfirmed]'],
      ['1 unit(s)', '2 unit(s)'],
    ],
  );
  // Descriptor wording is unconfirmed for all four codes.
  assert.equal(
    (after.match(/^ {2}056[0-2]T.*\[unconfirmed\]$|^ {2}0559T.*\[unconfirmed\]$/gm) ?? []).length,
    4,
  );
  assert.match(after, /0559T \+ 0560T: add-on only with its primary on the same claim/);
  assert.match(after, /0561T \+ 0562T: add-on only/);
  assert.match(after, /23 Unusual anesthesia: refused\n {4}[^\n]*no anesthesia/);
  assert.match(
    after,
    /POS 22 On campus-outpatient hospital: professional claim; 26\/TC split: yes \[unconfirmed\]/,
  );
  // Every payer is listed, each flagged unconfirmed (none checked against the payer's policy).
  for (const p of tables.payers)
    assert.ok(after.includes(`  ${p.name} (${p.payerId}) [unconfirmed]\n`), p.payerId);
});

test('reference: unknown facts print "not available", never a guess', () => {
  const uhc = codingReference(tables, { date: '2026-04-01', payerId: 'uhc' });
  assert.match(uhc, /policy: not available; title: not available; date: not available\n/);
  assert.match(uhc, /link: not available\n/);
  const bcbs = codingReference(tables, { date: '2026-04-01', payerId: 'bcbs' });
  assert.match(bcbs, /documentation reviewed: not available\n/);
  // A code without an MUE row that day, and a date before the codes existed.
  const noMue = { ...tables, mue: tables.mue.filter((m) => m.code !== '0562T') };
  assert.match(
    codingReference(noMue, { date: '2026-04-01' }),
    /0562T[^]*?MUE on 2026-04-01: not available\n/,
  );
  assert.match(
    codingReference(tables, { date: '2019-06-30' }),
    /no codes in force on 2019-06-30: not available/,
  );
  assert.doesNotMatch(uhc + bcbs, /undefined|null|NaN/);
});
