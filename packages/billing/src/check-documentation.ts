import type { CaseRecord } from './case-record.ts';
import type { RuleResult } from './coding-result.ts';
import { isValidNpi } from './is-valid-npi.ts';

/** Documentation items the medical-necessity check requires, in report order. */
export const documentationItems = [
  'indication (ICD-10-CM)',
  'ordering physician NPI',
  'intended use',
  'source imaging study',
  'component list',
  'appropriateness rating',
  'surgeon sign-off',
  'effort log',
] as const;
export type DocumentationItem = (typeof documentationItems)[number];

/**
 * Medical-necessity documentation check. Every missing item is an error result (it blocks
 * "coded") and is listed in `missing`. A rating of 1-3 ("rarely appropriate") is a warning.
 * Pure.
 */
export function checkDocumentation(record: CaseRecord): {
  readonly missing: DocumentationItem[];
  readonly results: RuleResult[];
} {
  const { order } = record;
  const present: Record<DocumentationItem, boolean> = {
    'indication (ICD-10-CM)': order.indications.length > 0,
    'ordering physician NPI':
      order.orderingPhysician !== undefined && isValidNpi(order.orderingPhysician.npi),
    'intended use': order.intendedUse !== undefined,
    'source imaging study': order.sourceImaging.length > 0,
    'component list': record.components.length > 0,
    'appropriateness rating': order.appropriateness !== undefined,
    'surgeon sign-off': record.review !== undefined,
    'effort log': record.effort.some((e) => e.minutes !== null),
  };
  const missing = documentationItems.filter((item) => !present[item]);
  const results: RuleResult[] = missing.map((item) => ({
    rule: 'documentation',
    severity: 'error',
    message: `missing documentation: ${item}${
      item === 'ordering physician NPI' && order.orderingPhysician
        ? ` (NPI ${order.orderingPhysician.npi} fails the check digit)`
        : ''
    }`,
  }));
  const rating = order.appropriateness;
  if (rating && 'rating' in rating && rating.rating <= 3) {
    results.push({
      rule: 'appropriateness',
      severity: 'warning',
      message: `appropriateness rating ${rating.rating} for "${rating.scenario}" is in the rarely-appropriate range (1-3): expect medical-necessity review`,
      source: rating.source,
    });
  }
  return { missing, results };
}
