import { readFile, writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
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

/** Where the billing commands print; tests pass their own. */
export interface BillingIo {
  readonly stdout: (text: string) => void;
}

const processIo: BillingIo = { stdout: (t) => void process.stdout.write(t) };

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

/**
 * `anatomodel billing lines|reference|benchmarks`: charge lines and exports (837P, 837I, FHIR
 * R4, registry) of a case JSON, the coder's reference for 0559T-0562T, and the lab benchmarks
 * report. `--tables <dir>` uses a lab's edited copy of packages/billing/tables.
 */
export function registerBillingCommand(program: Command, io: BillingIo = processIo): void {
  const billing = program
    .command('billing')
    .description('coding, claims (837P/837I), FHIR R4 and registry exports for 3D printing cases');

  billing
    .command('lines')
    .description('print the charge lines and rule results of a case as JSON, or write an export')
    .argument('<case.json>', 'case JSON (packages/billing/schema/case.schema.json)')
    .addOption(
      new Option('--format <format>', 'output')
        .choices(['json', '837p', '837i', 'fhir', 'registry'])
        .default('json'),
    )
    .option('--out <file>', 'write the output to a file instead of standard output')
    .option('--tables <dir>', "directory with the lab's edited billing tables")
    .option('--now <iso>', 'creation time written into claims (default: now)')
    .option('--control-number <n>', 'X12 interchange control number', '1')
    .addOption(
      new Option(
        '--claim-type <type>',
        'claim to code for json/fhir (default: the case billing.claimType); 837p/837i imply it',
      ).choices(['professional', 'institutional']),
    )
    .action(async (casePath: string, opts: Record<string, string | undefined>) => {
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
    });

  billing
    .command('reference')
    .description(
      'coding reference for 0559T-0562T on a date: descriptors, units, MUE, modifiers, payers',
    )
    .option('--payer <id>', 'only this payer (row key of the payers table, e.g. aetna, medicare)')
    .option('--date <date>', 'date the tables are read for (YYYY-MM-DD, default today)')
    .option('--tables <dir>', "directory with the lab's edited billing tables")
    .action(async (opts: { payer?: string; date?: string; tables?: string }) => {
      const tables = await loadTables(opts.tables);
      io.stdout(
        codingReference(tables, { date: isoDate(opts.date ?? today()), payerId: opts.payer }),
      );
    });

  billing
    .command('benchmarks')
    .description(
      'lab benchmarks over cases: turnaround, effort vs registry averages, volume, cost per model',
    )
    .argument('<case.json...>', 'case JSON files')
    .option('--as-of <date>', 'date the lab rates are read for (YYYY-MM-DD, default today)')
    .option('--tables <dir>', "directory with the lab's edited billing tables")
    .action(async (paths: string[], opts: { asOf?: string; tables?: string }) => {
      const tables = await loadTables(opts.tables);
      const records = [];
      for (const p of paths) records.push(await readCase(p));
      const report = labBenchmarks(records, tables, isoDate(opts.asOf ?? today()));
      io.stdout(JSON.stringify(report, null, 2) + '\n');
    });
}
