import type { BillingTables, ModifierRow } from './billing-tables.ts';
import type { ModifierRequest } from './case-record.ts';
import type { RuleResult } from './coding-result.ts';
import { inForce } from './in-force.ts';

/** Facts of the claim the modifier rules depend on. */
export interface ModifierContext {
  readonly claimType: 'professional' | 'institutional';
  /** CMS place of service, two digits. */
  readonly placeOfService: string;
  /** YYYY-MM-DD; selects the table rows in force. */
  readonly dateOfService: string;
  /** Medicare advance beneficiary notice on file. */
  readonly abnOnFile: boolean;
  /** Total logged effort of the case, minutes; null = not recorded. */
  readonly effortMinutes: number | null;
  /** The lab's typical effort per case, minutes; null = not recorded. */
  readonly typicalEffortMinutes: number | null;
}

/** X12 SV101-3..6 / SV202-3..6 hold at most four modifiers per line. */
export const maxModifiersPerLine = 4;

/**
 * Checks the modifiers requested for one line against the modifiers table and the claim's
 * facts. Returns the accepted modifiers (request order) and one result per problem; a modifier
 * with any error is not accepted, and both members of a conflicting pair are rejected. Pure.
 */
export function checkModifiers(
  code: string,
  requests: readonly ModifierRequest[],
  context: ModifierContext,
  tables: BillingTables,
): { readonly accepted: string[]; readonly results: RuleResult[] } {
  const results: RuleResult[] = [];
  const rejected = new Set<string>();
  const rows = inForce(tables.modifiers, context.dateOfService);
  const rowOf = new Map<string, ModifierRow>(rows.map((r) => [r.modifier, r]));
  const error = (modifier: string, rule: string, message: string, row?: ModifierRow) => {
    rejected.add(modifier);
    results.push({
      rule,
      severity: 'error',
      code,
      modifier,
      message,
      ...(row ? { source: row.source, confirmed: row.confirmed } : {}),
    });
  };

  const seen = new Set<string>();
  for (const req of requests) {
    const m = req.modifier;
    if (seen.has(m)) {
      error(m, 'modifier-duplicate', `modifier ${m} requested twice on ${code}`);
      continue;
    }
    seen.add(m);
    const row = rowOf.get(m);
    if (!row) {
      error(
        m,
        'modifier-unknown',
        `modifier ${m} is not in the modifiers table on ${context.dateOfService}: not available for ${code}`,
      );
      continue;
    }
    if (!row.applies || row.requirement === 'not-applicable') {
      error(m, 'modifier-not-applicable', `modifier ${m} refused on ${code}: ${row.why}`, row);
      continue;
    }
    if (!row.claimTypes.includes(context.claimType)) {
      error(
        m,
        'modifier-claim-type',
        `modifier ${m} is never reported on a ${context.claimType} claim: ${row.why}`,
        row,
      );
      continue;
    }
    const reason = req.reason?.trim() ?? '';
    switch (row.requirement) {
      case 'increased-effort': {
        const { effortMinutes: logged, typicalEffortMinutes: typical } = context;
        if (reason === '') {
          error(m, 'modifier-requirement', `modifier ${m} needs a written reason: ${row.why}`, row);
        } else if (logged === null || typical === null) {
          error(
            m,
            'modifier-requirement',
            `modifier ${m} needs logged effort and the lab's typical effort (${logged === null ? 'effort not recorded' : "lab's typical not recorded"}): ${row.why}`,
            row,
          );
        } else if (logged <= typical) {
          error(
            m,
            'modifier-requirement',
            `modifier ${m} refused: logged effort ${logged} min is not above the lab's typical ${typical} min`,
            row,
          );
        }
        break;
      }
      case 'professional-technical-split': {
        const site = inForce(tables.sitesOfService, context.dateOfService).find(
          (s) => s.placeOfService === context.placeOfService,
        );
        if (!site || !site.splitsProfessionalTechnical) {
          error(
            m,
            'modifier-requirement',
            `modifier ${m} refused: place of service ${context.placeOfService} ${site ? `(${site.name}) does not split` : 'is not in the sites table, so a split is not available'} professional and technical components`,
            row,
          );
        }
        break;
      }
      case 'documented-reason':
        if (reason === '') {
          error(m, 'modifier-requirement', `modifier ${m} needs a written reason: ${row.why}`, row);
        }
        break;
      case 'abn-on-file':
        if (!context.abnOnFile) {
          error(
            m,
            'modifier-requirement',
            `modifier ${m} refused: no advance beneficiary notice on file (use GZ)`,
            row,
          );
        }
        break;
      case 'no-abn':
        if (context.abnOnFile) {
          error(
            m,
            'modifier-requirement',
            `modifier ${m} refused: an advance beneficiary notice is on file (use GA)`,
            row,
          );
        }
        break;
      case 'none':
        break;
    }
  }

  // Pairwise conflicts among the distinct requested modifiers that are in the table.
  const present = [...seen].filter((m) => rowOf.has(m));
  for (let i = 0; i < present.length; i++) {
    for (let j = i + 1; j < present.length; j++) {
      const a = rowOf.get(present[i])!;
      const b = rowOf.get(present[j])!;
      if (a.conflictsWith.includes(b.modifier) || b.conflictsWith.includes(a.modifier)) {
        rejected.add(a.modifier);
        rejected.add(b.modifier);
        results.push({
          rule: 'modifier-conflict',
          severity: 'error',
          code,
          modifier: `${a.modifier}+${b.modifier}`,
          message: `modifiers ${a.modifier} and ${b.modifier} may not be reported together on ${code}: ${a.conflictsWith.includes(b.modifier) ? a.why : b.why}`,
          source: a.source,
          confirmed: a.confirmed && b.confirmed,
        });
      }
    }
  }

  const accepted = [...seen].filter((m) => !rejected.has(m));
  if (accepted.length > maxModifiersPerLine) {
    results.push({
      rule: 'modifier-count',
      severity: 'error',
      code,
      message: `${accepted.length} modifiers on ${code}; a claim line holds at most ${maxModifiersPerLine}`,
    });
    return { accepted: accepted.slice(0, maxModifiersPerLine), results };
  }
  return { accepted, results };
}
