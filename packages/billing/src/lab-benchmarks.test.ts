import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultBillingTables } from './default-tables.ts';
import { labBenchmarks } from './lab-benchmarks.ts';
import { makeCase } from '../test/support/make-case.ts';

const tables = defaultBillingTables();

test('benchmarks: nothing recorded gives "not recorded" everywhere, never 0', () => {
  const bare = makeCase((c) => {
    c.timeline = {};
    c.effort = [];
    c.prints = c.prints.map((p) => ({ ...p, printMinutes: null, materialCostUsd: null }));
  });
  const noRates = {
    ...tables,
    labProfile: tables.labProfile.map((r) => ({ ...r, value: null })),
  };
  const r = labBenchmarks([bare], noRates, '2026-05-06');
  for (const t of r.turnaround) assert.deepEqual([t.cases, t.medianHours], [0, 'not recorded']);
  assert.deepEqual(r.effort, [
    {
      caseId: 'AM-2026-0415-01',
      physicianMinutes: 'not recorded',
      nonPhysicianMinutes: 'not recorded',
      registryPhysicianMinutes: 'not recorded',
      registryNonPhysicianMinutes: 'not recorded',
    },
  ]);
  assert.deepEqual(r.costPerModel[0], {
    caseId: 'AM-2026-0415-01',
    physicalModels: 2,
    materialsUsd: 'not recorded',
    staffUsd: 'not recorded',
    printerUsd: 'not recorded',
    totalUsd: 'not recorded',
    perModelUsd: 'not recorded',
  });
  // No figure anywhere is a stand-in 0.
  const figures = JSON.stringify(r);
  assert.doesNotMatch(figures, /"(medianHours|[a-zA-Z]*Minutes|[a-zA-Z]*Usd)":0[,}]/);
});

test('benchmarks: one unrecorded entry makes the sum "not recorded"; a recorded 0 stays 0', () => {
  const partial = makeCase((c) => {
    c.effort[1] = { ...c.effort[1], minutes: null }; // physician design not recorded
  });
  const r = labBenchmarks([partial], tables, '2026-05-06');
  assert.equal(r.effort[0].physicianMinutes, 'not recorded');
  assert.equal(r.effort[0].nonPhysicianMinutes, 400);
  assert.equal(r.effort[0].registryPhysicianMinutes, 92.4);
  assert.equal(r.effort[0].registryNonPhysicianMinutes, 335);
  // The craniofacial case logs physician printing as 0 min: recorded, so the sum is 90.
  assert.equal(labBenchmarks([makeCase()], tables, '2026-05-06').effort[0].physicianMinutes, 90);
  // Turnaround: ordered 09:15 -> delivered 10:00 seven days later.
  const t = labBenchmarks([makeCase()], tables, '2026-05-06').turnaround;
  assert.deepEqual(
    t.find((x) => x.step === 'ordered -> delivered'),
    {
      step: 'ordered -> delivered',
      cases: 1,
      medianHours: 168.75,
    },
  );
});
