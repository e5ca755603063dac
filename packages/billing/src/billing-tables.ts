import { z } from 'zod';
import { BillingError } from './billing-error.ts';

const isoDate = z.iso.date();

/** Fields every table row carries: when it is in force, where it comes from, whether checked. */
const rowBase = {
  /** First date the row applies, inclusive (YYYY-MM-DD). */
  effectiveFrom: isoDate,
  /** First date the row no longer applies, exclusive; null = open-ended. */
  effectiveTo: isoDate.nullable(),
  /** Where the fact comes from. */
  source: z.string().min(1),
  /** True when the fact was checked against its source; false facts are shown as unconfirmed. */
  confirmed: z.boolean(),
};

const cptCode = z.string().regex(/^[0-9]{4}[0-9FTU]$/);

export const codeRowSchema = z.strictObject({
  code: cptCode,
  kind: z.enum(['model', 'guide']),
  addOnTo: cptCode.nullable(),
  descriptor: z.string().min(1),
  unitOfService: z.string().min(1),
  ...rowBase,
});
export const mueRowSchema = z.strictObject({
  code: cptCode,
  maxUnits: z.int().min(0),
  ...rowBase,
});
export const relatedCodeRowSchema = z.strictObject({
  code: cptCode,
  description: z.string(),
  severity: z.enum(['warning', 'error', 'info']),
  message: z.string().min(1),
  ...rowBase,
});
export const modifierRequirements = [
  'increased-effort',
  'professional-technical-split',
  'documented-reason',
  'abn-on-file',
  'no-abn',
  'none',
  'not-applicable',
] as const;
export const modifierRowSchema = z.strictObject({
  modifier: z.string().regex(/^[0-9A-Z]{2}$/),
  description: z.string().min(1),
  applies: z.boolean(),
  requirement: z.enum(modifierRequirements),
  claimTypes: z.array(z.enum(['professional', 'institutional'])),
  conflictsWith: z.array(z.string().regex(/^[0-9A-Z]{2}$/)),
  why: z.string().min(1),
  ...rowBase,
});
export const payerRowSchema = z.strictObject({
  payerId: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  policyId: z.string().nullable(),
  title: z.string().nullable(),
  policyDate: isoDate.nullable(),
  sourceUrl: z.string().nullable(),
  position: z.enum([
    'experimental-investigational',
    'unproven-not-medically-necessary',
    'not-covered',
    'plan-specific',
    'contractor-priced',
    'covered',
  ]),
  expectedCoverage: z.enum(['covered', 'not-covered', 'plan-specific', 'contractor-discretion']),
  /** Which patient notice protects the patient's liability: Medicare ABN, a commercial waiver. */
  waiver: z.enum(['abn', 'patient-waiver', 'plan-specific', 'none']),
  /** X12 SBR09 claim filing indicator (MB Medicare Part B, CI commercial, BL Blue Cross). */
  claimFilingIndicator: z.enum(['MB', 'MA', 'CI', 'BL', 'HM', '16', 'ZZ']),
  documentationReviewed: z.array(z.string()),
  ...rowBase,
});
export const siteRowSchema = z.strictObject({
  placeOfService: z.string().regex(/^[0-9]{2}$/),
  name: z.string().min(1),
  claimType: z.enum(['professional', 'institutional']),
  splitsProfessionalTechnical: z.boolean(),
  note: z.string(),
  ...rowBase,
});
export const chargeRowSchema = z.strictObject({
  code: cptCode,
  chargeUsd: z.number().nonnegative(),
  revenueCode: z.string().regex(/^[0-9]{4}$/),
  ...rowBase,
});
export const labProfileItems = [
  'typical-effort-minutes-per-case',
  'physician-usd-per-hour',
  'non-physician-usd-per-hour',
  'printer-usd-per-hour',
  'registry-physician-minutes-per-case',
  'registry-non-physician-minutes-per-case',
] as const;
export const labProfileRowSchema = z.strictObject({
  item: z.enum(labProfileItems),
  /** null = not recorded. */
  value: z.number().nonnegative().nullable(),
  ...rowBase,
});

const table = <T extends z.ZodType>(name: string, row: T) =>
  z.strictObject({ table: z.literal(name), description: z.string(), rows: z.array(row) });

/** Schema of each table file, keyed by file name without `.json`. */
export const tableSchemas = {
  codes: table('codes', codeRowSchema),
  mue: table('mue', mueRowSchema),
  'related-codes': table('related-codes', relatedCodeRowSchema),
  modifiers: table('modifiers', modifierRowSchema),
  payers: table('payers', payerRowSchema),
  'sites-of-service': table('sites-of-service', siteRowSchema),
  chargemaster: table('chargemaster', chargeRowSchema),
  'lab-profile': table('lab-profile', labProfileRowSchema),
} as const;

