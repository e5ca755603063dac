import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BillingError } from '../billing-error.ts';
import { parseBillingTables, tableNames, type BillingTables } from '../billing-tables.ts';

/**
 * Reads and validates the billing tables from a directory holding `<table>.json` files (a lab's
 * edited copy of `packages/billing/tables/`). Node only. Throws BillingError `INVALID_TABLES`
 * naming the file when one is missing or not JSON, and the errors of `parseBillingTables`.
 */
export async function readBillingTables(dir: string): Promise<BillingTables> {
  const raw: Record<string, unknown> = {};
  for (const name of tableNames) {
    const path = join(dir, `${name}.json`);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (cause) {
      throw new BillingError('INVALID_TABLES', `cannot read table file ${path}`, { cause });
    }
    try {
      raw[name] = JSON.parse(text);
    } catch (cause) {
      throw new BillingError('INVALID_TABLES', `table file ${path} is not valid JSON`, { cause });
    }
  }
  return parseBillingTables(raw);
}
