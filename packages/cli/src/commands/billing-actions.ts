import { readFile, writeFile } from 'node:fs/promises';
import {
  BillingError,
  codeCase,
  codingReference,
  defaultBillingTables,
  labBenchmarks,
  parseCaseRecord,
  toFhirBundle,
  toRegistryCase,
  write837,
  type BillingTables,
} from '@anatomodel/billing';
import { readBillingTables } from '@anatomodel/billing/node';
import type { BillingIo } from './billing.ts';

async function loadTables(dir: string | undefined): Promise<BillingTables> {
  return dir ? readBillingTables(dir) : defaultBillingTables();
}

async function readCase(path: string) {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (cause) {
    throw new BillingError('INVALID_CASE', `cannot read case JSON ${path}`, { cause });
  }
  try {
    return parseCaseRecord(raw);
  } catch (e) {
    if (e instanceof BillingError) {
      throw new BillingError(e.code, `${path}: ${e.details.join('; ') || e.message}`, { cause: e });
    }
    throw e;
  }
}

const today = () => new Date().toISOString().slice(0, 10);
const isoDate = (v: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v))
    throw new BillingError('INVALID_OPTIONS', `not a YYYY-MM-DD date: ${v}`);
  return v;
};

/** `billing lines`: charge lines and rule results of a case, or one of its exports. */
export async function billingLines(
  casePath: string,
  opts: Record<string, string | undefined>,
  io: BillingIo,
): Promise<void> {
  const tables = await loadTables(opts.tables);
  const record = await readCase(casePath);
  const claimType =
    opts.format === '837p'
      ? 'professional'
      : opts.format === '837i'
        ? 'institutional'
        : (opts.claimType as 'professional' | 'institutional' | undefined);
  const coding = codeCase(record, tables, { claimType });
  const now = opts.now ? new Date(opts.now) : new Date();
  if (Number.isNaN(now.getTime()))
    throw new BillingError('INVALID_OPTIONS', `--now ${opts.now} is not a date`);
  let text: string;
  switch (opts.format) {
    case '837p':
    case '837i':
      text = write837(record, coding, opts.format, {
        now,
        interchangeControlNumber: Number(opts.controlNumber),
      });
      break;
    case 'fhir':
      text = JSON.stringify(toFhirBundle(record, coding, { now }), null, 2) + '\n';
      break;
    case 'registry':
      text = JSON.stringify(toRegistryCase(record), null, 2) + '\n';
      break;
    default:
      text = JSON.stringify(coding, null, 2) + '\n';
  }
  if (opts.out) await writeFile(opts.out, text);
  else io.stdout(text);
}

/** `billing reference`: the coder's reference for 0559T-0562T on a date. */
export async function billingReference(
  opts: { payer?: string; date?: string; tables?: string },
  io: BillingIo,
): Promise<void> {
  const tables = await loadTables(opts.tables);
  io.stdout(codingReference(tables, { date: isoDate(opts.date ?? today()), payerId: opts.payer }));
}

/** `billing benchmarks`: lab benchmarks over cases. */
export async function billingBenchmarks(
  paths: string[],
  opts: { asOf?: string; tables?: string },
  io: BillingIo,
): Promise<void> {
  const tables = await loadTables(opts.tables);
  const records = [];
  for (const p of paths) records.push(await readCase(p));
  const report = labBenchmarks(records, tables, isoDate(opts.asOf ?? today()));
  io.stdout(JSON.stringify(report, null, 2) + '\n');
}
