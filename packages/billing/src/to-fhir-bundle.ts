import { BillingError } from './billing-error.ts';
import type { CaseRecord, Person } from './case-record.ts';
import type { CodingResult } from './coding-result.ts';

/** Options of `toFhirBundle`. */
export interface FhirOptions {
  /** Creation time of the Claim (`Claim.created`) and Bundle timestamp: the clock, passed in. */
  readonly now: Date;
}

type Json = Record<string, unknown>;

const CPT = 'http://www.ama-assn.org/go/cpt';
const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';
const NPI = 'http://hl7.org/fhir/sid/us-npi';
const POS = 'https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set';
const REVENUE = 'https://www.nubc.org/CodeSystem/RevenueCodes';

const fhirId = (s: string) => s.replace(/[^A-Za-z0-9.-]/g, '-').slice(0, 64);
const usd = (value: number) => ({ value, currency: 'USD' });
const practitioner = (p: Person): Json => ({
  resourceType: 'Practitioner',
  id: `npi-${p.npi}`,
  identifier: [{ system: NPI, value: p.npi }],
  name: [{ family: p.family, given: [p.given] }],
});

/**
 * FHIR R4 Bundle (type `collection`) for a coded case: Patient, Practitioners, Organization,
 * Coverage, the ServiceRequest (order), the Procedure (fabrication), one ChargeItem per charge
 * line and the Claim. References are relative (`Patient/<id>`); ids derive from the case, so
 * output is deterministic for a fixed `now`. Throws BillingError `NOT_CODED` for a blocked case.
 * Pure.
 */
