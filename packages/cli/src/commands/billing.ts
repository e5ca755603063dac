import { Option, type Command } from 'commander';

/** Where the billing commands print; tests pass their own. */
export interface BillingIo {
  readonly stdout: (text: string) => void;
}

const processIo: BillingIo = { stdout: (t) => void process.stdout.write(t) };

/**
 * The billing package (and zod, half of the CLI bundle) loads only when a billing command runs:
 * every other command starts 50-60 ms sooner (`anatomodel --help` 0.18-0.26 -> 0.13-0.18 s).
 */
const actions = () => import('./billing-actions.ts');

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
    .action(async (casePath: string, opts: Record<string, string | undefined>) =>
      (await actions()).billingLines(casePath, opts, io),
    );

  billing
    .command('reference')
    .description(
      'coding reference for 0559T-0562T on a date: descriptors, units, MUE, modifiers, payers',
    )
    .option('--payer <id>', 'only this payer (row key of the payers table, e.g. aetna, medicare)')
    .option('--date <date>', 'date the tables are read for (YYYY-MM-DD, default today)')
    .option('--tables <dir>', "directory with the lab's edited billing tables")
    .action(async (opts: { payer?: string; date?: string; tables?: string }) =>
      (await actions()).billingReference(opts, io),
    );

  billing
    .command('benchmarks')
    .description(
      'lab benchmarks over cases: turnaround, effort vs registry averages, volume, cost per model',
    )
    .argument('<case.json...>', 'case JSON files')
    .option('--as-of <date>', 'date the lab rates are read for (YYYY-MM-DD, default today)')
    .option('--tables <dir>', "directory with the lab's edited billing tables")
    .action(async (paths: string[], opts: { asOf?: string; tables?: string }) =>
      (await actions()).billingBenchmarks(paths, opts, io),
    );
}
