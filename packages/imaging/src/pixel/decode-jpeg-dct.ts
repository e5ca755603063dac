import { ImagingError } from '../imaging-error.ts';

/** A decoded sequential-DCT JPEG image: one component, samples 0..2^precision - 1, row-major. */
export interface DctImage {
  readonly width: number;
  readonly height: number;
  /** sample precision P of the frame header: 8 or 12 */
  readonly precision: number;
  readonly samples: Uint16Array;
}

/** Natural (row-major) index of the k-th coefficient in zig-zag order (ITU T.81 Figure A.6). */
const ZIGZAG = Uint8Array.from([
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20,
  13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52,
  45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
]);

interface HuffmanTable {
  readonly maxcode: Int32Array; // by code length 1..16, -1 when no code of that length
  readonly valptr: Int32Array;
  readonly mincode: Int32Array;
  readonly values: Uint8Array;
}

/**
 * Decodes a single-component sequential DCT JPEG with Huffman coding: baseline (SOF0) and
 * extended (SOF1) processes 1, 2 and 4 of ITU T.81, 8- or 12-bit precision, with restart
 * intervals. This is the 12-bit path of DICOM JPEG Extended (1.2.840.10008.1.2.4.51).
 *
 * The inverse DCT is a port of IJG libjpeg 6b's `jpeg_idct_islow` (jidctint.c) including its
 * range-limit table, so output is bit-identical to IJG-based decoders (GDCM, DCMTK) on valid
 * streams. Unlike libjpeg it does not guess on damaged data: a bad Huffman code, an unexpected
 * marker inside the entropy-coded data or a missing restart marker ends decoding with an error.
 * Every loop is bounded by the number of blocks and the stream length.
 *
 * Not supported (UNSUPPORTED_TRANSFER_SYNTAX): progressive, lossless, hierarchical or arithmetic
 * processes, more than one component, DNL-defined height.
 *
 * @throws ImagingError DECODE_FAILED or UNSUPPORTED_TRANSFER_SYNTAX, naming `label`
 */
export function decodeJpegDct(data: Uint8Array, label: string): DctImage {
  const fail = (why: string) =>
    new ImagingError('DECODE_FAILED', `JPEG DCT decoder: ${why}`, { file: label });
  const unsupported = (why: string) =>
    new ImagingError('UNSUPPORTED_TRANSFER_SYNTAX', `JPEG DCT decoder: ${why}`, { file: label });
  if (data.length < 4 || data[0] !== 0xff || data[1] !== 0xd8) throw fail('no SOI marker');

  const quant: Array<Int32Array | undefined> = [];
  const dcTables: Array<HuffmanTable | undefined> = [];
  const acTables: Array<HuffmanTable | undefined> = [];
  let frame: { precision: number; height: number; width: number; quantIndex: number } | undefined;
  let restartInterval = 0;
  let pos = 2;
  for (;;) {
    if (pos + 4 > data.length) throw fail('stream ends before the scan');
    if (data[pos] !== 0xff) throw fail(`expected a marker at byte ${pos}`);
    const marker = data[pos + 1];
    if (marker === 0xff) {
      pos++; // fill byte
      continue;
    }
    const length = (data[pos + 2] << 8) | data[pos + 3];
    const start = pos + 4;
    const end = pos + 2 + length;
    if (length < 2 || end > data.length) throw fail(`marker FF${hex(marker)} overruns the stream`);
    if (marker === 0xdb) {
      // DQT (B.2.4.1): Pq (0: 8-bit, 1: 16-bit entries), Tq, 64 entries in zig-zag order
      let p = start;
      while (p < end) {
        const pq = data[p] >> 4;
        const tq = data[p] & 15;
        p++;
        if (tq > 3 || p + 64 * (pq + 1) > end) throw fail('bad DQT');
        const table = new Int32Array(64);
        for (let k = 0; k < 64; k++, p += pq + 1) {
          table[k] = pq ? (data[p] << 8) | data[p + 1] : data[p];
        }
        quant[tq] = table;
      }
    } else if (marker === 0xc4) {
      // DHT (B.2.4.2)
      let p = start;
      while (p < end) {
        const tc = data[p] >> 4;
        const th = data[p] & 15;
        if (tc > 1 || th > 3 || p + 17 > end) throw fail('bad DHT');
        const counts = data.subarray(p + 1, p + 17);
        const total = counts.reduce((s, c) => s + c, 0);
        if (p + 17 + total > end || total > 256) throw fail('bad DHT');
        const table = buildHuffman(counts, data.subarray(p + 17, p + 17 + total));
        (tc === 0 ? dcTables : acTables)[th] = table;
        p += 17 + total;
      }
    } else if (marker === 0xc0 || marker === 0xc1) {
      // SOF0/SOF1 (B.2.2)
      const precision = data[start];
      const height = (data[start + 1] << 8) | data[start + 2];
      const width = (data[start + 3] << 8) | data[start + 4];
      const components = data[start + 5];
      if (precision !== 8 && precision !== 12) throw unsupported(`precision ${precision}`);
      if (components !== 1) throw unsupported(`${components} components (only greyscale)`);
      if (height === 0) throw unsupported('height defined by DNL');
      if (width === 0) throw fail('zero width');
      frame = { precision, height, width, quantIndex: data[start + 8] };
    } else if (
      (marker >= 0xc2 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8) ||
      marker === 0xde
    ) {
      throw unsupported(
        `process of marker FF${hex(marker)} (progressive, lossless, arithmetic or hierarchical)`,
      );
    } else if (marker === 0xdd) {
      restartInterval = (data[start] << 8) | data[start + 1];
    } else if (marker === 0xda) {
      // SOS (B.2.3): one component, table selectors
      if (!frame) throw fail('scan before frame header');
      if (data[start] !== 1) throw fail('scan with other than one component');
      const dc = dcTables[data[start + 2] >> 4];
      const ac = acTables[data[start + 2] & 15];
      const q = quant[frame.quantIndex];
      if (!dc || !ac || !q) throw fail('scan references an undefined table');
      const samples = decodeScan(data, end, frame, q, dc, ac, restartInterval, fail);
      return { width: frame.width, height: frame.height, precision: frame.precision, samples };
    } else if (marker === 0xd9) {
      throw fail('EOI before any scan');
    }
    // APPn, COM and other segments are skipped
    pos = end;
  }
}

