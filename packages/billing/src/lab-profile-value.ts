import type { BillingTables, LabProfileItem } from './billing-tables.ts';
import { inForce } from './in-force.ts';

/**
 * A lab-profile figure in force on `date` (YYYY-MM-DD); value null when the row is absent or
 * its value is not recorded. Pure.
 */
export function labProfileValue(
  tables: BillingTables,
  item: LabProfileItem,
  date: string,
): { readonly value: number | null; readonly source: string | null; readonly confirmed: boolean } {
  const row = inForce(tables.labProfile, date).find((r) => r.item === item);
  return row
    ? { value: row.value, source: row.source, confirmed: row.confirmed }
    : { value: null, source: null, confirmed: false };
}
