/** A table row with an effective date range (effectiveTo exclusive, null = open-ended). */
export interface EffectiveDated {
  readonly effectiveFrom: string;
  readonly effectiveTo: string | null;
}

/**
 * Rows in force on `date` (YYYY-MM-DD): effectiveFrom <= date < effectiveTo. ISO dates compare
 * correctly as strings. Pure; keeps the input order.
 */
export function inForce<T extends EffectiveDated>(rows: readonly T[], date: string): T[] {
  return rows.filter(
    (r) => r.effectiveFrom <= date && (r.effectiveTo === null || date < r.effectiveTo),
  );
}
