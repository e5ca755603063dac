import type { BillingTables } from './billing-tables.ts';
import type { RuleResult } from './coding-result.ts';
import { inForce } from './in-force.ts';

/** The fields of a charge line the add-on rule reads. */
export interface AddOnLine {
  readonly code: string;
  readonly units: number;
  readonly dateOfService: string;
  readonly renderingNpi: string;
}

/**
 * Add-on rule: each add-on line (a code whose table row has `addOnTo`) needs a line with its
 * primary code on the same claim, with the same date of service and rendering provider. One
 * error per add-on line without such a primary. Pure.
 */
export function checkAddOns(lines: readonly AddOnLine[], tables: BillingTables): RuleResult[] {
  const results: RuleResult[] = [];
  for (const line of lines) {
    const row = inForce(tables.codes, line.dateOfService).find((r) => r.code === line.code);
    if (!row || row.addOnTo === null) continue;
    const primary = row.addOnTo;
    const sameCode = lines.filter((l) => l.code === primary && l.units > 0);
    if (sameCode.length === 0) {
      results.push({
        rule: 'add-on',
        severity: 'error',
        code: line.code,
        message: `add-on ${line.code} requires its primary ${primary} on the same claim`,
        source: row.source,
      });
      continue;
    }
    const match = sameCode.some(
      (l) => l.dateOfService === line.dateOfService && l.renderingNpi === line.renderingNpi,
    );
    if (!match) {
      const sameDate = sameCode.some((l) => l.dateOfService === line.dateOfService);
      results.push({
        rule: 'add-on',
        severity: 'error',
        code: line.code,
        message: sameDate
          ? `add-on ${line.code} and its primary ${primary} must have the same rendering provider`
          : `add-on ${line.code} and its primary ${primary} must have the same date of service`,
        source: row.source,
      });
    }
  }
  return results;
}
