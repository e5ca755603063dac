/** Codes of every error the imaging package throws. */
export type ImagingErrorCode =
  | 'NOT_DICOM'
  | 'TRUNCATED'
  | 'CORRUPT'
  | 'UNSUPPORTED_TRANSFER_SYNTAX'
  | 'UNSUPPORTED_PIXEL_FORMAT'
  | 'DECODE_FAILED'
  | 'MISSING_ATTRIBUTE'
  | 'MISSING_SLICES'
  | 'NON_UNIFORM_SPACING'
  | 'MIXED_SERIES'
  | 'INCONSISTENT_GEOMETRY'
  | 'NO_SERIES'
  | 'SERIES_NOT_FOUND'
  | 'NIFTI_INVALID'
  | 'IO_ERROR';

/**
 * The one error type of the imaging package. `file` names the offending input (a path, a zip
 * entry, or the caller's label for an in-memory buffer) whenever one file is to blame.
 */
export class ImagingError extends Error {
  override readonly name = 'ImagingError';
  readonly code: ImagingErrorCode;
  readonly file?: string;
  constructor(
    code: ImagingErrorCode,
    message: string,
    options?: { file?: string; cause?: unknown },
  ) {
    super(options?.file ? `${message} (${options.file})` : message, { cause: options?.cause });
    this.code = code;
    this.file = options?.file;
  }
}
