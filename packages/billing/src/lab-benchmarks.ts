import type { BillingTables } from './billing-tables.ts';
import type { CaseRecord } from './case-record.ts';
import { labProfileValue } from './lab-profile-value.ts';

/** A figure, or "not recorded" where the cases do not hold it (never 0). */
export type Figure = number | 'not recorded';
const NR = 'not recorded' as const;

/** Consecutive workflow steps measured for turnaround. */
export const turnaroundSteps = [
  ['ordered', 'imagingReceived'],
  ['imagingReceived', 'segmented'],
  ['segmented', 'designed'],
  ['designed', 'printed'],
  ['printed', 'postProcessed'],
  ['postProcessed', 'delivered'],
  ['ordered', 'delivered'],
] as const;

export interface LabBenchmarks {
  readonly turnaround: readonly { step: string; cases: number; medianHours: Figure }[];
  readonly effort: readonly {
    caseId: string;
    physicianMinutes: Figure;
    nonPhysicianMinutes: Figure;
    registryPhysicianMinutes: Figure;
    registryNonPhysicianMinutes: Figure;
  }[];
  readonly perMonth: readonly {
    month: string;
    cases: number;
    physicalModels: number;
    components: number;
  }[];
  readonly costPerModel: readonly {
    caseId: string;
    physicalModels: number;
    materialsUsd: Figure;
    staffUsd: Figure;
    printerUsd: Figure;
    totalUsd: Figure;
    perModelUsd: Figure;
  }[];
}

const median = (xs: number[]): Figure => {
  if (xs.length === 0) return NR;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round2 = (x: number) => Math.round(x * 100) / 100;
const sumOrNr = (xs: (number | null)[]): Figure =>
  xs.length === 0 || xs.some((x) => x === null)
    ? NR
    : round2(xs.reduce<number>((s, x) => s + (x ?? 0), 0));

/**
 * Lab benchmarks over cases: median turnaround per workflow step (hours), effort per case
 * against the registry's published averages, cases/physical models/components per month (of
 * the date of service), and cost per physical model from materials, staff time and printer
 * time at the lab-profile rates in force on `asOf`. Anything not recorded is "not recorded". Pure.
 */
export function labBenchmarks(
  records: readonly CaseRecord[],
  tables: BillingTables,
  asOf: string,
): LabBenchmarks {
  const rate = (item: Parameters<typeof labProfileValue>[1]) =>
    labProfileValue(tables, item, asOf).value;
  const turnaround = turnaroundSteps.map(([a, b]) => {
    const hours = records
      .map((r) => [r.timeline[a], r.timeline[b]] as const)
      .filter((p): p is readonly [string, string] => p[0] !== undefined && p[1] !== undefined)
      .map(([x, y]) => round2((Date.parse(y) - Date.parse(x)) / 3_600_000));
    return { step: `${a} -> ${b}`, cases: hours.length, medianHours: median(hours) };
  });
  const roleMinutes = (r: CaseRecord, role: 'physician' | 'non-physician') =>
    sumOrNr(r.effort.filter((e) => e.role === role).map((e) => e.minutes));
  const regP = rate('registry-physician-minutes-per-case');
  const regN = rate('registry-non-physician-minutes-per-case');
  const effort = records.map((r) => ({
    caseId: r.caseId,
    physicianMinutes: roleMinutes(r, 'physician'),
    nonPhysicianMinutes: roleMinutes(r, 'non-physician'),
    registryPhysicianMinutes: regP ?? NR,
    registryNonPhysicianMinutes: regN ?? NR,
  }));
  const months = new Map<string, { cases: number; physicalModels: number; components: number }>();
  for (const r of records) {
    const m = r.billing.dateOfService.slice(0, 7);
    const agg = months.get(m) ?? { cases: 0, physicalModels: 0, components: 0 };
    agg.cases++;
    agg.physicalModels += r.prints.reduce((s, p) => s + p.copies, 0);
    agg.components += r.components.length;
    months.set(m, agg);
  }
  const perMonth = [...months.entries()].sort().map(([month, v]) => ({ month, ...v }));
  const costPerModel = records.map((r) => {
    const physicalModels = r.prints.reduce((s, p) => s + p.copies, 0);
    const materialsUsd = sumOrNr(r.prints.map((p) => p.materialCostUsd));
    const pm = roleMinutes(r, 'physician');
    const nm = roleMinutes(r, 'non-physician');
    const pRate = rate('physician-usd-per-hour');
    const nRate = rate('non-physician-usd-per-hour');
    const staffUsd: Figure =
      pm === NR || nm === NR || pRate === null || nRate === null
        ? NR
        : round2((pm * pRate + nm * nRate) / 60);
    const printerRate = rate('printer-usd-per-hour');
    const printMinutes = sumOrNr(r.prints.map((p) => p.printMinutes));
    const printerUsd: Figure =
      printMinutes === NR || printerRate === null ? NR : round2((printMinutes * printerRate) / 60);
    const totalUsd = sumOrNr(
      [materialsUsd, staffUsd, printerUsd].map((x) => (x === NR ? null : x)),
    );
    return {
      caseId: r.caseId,
      physicalModels,
      materialsUsd,
      staffUsd,
      printerUsd,
      totalUsd,
      perModelUsd: totalUsd === NR || physicalModels === 0 ? NR : round2(totalUsd / physicalModels),
    };
  });
  return { turnaround, effort, perMonth, costPerModel };
}
