import { z } from 'zod';
import { BillingError } from './billing-error.ts';

/*
 * The case JSON: the lab service's record of one case, from order to surgeon review. Items the
 * medical-necessity check needs are optional here on purpose: a case in progress is a valid
 * record, and `codeCase` lists what is missing instead of refusing the file.
 */

const isoDate = z.iso.date();
const isoDateTime = z.iso.datetime({ offset: true });
/** National Provider Identifier: 10 digits (the Luhn check digit is verified by `codeCase`). */
const npi = z.string().regex(/^[0-9]{10}$/);
/** ICD-10-CM code with its dot, e.g. C41.1. */
const icd10cm = z.string().regex(/^[A-TV-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/);
/** Free-text X12 element content: no separators (~ * : ^) and printable. */
const x12Text = z.string().regex(/^[^~*:^\n\r]*$/);

const person = z.strictObject({
  npi,
  family: x12Text.min(1),
  given: x12Text.min(1),
});

const address = z.strictObject({
  line: x12Text.min(1),
  city: x12Text.min(1),
  state: z.string().regex(/^[A-Z]{2}$/),
  postalCode: z.string().regex(/^[0-9]{5}([0-9]{4})?$/),
});

export const effortSteps = ['segmentation', 'design', 'printing', 'post-processing'] as const;
export const effortRoles = ['physician', 'non-physician'] as const;

const component = z.strictObject({
  /** Stable id within the case, referenced by prints. */
  id: z.string().regex(/^[A-Za-z0-9._-]+$/),
  /** `model` components code as 0559T/0560T, `guide` components as 0561T/0562T. */
  kind: z.enum(['model', 'guide']),
  name: z.string().min(1),
  region: z.string().min(1),
  subregion: z.string().nullable(),
  structure: z.string().min(1),
  laterality: z.enum(['left', 'right', 'bilateral', 'midline', 'not-applicable']),
  /** Series the component was segmented from (DICOM SeriesInstanceUID). */
  sourceSeriesUids: z.array(z.string()).optional(),
});

const print = z.strictObject({
  id: z.string().min(1),
  /** Components printed in this physical model. */
  componentIds: z.array(z.string()).min(1),
  printer: z.string().min(1),
  technology: z.enum([
    'material-extrusion',
    'vat-photopolymerization',
    'material-jetting',
    'binder-jetting',
    'powder-bed-fusion',
    'sheet-lamination',
    'directed-energy-deposition',
  ]),
  material: z.string().min(1),
  /** Model size over anatomic size (1 = life size). */
  scale: z.number().positive(),
  /** Physical copies; never changes units of service. */
  copies: z.int().min(1),
  /** Printer time, minutes; null = not recorded. */
  printMinutes: z.number().nonnegative().nullable(),
  /** Material cost, USD; null = not recorded. */
  materialCostUsd: z.number().nonnegative().nullable(),
});

const effortEntry = z.strictObject({
  role: z.enum(effortRoles),
  step: z.enum(effortSteps),
  /** Minutes spent; null = not recorded (the registry's "unknown"). */
  minutes: z.number().nonnegative().nullable(),
});

const likert = z.int().min(1).max(5);
/** Surgeon's user assessment, captured in the review step (registry questionnaire). */
const questionnaire = z.strictObject({
  /** 1 = strongly disagree ... 5 = strongly agree. */
  improvedUnderstanding: likert.nullable(),
  improvedPlanning: likert.nullable(),
  changedSurgicalPlan: z.enum(['yes', 'no', 'unknown']),
  usedIntraoperatively: z.enum(['yes', 'no', 'unknown']),
  usedForPatientCommunication: z.enum(['yes', 'no', 'unknown']),
  /** Surgeon's estimate, minutes; null = not estimated. */
  estimatedOperatingMinutesSaved: z.number().nullable(),
  accuracy: likert.nullable(),
  wouldRequestAgain: z.enum(['yes', 'no', 'unknown']),
  comments: z.string().optional(),
});

const appropriateness = z.union([
  z.strictObject({
    /** Clinical scenario as named by the RSNA/ACR 3D printing appropriateness guideline. */
    scenario: z.string().min(1),
    /** Rating 1-9 (7-9 appropriate, 4-6 may be appropriate, 1-3 rarely appropriate). */
    rating: z.int().min(1).max(9),
    source: z.string().min(1),
  }),
  z.strictObject({
    notApplicable: z.literal(true),
    /** Why no rated scenario fits the case. */
    reason: z.string().min(1),
  }),
]);

const modifierRequest = z.strictObject({
  /** Code the modifier goes on. */
  code: z.string().regex(/^[0-9]{4}[0-9FTU]$/),
  modifier: z.string().regex(/^[0-9A-Z]{2}$/),
  /** Written reason (required by 22, 52, 59, XS, XU, 76, 77). */
  reason: z.string().optional(),
});

export const caseRecordSchema = z.strictObject({
  schemaVersion: z.literal(1),
  /** Case id; also the X12 claim id (CLM01, at most 20 characters kept for payers). */
  caseId: z.string().regex(/^[A-Za-z0-9-]{1,20}$/),
  patient: z.strictObject({
    id: z.string().min(1),
    family: x12Text.min(1),
    given: x12Text.min(1),
    birthDate: isoDate,
    sex: z.enum(['F', 'M', 'U']),
    address,
  }),
  coverage: z.strictObject({
    /** Row key of the payers table. */
    payerId: z.string().regex(/^[a-z0-9-]+$/),
    /** Payer's EDI id (NM109 of loop 2010BB). */
    payerEdiId: z.string().regex(/^[A-Za-z0-9]{2,80}$/),
    memberId: z.string().regex(/^[A-Za-z0-9-]{1,80}$/),
    groupNumber: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,50}$/)
      .nullable(),
    /** Medicare advance beneficiary notice (CMS-R-131) signed and on file. */
    abnOnFile: z.boolean(),
    /** Commercial patient financial waiver signed and on file. */
    waiverOnFile: z.boolean(),
  }),
  order: z.strictObject({
    orderId: z.string().min(1),
    orderedAt: isoDateTime,
    orderingPhysician: person.optional(),
    /** Clinical service that ordered the model, e.g. "Otolaryngology" (registry field). */
    orderingService: z.string().min(1).optional(),
    indications: z.array(z.strictObject({ icd10cm, description: z.string().min(1) })),
    intendedUse: z
      .enum([
        'surgical-planning',
        'intraoperative-guidance',
        'patient-education',
        'trainee-education',
        'device-design',
        'other',
      ])
      .optional(),
    sourceImaging: z.array(
      z.strictObject({
        studyInstanceUid: z.string().regex(/^[0-9.]{1,64}$/),
        modality: z.enum(['CT', 'MR', 'US', 'PT', 'XA', 'CBCT']),
        studyDate: isoDate,
        description: z.string(),
      }),
    ),
    appropriateness: appropriateness.optional(),
  }),
  components: z.array(component),
  prints: z.array(print),
  effort: z.array(effortEntry),
  /** ISO date-times of workflow steps; absent = not recorded. */
  timeline: z.strictObject({
    ordered: isoDateTime.optional(),
    imagingReceived: isoDateTime.optional(),
    segmented: isoDateTime.optional(),
    designed: isoDateTime.optional(),
    printed: isoDateTime.optional(),
    postProcessed: isoDateTime.optional(),
    delivered: isoDateTime.optional(),
  }),
  review: z
    .strictObject({
      surgeon: person,
      signedOffAt: isoDateTime,
      questionnaire: questionnaire.optional(),
    })
    .optional(),
  billing: z.strictObject({
    claimType: z.enum(['professional', 'institutional']),
    /** CMS place of service (professional claims). */
    placeOfService: z.string().regex(/^[0-9]{2}$/),
    /** Type of bill, facility code + frequency (institutional claims), e.g. "131". */
    typeOfBill: z
      .string()
      .regex(/^[0-9]{3}$/)
      .optional(),
    dateOfService: isoDate,
    renderingProvider: person,
    billingProvider: z.strictObject({
      npi,
      name: x12Text.min(1),
      taxId: z.string().regex(/^[0-9]{9}$/),
      address,
    }),
    submitter: z.strictObject({
      ediId: z.string().regex(/^[A-Za-z0-9]{2,15}$/),
      name: x12Text.min(1),
      contactName: x12Text.min(1),
      phone: z.string().regex(/^[0-9]{10}$/),
    }),
    modifiers: z.array(modifierRequest),
    /** Other codes reported for the patient on the same date of service (e.g. 76376). */
    otherCodesSameDay: z.array(z.string().regex(/^[0-9]{4}[0-9FTU]$/)),
  }),
});

/** The case JSON; see `schema/case.schema.json`. */
export type CaseRecord = z.infer<typeof caseRecordSchema>;
export type CaseComponent = CaseRecord['components'][number];
export type CasePrint = CaseRecord['prints'][number];
export type EffortEntry = CaseRecord['effort'][number];
export type ModifierRequest = CaseRecord['billing']['modifiers'][number];
export type Person = z.infer<typeof person>;

/**
 * Validates parsed case JSON. Throws BillingError `INVALID_CASE` with one detail per problem
 * (`path: message`). Pure.
 */
export function parseCaseRecord(raw: unknown): CaseRecord {
  const result = caseRecordSchema.safeParse(raw);
  if (!result.success) {
    const details = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new BillingError('INVALID_CASE', `case JSON is invalid: ${details[0]}`, {
      cause: result.error,
      details,
    });
  }
  return result.data;
}
