import { z } from 'zod';
import { BillingError } from './billing-error.ts';

/*
 * The case JSON: the lab service's record of one case, from order to surgeon review. Items the
 * medical-necessity check needs are optional here on purpose: a case in progress is a valid
 * record, and `codeCase` lists what is missing instead of refusing the file. Every field carries
 * a description (`.describe`), which `schema/case.schema.json` keeps for the lab service.
 */

const isoDate = z.iso.date();
const isoDateTime = z.iso.datetime({ offset: true });
/** National Provider Identifier: 10 digits (the Luhn check digit is verified by `codeCase`). */
const npi = z.string().regex(/^[0-9]{10}$/);
/** ICD-10-CM code with its dot, e.g. C41.1. */
const icd10cm = z.string().regex(/^[A-TV-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/);
/** Free-text X12 element content: no separators (~ * : ^) and printable. */
const x12Text = z.string().regex(/^[^~*:^\n\r]*$/);
const cptCode = z.string().regex(/^[0-9]{4}[0-9FTU]$/);

const person = (what: string) =>
  z
    .strictObject({
      npi: npi.describe('National Provider Identifier, 10 digits with a valid check digit'),
      family: x12Text.min(1).describe('Family name (no X12 separators ~ * : ^)'),
      given: x12Text.min(1).describe('Given name (no X12 separators ~ * : ^)'),
    })
    .describe(what);

const address = z
  .strictObject({
    line: x12Text.min(1).describe('Street address line'),
    city: x12Text.min(1).describe('City'),
    state: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .describe('US state, two capital letters'),
    postalCode: z
      .string()
      .regex(/^[0-9]{5}([0-9]{4})?$/)
      .describe('ZIP code, 5 or 9 digits without a dash'),
  })
  .describe('Postal address');

const organization = (what: string) =>
  z
    .strictObject({
      npi: npi.describe('Organization NPI, 10 digits with a valid check digit'),
      name: x12Text.min(1).describe('Organization name as on the claim'),
      taxId: z
        .string()
        .regex(/^[0-9]{9}$/)
        .describe('Employer identification number (tax id), 9 digits'),
      address,
    })
    .describe(what);

export const effortSteps = ['segmentation', 'design', 'printing', 'post-processing'] as const;
export const effortRoles = ['physician', 'non-physician'] as const;

const component = z
  .strictObject({
    id: z
      .string()
      .regex(/^[A-Za-z0-9._-]+$/)
      .describe('Stable id within the case, referenced by prints'),
    kind: z
      .enum(['model', 'guide'])
      .describe('model components code as 0559T/0560T, guide components as 0561T/0562T'),
    name: z.string().min(1).describe('Name shown to the surgeon'),
    region: z.string().min(1).describe('Registry anatomic region, e.g. "head and neck"'),
    subregion: z.string().nullable().describe('Registry anatomic subregion; null = none'),
    structure: z.string().min(1).describe('Registry anatomic structure, e.g. "mandible"'),
    laterality: z
      .enum(['left', 'right', 'bilateral', 'midline', 'not-applicable'])
      .describe('Side of the patient'),
    sourceSeriesUids: z
      .array(z.string())
      .optional()
      .describe('DICOM SeriesInstanceUIDs (0020,000E) the component was segmented from'),
  })
  .describe(
    'One distinct, individually prepared component (model) or guide; units of service count these, never copies',
  );

const print = z
  .strictObject({
    id: z.string().min(1).describe('Id of the physical model within the case'),
    componentIds: z.array(z.string()).min(1).describe('Components printed in this physical model'),
    printer: z.string().min(1).describe('Printer make and model'),
    technology: z
      .enum([
        'material-extrusion',
        'vat-photopolymerization',
        'material-jetting',
        'binder-jetting',
        'powder-bed-fusion',
        'sheet-lamination',
        'directed-energy-deposition',
      ])
      .describe('ISO/ASTM 52900 additive manufacturing process category'),
    material: z.string().min(1).describe('Material(s) used'),
    scale: z.number().positive().describe('Model size over anatomic size (1 = life size)'),
    copies: z.int().min(1).describe('Physical copies printed; never changes units of service'),
    printMinutes: z
      .number()
      .nonnegative()
      .nullable()
      .describe('Printer time, minutes; null = not recorded'),
    materialCostUsd: z
      .number()
      .nonnegative()
      .nullable()
      .describe('Material cost, USD; null = not recorded'),
  })
  .describe('One physical model as printed');

const effortEntry = z
  .strictObject({
    role: z.enum(effortRoles).describe('Who did the work (registry effort roles)'),
    step: z.enum(effortSteps).describe('Workflow step (registry effort steps)'),
    minutes: z
      .number()
      .nonnegative()
      .nullable()
      .describe('Minutes spent; null = not recorded (the registry\'s "unknown")'),
  })
  .describe('Effort log entry');

const likert = (what: string) =>
  z
    .int()
    .min(1)
    .max(5)
    .nullable()
    .describe(`${what}: 1 = strongly disagree ... 5 = strongly agree; null = not answered`);
const yesNo = (what: string) => z.enum(['yes', 'no', 'unknown']).describe(what);

const questionnaire = z
  .strictObject({
    improvedUnderstanding: likert('The model improved my understanding of the anatomy'),
    improvedPlanning: likert('The model improved surgical planning'),
    changedSurgicalPlan: yesNo('The model changed the surgical plan'),
    usedIntraoperatively: yesNo('The model or guide was used during the operation'),
    usedForPatientCommunication: yesNo(
      'The model was used to explain the operation to the patient',
    ),
    estimatedOperatingMinutesSaved: z
      .number()
      .nullable()
      .describe("Surgeon's estimate of operating time saved, minutes; null = not estimated"),
    accuracy: likert('The model matched the anatomy found at surgery'),
    wouldRequestAgain: yesNo('The surgeon would request a model again for a similar case'),
    comments: z.string().optional().describe('Free-text comments'),
  })
  .describe("Surgeon's user assessment, captured in the review step (registry questionnaire)");

const appropriateness = z
  .union([
    z
      .strictObject({
        scenario: z
          .string()
          .min(1)
          .describe(
            'Clinical scenario as named by the RSNA/ACR 3D printing appropriateness guideline',
          ),
        rating: z
          .int()
          .min(1)
          .max(9)
          .describe('Rating 1-9 (7-9 appropriate, 4-6 may be appropriate, 1-3 rarely appropriate)'),
        source: z.string().min(1).describe('Guideline the rating comes from'),
      })
      .describe('A rated scenario applies'),
    z
      .strictObject({
        notApplicable: z.literal(true).describe('No rated scenario fits the case'),
        reason: z.string().min(1).describe('Why no rated scenario fits the case'),
      })
      .describe('No rated scenario applies'),
  ])
  .describe('RSNA/ACR 3D printing appropriateness rating for the clinical scenario');

const claimType = z.enum(['professional', 'institutional']);

const modifierRequest = z
  .strictObject({
    code: cptCode.describe('CPT code of the line the modifier goes on'),
    modifier: z
      .string()
      .regex(/^[0-9A-Z]{2}$/)
      .describe('Two-character CPT/HCPCS modifier'),
    reason: z
      .string()
      .optional()
      .describe('Written reason (required by 22, 52, 59, XS, XU, 76, 77)'),
    claimType: claimType
      .optional()
      .describe(
        'Only on this claim type (e.g. 26 on the professional claim only); absent = every claim of the case',
      ),
  })
  .describe('A modifier the coder requests for one code');

const facility = organization('')
  .extend({
    typeOfBill: z
      .string()
      .regex(/^[0-9]{3}$/)
      .describe(
        'NUBC type of bill without the leading zero: facility type, care type, frequency (e.g. 131)',
      ),
    admissionTypeCode: z
      .string()
      .regex(/^[1-59]$/)
      .optional()
      .describe('NUBC priority (type) of admission or visit, CL101; inpatient claims only'),
    pointOfOriginCode: z
      .string()
      .regex(/^[0-9A-Z]$/)
      .describe(
        'NUBC point of origin for admission or visit, CL102 (e.g. 1 non-health-care point of origin)',
      ),
    patientStatusCode: z
      .string()
      .regex(/^[0-9]{2}$/)
      .describe('NUBC patient discharge status, CL103 (e.g. 01 home or self care)'),
    patientReasonForVisit: z
      .array(icd10cm)
      .min(1)
      .max(3)
      .describe(
        "ICD-10-CM codes of the patient's reason for visit (HI APR, outpatient claims), 1-3",
      ),
  })
  .describe(
    'The facility that bills its part on an institutional claim (837I), when the service was furnished there; absent = no institutional claim for this case (e.g. an office service)',
  );

export const caseRecordSchema = z
  .strictObject({
    schemaVersion: z.literal(1).describe('Version of this record format'),
    caseId: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,20}$/)
      .describe('Case id; also the X12 claim id (CLM01), at most 20 characters'),
    patient: z
      .strictObject({
        id: z.string().min(1).describe("Patient id in the lab's records (medical record number)"),
        family: x12Text.min(1).describe('Family name'),
        given: x12Text.min(1).describe('Given name'),
        birthDate: isoDate.describe('Date of birth, YYYY-MM-DD'),
        sex: z.enum(['F', 'M', 'U']).describe('Administrative sex as on the claim'),
        address,
      })
      .describe('The patient (also the insurance subscriber)'),
    coverage: z
      .strictObject({
        payerId: z
          .string()
          .regex(/^[a-z0-9-]+$/)
          .describe('Row key of the payers table (e.g. aetna, medicare)'),
        payerEdiId: z
          .string()
          .regex(/^[A-Za-z0-9]{2,80}$/)
          .describe("Payer's EDI id (NM109 of loop 2010BB)"),
        memberId: z
          .string()
          .regex(/^[A-Za-z0-9-]{1,80}$/)
          .describe('Member (subscriber) id'),
        groupNumber: z
          .string()
          .regex(/^[A-Za-z0-9-]{1,50}$/)
          .nullable()
          .describe('Group number; null = none'),
        abnOnFile: z
          .boolean()
          .describe('Medicare advance beneficiary notice (CMS-R-131) signed and on file'),
        waiverOnFile: z
          .boolean()
          .describe('Commercial patient financial waiver signed and on file'),
      })
      .describe('Insurance coverage billed'),
    order: z
      .strictObject({
        orderId: z.string().min(1).describe('Order id in the ordering system'),
        orderedAt: isoDateTime.describe('When the order was placed, ISO 8601 with offset'),
        orderingPhysician: person('Ordering physician (medical-necessity item)').optional(),
        orderingService: z
          .string()
          .min(1)
          .optional()
          .describe(
            'Clinical service that ordered the model, e.g. "Otolaryngology" (registry field)',
          ),
        indications: z
          .array(
            z
              .strictObject({
                icd10cm: icd10cm.describe('ICD-10-CM code with its dot, e.g. C41.1'),
                description: z.string().min(1).describe('Code description'),
              })
              .describe('One indication'),
          )
          .describe('Indications, principal first; claim diagnoses in this order'),
        intendedUse: z
          .enum([
            'surgical-planning',
            'intraoperative-guidance',
            'patient-education',
            'trainee-education',
            'device-design',
            'other',
          ])
          .optional()
          .describe('Intended use of the model (medical-necessity item)'),
        sourceImaging: z
          .array(
            z
              .strictObject({
                studyInstanceUid: z
                  .string()
                  .regex(/^[0-9.]{1,64}$/)
                  .describe('DICOM StudyInstanceUID (0020,000D)'),
                modality: z
                  .enum(['CT', 'MR', 'US', 'PT', 'XA', 'CBCT'])
                  .describe('Modality of the study'),
                studyDate: isoDate.describe('Study date, YYYY-MM-DD'),
                description: z.string().describe('Study description'),
              })
              .describe('One source imaging study'),
          )
          .describe('Imaging studies the models were made from'),
        appropriateness: appropriateness.optional(),
      })
      .describe('The order for the models and guides'),
    components: z.array(component).describe('Distinct components and guides made for the case'),
    prints: z.array(print).describe('Physical models printed'),
    effort: z.array(effortEntry).describe('Effort log by role and step'),
    timeline: z
      .strictObject({
        ordered: isoDateTime.optional().describe('Order received'),
        imagingReceived: isoDateTime.optional().describe('Source imaging received'),
        segmented: isoDateTime.optional().describe('Segmentation finished'),
        designed: isoDateTime.optional().describe('Design (model or guide) finished'),
        printed: isoDateTime.optional().describe('Printing finished'),
        postProcessed: isoDateTime.optional().describe('Post-processing finished'),
        delivered: isoDateTime.optional().describe('Delivered to the surgeon'),
      })
      .describe('ISO 8601 date-times of workflow steps; absent = not recorded'),
    review: z
      .strictObject({
        surgeon: person('Surgeon who signed off'),
        signedOffAt: isoDateTime.describe('Sign-off time, ISO 8601 with offset'),
        questionnaire: questionnaire.optional(),
      })
      .optional()
      .describe('Surgeon review and sign-off; absent = not signed off yet'),
    billing: z
      .strictObject({
        claimType: claimType.describe(
          'Claim the lines JSON and FHIR export are coded for by default; the other claim type is coded on request where the case allows it',
        ),
        placeOfService: z
          .string()
          .regex(/^[0-9]{2}$/)
          .describe('CMS place of service code (professional claims, CLM05-1 of the 837P)'),
        dateOfService: isoDate.describe('Date of service, YYYY-MM-DD; selects the rules in force'),
        renderingProvider: person('Rendering provider (837P) / attending provider (837I)'),
        billingProvider: organization('Billing provider of the professional claim (837P)'),
        facility: facility.optional(),
        submitter: z
          .strictObject({
            ediId: z
              .string()
              .regex(/^[A-Za-z0-9]{2,15}$/)
              .describe('Submitter EDI id (ISA06, GS02, 1000A NM109)'),
            name: x12Text.min(1).describe('Submitter name'),
            contactName: x12Text.min(1).describe('Submitter contact'),
            phone: z
              .string()
              .regex(/^[0-9]{10}$/)
              .describe('Contact phone, 10 digits'),
          })
          .describe('Who submits the claim files'),
        modifiers: z.array(modifierRequest).describe('Modifiers requested by the coder'),
        otherCodesSameDay: z
          .array(cptCode)
          .describe(
            'Other codes reported for the patient on the same date of service (e.g. 76376)',
          ),
      })
      .describe('Billing facts of the case'),
  })
  .describe(
    "The lab service's record of one 3D printing case (order, components, prints, effort, review, billing)",
  );

/** The case JSON; see `schema/case.schema.json`. */
export type CaseRecord = z.infer<typeof caseRecordSchema>;
export type CaseComponent = CaseRecord['components'][number];
export type CasePrint = CaseRecord['prints'][number];
export type EffortEntry = CaseRecord['effort'][number];
export type ModifierRequest = CaseRecord['billing']['modifiers'][number];
export type Person = CaseRecord['billing']['renderingProvider'];
export type Organization = CaseRecord['billing']['billingProvider'];
export type Facility = NonNullable<CaseRecord['billing']['facility']>;

/**
 * Validates parsed case JSON. Throws BillingError `INVALID_CASE` with one detail per problem
 * (`path: message`, path dotted from the root, e.g. `prints.0.copies`). Pure.
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
