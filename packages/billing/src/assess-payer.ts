import type { BillingTables } from './billing-tables.ts';
import type { CaseRecord } from './case-record.ts';
import type { PayerAssessment, RuleResult } from './coding-result.ts';
import { inForce } from './in-force.ts';

/**
 * The case payer's expected position from the payers table in force on the date of service:
 * coverage, whether an ABN or patient waiver is needed (and whether one is on file), and what
 * documentation the payer reviews. A payer missing from the table is an error result and a null
 * assessment. Pure.
 */
export function assessPayer(
  record: CaseRecord,
  tables: BillingTables,
): { readonly payer: PayerAssessment | null; readonly results: RuleResult[] } {
  const dos = record.billing.dateOfService;
  const { coverage } = record;
  const row = inForce(tables.payers, dos).find((p) => p.payerId === coverage.payerId);
  if (!row) {
    return {
      payer: null,
      results: [
        {
          rule: 'payer',
          severity: 'error',
          message: `payer "${coverage.payerId}" is not in the payers table on ${dos}: coverage not available`,
        },
      ],
    };
  }
  const onFile =
    row.waiver === 'abn'
      ? coverage.abnOnFile
      : row.waiver === 'patient-waiver'
        ? coverage.waiverOnFile
        : coverage.waiverOnFile || coverage.abnOnFile;
  const payer: PayerAssessment = {
    payerId: row.payerId,
    name: row.name,
    policyId: row.policyId,
    title: row.title,
    policyDate: row.policyDate,
    sourceUrl: row.sourceUrl,
    position: row.position,
    expectedCoverage: row.expectedCoverage,
    waiverNeeded: row.waiver,
    waiverOnFile: onFile,
    documentationReviewed: row.documentationReviewed,
    claimFilingIndicator: row.claimFilingIndicator,
    source: row.source,
    confirmed: row.confirmed,
  };
  const base = { source: row.source, confirmed: row.confirmed };
  const results: RuleResult[] = [
    {
      rule: 'payer-coverage',
      severity: row.expectedCoverage === 'covered' ? 'info' : 'warning',
      message: `${row.name}: ${row.position}; expected coverage ${row.expectedCoverage} (${row.policyId ?? 'policy id not available'}, ${row.policyDate ?? 'policy date not available'})`,
      ...base,
    },
  ];
  if (row.waiver === 'abn' && !coverage.abnOnFile) {
    results.push({
      rule: 'payer-waiver',
      severity: 'warning',
      message: `${row.name}: no advance beneficiary notice on file; lines carry GZ and the beneficiary cannot be billed if the claim is denied`,
      ...base,
    });
  } else if (row.waiver === 'patient-waiver' && !coverage.waiverOnFile) {
    results.push({
      rule: 'payer-waiver',
      severity: 'warning',
      message: `${row.name}: service expected to be non-covered and no signed patient financial waiver is on file`,
      ...base,
    });
  } else if (row.waiver === 'plan-specific') {
    results.push({
      rule: 'payer-waiver',
      severity: 'info',
      message: `${row.name}: whether a patient waiver is needed depends on the member's plan: not available in the tables`,
      ...base,
    });
  }
  return { payer, results };
}