function hex(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}

/** Decoding tables of Annex F.2.2.3 (MAXCODE, VALPTR, MINCODE) from BITS and HUFFVAL. */
function buildHuffman(counts: Uint8Array, values: Uint8Array): HuffmanTable {
  const maxcode = new Int32Array(18).fill(-1);
  const valptr = new Int32Array(17);
  const mincode = new Int32Array(17);
  let code = 0;
  let k = 0;
  for (let l = 1; l <= 16; l++) {
    const n = counts[l - 1];
    if (n > 0) {
      valptr[l] = k;
      mincode[l] = code;
      code += n;
      k += n;
      maxcode[l] = code - 1;
    }
    code <<= 1;
  }
  maxcode[17] = 0x7fffffff; // sentinel: never reached for valid codes (length check first)
  return { maxcode, valptr, mincode, values: values.slice() };
}

function decodeScan(
  data: Uint8Array,
  scanStart: number,
  frame: { precision: number; height: number; width: number },
  q: Int32Array,
  dcTable: HuffmanTable,
  acTable: HuffmanTable,
  restartInterval: number,
  fail: (why: string) => ImagingError,
): Uint16Array {
  const { width, height, precision } = frame;
  const blocksWide = Math.ceil(width / 8);
  const blocksHigh = Math.ceil(height / 8);
  const out = new Uint16Array(width * height);
  const coef = new Int32Array(64);
  const block = new Uint16Array(64);
  const workspace = new Int32Array(64);
  const rangeLimit = buildRangeLimit(precision);
  const pass1Bits = precision === 8 ? 2 : 1;

  let pos = scanStart;
  let bitBuffer = 0;
  let bitCount = 0;
  const readBit = (): number => {
    if (bitCount === 0) {
      if (pos >= data.length) throw fail('entropy-coded data ends early');
      const b = data[pos++];
      if (b === 0xff) {
        const next = data[pos];
        if (next !== 0) throw fail(`marker FF${hex(next ?? 0)} inside entropy-coded data`);
        pos++; // stuffed zero byte
      }
      bitBuffer = b;
      bitCount = 8;
    }
    bitCount--;
    return (bitBuffer >> bitCount) & 1;
  };
  const receive = (s: number): number => {
    let v = 0;
    for (let i = 0; i < s; i++) v = (v << 1) | readBit();
    return v;
  };
  const extend = (v: number, s: number): number => (v < 1 << (s - 1) ? v - (1 << s) + 1 : v);
  const decodeSymbol = (t: HuffmanTable): number => {
    let code = readBit();
    let l = 1;
    while (code > t.maxcode[l]) {
      l++;
      if (l > 16) throw fail('invalid Huffman code');
      code = (code << 1) | readBit();
    }
    return t.values[t.valptr[l] + code - t.mincode[l]];
  };

  let predictor = 0;
  const total = blocksWide * blocksHigh;
  let restartsSeen = 0;
  for (let n = 0; n < total; n++) {
    if (restartInterval > 0 && n > 0 && n % restartInterval === 0) {
      // byte-align, expect RSTm (m = restart count mod 8), reset the DC predictor (F.2.1.3)
      bitCount = 0;
      const expected = 0xd0 + (restartsSeen & 7);
      if (data[pos] !== 0xff || data[pos + 1] !== expected) {
        throw fail(`restart marker FF${hex(expected)} missing before block ${n}`);
      }
      pos += 2;
      restartsSeen++;
      predictor = 0;
    }
    coef.fill(0);
    const s = decodeSymbol(dcTable);
    if (s > 16) throw fail('DC difference category > 16');
    predictor += s === 0 ? 0 : extend(receive(s), s);
    coef[0] = predictor * q[0];
    for (let k = 1; k < 64;) {
      const rs = decodeSymbol(acTable);
      const r = rs >> 4;
      const size = rs & 15;
      if (size === 0) {
        if (r !== 15) break; // EOB
        k += 16;
        continue;
      }
      k += r;
      if (k > 63) throw fail('AC coefficient index beyond 63');
      coef[ZIGZAG[k]] = extend(receive(size), size) * q[k];
      k++;
    }
    idctIslow(coef, workspace, block, rangeLimit, pass1Bits);
    const bx = (n % blocksWide) * 8;
    const by = Math.floor(n / blocksWide) * 8;
    const rows = Math.min(8, height - by);
    const cols = Math.min(8, width - bx);
    for (let y = 0; y < rows; y++) {
      const o = (by + y) * width + bx;
      for (let x = 0; x < cols; x++) out[o + x] = block[y * 8 + x];
    }
  }
  return out;
}

