/**
 * A DICOM UID under the "2.25" root (PS3.5 B.2: a UUID-derived OID; the decimal of a 128-bit
 * integer, at most 44 characters). With `seed`, the UID is a deterministic 128-bit hash of it
 * (so test fixtures are reproducible); without, it comes from crypto.getRandomValues.
 * The hash is a non-cryptographic 4x32-bit mixer: fine for uniqueness of fixtures, not secrets.
 */
export function makeUid(seed?: string): string {
  const lanes = seed === undefined ? randomLanes() : hashLanes(seed);
  let v = 0n;
  for (const lane of lanes) v = (v << 32n) | BigInt(lane >>> 0);
  return `2.25.${v.toString(10)}`;
}

function randomLanes(): Uint32Array {
  return globalThis.crypto.getRandomValues(new Uint32Array(4));
}

/** cyrb128 (public domain): four independently mixed 32-bit lanes over the UTF-16 code units. */
function hashLanes(s: string): Uint32Array {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < s.length; i++) {
    const k = s.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return Uint32Array.of(h1, h2, h3, h4);
}
