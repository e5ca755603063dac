import { BillingError } from './billing-error.ts';
import type { CaseRecord } from './case-record.ts';
import type { CodingResult } from './coding-result.ts';

/** Options fixing everything an 837 file would otherwise take from the clock or a counter. */
export interface X12Options {
  /** Time the file is created (the clock, passed in); written in UTC. */
  readonly now: Date;
  /** ISA13/IEA02 interchange control number, 1..999999999. */
  readonly interchangeControlNumber: number;
  /** GS06/GE02 group control number, 1..999999999; default = interchangeControlNumber. */
  readonly groupControlNumber?: number;
  /** ISA08/GS03 receiver id; default = the payer's EDI id from the case. */
  readonly receiverId?: string;
  /** ISA15: `T` test (default) or `P` production. */
  readonly usage?: 'T' | 'P';
}

/** Separators: element `*`, component `:`, repetition `^`, segment `~` (one per line). */
const ELEMENT = '*';
const COMPONENT = ':';

const pad = (s: string, n: number) => s.slice(0, n).padEnd(n, ' ');
const digits = (n: number, width: number) => String(n).padStart(width, '0');
const icd = (code: string) => code.replace('.', '');
const money = (usd: number) => (Math.round(usd * 100) / 100).toString();
const ymd = (iso: string) => iso.replaceAll('-', '');

/** Implementation guide versions of the two 837 variants. */
export const x12Versions = { '837p': '005010X222A1', '837i': '005010X223A2' } as const;

/**
 * Writes an ASC X12 005010 837P (professional) or 837I (institutional) claim file for a coded
 * case: one interchange, one functional group, one transaction, one claim (loop 2300) with one
 * service line (loop 2400) per charge line. The 837P bills from `billing.billingProvider`; the
 * 837I from `billing.facility` with its type of bill, CL1 codes and reason-for-visit diagnoses. Throws BillingError `NOT_CODED` when the coding is
 * blocked, `WRONG_CLAIM_TYPE` when the variant does not match the coding's claim type (or an 837I is
 * asked for a case without a facility), `NO_CHARGE`
 * when a line has no charge, `INVALID_OPTIONS` for bad control numbers. Pure; deterministic
 * for fixed options.
 */