/**
 * IJG's post-IDCT range-limit table (jdmaster.c prepare_range_limit_table), indexed by
 * `value & RANGE_MASK` where RANGE_MASK = 4 * (MAXJSAMPLE + 1) - 1: adds CENTERJSAMPLE and clamps
 * to 0..MAXJSAMPLE, wrapping far out-of-range values exactly as libjpeg does.
 */
function buildRangeLimit(precision: number): Uint16Array {
  const size = 1 << precision; // MAXJSAMPLE + 1
  const center = size >> 1;
  const t = new Uint16Array(4 * size);
  for (let y = 0; y < t.length; y++) {
    if (y < center) t[y] = center + y;
    else if (y < 2 * size) t[y] = size - 1;
    else if (y < 4 * size - center) t[y] = 0;
    else t[y] = y - (4 * size - center);
  }
  return t;
}

// jidctint.c constants for CONST_BITS = 13: FIX(x) = round(x * 2^13)
const CONST_BITS = 13;
const FIX_0_298631336 = 2446;
const FIX_0_390180644 = 3196;
const FIX_0_541196100 = 4433;
const FIX_0_765366865 = 6270;
const FIX_0_899976223 = 7373;
const FIX_1_175875602 = 9633;
const FIX_1_501321110 = 12299;
const FIX_1_847759065 = 15137;
const FIX_1_961570560 = 16069;
const FIX_2_053119869 = 16819;
const FIX_2_562915447 = 20995;
const FIX_3_072711026 = 25172;

/**
 * Port of IJG 6b `jpeg_idct_islow`: separable 8x8 integer IDCT (Loeffler-Ligtenberg-Moschytz),
 * dequantized coefficients in natural order in `coef`, samples out via the range-limit table.
 * PASS1_BITS is 2 for 8-bit and 1 for 12-bit samples, as in jidctint.c.
 */
