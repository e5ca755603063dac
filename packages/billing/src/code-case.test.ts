import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeCase } from './code-case.ts';
import { defaultBillingTables } from './default-tables.ts';
import { components, makeCase } from '../test/support/make-case.ts';

const tables = defaultBillingTables();
const summary = (r: ReturnType<typeof codeCase>) =>
  r.lines.map((l) => `${l.code}x${l.units}`).join(' ');

test('MUE boundaries: 0560T 1 -> 5 and 0562T 1 -> 2 on 2026-04-01', () => {
  const cases = [
    {
      date: '2026-03-31',
      models: 4,
      guides: 3,
      lines: '0559Tx1 0560Tx1 0561Tx1 0562Tx1',
      capped: 2,
    },
    {
      date: '2026-04-01',
      models: 4,
      guides: 3,
      lines: '0559Tx1 0560Tx3 0561Tx1 0562Tx2',
      capped: 0,
    },
    {
      date: '2026-04-01',
      models: 7,
      guides: 4,
      lines: '0559Tx1 0560Tx5 0561Tx1 0562Tx2',
      capped: 2,
    },
    {
      date: '2026-03-31',
      models: 2,
      guides: 2,
      lines: '0559Tx1 0560Tx1 0561Tx1 0562Tx1',
      capped: 0,
    },
  ];
  for (const c of cases) {
    const r = codeCase(
      makeCase((x) => {
        x.billing.dateOfService = c.date;
        x.billing.modifiers = [];
        x.components = components(c.models, c.guides);
      }),
      tables,
    );
    assert.equal(summary(r), c.lines, `${c.date} ${c.models}/${c.guides}`);
    const mue = r.results.filter((x) => x.rule === 'mue' && x.severity === 'warning');
    assert.equal(mue.length, c.capped, `${c.date} ${c.models}/${c.guides}`);
    assert.equal(r.status, 'coded');
  }
});

test('units count distinct components, not copies', () => {
  const r = codeCase(
    makeCase((x) => {
      x.prints[0].copies = 5;
    }),
    tables,
  );
  assert.equal(summary(r), '0559Tx1 0560Tx2');
  assert.deepEqual(r.lines[1].componentIds, ['c2', 'c3']);
  assert.equal(r.lines[0].chargeUsd, 1200);
  assert.equal(r.lines[1].chargeUsd, 900);
  assert.equal(r.totalChargeUsd, 2100);
});

test('unconfirmed facts are marked: 0559T MUE and descriptor wording', () => {
  const r = codeCase(makeCase(), tables);
  const unconfirmed = r.results.filter((x) => x.rule === 'unconfirmed').map((x) => x.message);
  assert.deepEqual(unconfirmed, [
    'MUE of 1 for 0559T is not confirmed',
    'descriptor wording of 0559T is not confirmed',
    'descriptor wording of 0560T is not confirmed',
  ]);
  assert.equal(r.lines[0].mueConfirmed, false);
  assert.equal(r.lines[1].mueConfirmed, true);
});

test('76376 and 76377 on the same date of service warn; other codes do not', () => {
  for (const [codes, warnings] of [
    [['76376'], 1],
    [['76377'], 1],
    [['76376', '76377'], 2],
    [['70450'], 0],
  ] as const) {
    const r = codeCase(
      makeCase((x) => void (x.billing.otherCodesSameDay = [...codes])),
      tables,
    );
    const found = r.results.filter((x) => x.rule === 'same-day-code' && x.severity === 'warning');
    assert.equal(found.length, warnings, codes.join(','));
    assert.equal(r.status, 'coded');
  }
});

test('each payer: coverage, notice needed, liability modifier', () => {
  const cases = [
    {
      payer: 'aetna',
      coverage: 'not-covered',
      notice: 'patient-waiver',
      abn: false,
      mods: ['22', '26'],
    },
    {
      payer: 'cigna',
      coverage: 'not-covered',
      notice: 'patient-waiver',
      abn: false,
      mods: ['22', '26'],
    },
    {
      payer: 'uhc',
      coverage: 'not-covered',
      notice: 'patient-waiver',
      abn: false,
      mods: ['22', '26'],
    },
    {
      payer: 'bcbsma',
      coverage: 'not-covered',
      notice: 'patient-waiver',
      abn: false,
      mods: ['22', '26'],
    },
    {
      payer: 'bcbs',
      coverage: 'plan-specific',
      notice: 'plan-specific',
      abn: false,
      mods: ['22', '26'],
    },
    {
      payer: 'medicare',
      coverage: 'contractor-discretion',
      notice: 'abn',
      abn: true,
      mods: ['22', '26', 'GA'],
    },
    {
      payer: 'medicare',
      coverage: 'contractor-discretion',
      notice: 'abn',
      abn: false,
      mods: ['22', '26', 'GZ'],
    },
  ];
  for (const c of cases) {
    const r = codeCase(
      makeCase((x) => {
        x.coverage.payerId = c.payer;
        x.coverage.abnOnFile = c.abn;
      }),
      tables,
    );
    assert.equal(r.payer?.expectedCoverage, c.coverage, c.payer);
    assert.equal(r.payer?.waiverNeeded, c.notice, c.payer);
    assert.deepEqual(r.lines[0].modifiers, c.mods, c.payer);
    assert.ok(r.payer!.source.length > 0);
    // What the payer reviews: listed for every payer with a known policy; plan-specific BCBS
    // has none in the tables (the reference prints "not available").
    assert.equal(r.payer!.documentationReviewed.length > 0, c.payer !== 'bcbs', c.payer);
  }
  const noAbn = codeCase(
    makeCase((x) => void (x.coverage.payerId = 'medicare')),
    tables,
  );
  assert.ok(noAbn.results.some((x) => x.rule === 'payer-waiver' && x.message.includes('GZ')));
  const noWaiver = codeCase(
    makeCase((x) => void (x.coverage.waiverOnFile = false)),
    tables,
  );
  assert.ok(noWaiver.results.some((x) => x.rule === 'payer-waiver' && x.severity === 'warning'));
  const unknown = codeCase(
    makeCase((x) => void (x.coverage.payerId = 'acme')),
    tables,
  );
  assert.equal(unknown.status, 'blocked');
  assert.equal(unknown.payer, null);
});

