import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkModifiers, type ModifierContext } from './check-modifiers.ts';
import { defaultBillingTables } from './default-tables.ts';

const tables = defaultBillingTables();
const base: ModifierContext = {
  claimType: 'professional',
  placeOfService: '22',
  dateOfService: '2026-04-15',
  abnOnFile: true,
  effortMinutes: 490,
  typicalEffortMinutes: 300,
};
const run = (mods: [string, string?][], ctx: Partial<ModifierContext> = {}) =>
  checkModifiers(
    '0559T',
    mods.map(([modifier, reason]) => ({ code: '0559T', modifier, ...(reason ? { reason } : {}) })),
    { ...base, ...ctx },
    tables,
  );

test('single modifiers: accepted or refused with the rule that refuses them', () => {
  const cases: {
    mods: [string, string?][];
    ctx?: Partial<ModifierContext>;
    ok: boolean;
    rule?: string;
  }[] = [
    { mods: [['22', 'fusion of CT and MRI']], ok: true },
    { mods: [['22']], ok: false, rule: 'modifier-requirement' },
    { mods: [['22', 'r']], ctx: { effortMinutes: 300 }, ok: false, rule: 'modifier-requirement' },
    { mods: [['22', 'r']], ctx: { effortMinutes: null }, ok: false, rule: 'modifier-requirement' },
    {
      mods: [['22', 'r']],
      ctx: { typicalEffortMinutes: null },
      ok: false,
      rule: 'modifier-requirement',
    },
    { mods: [['26']], ok: true },
    { mods: [['TC']], ctx: { placeOfService: '19' }, ok: true },
    { mods: [['26']], ctx: { placeOfService: '11' }, ok: false, rule: 'modifier-requirement' },
    { mods: [['26']], ctx: { placeOfService: '99' }, ok: false, rule: 'modifier-requirement' },
    { mods: [['26']], ctx: { claimType: 'institutional' }, ok: false, rule: 'modifier-claim-type' },
    { mods: [['TC']], ctx: { claimType: 'institutional' }, ok: false, rule: 'modifier-claim-type' },
    { mods: [['52', 'tumour component abandoned']], ok: true },
    { mods: [['52']], ok: false, rule: 'modifier-requirement' },
    { mods: [['59', 'separate structure']], ok: true },
    { mods: [['XS', 'separate structure']], ok: true },
    { mods: [['XU', 'non-overlapping']], ok: true },
    { mods: [['XS']], ok: false, rule: 'modifier-requirement' },
    { mods: [['76', 'reprint after fracture']], ok: true },
    { mods: [['77', 'redone by colleague']], ok: true },
    { mods: [['77']], ok: false, rule: 'modifier-requirement' },
    { mods: [['GA']], ok: true },
    { mods: [['GA']], ctx: { abnOnFile: false }, ok: false, rule: 'modifier-requirement' },
    { mods: [['GZ']], ctx: { abnOnFile: false }, ok: true },
    { mods: [['GZ']], ok: false, rule: 'modifier-requirement' },
    { mods: [['GY']], ok: true },
    { mods: [['KX']], ok: true },
    { mods: [['23']], ok: false, rule: 'modifier-not-applicable' },
    { mods: [['QQ']], ok: false, rule: 'modifier-unknown' },
    {
      mods: [
        ['59', 'a'],
        ['59', 'a'],
      ],
      ok: false,
      rule: 'modifier-duplicate',
    },
  ];
  for (const c of cases) {
    const r = run(c.mods, c.ctx);
    const label = `${c.mods.map((m) => m[0]).join('+')} ${JSON.stringify(c.ctx ?? {})}`;
    if (c.ok) {
      assert.deepEqual(r.results, [], label);
      assert.deepEqual(r.accepted, [c.mods[0][0]], label);
    } else {
      assert.equal(r.results[0]?.rule, c.rule, label);
      assert.equal(r.results[0]?.severity, 'error', label);
    }
  }
  assert.match(run([['23']]).results[0].message, /anesthesia/);
});

test('every modifier conflict is an error and rejects both modifiers', () => {
  const pairs: [string, string][] = [
    ['22', '52'],
    ['26', 'TC'],
    ['59', 'XS'],
    ['59', 'XU'],
    ['XS', 'XU'],
    ['76', '77'],
    ['GA', 'GY'],
    ['GA', 'GZ'],
    ['GY', 'GZ'],
    ['GA', 'KX'],
  ];
  for (const [a, b] of pairs) {
    // Context chosen so each modifier alone would pass; only the conflict remains.
    const ctx: Partial<ModifierContext> = a === 'GY' && b === 'GZ' ? { abnOnFile: false } : {};
    const r = run(
      [
        [a, 'documented reason'],
        [b, 'documented reason'],
      ],
      ctx,
    );
    const conflicts = r.results.filter((x) => x.rule === 'modifier-conflict');
    assert.equal(conflicts.length, 1, `${a}+${b}`);
    assert.equal(conflicts[0].modifier, `${a}+${b}`);
    assert.ok(!r.accepted.includes(a) && !r.accepted.includes(b), `${a}+${b}`);
  }
  // Compatible pairs stay accepted.
  assert.deepEqual(run([['22', 'r'], ['59', 'r'], ['GA'], ['26']]).accepted, [
    '22',
    '59',
    'GA',
    '26',
  ]);
  assert.deepEqual(run([['GZ'], ['KX']], { abnOnFile: false }).accepted, ['GZ', 'KX']);
});

test('more than four modifiers on a line is an error', () => {
  const r = run([['22', 'r'], ['59', 'r'], ['GA'], ['26'], ['76', 'r']]);
  assert.ok(r.results.some((x) => x.rule === 'modifier-count'));
  assert.equal(r.accepted.length, 4);
});