export function toFhirBundle(record: CaseRecord, coding: CodingResult, options: FhirOptions): Json {
  if (coding.status !== 'coded') {
    throw new BillingError(
      'NOT_CODED',
      `case ${coding.caseId} is not coded; no FHIR claim written`,
    );
  }
  const { patient, order, billing, coverage } = record;
  const caseKey = fhirId(record.caseId);
  const patientRef = { reference: `Patient/${fhirId(patient.id)}` };
  const renderingRef = { reference: `Practitioner/npi-${billing.renderingProvider.npi}` };
  // The institutional claim is the facility's; the professional one the billing provider's.
  const bp =
    coding.claimType === 'institutional' && billing.facility
      ? billing.facility
      : billing.billingProvider;
  const orgRef = { reference: `Organization/npi-${bp.npi}` };
  const srRef = { reference: `ServiceRequest/${caseKey}-order` };
  const procRef = { reference: `Procedure/${caseKey}-fabrication` };
  const reasons = order.indications.map((i) => ({
    coding: [{ system: ICD10CM, code: i.icd10cm, display: i.description }],
  }));
  const cptCodings = coding.lines.map((l) => ({ system: CPT, code: l.code }));
  const practitioners = new Map<string, Json>();
  for (const p of [order.orderingPhysician, billing.renderingProvider, record.review?.surgeon]) {
    if (p) practitioners.set(p.npi, practitioner(p));
  }
  const resources: Json[] = [
    {
      resourceType: 'Patient',
      id: fhirId(patient.id),
      identifier: [{ system: 'urn:anatomodel:patient-id', value: patient.id }],
      name: [{ family: patient.family, given: [patient.given] }],
      gender: { F: 'female', M: 'male', U: 'unknown' }[patient.sex],
      birthDate: patient.birthDate,
    },
    ...practitioners.values(),
    {
      resourceType: 'Organization',
      id: `npi-${bp.npi}`,
      identifier: [
        { system: NPI, value: bp.npi },
        { system: 'urn:oid:2.16.840.1.113883.4.4', value: bp.taxId },
      ],
      name: bp.name,
    },
    {
      resourceType: 'Coverage',
      id: `${caseKey}-coverage`,
      status: 'active',
      subscriberId: coverage.memberId,
      beneficiary: patientRef,
      payor: [{ display: coding.payer?.name ?? coverage.payerId }],
    },
    {
      resourceType: 'ServiceRequest',
      id: `${caseKey}-order`,
      identifier: [{ system: 'urn:anatomodel:order-id', value: order.orderId }],
      status: 'completed',
      intent: 'order',
      code: {
        coding: cptCodings,
        text: '3D printed anatomic model(s) and guide(s) from image data',
      },
      subject: patientRef,
      authoredOn: order.orderedAt,
      ...(order.orderingPhysician
        ? { requester: { reference: `Practitioner/npi-${order.orderingPhysician.npi}` } }
        : {}),
      reasonCode: reasons,
      note: [
        { text: `Intended use: ${order.intendedUse ?? 'not available'}` },
        {
          text: order.appropriateness
            ? 'rating' in order.appropriateness
              ? `Appropriateness: ${order.appropriateness.scenario}, rating ${order.appropriateness.rating} (${order.appropriateness.source})`
              : `Appropriateness: not applicable (${order.appropriateness.reason})`
            : 'Appropriateness: not available',
        },
      ],
    },
    {
      resourceType: 'Procedure',
      id: `${caseKey}-fabrication`,
      basedOn: [srRef],
      status: 'completed',
      code: {
        coding: cptCodings,
        text: 'Fabrication of 3D printed anatomic model(s) and guide(s)',
      },
      subject: patientRef,
      performedDateTime: billing.dateOfService,
      performer: [{ actor: renderingRef }],
      reasonCode: reasons,
      bodySite: record.components.map((c) => ({
        text: `${c.structure} (${c.laterality})`,
      })),
      note: record.components.map((c) => ({ text: `${c.kind} component ${c.id}: ${c.name}` })),
    },
    ...coding.lines.map((l) => ({
      resourceType: 'ChargeItem',
      id: `${caseKey}-line-${l.lineNumber}`,
      status: 'billable',
      code: { coding: [{ system: CPT, code: l.code, display: l.descriptor }] },
      subject: patientRef,
      occurrenceDateTime: l.dateOfService,
      performer: [{ actor: renderingRef }],
      quantity: { value: l.units },
      ...(l.chargeUsd !== null ? { priceOverride: usd(l.chargeUsd) } : {}),
      reason: coding.diagnoses.map((c) => ({ coding: [{ system: ICD10CM, code: c }] })),
      service: [procRef],
      ...(l.modifiers.length ? { note: [{ text: `Modifiers: ${l.modifiers.join(', ')}` }] } : {}),
    })),
    {
      resourceType: 'Claim',
      id: `${caseKey}-claim`,
      identifier: [{ system: 'urn:anatomodel:case-id', value: record.caseId }],
      status: 'active',
      type: {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: coding.claimType },
        ],
      },
      use: 'claim',
      patient: patientRef,
      created: options.now.toISOString(),
      provider: orgRef,
      priority: {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/processpriority', code: 'normal' },
        ],
      },
      referral: srRef,
      diagnosis: coding.diagnoses.map((c, i) => ({
        sequence: i + 1,
        diagnosisCodeableConcept: { coding: [{ system: ICD10CM, code: c }] },
      })),
      procedure: [{ sequence: 1, date: billing.dateOfService, procedureReference: procRef }],
      insurance: [
        { sequence: 1, focal: true, coverage: { reference: `Coverage/${caseKey}-coverage` } },
      ],
      item: coding.lines.map((l) => ({
        sequence: l.lineNumber,
        diagnosisSequence: l.diagnosisPointers,
        ...(coding.claimType === 'institutional' && l.revenueCode
          ? { revenue: { coding: [{ system: REVENUE, code: l.revenueCode }] } }
          : {}),
        productOrService: { coding: [{ system: CPT, code: l.code }] },
        ...(l.modifiers.length
          ? { modifier: l.modifiers.map((m) => ({ coding: [{ system: CPT, code: m }] })) }
          : {}),
        servicedDate: l.dateOfService,
        ...(coding.claimType === 'professional'
          ? { locationCodeableConcept: { coding: [{ system: POS, code: billing.placeOfService }] } }
          : {}),
        quantity: { value: l.units },
        ...(l.chargeUsd !== null
          ? {
              unitPrice: usd(Math.round((l.chargeUsd / l.units) * 100) / 100),
              net: usd(l.chargeUsd),
            }
          : {}),
      })),
      ...(coding.totalChargeUsd !== null ? { total: usd(coding.totalChargeUsd) } : {}),
    },
  ];
  return {
    resourceType: 'Bundle',
    id: `${caseKey}-billing`,
    type: 'collection',
    timestamp: options.now.toISOString(),
    entry: resources.map((resource) => ({ resource })),
  };
}