test('missing documentation blocks coding and is listed, item by item', () => {
  const cases: [string, Parameters<typeof makeCase>[0]][] = [
    ['indication (ICD-10-CM)', (x) => void (x.order.indications = [])],
    ['ordering physician NPI', (x) => void delete x.order.orderingPhysician],
    ['intended use', (x) => void delete x.order.intendedUse],
    ['source imaging study', (x) => void (x.order.sourceImaging = [])],
    ['component list', (x) => void (x.components = [])],
    ['appropriateness rating', (x) => void delete x.order.appropriateness],
    ['surgeon sign-off', (x) => void delete x.review],
    ['effort log', (x) => void (x.effort = x.effort.map((e) => ({ ...e, minutes: null })))],
  ];
  for (const [item, edit] of cases) {
    const r = codeCase(
      makeCase((x) => {
        x.billing.modifiers = [];
        edit!(x);
      }),
      tables,
    );
    assert.equal(r.status, 'blocked', item);
    assert.deepEqual(r.missingDocumentation, [item]);
  }
  const badNpi = codeCase(
    makeCase((x) => void (x.order.orderingPhysician!.npi = '1234567890')),
    tables,
  );
  assert.deepEqual(badNpi.missingDocumentation, ['ordering physician NPI']);
  const complete = codeCase(makeCase(), tables);
  assert.deepEqual(complete.missingDocumentation, []);
  assert.equal(complete.status, 'coded');
});

test('a modifier for a code not on the claim is an error', () => {
  const r = codeCase(
    makeCase((x) => void x.billing.modifiers.push({ code: '0561T', modifier: '59', reason: 'x' })),
    tables,
  );
  assert.equal(r.status, 'blocked');
  assert.ok(r.results.some((x) => x.rule === 'modifier-line' && x.code === '0561T'));
});

test('a date before the codes existed has no lines', () => {
  const r = codeCase(
    makeCase((x) => void (x.billing.dateOfService = '2019-06-30')),
    tables,
  );
  assert.equal(r.lines.length, 0);
  assert.equal(r.status, 'blocked');
});

test('one case, two claims: modifiers scoped to a claim type, facility NPI on the 837I', () => {
  const record = makeCase();
  const pro = codeCase(record, tables, { claimType: 'professional' });
  const inst = codeCase(record, tables, { claimType: 'institutional' });
  assert.equal(pro.claimType, 'professional');
  assert.equal(inst.claimType, 'institutional');
  assert.deepEqual(
    pro.lines.map((l) => `${l.code}:${l.modifiers.join(',')}`),
    ['0559T:22,26', '0560T:26'],
  );
  // 26 is requested for the professional claim only; 22 for both.
  assert.deepEqual(
    inst.lines.map((l) => `${l.code}:${l.modifiers.join(',')}`),
    ['0559T:22', '0560T:'],
  );
  assert.equal(inst.status, 'coded');
  assert.deepEqual(codeCase(record, tables), pro); // default: billing.claimType
  // The facility's NPI is checked on the institutional claim, the practice's on the other.
  const badFacility = makeCase((c) => void (c.billing.facility!.npi = '1234567890'));
  assert.equal(codeCase(badFacility, tables, { claimType: 'professional' }).status, 'coded');
  const inst2 = codeCase(badFacility, tables, { claimType: 'institutional' });
  assert.equal(inst2.status, 'blocked');
  assert.match(inst2.results.find((r) => r.rule === 'npi')!.message, /^facility NPI/);
  // An office case has no institutional claim.
  const office = makeCase(undefined, 'medicare-abn');
  const r = codeCase(office, tables, { claimType: 'institutional' });
  assert.equal(r.status, 'blocked');
  assert.match(
    r.results.find((x) => x.rule === 'claim-type')!.message,
    /place of service 11 \(Office\) only the professional claim \(837P\) is billed/,
  );
});
