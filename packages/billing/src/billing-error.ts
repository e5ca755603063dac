/** Error codes of the billing package. */
export type BillingErrorCode =
  | 'INVALID_CASE'
  | 'INVALID_TABLES'
  | 'TABLE_OVERLAP'
  | 'NOT_CODED'
  | 'NO_CHARGE'
  | 'WRONG_CLAIM_TYPE'
  | 'UNKNOWN_PAYER'
  | 'INVALID_OPTIONS';

/**
 * The one error class of `@anatomodel/billing`. Expected findings (rule results, missing
 * documentation) are returned as data; this is thrown only for input that cannot be processed.
 */
export class BillingError extends Error {
  readonly code: BillingErrorCode;
  /** Human-readable details, e.g. one line per zod issue. */
  readonly details: readonly string[];
  constructor(
    code: BillingErrorCode,
    message: string,
    options?: { cause?: unknown; details?: readonly string[] },
  ) {
    super(message, { cause: options?.cause });
    this.name = 'BillingError';
    this.code = code;
    this.details = options?.details ?? [];
  }
}
