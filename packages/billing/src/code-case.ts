import type { BillingTables, CodeRow } from './billing-tables.ts';
import type { CaseRecord, ModifierRequest } from './case-record.ts';
import type { ChargeLine, CodingResult, RuleResult } from './coding-result.ts';
import { assessPayer } from './assess-payer.ts';
import { checkAddOns } from './check-add-ons.ts';
import { checkDocumentation } from './check-documentation.ts';
import { checkModifiers } from './check-modifiers.ts';
import { inForce } from './in-force.ts';
import { isValidNpi } from './is-valid-npi.ts';
import { labProfileValue } from './lab-profile-value.ts';

const liabilityModifiers = ['GA', 'GY', 'GZ'];

/** Options of `codeCase`. */
export interface CodeCaseOptions {
  /**
   * Claim to code: `professional` (837P, billing provider) or `institutional` (837I, the
   * facility). Default: the case's `billing.claimType`. An institutional coding of a case
   * without `billing.facility` is blocked with a `claim-type` error.
   */
  readonly claimType?: 'professional' | 'institutional';
}

/**
 * Codes one case for one claim from the tables in force on its date of service: one primary
 * line per kind (model 0559T, guide 0561T) for the first distinct component and one add-on line
 * for the others, capped at the MUE; requested modifiers for this claim type checked; a
 * Medicare liability modifier (GA/GZ) added when the payer needs an ABN; add-on, same-day 3D
 * rendering, professional-component, payer and documentation rules run. Every finding is a
 * `RuleResult`; any error makes the status `blocked`. Pure.
 */
