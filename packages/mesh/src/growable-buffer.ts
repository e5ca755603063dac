/**
 * Append-only typed-array buffers that double their capacity, for kernels whose output size is
 * unknown up front (vertex and triangle lists). `view()` returns an exact-length copy.
 */
export class GrowableFloat32 {
  data: Float32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Float32Array(Math.max(16, capacity));
  }
  /** Makes room for `n` more values. */
  reserve(n: number): void {
    if (this.length + n <= this.data.length) return;
    let cap = this.data.length * 2;
    while (cap < this.length + n) cap *= 2;
    const grown = new Float32Array(cap);
    grown.set(this.data.subarray(0, this.length));
    this.data = grown;
  }
  /** Exact-length copy of the contents. */
  view(): Float32Array {
    return this.data.slice(0, this.length);
  }
}

/** Uint32 counterpart of GrowableFloat32. */
export class GrowableUint32 {
  data: Uint32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Uint32Array(Math.max(16, capacity));
  }
  /** Makes room for `n` more values. */
  reserve(n: number): void {
    if (this.length + n <= this.data.length) return;
    let cap = this.data.length * 2;
    while (cap < this.length + n) cap *= 2;
    const grown = new Uint32Array(cap);
    grown.set(this.data.subarray(0, this.length));
    this.data = grown;
  }
  /** Exact-length copy of the contents. */
  view(): Uint32Array {
    return this.data.slice(0, this.length);
  }
}
