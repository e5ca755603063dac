import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import {
  checkAddOns,
  codeCase,
  defaultBillingTables,
  type BillingTables,
  type CodingResult,
} from '../src/index.ts';
import { components, makeCase } from './support/make-case.ts';

/*
 * Every rule of the engine, table-driven, on both sides of the April 2026 edit change:
 * 2026-03-31 (old MUE rows) and 2026-04-01 (new rows). Each row names the rule, edits the
 * craniofacial case (no requested modifiers, so only the row's rule speaks) and gives the exact
 * findings of that rule on each date: "severity code modifier" per result, plus the lines.
 */

const tables = defaultBillingTables();
const BEFORE = '2026-03-31';
const AFTER = '2026-04-01';
type Edit = NonNullable<Parameters<typeof makeCase>[0]>;
type Findings = { lines?: string; status?: CodingResult['status']; results: string[] };
interface Row {
  readonly name: string;
  readonly rule: string;
  readonly edit: Edit;
  readonly claimType?: 'professional' | 'institutional';
  /** Tables edited for the row (default: the shipped tables). */
  readonly tables?: BillingTables;
  readonly before: Findings;
  readonly after: Findings;
}
const same = (f: Findings) => ({ before: f, after: f });
const linesOf = (r: CodingResult) => r.lines.map((l) => `${l.code}x${l.units}`).join(' ');
const findings = (r: CodingResult, rule: string) =>
  r.results
    .filter((x) => x.rule === rule)
    .map((x) => [x.severity, x.code, x.modifier].filter(Boolean).join(' '));

const withComponents =
  (models: number, guides: number): Edit =>
  (c) =>
    void (c.components = components(models, guides));
const mods =
  (...list: [string, string, string?][]): Edit =>
  (c) =>
    void (c.billing.modifiers = list.map(([code, modifier, reason]) => ({
      code,
      modifier,
      ...(reason ? { reason } : {}),
    })));

// Modifier conflict pairs straight from the table: a conflict added there gets a row here.
const conflictPairs = [
  ...new Set(
    tables.modifiers.flatMap((m) => m.conflictsWith.map((o) => [m.modifier, o].sort().join('+'))),
  ),
].sort();

