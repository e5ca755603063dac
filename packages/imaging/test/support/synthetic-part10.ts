/**
 * Builds small synthetic DICOM Part 10 files in memory for unit tests of parsing and pixel
 * decoding: any of the native transfer syntaxes (implicit/explicit LE, explicit BE, deflated) or
 * encapsulated pixel data given as fragments. Not a general DICOM writer.
 */
import { deflateSync } from 'fflate';

export const TS = {
  implicitLe: '1.2.840.10008.1.2',
  explicitLe: '1.2.840.10008.1.2.1',
  deflated: '1.2.840.10008.1.2.1.99',
  explicitBe: '1.2.840.10008.1.2.2',
  rle: '1.2.840.10008.1.2.5',
  jpegBaseline: '1.2.840.10008.1.2.4.50',
  jpegExtended: '1.2.840.10008.1.2.4.51',
  jpegLossless: '1.2.840.10008.1.2.4.70',
  jpegLs: '1.2.840.10008.1.2.4.80',
  j2k: '1.2.840.10008.1.2.4.90',
  htj2k: '1.2.840.10008.1.2.4.201',
} as const;

export interface SyntheticImage {
  readonly transferSyntax: string;
  readonly rows: number;
  readonly columns: number;
  readonly bitsAllocated: number;
  readonly bitsStored: number;
  readonly highBit?: number;
  readonly pixelRepresentation: 0 | 1;
  readonly samplesPerPixel?: number;
  readonly photometric?: string;
  readonly planarConfiguration?: 0 | 1;
  readonly frames?: number;
  /** native bytes, already in the transfer syntax's byte order, or encapsulated fragments */
  readonly pixelData:
    Uint8Array | { readonly fragments: Uint8Array[]; readonly offsets?: number[] };
  /** pixel data VR for native data; default OW for > 8 bits, else OB */
  readonly pixelVr?: 'OB' | 'OW';
  /** leave out these attributes, e.g. ['Rows'] */
  readonly omit?: readonly string[];
  /** write without the 128-byte preamble and 'DICM' (group 0002 at offset 0) */
  readonly noPreamble?: boolean;
  /** write a raw dataset: no preamble, no meta header (implicit VR LE only) */
  readonly raw?: boolean;
}

/** Packs sample values into bytes of `bitsAllocated` (8, 16, 32) in the given byte order. */
export function packSamples(
  values: readonly number[],
  bitsAllocated: number,
  bigEndian = false,
): Uint8Array {
  const width = bitsAllocated / 8;
  const out = new Uint8Array(values.length * width);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => {
    if (width === 1) view.setUint8(i, v & 0xff);
    else if (width === 2) view.setUint16(2 * i, v & 0xffff, !bigEndian);
    else view.setUint32(4 * i, v >>> 0, !bigEndian);
  });
  return out;
}

const LONG_VRS = new Set(['OB', 'OW', 'OF', 'OD', 'OL', 'OV', 'SQ', 'UN', 'UT', 'UC', 'UR']);

interface El {
  readonly group: number;
  readonly element: number;
  readonly vr: string;
  readonly value: Uint8Array;
  readonly undefinedLength?: boolean;
}

/** Builds the whole file. */
export function buildPart10(img: SyntheticImage): Uint8Array {
  const bigEndian = img.transferSyntax === TS.explicitBe;
  const implicit = img.transferSyntax === TS.implicitLe;
  const omit = new Set(img.omit ?? []);
  const us = (v: number) => packSamples([v], 16, bigEndian);
  const els: El[] = [];
  const add = (keyword: string, group: number, element: number, vr: string, value: Uint8Array) => {
    if (!omit.has(keyword)) els.push({ group, element, vr, value });
  };
  add('SOPClassUID', 0x0008, 0x0016, 'UI', text('1.2.840.10008.5.1.4.1.1.7', true));
  add('Modality', 0x0008, 0x0060, 'CS', text('OT'));
  add('SamplesPerPixel', 0x0028, 0x0002, 'US', us(img.samplesPerPixel ?? 1));
  add('PhotometricInterpretation', 0x0028, 0x0004, 'CS', text(img.photometric ?? 'MONOCHROME2'));
  if (img.planarConfiguration !== undefined) {
    add('PlanarConfiguration', 0x0028, 0x0006, 'US', us(img.planarConfiguration));
  }
  if (img.frames !== undefined)
    add('NumberOfFrames', 0x0028, 0x0008, 'IS', text(String(img.frames)));
  add('Rows', 0x0028, 0x0010, 'US', us(img.rows));
  add('Columns', 0x0028, 0x0011, 'US', us(img.columns));
  add('BitsAllocated', 0x0028, 0x0100, 'US', us(img.bitsAllocated));
  add('BitsStored', 0x0028, 0x0101, 'US', us(img.bitsStored));
  add('HighBit', 0x0028, 0x0102, 'US', us(img.highBit ?? img.bitsStored - 1));
  add('PixelRepresentation', 0x0028, 0x0103, 'US', us(img.pixelRepresentation));
  if (img.pixelData instanceof Uint8Array) {
    const vr = img.pixelVr ?? (img.bitsAllocated > 8 ? 'OW' : 'OB');
    add('PixelData', 0x7fe0, 0x0010, vr, padEven(img.pixelData));
  } else {
    els.push({
      group: 0x7fe0,
      element: 0x0010,
      vr: 'OB',
      value: encapsulate(img.pixelData.fragments, img.pixelData.offsets ?? []),
      undefinedLength: true,
    });
  }

  let dataset = concat(els.map((e) => encodeElement(e, implicit, bigEndian)));
  if (img.raw) return dataset;
  if (img.transferSyntax === TS.deflated) dataset = deflateSync(dataset);
  const meta = buildMeta(img.transferSyntax);
  const head = img.noPreamble ? new Uint8Array(0) : preamble();
  return concat([head, meta, dataset]);
}

