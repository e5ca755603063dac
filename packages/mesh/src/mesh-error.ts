/** Codes of every error the mesh package throws. */
export type MeshErrorCode =
  | 'INVALID_OPTIONS'
  | 'EMPTY_INPUT'
  | 'INVALID_MESH'
  | 'TOO_LARGE'
  | 'NOT_MANIFOLD'
  | 'WASM_FAILED'
  | 'WORKER_FAILED';

/** The one error type of the mesh package. */
export class MeshError extends Error {
  override readonly name = 'MeshError';
  readonly code: MeshErrorCode;
  constructor(code: MeshErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, { cause: options?.cause });
    this.code = code;
  }
}