const rows: Row[] = [
  {
    name: '4 models + 3 guides: MUE caps 0560T and 0562T before, not after',
    rule: 'mue',
    edit: withComponents(4, 3),
    before: {
      lines: '0559Tx1 0560Tx1 0561Tx1 0562Tx1',
      results: ['warning 0560T', 'warning 0562T'],
    },
    after: { lines: '0559Tx1 0560Tx3 0561Tx1 0562Tx2', results: [] },
  },
  {
    name: '6 models + 3 guides: exactly at the new limits',
    rule: 'mue',
    edit: withComponents(6, 3),
    before: {
      lines: '0559Tx1 0560Tx1 0561Tx1 0562Tx1',
      results: ['warning 0560T', 'warning 0562T'],
    },
    after: { lines: '0559Tx1 0560Tx5 0561Tx1 0562Tx2', results: [] },
  },
  {
    name: '7 models + 4 guides: above the new limits too',
    rule: 'mue',
    edit: withComponents(7, 4),
    before: {
      lines: '0559Tx1 0560Tx1 0561Tx1 0562Tx1',
      results: ['warning 0560T', 'warning 0562T'],
    },
    after: {
      lines: '0559Tx1 0560Tx5 0561Tx1 0562Tx2',
      results: ['warning 0560T', 'warning 0562T'],
    },
  },
  {
    name: 'copies never add units',
    rule: 'mue',
    edit: (c) => void ((c.components = components(2, 0)), (c.prints[0].copies = 9)),
    ...same({ lines: '0559Tx1 0560Tx1', results: [] }),
  },
  {
    name: 'unconfirmed facts: 0559T/0561T MUE and every descriptor',
    rule: 'unconfirmed',
    edit: withComponents(2, 2),
    ...same({
      results: ['info 0559T', 'info 0559T', 'info 0560T', 'info 0561T', 'info 0561T', 'info 0562T'],
    }),
  },
  {
    name: '76376 and 76377 on the same date of service',
    rule: 'same-day-code',
    edit: (c) => void (c.billing.otherCodesSameDay = ['76376', '76377', '70450']),
    ...same({ status: 'coded', results: ['warning 76376', 'warning 76377'] }),
  },
  ...conflictPairs.map((pair): Row => ({
    name: `modifier conflict ${pair}`,
    rule: 'modifier-conflict',
    edit: (c) => {
      const [a, b] = pair.split('+');
      c.coverage.abnOnFile = !(pair === 'GY+GZ');
      mods(['0559T', a, 'documented reason'], ['0559T', b, 'documented reason'])(c);
    },
    ...same({ status: 'blocked', results: [`error 0559T ${pair}`] }),
  })),
  {
    name: '23 is refused with its reason',
    rule: 'modifier-not-applicable',
    edit: mods(['0559T', '23']),
    ...same({ status: 'blocked', results: ['error 0559T 23'] }),
  },
  {
    name: '26 on an institutional claim',
    rule: 'modifier-claim-type',
    edit: mods(['0559T', '26']),
    claimType: 'institutional',
    ...same({ status: 'blocked', results: ['error 0559T 26'] }),
  },
  {
    name: '22 without a written reason, 26 at an office (no split)',
    rule: 'modifier-requirement',
    edit: (c) => {
      c.billing.placeOfService = '11';
      mods(['0559T', '22'], ['0560T', '26'])(c);
    },
    ...same({ status: 'blocked', results: ['error 0559T 22', 'error 0560T 26'] }),
  },
  {
    name: 'unknown and duplicate modifiers',
    rule: 'modifier-unknown',
    edit: mods(['0559T', 'QQ']),
    ...same({ status: 'blocked', results: ['error 0559T QQ'] }),
  },
  {
    name: 'duplicate modifier',
    rule: 'modifier-duplicate',
    edit: mods(['0559T', '59', 'r'], ['0559T', '59', 'r']),
    ...same({ status: 'blocked', results: ['error 0559T 59'] }),
  },
  {
    name: 'five modifiers on a line',
    rule: 'modifier-count',
    edit: (c) => {
      c.coverage.payerId = 'aetna';
      mods(
        ['0559T', '22', 'r'],
        ['0559T', '59', 'r'],
        ['0559T', 'KX'],
        ['0559T', '26'],
        ['0559T', '76', 'r'],
      )(c);
    },
    ...same({ status: 'blocked', results: ['error 0559T'] }),
  },
  {
    name: 'modifier for a code not on the claim',
    rule: 'modifier-line',
    edit: mods(['0561T', '59', 'r']),
    ...same({ status: 'blocked', results: ['error 0561T 59'] }),
  },
  {
    name: 'Medicare without an ABN: GZ added to every line',
    rule: 'liability-modifier',
    edit: (c) => void ((c.coverage.payerId = 'medicare'), (c.coverage.abnOnFile = false)),
    ...same({ status: 'coded', results: ['info 0559T GZ', 'info 0560T GZ'] }),
  },
  {
    name: 'Medicare with an ABN: GA added to every line',
    rule: 'liability-modifier',
    edit: (c) => void ((c.coverage.payerId = 'medicare'), (c.coverage.abnOnFile = true)),
    ...same({ status: 'coded', results: ['info 0559T GA', 'info 0560T GA'] }),
  },
  ...(
    [
      ['aetna', 'warning', 'warning'],
      ['cigna', 'warning', 'warning'],
      ['uhc', 'warning', 'warning'],
      ['bcbsma', 'warning', 'warning'],
      ['bcbs', 'warning', 'info'],
      ['medicare', 'warning', 'warning'],
    ] as const
  ).flatMap(([payer, coverage, waiver]): Row[] => [
    {
      name: `payer ${payer}: coverage`,
      rule: 'payer-coverage',
      edit: (c) => void ((c.coverage.payerId = payer), (c.coverage.waiverOnFile = false)),
      ...same({ status: 'coded', results: [coverage] }),
    },
    {
      name: `payer ${payer}: notice not on file`,
      rule: 'payer-waiver',
      edit: (c) => void ((c.coverage.payerId = payer), (c.coverage.waiverOnFile = false)),
      ...same({ status: 'coded', results: [waiver] }),
    },
  ]),
  {
    name: 'payer not in the table',
    rule: 'payer',
    edit: (c) => void (c.coverage.payerId = 'acme'),
    ...same({ status: 'blocked', results: ['error'] }),
  },
  {
    name: 'missing documentation: surgeon sign-off and effort log',
    rule: 'documentation',
    edit: (c) => {
      delete c.review;
      c.effort = [];
    },
    ...same({ status: 'blocked', results: ['error', 'error'] }),
  },
  {
    name: 'appropriateness rating in the rarely-appropriate range',
    rule: 'appropriateness',
    edit: (c) => void (c.order.appropriateness = { scenario: 's', rating: 3, source: 'src' }),
    ...same({ status: 'coded', results: ['warning'] }),
  },
  {
    name: 'NPI check digit',
    rule: 'npi',
    edit: (c) => void (c.billing.renderingProvider.npi = '1234567890'),
    ...same({ status: 'blocked', results: ['error'] }),
  },
  {
    name: 'institutional claim for a case without a facility',
    rule: 'claim-type',
    edit: (c) => void delete c.billing.facility,
    claimType: 'institutional',
    ...same({ status: 'blocked', results: ['error'] }),
  },
  {
    name: 'professional claim where the facility bills too, without 26',
    rule: 'professional-component',
    edit: () => {},
    ...same({ status: 'coded', results: ['warning 0559T', 'warning 0560T'] }),
  },
  {
    name: 'professional claim where the facility bills too, with 26',
    rule: 'professional-component',
    edit: mods(['0559T', '26'], ['0560T', '26']),
    ...same({ status: 'coded', results: [] }),
  },
  {
    name: 'no chargemaster row for 0561T',
    rule: 'charge',
    edit: withComponents(0, 1),
    tables: { ...tables, chargemaster: tables.chargemaster.filter((c) => c.code !== '0561T') },
    ...same({ status: 'coded', results: ['warning 0561T'] }),
  },
  {
    name: 'no add-on code in the tables',
    rule: 'code',
    edit: withComponents(2, 0),
    tables: { ...tables, codes: tables.codes.filter((c) => c.code !== '0560T') },
    ...same({ status: 'blocked', lines: '0559Tx1', results: ['error 0559T'] }),
  },
  {
    name: 'no billable components',
    rule: 'lines',
    edit: withComponents(0, 0),
    ...same({ status: 'blocked', results: ['error'] }),
  },
];

