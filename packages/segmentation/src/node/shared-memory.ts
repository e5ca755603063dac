/** Whether worker threads can use `array` in place: its buffer is a SharedArrayBuffer. */
export function isOnSharedMemory(array: ArrayBufferView): boolean {
  return array.buffer instanceof SharedArrayBuffer;
}

/**
 * The array itself when it spans a whole SharedArrayBuffer, else a copy on a new one (what
 * worker pools read in place: SegmentationPool, MeshWorkerPool).
 */
export function shared<T extends Uint8Array | Uint16Array | Int16Array | Float32Array>(a: T): T {
  if (
    a.buffer instanceof SharedArrayBuffer &&
    a.byteOffset === 0 &&
    a.byteLength === a.buffer.byteLength
  )
    return a;
  const copy = new (a.constructor as new (b: SharedArrayBuffer) => T)(
    new SharedArrayBuffer(a.byteLength),
  );
  copy.set(a);
  return copy;
}
