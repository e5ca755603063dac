/**
 * Approximate min-priority queue of edge-collapse candidates for the decimator: a bucket
 * queue keyed by the float's exponent and top three mantissa bits (eight buckets per octave,
 * so entries of one bucket differ by under 9 % in error and pop in LIFO order). Push and pop
 * are O(1) (the lowest non-empty bucket only moves up between pushes below it), and a pop
 * touches one entry instead of sifting through a binary heap: the decimator is bound by
 * memory traffic and pops about nine stale entries per collapse.
 * Entries live in one interleaved Float64Array (key mm², vertex pair u·2²⁶ + v, push serial,
 * next link) with a free list, so no object per entry. A class because it owns growing buffers.
 */
export class EdgeQueue {
  /** vertex indices must stay below this (two are packed into one double) */
  static readonly MAX_VERTICES = 2 ** 26;
  private static readonly BUCKETS = 1 << 15;
  size = 0;
  /** of the entry last popped */
  key = 0;
  u = 0;
  v = 0;
  serial = 0;
  private d: Float64Array;
  private used = 0;
  private free = -1;
  private lowest: number;
  private readonly heads = new Int32Array(EdgeQueue.BUCKETS).fill(-1);
  private readonly f64 = new Float64Array(1);
  private readonly u32 = new Uint32Array(this.f64.buffer);

  constructor(capacity: number) {
    this.d = new Float64Array(4 * Math.max(4, capacity));
    this.lowest = EdgeQueue.BUCKETS;
  }

  /** Bucket of a non-negative key: sign-less exponent and three mantissa bits (monotone). */
  bucket(key: number): number {
    this.f64[0] = key;
    return this.u32[1] >>> 17; // little-endian high word; bit 31 (sign) is 0
  }

  push(key: number, u: number, v: number, serial: number): void {
    let slot = this.free;
    if (slot >= 0) this.free = this.d[4 * slot + 3];
    else {
      if (4 * this.used === this.d.length) {
        const grown = new Float64Array(2 * this.d.length);
        grown.set(this.d);
        this.d = grown;
      }
      slot = this.used++;
    }
    const b = this.bucket(key);
    const o = 4 * slot;
    const D = this.d;
    D[o] = key;
    D[o + 1] = u * EdgeQueue.MAX_VERTICES + v;
    D[o + 2] = serial;
    D[o + 3] = this.heads[b];
    this.heads[b] = slot;
    if (b < this.lowest) this.lowest = b;
    this.size++;
  }

  /** Pops an entry of the lowest bucket into key/u/v/serial; false when empty. */
  pop(): boolean {
    if (this.size === 0) return false;
    const heads = this.heads;
    let b = this.lowest;
    while (heads[b] < 0) b++;
    this.lowest = b;
    const slot = heads[b];
    const o = 4 * slot;
    const D = this.d;
    heads[b] = D[o + 3];
    this.key = D[o];
    const uv = D[o + 1];
    this.u = Math.floor(uv / EdgeQueue.MAX_VERTICES);
    this.v = uv - this.u * EdgeQueue.MAX_VERTICES;
    this.serial = D[o + 2];
    D[o + 3] = this.free;
    this.free = slot;
    this.size--;
    return true;
  }
}
