export { BillingError, type BillingErrorCode } from './billing-error.ts';
export {
  parseBillingTables,
  tableNames,
  tableSchemas,
  type BillingTables,
  type ChargeRow,
  type CodeRow,
  type LabProfileRow,
  type ModifierRow,
  type MueRow,
  type PayerRow,
  type RelatedCodeRow,
  type SiteRow,
  type TableName,
} from './billing-tables.ts';
export { defaultBillingTables } from './default-tables.ts';
export { inForce, type EffectiveDated } from './in-force.ts';
export {
  caseRecordSchema,
  parseCaseRecord,
  type CaseComponent,
  type CasePrint,
  type CaseRecord,
  type EffortEntry,
  type ModifierRequest,
} from './case-record.ts';
export type {
  ChargeLine,
  CodingResult,
  PayerAssessment,
  RuleResult,
  Severity,
} from './coding-result.ts';
export { isValidNpi } from './is-valid-npi.ts';
export { checkDocumentation, documentationItems } from './check-documentation.ts';
export { checkModifiers, type ModifierContext } from './check-modifiers.ts';
export { checkAddOns, type AddOnLine } from './check-add-ons.ts';
export { assessPayer } from './assess-payer.ts';
export { codeCase } from './code-case.ts';
export { write837, x12Versions, type X12Options } from './write-837.ts';
export { parseX12, validate837, type X12Segment, type X12Validation } from './validate-837.ts';
export { toFhirBundle, type FhirOptions } from './to-fhir-bundle.ts';
export { toRegistryCase } from './to-registry-case.ts';
export { labBenchmarks, type Figure, type LabBenchmarks } from './lab-benchmarks.ts';
export { codingReference } from './coding-reference.ts';
