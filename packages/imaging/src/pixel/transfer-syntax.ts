/**
 * How a transfer syntax stores pixel data (PS3.5 Section 10 and Annex A), as far as decoding
 * is concerned. `native` syntaxes keep raw values in (7FE0,0010); the others encapsulate one
 * compressed bit stream per frame in fragments (PS3.5 A.4).
 */
export type PixelEncoding =
  | { readonly kind: 'native'; readonly bigEndian: boolean }
  | {
      readonly kind: 'encapsulated';
      readonly codec:
        | 'rle'
        | 'jpeg-baseline'
        | 'jpeg-extended'
        | 'jpeg-lossless'
        | 'jpeg-ls'
        | 'jpeg-2000'
        | 'htj2k';
    };

const ENCODINGS: ReadonlyMap<string, PixelEncoding> = new Map<string, PixelEncoding>([
  ['1.2.840.10008.1.2', { kind: 'native', bigEndian: false }], // Implicit VR LE
  ['1.2.840.10008.1.2.1', { kind: 'native', bigEndian: false }], // Explicit VR LE
  ['1.2.840.10008.1.2.1.99', { kind: 'native', bigEndian: false }], // Deflated Explicit VR LE
  ['1.2.840.10008.1.2.2', { kind: 'native', bigEndian: true }], // Explicit VR BE (retired)
  ['1.2.840.10008.1.2.5', { kind: 'encapsulated', codec: 'rle' }], // RLE Lossless
  ['1.2.840.10008.1.2.4.50', { kind: 'encapsulated', codec: 'jpeg-baseline' }], // process 1
  ['1.2.840.10008.1.2.4.51', { kind: 'encapsulated', codec: 'jpeg-extended' }], // process 2, 4
  ['1.2.840.10008.1.2.4.57', { kind: 'encapsulated', codec: 'jpeg-lossless' }], // process 14
  ['1.2.840.10008.1.2.4.70', { kind: 'encapsulated', codec: 'jpeg-lossless' }], // process 14 SV1
  ['1.2.840.10008.1.2.4.80', { kind: 'encapsulated', codec: 'jpeg-ls' }], // JPEG-LS lossless
  ['1.2.840.10008.1.2.4.81', { kind: 'encapsulated', codec: 'jpeg-ls' }], // JPEG-LS near-lossless
  ['1.2.840.10008.1.2.4.90', { kind: 'encapsulated', codec: 'jpeg-2000' }], // J2K lossless only
  ['1.2.840.10008.1.2.4.91', { kind: 'encapsulated', codec: 'jpeg-2000' }], // J2K
  ['1.2.840.10008.1.2.4.201', { kind: 'encapsulated', codec: 'htj2k' }], // HTJ2K lossless
  ['1.2.840.10008.1.2.4.202', { kind: 'encapsulated', codec: 'htj2k' }], // HTJ2K lossless RPCL
  ['1.2.840.10008.1.2.4.203', { kind: 'encapsulated', codec: 'htj2k' }], // HTJ2K
]);

/**
 * The pixel encoding of a transfer syntax UID, or undefined when Anatomodel cannot decode it
 * (e.g. MPEG/HEVC video, JPIP, JPEG-XL). Trailing NUL/space padding is ignored.
 */
export function pixelEncodingOf(transferSyntaxUid: string): PixelEncoding | undefined {
  return ENCODINGS.get(transferSyntaxUid.replace(/[\0\s]+$/, ''));
}