test('every rule on 2026-03-31 and 2026-04-01 (table-driven)', () => {
  for (const row of rows) {
    for (const [date, want] of [
      [BEFORE, row.before],
      [AFTER, row.after],
    ] as const) {
      const record = makeCase((c) => {
        c.billing.modifiers = [];
        row.edit(c);
        c.billing.dateOfService = date;
      });
      const r = codeCase(record, row.tables ?? tables, { claimType: row.claimType });
      const label = `${row.name} on ${date}`;
      assert.deepEqual(findings(r, row.rule), want.results, label);
      if (want.lines !== undefined) assert.equal(linesOf(r), want.lines, label);
      if (want.status !== undefined) assert.equal(r.status, want.status, label);
    }
  }
});

test('add-on rule on both dates: primary on the same claim, date of service, provider', () => {
  for (const date of [BEFORE, AFTER]) {
    const line = (code: string, dos = date, npi = '1234567893') => ({
      code,
      units: 1,
      dateOfService: dos,
      renderingNpi: npi,
    });
    const cases: [ReturnType<typeof line>[], number][] = [
      [[line('0559T'), line('0560T')], 0],
      [[line('0560T')], 1],
      [[line('0562T')], 1],
      [[line('0561T', '2026-03-30'), line('0562T')], 1],
      [[line('0561T', date, '1987654328'), line('0562T')], 1],
    ];
    for (const [lines, errors] of cases) {
      const found = checkAddOns(lines, tables).filter((x) => x.rule === 'add-on');
      assert.equal(found.length, errors, `${date} ${lines.map((l) => l.code).join(',')}`);
    }
  }
});

test('the boundary table covers every rule id the engine emits', () => {
  const srcDir = new URL('../src/', import.meta.url);
  const ids = new Set<string>();
  for (const f of readdirSync(srcDir)) {
    if (!f.endsWith('.ts') || f.endsWith('.test.ts')) continue;
    const text = readFileSync(new URL(f, srcDir), 'utf8');
    for (const m of text.matchAll(/rule: '([a-z-]+)'/g)) ids.add(m[1]);
    for (const m of text.matchAll(/error\(\s*m,\s*'([a-z-]+)'/g)) ids.add(m[1]);
  }
  ids.add('add-on'); // covered by the add-on test above
  const covered = new Set([...rows.map((r) => r.rule), 'add-on']);
  assert.deepEqual([...ids].sort(), [...covered].sort());
});