function idctIslow(
  coef: Int32Array,
  ws: Int32Array,
  out: Uint16Array,
  rangeLimit: Uint16Array,
  pass1Bits: number,
): void {
  const mask = rangeLimit.length - 1;
  const shift1 = CONST_BITS - pass1Bits;
  const round1 = 1 << (shift1 - 1);
  for (let c = 0; c < 8; c++) {
    // Pass 1: columns
    let z2 = coef[16 + c];
    let z3 = coef[48 + c];
    let z1 = (z2 + z3) * FIX_0_541196100;
    let tmp2 = z1 + z3 * -FIX_1_847759065;
    let tmp3 = z1 + z2 * FIX_0_765366865;
    z2 = coef[c];
    z3 = coef[32 + c];
    let tmp0 = (z2 + z3) << CONST_BITS;
    let tmp1 = (z2 - z3) << CONST_BITS;
    const tmp10 = tmp0 + tmp3;
    const tmp13 = tmp0 - tmp3;
    const tmp11 = tmp1 + tmp2;
    const tmp12 = tmp1 - tmp2;
    tmp0 = coef[56 + c];
    tmp1 = coef[40 + c];
    tmp2 = coef[24 + c];
    tmp3 = coef[8 + c];
    z1 = tmp0 + tmp3;
    z2 = tmp1 + tmp2;
    z3 = tmp0 + tmp2;
    let z4 = tmp1 + tmp3;
    const z5 = (z3 + z4) * FIX_1_175875602;
    tmp0 *= FIX_0_298631336;
    tmp1 *= FIX_2_053119869;
    tmp2 *= FIX_3_072711026;
    tmp3 *= FIX_1_501321110;
    z1 *= -FIX_0_899976223;
    z2 *= -FIX_2_562915447;
    z3 = z3 * -FIX_1_961570560 + z5;
    z4 = z4 * -FIX_0_390180644 + z5;
    tmp0 += z1 + z3;
    tmp1 += z2 + z4;
    tmp2 += z2 + z3;
    tmp3 += z1 + z4;
    ws[c] = (tmp10 + tmp3 + round1) >> shift1;
    ws[56 + c] = (tmp10 - tmp3 + round1) >> shift1;
    ws[8 + c] = (tmp11 + tmp2 + round1) >> shift1;
    ws[48 + c] = (tmp11 - tmp2 + round1) >> shift1;
    ws[16 + c] = (tmp12 + tmp1 + round1) >> shift1;
    ws[40 + c] = (tmp12 - tmp1 + round1) >> shift1;
    ws[24 + c] = (tmp13 + tmp0 + round1) >> shift1;
    ws[32 + c] = (tmp13 - tmp0 + round1) >> shift1;
  }
  const shift2 = CONST_BITS + pass1Bits + 3;
  const round2 = 1 << (shift2 - 1);
  for (let r = 0; r < 64; r += 8) {
    // Pass 2: rows
    let z2 = ws[r + 2];
    let z3 = ws[r + 6];
    let z1 = (z2 + z3) * FIX_0_541196100;
    let tmp2 = z1 + z3 * -FIX_1_847759065;
    let tmp3 = z1 + z2 * FIX_0_765366865;
    let tmp0 = (ws[r] + ws[r + 4]) << CONST_BITS;
    let tmp1 = (ws[r] - ws[r + 4]) << CONST_BITS;
    const tmp10 = tmp0 + tmp3;
    const tmp13 = tmp0 - tmp3;
    const tmp11 = tmp1 + tmp2;
    const tmp12 = tmp1 - tmp2;
    tmp0 = ws[r + 7];
    tmp1 = ws[r + 5];
    tmp2 = ws[r + 3];
    tmp3 = ws[r + 1];
    z1 = tmp0 + tmp3;
    z2 = tmp1 + tmp2;
    z3 = tmp0 + tmp2;
    let z4 = tmp1 + tmp3;
    const z5 = (z3 + z4) * FIX_1_175875602;
    tmp0 *= FIX_0_298631336;
    tmp1 *= FIX_2_053119869;
    tmp2 *= FIX_3_072711026;
    tmp3 *= FIX_1_501321110;
    z1 *= -FIX_0_899976223;
    z2 *= -FIX_2_562915447;
    z3 = z3 * -FIX_1_961570560 + z5;
    z4 = z4 * -FIX_0_390180644 + z5;
    tmp0 += z1 + z3;
    tmp1 += z2 + z4;
    tmp2 += z2 + z3;
    tmp3 += z1 + z4;
    out[r] = rangeLimit[((tmp10 + tmp3 + round2) >> shift2) & mask];
    out[r + 7] = rangeLimit[((tmp10 - tmp3 + round2) >> shift2) & mask];
    out[r + 1] = rangeLimit[((tmp11 + tmp2 + round2) >> shift2) & mask];
    out[r + 6] = rangeLimit[((tmp11 - tmp2 + round2) >> shift2) & mask];
    out[r + 2] = rangeLimit[((tmp12 + tmp1 + round2) >> shift2) & mask];
    out[r + 5] = rangeLimit[((tmp12 - tmp1 + round2) >> shift2) & mask];
    out[r + 3] = rangeLimit[((tmp13 + tmp0 + round2) >> shift2) & mask];
    out[r + 4] = rangeLimit[((tmp13 - tmp0 + round2) >> shift2) & mask];
  }
}