export function write837(
  record: CaseRecord,
  coding: CodingResult,
  variant: '837p' | '837i',
  options: X12Options,
): string {
  const facility = record.billing.facility;
  if (variant === '837i' && !facility) {
    throw new BillingError(
      'WRONG_CLAIM_TYPE',
      `case ${coding.caseId} has no billing.facility: no institutional claim (837I) for it`,
    );
  }
  if (coding.status !== 'coded') {
    throw new BillingError('NOT_CODED', `case ${coding.caseId} is not coded; no claim written`, {
      details: coding.results.filter((r) => r.severity === 'error').map((r) => r.message),
    });
  }
  const expected = variant === '837p' ? 'professional' : 'institutional';
  if (coding.claimType !== expected) {
    throw new BillingError(
      'WRONG_CLAIM_TYPE',
      `case ${coding.caseId} is a ${coding.claimType} claim; ${variant.toUpperCase()} is for ${expected} claims`,
    );
  }
  const icn = options.interchangeControlNumber;
  const gcn = options.groupControlNumber ?? icn;
  for (const n of [icn, gcn]) {
    if (!Number.isInteger(n) || n < 1 || n > 999_999_999) {
      throw new BillingError('INVALID_OPTIONS', `control number ${n} is not in 1..999999999`);
    }
  }
  for (const line of coding.lines) {
    if (line.chargeUsd === null) {
      throw new BillingError('NO_CHARGE', `line ${line.lineNumber} (${line.code}) has no charge`);
    }
  }
  const version = x12Versions[variant];
  const { billing, patient, coverage, order } = record;
  const sender = billing.submitter.ediId;
  const receiver = options.receiverId ?? coverage.payerEdiId;
  const iso = options.now.toISOString();
  const date8 = ymd(iso.slice(0, 10));
  const time4 = iso.slice(11, 13) + iso.slice(14, 16);
  const stcn = '0001';
  const payerName = coding.payer?.name ?? coverage.payerId.toUpperCase();
  const filing = coding.payer?.claimFilingIndicator ?? 'ZZ';

  const seg = (...elements: string[]) => {
    // Trailing empty elements are dropped, as X12 requires.
    let end = elements.length;
    while (end > 1 && elements[end - 1] === '') end--;
    return elements.slice(0, end).join(ELEMENT);
  };
  const comp = (...parts: string[]) => {
    let end = parts.length;
    while (end > 1 && parts[end - 1] === '') end--;
    return parts.slice(0, end).join(COMPONENT);
  };

  const body: string[] = [];
  body.push(seg('ST', '837', stcn, version));
  body.push(seg('BHT', '0019', '00', record.caseId, date8, time4, 'CH'));
  // 1000A submitter, 1000B receiver.
  body.push(seg('NM1', '41', '2', billing.submitter.name, '', '', '', '', '46', sender));
  body.push(seg('PER', 'IC', billing.submitter.contactName, 'TE', billing.submitter.phone));
  body.push(seg('NM1', '40', '2', payerName.toUpperCase(), '', '', '', '', '46', receiver));
  // 2000A billing provider: the facility on an institutional claim.
  const bp = variant === '837i' ? facility! : billing.billingProvider;
  body.push(seg('HL', '1', '', '20', '1'));
  body.push(seg('NM1', '85', '2', bp.name, '', '', '', '', 'XX', bp.npi));
  body.push(seg('N3', bp.address.line.toUpperCase()));
  body.push(seg('N4', bp.address.city.toUpperCase(), bp.address.state, bp.address.postalCode));
  body.push(seg('REF', 'EI', bp.taxId));
  // 2000B subscriber (patient is the subscriber).
  body.push(seg('HL', '2', '1', '22', '0'));
  body.push(seg('SBR', 'P', '18', coverage.groupNumber ?? '', '', '', '', '', '', filing));
  body.push(
    seg('NM1', 'IL', '1', patient.family, patient.given, '', '', '', 'MI', coverage.memberId),
  );
  body.push(seg('N3', patient.address.line.toUpperCase()));
  body.push(
    seg(
      'N4',
      patient.address.city.toUpperCase(),
      patient.address.state,
      patient.address.postalCode,
    ),
  );
  body.push(seg('DMG', 'D8', ymd(patient.birthDate), patient.sex));
  body.push(
    seg('NM1', 'PR', '2', payerName.toUpperCase(), '', '', '', '', 'PI', coverage.payerEdiId),
  );
  // 2300 claim.
  const total = money(coding.lines.reduce((s, l) => s + (l.chargeUsd ?? 0), 0));
  const dx = coding.diagnoses.map(icd);
  const dos8 = ymd(coding.dateOfService);
  const rp = billing.renderingProvider;
  if (variant === '837p') {
    body.push(
      seg(
        'CLM',
        record.caseId,
        total,
        '',
        '',
        comp(billing.placeOfService, 'B', '1'),
        'Y',
        'A',
        'Y',
        'Y',
      ),
    );
    body.push(seg('HI', ...dx.slice(0, 12).map((c, i) => comp(i === 0 ? 'ABK' : 'ABF', c))));
    if (order.orderingPhysician) {
      const op = order.orderingPhysician;
      body.push(seg('NM1', 'DN', '1', op.family, op.given, '', '', '', 'XX', op.npi));
    }
    body.push(seg('NM1', '82', '1', rp.family, rp.given, '', '', '', 'XX', rp.npi));
  } else {
    const f = facility!;
    const tob = f.typeOfBill;
    body.push(
      seg(
        'CLM',
        record.caseId,
        total,
        '',
        '',
        comp(tob.slice(0, 2), 'A', tob.slice(2)),
        '',
        'A',
        'Y',
        'Y',
      ),
    );
    body.push(seg('DTP', '434', 'RD8', `${dos8}-${dos8}`));
    // CL1 institutional claim code (005010X223A2 loop 2300, after the dates, before HI):
    // CL101 priority of admission (inpatient only, else empty), CL102 point of origin, CL103
    // patient status.
    body.push(seg('CL1', f.admissionTypeCode ?? '', f.pointOfOriginCode, f.patientStatusCode));
    // HI order of X223A2: principal diagnosis (ABK), patient's reason for visit (APR, the
    // ICD-10-CM qualifier; PR is its ICD-9-CM counterpart), then other diagnoses (ABF).
    body.push(seg('HI', comp('ABK', dx[0])));
    body.push(seg('HI', ...f.patientReasonForVisit.map((c) => comp('APR', icd(c)))));
    if (dx.length > 1) body.push(seg('HI', ...dx.slice(1, 13).map((c) => comp('ABF', c))));
    body.push(seg('NM1', '71', '1', rp.family, rp.given, '', '', '', 'XX', rp.npi));
    if (order.orderingPhysician) {
      const op = order.orderingPhysician;
      body.push(seg('NM1', 'DN', '1', op.family, op.given, '', '', '', 'XX', op.npi));
    }
  }
  // 2400 service lines.
  for (const line of coding.lines) {
    body.push(seg('LX', String(line.lineNumber)));
    const proc = comp('HC', line.code, ...line.modifiers);
    if (variant === '837p') {
      body.push(
        seg(
          'SV1',
          proc,
          money(line.chargeUsd!),
          'UN',
          String(line.units),
          '',
          '',
          comp(...line.diagnosisPointers.map(String)),
        ),
      );
    } else {
      body.push(
        seg('SV2', line.revenueCode!, proc, money(line.chargeUsd!), 'UN', String(line.units)),
      );
    }
    body.push(seg('DTP', '472', 'D8', ymd(line.dateOfService)));
  }
  body.push(seg('SE', String(body.length + 1), stcn));

  const isa = [
    'ISA',
    '00',
    pad('', 10),
    '00',
    pad('', 10),
    'ZZ',
    pad(sender, 15),
    'ZZ',
    pad(receiver, 15),
    date8.slice(2),
    time4,
    '^',
    '00501',
    digits(icn, 9),
    '0',
    options.usage ?? 'T',
    COMPONENT,
  ].join(ELEMENT);
  const segments = [
    isa,
    seg('GS', 'HC', sender, receiver, date8, time4, String(gcn), 'X', version),
    ...body,
    seg('GE', '1', String(gcn)),
    seg('IEA', '1', digits(icn, 9)),
  ];
  return segments.map((s) => `${s}~\n`).join('');
}