export function codeCase(
  record: CaseRecord,
  tables: BillingTables,
  options: CodeCaseOptions = {},
): CodingResult {
  const { billing } = record;
  const claimType = options.claimType ?? billing.claimType;
  const dos = billing.dateOfService;
  const results: RuleResult[] = [];
  const diagnoses = record.order.indications.map((i) => i.icd10cm);
  const pointers = diagnoses.slice(0, 4).map((_, i) => i + 1);
  const site = inForce(tables.sitesOfService, dos).find(
    (s) => s.placeOfService === billing.placeOfService,
  );

  if (claimType === 'institutional' && !billing.facility) {
    results.push({
      rule: 'claim-type',
      severity: 'error',
      message: `no facility on the case: an institutional claim (837I) is not available; at place of service ${billing.placeOfService} (${site?.name ?? 'not in the sites table'}) only the professional claim (837P) is billed`,
    });
  }
  const billingNpi =
    claimType === 'institutional' && billing.facility
      ? (['facility', billing.facility.npi] as const)
      : (['billing provider', billing.billingProvider.npi] as const);
  for (const [who, npi] of [
    ['rendering provider', billing.renderingProvider.npi] as const,
    billingNpi,
  ]) {
    if (!isValidNpi(npi)) {
      results.push({
        rule: 'npi',
        severity: 'error',
        message: `${who} NPI ${npi} fails the check digit`,
      });
    }
  }

  const doc = checkDocumentation(record);
  const payer = assessPayer(record, tables);

  // Units count distinct components per kind, never copies.
  const codes = inForce(tables.codes, dos);
  type Draft = { row: CodeRow; units: number; componentIds: string[] };
  const drafts: Draft[] = [];
  for (const kind of ['model', 'guide'] as const) {
    const comps = record.components.filter((c) => c.kind === kind);
    if (comps.length === 0) continue;
    const primary = codes.find((r) => r.kind === kind && r.addOnTo === null);
    if (!primary) {
      results.push({
        rule: 'code',
        severity: 'error',
        message: `no primary ${kind} code in force on ${dos}: not available`,
      });
      continue;
    }
    drafts.push({ row: primary, units: 1, componentIds: [comps[0].id] });
    if (comps.length > 1) {
      const addOn = codes.find((r) => r.addOnTo === primary.code);
      if (!addOn) {
        results.push({
          rule: 'code',
          severity: 'error',
          code: primary.code,
          message: `no add-on code for ${primary.code} in force on ${dos}: not available`,
        });
        continue;
      }
      drafts.push({
        row: addOn,
        units: comps.length - 1,
        componentIds: comps.slice(1).map((c) => c.id),
      });
    }
  }

  // Requested modifiers must name a code that is on the claim.
  const requestsByCode = new Map<string, ModifierRequest[]>();
  for (const req of billing.modifiers) {
    if (req.claimType !== undefined && req.claimType !== claimType) continue;
    if (!drafts.some((d) => d.row.code === req.code)) {
      results.push({
        rule: 'modifier-line',
        severity: 'error',
        code: req.code,
        modifier: req.modifier,
        message: `modifier ${req.modifier} requested for ${req.code}, which is not on this claim`,
      });
      continue;
    }
    requestsByCode.set(req.code, [...(requestsByCode.get(req.code) ?? []), req]);
  }

  const effortKnown = record.effort.filter((e) => e.minutes !== null);
  const context = {
    claimType,
    placeOfService: billing.placeOfService,
    dateOfService: dos,
    abnOnFile: record.coverage.abnOnFile,
    effortMinutes: effortKnown.length
      ? effortKnown.reduce((s, e) => s + (e.minutes ?? 0), 0)
      : null,
    typicalEffortMinutes: labProfileValue(tables, 'typical-effort-minutes-per-case', dos).value,
  };
  const charges = inForce(tables.chargemaster, dos);
  const mues = inForce(tables.mue, dos);

  const lines: ChargeLine[] = drafts.map((d, i) => {
    const code = d.row.code;
    const mue = mues.find((m) => m.code === code);
    let units = d.units;
    if (!mue) {
      results.push({
        rule: 'mue',
        severity: 'info',
        code,
        message: `MUE for ${code} on ${dos}: not available`,
      });
    } else {
      if (units > mue.maxUnits) {
        results.push({
          rule: 'mue',
          severity: 'warning',
          code,
          message: `${units} distinct components for ${code} exceed the MUE of ${mue.maxUnits} in force on ${dos}; ${mue.maxUnits} billed, ${units - mue.maxUnits} not billable`,
          source: mue.source,
          confirmed: mue.confirmed,
        });
        units = mue.maxUnits;
      }
      if (!mue.confirmed) {
        results.push({
          rule: 'unconfirmed',
          severity: 'info',
          code,
          message: `MUE of ${mue.maxUnits} for ${code} is not confirmed`,
          source: mue.source,
          confirmed: false,
        });
      }
    }
    if (!d.row.confirmed) {
      results.push({
        rule: 'unconfirmed',
        severity: 'info',
        code,
        message: `descriptor wording of ${code} is not confirmed`,
        source: d.row.source,
        confirmed: false,
      });
    }
    const checked = checkModifiers(code, requestsByCode.get(code) ?? [], context, tables);
    results.push(...checked.results);
    const modifiers = [...checked.accepted];
    const p = payer.payer;
    if (p?.waiverNeeded === 'abn' && !modifiers.some((m) => liabilityModifiers.includes(m))) {
      const m = record.coverage.abnOnFile ? 'GA' : 'GZ';
      modifiers.push(m);
      results.push({
        rule: 'liability-modifier',
        severity: 'info',
        code,
        modifier: m,
        message: `${m} added to ${code}: ${p.name} needs an advance beneficiary notice and ${record.coverage.abnOnFile ? 'one is' : 'none is'} on file`,
        source: p.source,
        confirmed: p.confirmed,
      });
    }
    if (
      claimType === 'professional' &&
      billing.facility &&
      site?.splitsProfessionalTechnical &&
      !modifiers.includes('26')
    ) {
      results.push({
        rule: 'professional-component',
        severity: 'warning',
        code,
        message: `${billing.facility.name} bills its part of ${code} on an institutional claim; at place of service ${site.placeOfService} (${site.name}) the professional claim reports the professional component (26), otherwise the service is billed twice`,
        source: site.source,
        confirmed: site.confirmed,
      });
    }
    const charge = charges.find((c) => c.code === code);
    if (!charge) {
      results.push({
        rule: 'charge',
        severity: 'warning',
        code,
        message: `no chargemaster row for ${code} on ${dos}: charge not available`,
      });
    }
    return {
      lineNumber: i + 1,
      code,
      descriptor: d.row.descriptor,
      descriptorConfirmed: d.row.confirmed,
      units,
      modifiers,
      diagnosisPointers: pointers,
      chargeUsd: charge ? Math.round(charge.chargeUsd * units * 100) / 100 : null,
      revenueCode: charge ? charge.revenueCode : null,
      dateOfService: dos,
      renderingNpi: billing.renderingProvider.npi,
      componentIds: d.componentIds,
      mueMaxUnits: mue ? mue.maxUnits : null,
      mueConfirmed: mue ? mue.confirmed : null,
    };
  });

  results.push(...checkAddOns(lines, tables));
  const related = inForce(tables.relatedCodes, dos);
  for (const other of billing.otherCodesSameDay) {
    const row = related.find((r) => r.code === other);
    if (row && lines.length > 0) {
      results.push({
        rule: 'same-day-code',
        severity: row.severity,
        code: other,
        message: row.message,
        source: row.source,
        confirmed: row.confirmed,
      });
    }
  }
  results.push(...payer.results, ...doc.results);

  const blocked = results.some((r) => r.severity === 'error') || lines.length === 0;
  if (lines.length === 0) {
    results.push({
      rule: 'lines',
      severity: 'error',
      message: 'no billable components on this case',
    });
  }
  const total = lines.every((l) => l.chargeUsd !== null)
    ? Math.round(lines.reduce((s, l) => s + (l.chargeUsd ?? 0), 0) * 100) / 100
    : null;
  return {
    caseId: record.caseId,
    status: blocked ? 'blocked' : 'coded',
    dateOfService: dos,
    claimType,
    diagnoses,
    lines,
    totalChargeUsd: total,
    missingDocumentation: doc.missing,
    payer: payer.payer,
    results,
  };
}
