import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAddOns } from './check-add-ons.ts';
import { defaultBillingTables } from './default-tables.ts';

const tables = defaultBillingTables();
const line = (
  code: string,
  dateOfService = '2026-04-15',
  renderingNpi = '1234567893',
  units = 1,
) => ({
  code,
  units,
  dateOfService,
  renderingNpi,
});

test('add-on codes need their primary on the same claim, date of service and provider', () => {
  const cases = [
    { lines: [line('0559T'), line('0560T')], errors: [] },
    { lines: [line('0561T'), line('0562T')], errors: [] },
    {
      lines: [line('0560T')],
      errors: ['add-on 0560T requires its primary 0559T on the same claim'],
    },
    {
      lines: [line('0561T'), line('0560T')],
      errors: ['add-on 0560T requires its primary 0559T on the same claim'],
    },
    {
      lines: [line('0562T')],
      errors: ['add-on 0562T requires its primary 0561T on the same claim'],
    },
    {
      lines: [line('0559T', '2026-04-14'), line('0560T')],
      errors: ['add-on 0560T and its primary 0559T must have the same date of service'],
    },
    {
      lines: [line('0561T', '2026-04-15', '1987654328'), line('0562T')],
      errors: ['add-on 0562T and its primary 0561T must have the same rendering provider'],
    },
    {
      lines: [line('0559T', undefined, undefined, 0), line('0560T')],
      errors: ['add-on 0560T requires its primary 0559T on the same claim'],
    },
  ];
  for (const c of cases) {
    const got = checkAddOns(c.lines, tables).map((r) => r.message);
    assert.deepEqual(got, c.errors, c.lines.map((l) => l.code).join(','));
  }
});
