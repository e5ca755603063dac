/** Severity of a rule result: errors block the case from being "coded". */
export type Severity = 'error' | 'warning' | 'info';

/** One finding of the rules engine, explained for a coder. Returned as data, never thrown. */
export interface RuleResult {
  /** Rule id, e.g. `mue`, `add-on`, `modifier-conflict`, `documentation`. */
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  /** The CPT code the finding is about, when it is about one line. */
  readonly code?: string;
  readonly modifier?: string;
  /** Source of the table row behind the finding. */
  readonly source?: string;
  /** False when the fact behind the finding is not confirmed. */
  readonly confirmed?: boolean;
}

/** One charge line: a CPT code with its units, modifiers and diagnosis pointers. */
export interface ChargeLine {
  /** 1-based, also the X12 LX number. */
  readonly lineNumber: number;
  readonly code: string;
  readonly descriptor: string;
  readonly descriptorConfirmed: boolean;
  /** Distinct components or guides billed (never physical copies). */
  readonly units: number;
  readonly modifiers: readonly string[];
  /** 1-based pointers into `CodingResult.diagnoses` (at most 4). */
  readonly diagnosisPointers: readonly number[];
  /** Line charge, USD (unit charge x units); null = no chargemaster row. */
  readonly chargeUsd: number | null;
  /** Revenue code for institutional claims; null = no chargemaster row. */
  readonly revenueCode: string | null;
  readonly dateOfService: string;
  readonly renderingNpi: string;
  /** Case components counted on this line. */
  readonly componentIds: readonly string[];
  /** MUE in force on the date of service; null = not available. */
  readonly mueMaxUnits: number | null;
  readonly mueConfirmed: boolean | null;
}

/** What the case's payer is expected to do, from the payers table. */
export interface PayerAssessment {
  readonly payerId: string;
  readonly name: string;
  readonly policyId: string | null;
  readonly title: string | null;
  readonly policyDate: string | null;
  readonly sourceUrl: string | null;
  readonly position: string;
  readonly expectedCoverage: string;
  /** Notice the patient must sign before the service: `abn`, `patient-waiver`, ... */
  readonly waiverNeeded: string;
  readonly waiverOnFile: boolean;
  readonly documentationReviewed: readonly string[];
  readonly claimFilingIndicator: string;
  readonly source: string;
  readonly confirmed: boolean;
}

/** The coding of one case: lines, findings, payer expectations. */
export interface CodingResult {
  readonly caseId: string;
  /** `coded` when no rule result is an error; `blocked` otherwise. */
  readonly status: 'coded' | 'blocked';
  readonly dateOfService: string;
  readonly claimType: 'professional' | 'institutional';
  /** ICD-10-CM codes in claim order (pointer 1 = principal). */
  readonly diagnoses: readonly string[];
  readonly lines: readonly ChargeLine[];
  readonly totalChargeUsd: number | null;
  /** Documentation items missing for medical necessity (empty when complete). */
  readonly missingDocumentation: readonly string[];
  readonly payer: PayerAssessment | null;
  readonly results: readonly RuleResult[];
}
