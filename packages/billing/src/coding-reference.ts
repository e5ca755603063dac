import type { BillingTables } from './billing-tables.ts';
import { BillingError } from './billing-error.ts';
import { inForce } from './in-force.ts';

const NA = 'not available';
const flag = (confirmed: boolean) => (confirmed ? '' : ' [unconfirmed]');

/**
 * The coder's reference for 0559T-0562T on `date` (YYYY-MM-DD), as text, from the same tables
 * the rules use: descriptors and units, add-on pairs, MUE limits in force that day, modifiers
 * that apply (and those refused, with why), each payer's position with its source (or only
 * `payerId`), typical sites of service. Unconfirmed facts carry "[unconfirmed]"; unknown facts
 * say "not available". Throws BillingError `UNKNOWN_PAYER` for a payer not in force on `date`.
 * Pure.
 */
export function codingReference(
  tables: BillingTables,
  options: { readonly date: string; readonly payerId?: string },
): string {
  const { date } = options;
  const out: string[] = [`Coding reference for 3D printed anatomic models and guides, ${date}`, ''];
  const codes = inForce(tables.codes, date);
  const mues = inForce(tables.mue, date);
  out.push('Codes');
  if (codes.length === 0) out.push(`  no codes in force on ${date}: not available`);
  for (const c of codes) {
    const mue = mues.find((m) => m.code === c.code);
    out.push(`  ${c.code}${c.addOnTo ? ` (add-on to ${c.addOnTo})` : ''}${flag(c.confirmed)}`);
    out.push(`    ${c.descriptor}`);
    out.push(`    unit: ${c.unitOfService}`);
    out.push(`    MUE on ${date}: ${mue ? `${mue.maxUnits} unit(s)${flag(mue.confirmed)}` : NA}`);
    out.push(`    source: ${c.source}`);
  }
  out.push('', 'Add-on pairs');
  for (const c of codes.filter((x) => x.addOnTo)) {
    out.push(
      `  ${c.addOnTo} + ${c.code}: add-on only with its primary on the same claim, date of service and rendering provider`,
    );
  }
  out.push('', 'Modifiers');
  for (const m of inForce(tables.modifiers, date)) {
    out.push(
      `  ${m.modifier} ${m.description}: ${m.applies ? 'applies' : 'refused'}${flag(m.confirmed)}${m.conflictsWith.length ? `; not with ${m.conflictsWith.join(', ')}` : ''}`,
    );
    out.push(`    ${m.why}`);
  }
  out.push('', 'Payers');
  const payers = inForce(tables.payers, date).filter(
    (p) => options.payerId === undefined || p.payerId === options.payerId,
  );
  if (options.payerId !== undefined && payers.length === 0) {
    throw new BillingError(
      'UNKNOWN_PAYER',
      `payer "${options.payerId}" is not in the payers table on ${date}`,
    );
  }
  for (const p of payers) {
    out.push(`  ${p.name} (${p.payerId})${flag(p.confirmed)}`);
    out.push(
      `    policy: ${p.policyId ?? NA}; title: ${p.title ?? NA}; date: ${p.policyDate ?? NA}`,
    );
    out.push(`    position: ${p.position}; expected coverage: ${p.expectedCoverage}`);
    out.push(
      `    patient notice: ${p.waiver === 'abn' ? 'advance beneficiary notice (ABN)' : p.waiver}`,
    );
    out.push(
      `    documentation reviewed: ${p.documentationReviewed.length ? p.documentationReviewed.join('; ') : NA}`,
    );
    out.push(`    source: ${p.source}; link: ${p.sourceUrl ?? NA}`);
  }
  out.push('', 'Typical sites of service');
  for (const s of inForce(tables.sitesOfService, date)) {
    out.push(
      `  POS ${s.placeOfService} ${s.name}: ${s.claimType} claim; 26/TC split: ${s.splitsProfessionalTechnical ? 'yes' : 'no'}${flag(s.confirmed)}`,
    );
    out.push(`    ${s.note}`);
  }
  out.push('', 'Same-day codes');
  for (const r of inForce(tables.relatedCodes, date)) {
    out.push(`  ${r.code} (${r.severity})${flag(r.confirmed)}: ${r.message}`);
  }
  return out.join('\n') + '\n';
}
