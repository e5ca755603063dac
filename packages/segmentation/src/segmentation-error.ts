/** Codes of every error the segmentation package throws. */
export type SegmentationErrorCode =
  | 'INVALID_OPTION'
  | 'GRID_MISMATCH'
  | 'SEED_OUTSIDE'
  | 'UNKNOWN_PRESET'
  | 'UNKNOWN_SEGMENT'
  | 'TOO_MANY_LABELS'
  | 'EMPTY_INPUT';

/** The one error type of the segmentation package; `code` is stable, the message is for people. */
export class SegmentationError extends Error {
  override readonly name = 'SegmentationError';
  readonly code: SegmentationErrorCode;
  constructor(code: SegmentationErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, { cause: options?.cause });
    this.code = code;
  }
}