function buildMeta(transferSyntax: string): Uint8Array {
  const body = concat([
    encodeElement({ group: 2, element: 1, vr: 'OB', value: new Uint8Array([0, 1]) }, false, false),
    encodeElement(
      { group: 2, element: 2, vr: 'UI', value: text('1.2.840.10008.5.1.4.1.1.7', true) },
      false,
      false,
    ),
    encodeElement({ group: 2, element: 3, vr: 'UI', value: text('1.2.3.4.5', true) }, false, false),
    encodeElement(
      { group: 2, element: 0x10, vr: 'UI', value: text(transferSyntax, true) },
      false,
      false,
    ),
  ]);
  const length = encodeElement(
    { group: 2, element: 0, vr: 'UL', value: packSamples([body.length], 32) },
    false,
    false,
  );
  return concat([length, body]);
}

function preamble(): Uint8Array {
  const p = new Uint8Array(132);
  p.set([0x44, 0x49, 0x43, 0x4d], 128);
  return p;
}

function encodeElement(e: El, implicit: boolean, bigEndian: boolean): Uint8Array {
  const le = !bigEndian;
  const length = e.undefinedLength ? 0xffffffff : e.value.length;
  let header: Uint8Array;
  if (implicit) {
    header = new Uint8Array(8);
    const v = new DataView(header.buffer);
    v.setUint16(0, e.group, true);
    v.setUint16(2, e.element, true);
    v.setUint32(4, length, true);
  } else if (LONG_VRS.has(e.vr)) {
    header = new Uint8Array(12);
    const v = new DataView(header.buffer);
    v.setUint16(0, e.group, le);
    v.setUint16(2, e.element, le);
    header[4] = e.vr.charCodeAt(0);
    header[5] = e.vr.charCodeAt(1);
    v.setUint32(8, length, le);
  } else {
    header = new Uint8Array(8);
    const v = new DataView(header.buffer);
    v.setUint16(0, e.group, le);
    v.setUint16(2, e.element, le);
    header[4] = e.vr.charCodeAt(0);
    header[5] = e.vr.charCodeAt(1);
    v.setUint16(6, length, le);
  }
  return concat([header, e.value]);
}

/** Encapsulated value (PS3.5 A.4): BOT item, one item per fragment, sequence delimiter. */
function encapsulate(fragments: readonly Uint8Array[], offsets: readonly number[]): Uint8Array {
  const item = (payload: Uint8Array) => {
    const h = new Uint8Array(8);
    const v = new DataView(h.buffer);
    v.setUint16(0, 0xfffe, true);
    v.setUint16(2, 0xe000, true);
    v.setUint32(4, payload.length, true);
    return concat([h, payload]);
  };
  const delimiter = new Uint8Array([0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0]);
  return concat([
    item(packSamples(offsets as number[], 32)),
    ...fragments.map((f) => item(padEven(f))),
    delimiter,
  ]);
}

function text(s: string, uid = false): Uint8Array {
  const bytes = new TextEncoder().encode(s);
  if (bytes.length % 2 === 0) return bytes;
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  out[bytes.length] = uid ? 0 : 0x20;
  return out;
}

function padEven(b: Uint8Array): Uint8Array {
  if (b.length % 2 === 0) return b;
  const out = new Uint8Array(b.length + 1);
  out.set(b);
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
