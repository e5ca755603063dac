/** Value representations the writer emits. */
export type WriterVr =
  'AE' | 'CS' | 'DA' | 'DS' | 'IS' | 'LO' | 'PN' | 'SH' | 'TM' | 'UI' | 'US' | 'UL' | 'OB' | 'OW';

/** One data element to write: tag as (group << 16) | element, and its value. */
export type WriterElement =
  | {
      readonly tag: number;
      readonly vr: 'AE' | 'CS' | 'DA' | 'DS' | 'IS' | 'LO' | 'PN' | 'SH' | 'TM' | 'UI';
      readonly value: string;
    }
  | { readonly tag: number; readonly vr: 'US' | 'UL'; readonly value: readonly number[] }
  | { readonly tag: number; readonly vr: 'OB'; readonly value: Uint8Array }
  | { readonly tag: number; readonly vr: 'OW'; readonly value: Int16Array | Uint16Array };

/** Transfer syntaxes the writer supports (uncompressed). */
export type WriterSyntax = 'explicit-le' | 'implicit-le' | 'explicit-be';

/** Transfer Syntax UIDs (PS3.5 A.1, A.2; Explicit VR Big Endian is retired but still met). */
export const TRANSFER_SYNTAX_UID: Readonly<Record<WriterSyntax, string>> = {
  'implicit-le': '1.2.840.10008.1.2',
  'explicit-le': '1.2.840.10008.1.2.1',
  'explicit-be': '1.2.840.10008.1.2.2',
};

/** VRs with a 2-byte reserved field and a 32-bit length in explicit VR (PS3.5 7.1.2). */
const LONG_VR = new Set<WriterVr>(['OB', 'OW']);

const utf8 = new TextEncoder();

/**
 * Encodes a DICOM Part 10 file (PS3.10 7.1): 128-byte zero preamble, "DICM", the File Meta
 * group in Explicit VR Little Endian with its group length (0002,0000) computed here, then the
 * data set in `syntax`. Elements are sorted by tag; text values are padded to even length
 * (UI with NUL, others with space). The buffer is sized up front and written through one
 * DataView. Text is encoded as UTF-8: callers set SpecificCharacterSet (0008,0005) when a
 * value is not ASCII.
 * @param meta group 0002 elements, without (0002,0000)
 */
export function encodePart10(
  meta: readonly WriterElement[],
  dataset: readonly WriterElement[],
  syntax: WriterSyntax,
): Uint8Array {
  const metaSorted = [...meta].sort((a, b) => a.tag - b.tag);
  const dataSorted = [...dataset].sort((a, b) => a.tag - b.tag);
  const metaBody = metaSorted.map((e) => prepare(e));
  const dataBody = dataSorted.map((e) => prepare(e));
  const metaLength = metaBody.reduce((s, e) => s + encodedLength(e, 'explicit-le'), 0);
  const groupLengthElement = prepare({ tag: 0x00020000, vr: 'UL', value: [metaLength] });
  const total =
    132 +
    encodedLength(groupLengthElement, 'explicit-le') +
    metaLength +
    dataBody.reduce((s, e) => s + encodedLength(e, syntax), 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set([0x44, 0x49, 0x43, 0x4d], 128); // "DICM"
  let at = 132;
  at = write(view, out, at, groupLengthElement, 'explicit-le');
  for (const e of metaBody) at = write(view, out, at, e, 'explicit-le');
  for (const e of dataBody) at = write(view, out, at, e, syntax);
  return out;
}

interface Prepared {
  readonly tag: number;
  readonly vr: WriterVr;
  /** value bytes length, even */
  readonly length: number;
  readonly element: WriterElement;
  /** encoded text, padded */
  readonly text?: Uint8Array;
}

function prepare(e: WriterElement): Prepared {
  switch (e.vr) {
    case 'US':
      return { tag: e.tag, vr: e.vr, length: 2 * e.value.length, element: e };
    case 'UL':
      return { tag: e.tag, vr: e.vr, length: 4 * e.value.length, element: e };
    case 'OB':
      return { tag: e.tag, vr: e.vr, length: e.value.length + (e.value.length & 1), element: e };
    case 'OW':
      return { tag: e.tag, vr: e.vr, length: e.value.byteLength, element: e };
    default: {
      const raw = utf8.encode(e.value);
      const text = new Uint8Array(raw.length + (raw.length & 1));
      text.set(raw);
      if (raw.length & 1) text[raw.length] = e.vr === 'UI' ? 0 : 0x20;
      return { tag: e.tag, vr: e.vr, length: text.length, element: e, text };
    }
  }
}

function encodedLength(p: Prepared, syntax: WriterSyntax): number {
  if (syntax === 'implicit-le') return 8 + p.length;
  return (LONG_VR.has(p.vr) ? 12 : 8) + p.length;
}

function write(
  view: DataView,
  out: Uint8Array,
  at: number,
  p: Prepared,
  syntax: WriterSyntax,
): number {
  const le = syntax !== 'explicit-be';
  view.setUint16(at, p.tag >>> 16, le);
  view.setUint16(at + 2, p.tag & 0xffff, le);
  at += 4;
  if (syntax === 'implicit-le') {
    view.setUint32(at, p.length, true);
    at += 4;
  } else {
    out[at] = p.vr.charCodeAt(0);
    out[at + 1] = p.vr.charCodeAt(1);
    if (LONG_VR.has(p.vr)) {
      view.setUint32(at + 4, p.length, le);
      at += 8;
    } else {
      if (p.length > 0xffff)
        throw new RangeError(`value of (${p.tag.toString(16)}) too long for ${p.vr}`);
      view.setUint16(at + 2, p.length, le);
      at += 4;
    }
  }
  const e = p.element;
  if (p.text) {
    out.set(p.text, at);
  } else if (e.vr === 'US') {
    e.value.forEach((v, i) => view.setUint16(at + 2 * i, v, le));
  } else if (e.vr === 'UL') {
    e.value.forEach((v, i) => view.setUint32(at + 4 * i, v, le));
  } else if (e.vr === 'OB') {
    out.set(e.value, at);
  } else if (e.vr === 'OW') {
    const words = e.value;
    for (let i = 0; i < words.length; i++) view.setUint16(at + 2 * i, words[i] & 0xffff, le);
  }
  return at + p.length;
}
