/**
 * A function allocating zeroed buffers of n bytes: SharedArrayBuffers when `shared` (arrays a
 * worker pool reads in place), ArrayBuffers otherwise.
 */
export function bufferAllocator(shared: boolean): (n: number) => ArrayBuffer | SharedArrayBuffer {
  return shared ? (n) => new SharedArrayBuffer(n) : (n) => new ArrayBuffer(n);
}