export type TableName = keyof typeof tableSchemas;
export const tableNames = Object.keys(tableSchemas) as TableName[];

export type CodeRow = z.infer<typeof codeRowSchema>;
export type MueRow = z.infer<typeof mueRowSchema>;
export type RelatedCodeRow = z.infer<typeof relatedCodeRowSchema>;
export type ModifierRow = z.infer<typeof modifierRowSchema>;
export type PayerRow = z.infer<typeof payerRowSchema>;
export type SiteRow = z.infer<typeof siteRowSchema>;
export type ChargeRow = z.infer<typeof chargeRowSchema>;
export type LabProfileRow = z.infer<typeof labProfileRowSchema>;
export type LabProfileItem = (typeof labProfileItems)[number];

/** All tables, validated. Rows keep their file order. */
export interface BillingTables {
  readonly codes: readonly CodeRow[];
  readonly mue: readonly MueRow[];
  readonly relatedCodes: readonly RelatedCodeRow[];
  readonly modifiers: readonly ModifierRow[];
  readonly payers: readonly PayerRow[];
  readonly sitesOfService: readonly SiteRow[];
  readonly chargemaster: readonly ChargeRow[];
  readonly labProfile: readonly LabProfileRow[];
}

/** Key of each table's rows: two rows with the same key must not be in force on the same day. */
const keyOf: { [K in TableName]: (row: never) => string } = {
  codes: (r: CodeRow) => r.code,
  mue: (r: MueRow) => r.code,
  'related-codes': (r: RelatedCodeRow) => r.code,
  modifiers: (r: ModifierRow) => r.modifier,
  payers: (r: PayerRow) => r.payerId,
  'sites-of-service': (r: SiteRow) => r.placeOfService,
  chargemaster: (r: ChargeRow) => r.code,
  'lab-profile': (r: LabProfileRow) => r.item,
} as never;

interface Dated {
  readonly effectiveFrom: string;
  readonly effectiveTo: string | null;
  readonly source: string;
}

function checkRows(name: TableName, rows: readonly Dated[]): void {
  const byKey = new Map<string, Dated[]>();
  for (const row of rows) {
    if (row.effectiveTo !== null && row.effectiveTo <= row.effectiveFrom) {
      throw new BillingError(
        'INVALID_TABLES',
        `table ${name}: row effectiveTo ${row.effectiveTo} is not after effectiveFrom ${row.effectiveFrom}`,
      );
    }
    const key = (keyOf[name] as (r: Dated) => string)(row);
    const list = byKey.get(key) ?? [];
    for (const other of list) {
      const aEnd = row.effectiveTo ?? '9999-12-31';
      const bEnd = other.effectiveTo ?? '9999-12-31';
      if (row.effectiveFrom < bEnd && other.effectiveFrom < aEnd) {
        throw new BillingError(
          'TABLE_OVERLAP',
          `table ${name}: two rows for "${key}" are in force on overlapping dates (${other.effectiveFrom}..${other.effectiveTo ?? 'open'} and ${row.effectiveFrom}..${row.effectiveTo ?? 'open'})`,
        );
      }
    }
    list.push(row);
    byKey.set(key, list);
  }
}

/**
 * Validates raw table documents (parsed JSON, keyed by table name as in `tables/<name>.json`)
 * and returns typed tables. Throws BillingError `INVALID_TABLES` naming the table and field, or
 * `TABLE_OVERLAP` when two rows with the same key are in force on the same day. Pure.
 */
export function parseBillingTables(raw: Readonly<Record<string, unknown>>): BillingTables {
  const parsed: Record<string, { rows: Dated[] }> = {};
  for (const name of tableNames) {
    if (!(name in raw)) throw new BillingError('INVALID_TABLES', `table ${name} is missing`);
    const result = tableSchemas[name].safeParse(raw[name]);
    if (!result.success) {
      const details = result.error.issues.map((i) => `${name}.${i.path.join('.')}: ${i.message}`);
      throw new BillingError('INVALID_TABLES', `table ${name} is invalid: ${details[0]}`, {
        cause: result.error,
        details,
      });
    }
    checkRows(name, result.data.rows as Dated[]);
    parsed[name] = result.data as { rows: Dated[] };
  }
  return {
    codes: parsed.codes.rows as unknown as CodeRow[],
    mue: parsed.mue.rows as unknown as MueRow[],
    relatedCodes: parsed['related-codes'].rows as unknown as RelatedCodeRow[],
    modifiers: parsed.modifiers.rows as unknown as ModifierRow[],
    payers: parsed.payers.rows as unknown as PayerRow[],
    sitesOfService: parsed['sites-of-service'].rows as unknown as SiteRow[],
    chargemaster: parsed.chargemaster.rows as unknown as ChargeRow[],
    labProfile: parsed['lab-profile'].rows as unknown as LabProfileRow[],
  };
}
