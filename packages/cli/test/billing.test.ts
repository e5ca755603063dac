import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { validate837 } from '@anatomodel/billing';
import { registerBillingCommand } from '../src/commands/billing.ts';

const billingDir = new URL('../../billing/', import.meta.url).pathname;
const example = (name: string) => `${billingDir}examples/${name}.json`;

async function run(...args: string[]): Promise<string> {
  let out = '';
  const program = new Command('anatomodel').exitOverride();
  registerBillingCommand(program, { stdout: (t) => void (out += t) });
  await program.parseAsync(['node', 'anatomodel', 'billing', ...args]);
  return out;
}

test('billing lines prints the coding of a case as JSON', async () => {
  const r = JSON.parse(await run('lines', example('medicare-abn')));
  assert.equal(r.status, 'coded');
  assert.deepEqual(
    r.lines.map(
      (l: { code: string; units: number; modifiers: string[] }) =>
        `${l.code}x${l.units}:${l.modifiers.join(',')}`,
    ),
    ['0559Tx1:GA', '0560Tx1:GA'],
  );
});

test('billing lines --format writes the golden exports', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'billing-cli-'));
  try {
    const fixed = ['--now', '2026-05-06T12:00:00Z', '--control-number', '101'];
    const out = join(dir, 'claim.837i');
    await run(
      'lines',
      example('orthopaedic-two-guides'),
      '--format',
      '837i',
      '--out',
      out,
      ...fixed,
    );
    const text = readFileSync(out, 'utf8');
    assert.equal(
      text,
      readFileSync(`${billingDir}test/golden/orthopaedic-two-guides.837i`, 'utf8'),
    );
    assert.deepEqual(validate837(text).issues, []);
    const fhir = JSON.parse(
      await run('lines', example('craniofacial-tumour'), '--format', 'fhir', ...fixed),
    );
    assert.deepEqual(
      fhir,
      JSON.parse(readFileSync(`${billingDir}test/golden/craniofacial-tumour.fhir.json`, 'utf8')),
    );
    const registry = JSON.parse(
      await run('lines', example('medicare-abn'), '--format', 'registry'),
    );
    assert.equal(registry.digitalModel.orderingService, 'not available');
    // Both claims of a case where the facility bills its part; none for an office case.
    for (const variant of ['837p', '837i']) {
      assert.equal(
        await run('lines', example('craniofacial-tumour'), '--format', variant, ...fixed),
        readFileSync(`${billingDir}test/golden/craniofacial-tumour.${variant}`, 'utf8'),
      );
    }
    const inst = JSON.parse(
      await run('lines', example('craniofacial-tumour'), '--claim-type', 'institutional'),
    );
    assert.equal(inst.claimType, 'institutional');
    assert.deepEqual(inst.lines[0].modifiers, ['22']);
    await assert.rejects(run('lines', example('medicare-abn'), '--format', '837i'), {
      code: 'WRONG_CLAIM_TYPE',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('billing --tables uses an edited copy of the tables without a code change', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'billing-tables-'));
  try {
    cpSync(`${billingDir}tables`, dir, { recursive: true });
    const mue = JSON.parse(readFileSync(join(dir, 'mue.json'), 'utf8'));
    const row = mue.rows.find(
      (r: { code: string; effectiveTo: string | null }) =>
        r.code === '0560T' && r.effectiveTo === null,
    );
    row.maxUnits = 1;
    writeFileSync(join(dir, 'mue.json'), JSON.stringify(mue));
    const r = JSON.parse(await run('lines', example('craniofacial-tumour'), '--tables', dir));
    assert.equal(r.lines[1].units, 1);
    assert.ok(
      r.results.some(
        (x: { rule: string; severity: string }) => x.rule === 'mue' && x.severity === 'warning',
      ),
    );
    const ref = await run('reference', '--date', '2026-04-15', '--tables', dir);
    assert.match(ref, /0560T \(add-on to 0559T\)[^]*MUE on 2026-04-15: 1 unit\(s\)/);
    writeFileSync(join(dir, 'payers.json'), '{ not json');
    await assert.rejects(run('reference', '--tables', dir), { code: 'INVALID_TABLES' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('billing reference shows limits on the date, unconfirmed flags and unknowns', async () => {
  const before = await run('reference', '--date', '2026-03-31');
  const after = await run('reference', '--date', '2026-04-01', '--payer', 'medicare');
  assert.match(
    before,
    /0560T \(add-on to 0559T\) \[unconfirmed\][^]*?MUE on 2026-03-31: 1 unit\(s\)\n/,
  );
  assert.match(before, /0562T[^]*?MUE on 2026-03-31: 1 unit\(s\)\n/);
  assert.match(after, /0560T[^]*?MUE on 2026-04-01: 5 unit\(s\)\n/);
  assert.match(after, /0562T[^]*?MUE on 2026-04-01: 2 unit\(s\)\n/);
  assert.match(before, /0559T[^]*?MUE on 2026-03-31: 1 unit\(s\) \[unconfirmed\]/);
  // Unknown payer facts say "not available"; unchecked rows carry the flag.
  assert.match(
    after,
    /Medicare Part B \(medicare\) \[unconfirmed\]\n {4}policy: not available; title: not available; date: not available\n/,
  );
  assert.match(after, /link: not available\n/);
  const uhc = await run('reference', '--date', '2026-04-01', '--payer', 'uhc');
  assert.match(
    uhc,
    /UnitedHealthcare \(uhc\) \[unconfirmed\]\n {4}policy: not available; title: not available/,
  );
  const aetna = await run('reference', '--date', '2026-04-01', '--payer', 'aetna');
  assert.match(
    aetna,
    /policy: CPB 0613; title: Stereolithographic Models and Implants; date: not available/,
  );
  assert.doesNotMatch(after, /Aetna/);
  assert.match(before, /23 Unusual anesthesia: refused/);
  await assert.rejects(run('reference', '--payer', 'acme', '--date', '2026-04-01'), {
    code: 'UNKNOWN_PAYER',
  });
});

test('billing benchmarks reports figures and "not recorded", never 0 for missing data', async () => {
  const r = JSON.parse(
    await run(
      'benchmarks',
      example('craniofacial-tumour'),
      example('orthopaedic-two-guides'),
      example('medicare-abn'),
      '--as-of',
      '2026-05-06',
    ),
  );
  assert.deepEqual(r.perMonth, [
    { month: '2026-03', cases: 1, physicalModels: 3, components: 3 },
    { month: '2026-04', cases: 1, physicalModels: 2, components: 3 },
    { month: '2026-05', cases: 1, physicalModels: 1, components: 2 },
  ]);
  const effort = Object.fromEntries(r.effort.map((e: { caseId: string }) => [e.caseId, e]));
  assert.equal(effort['AM-2026-0415-01'].physicianMinutes, 90);
  assert.equal(effort['AM-2026-0415-01'].nonPhysicianMinutes, 400);
  assert.equal(effort['AM-2026-0320-07'].physicianMinutes, 'not recorded');
  assert.equal(effort['AM-2026-0415-01'].registryPhysicianMinutes, 92.4);
  assert.equal(effort['AM-2026-0415-01'].registryNonPhysicianMinutes, 335);
  const designed = r.turnaround.find((t: { step: string }) => t.step === 'segmented -> designed');
  // craniofacial 20.5 h, orthopaedic 53.75 h; the Medicare case has no design time stamp.
  assert.deepEqual(designed, { step: 'segmented -> designed', cases: 2, medianHours: 37.125 });
  const cost = r.costPerModel.find((c: { caseId: string }) => c.caseId === 'AM-2026-0415-01');
  // Staff 90 min x 250 USD/h + 400 min x 60 USD/h = 775 USD; printer rate not recorded.
  assert.equal(cost.materialsUsd, 184.5);
  assert.equal(cost.staffUsd, 775);
  assert.equal(cost.printerUsd, 'not recorded');
  assert.equal(cost.perModelUsd, 'not recorded');
});
