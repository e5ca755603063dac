import type dicomParser from 'dicom-parser';
import { ImagingError } from '../imaging-error.ts';

/** Image Pixel Module attributes (PS3.3 C.7.6.3) that decoding depends on. */
export interface PixelFormat {
  /** Rows (0028,0010) */
  readonly rows: number;
  /** Columns (0028,0011) */
  readonly columns: number;
  /** SamplesPerPixel (0028,0002): 1 for grey, 3 for colour */
  readonly samplesPerPixel: number;
  /** BitsAllocated (0028,0100): 1, 8, 16 or 32 */
  readonly bitsAllocated: number;
  /** BitsStored (0028,0101): 1..BitsAllocated */
  readonly bitsStored: number;
  /** HighBit (0028,0102): normally BitsStored - 1 */
  readonly highBit: number;
  /** PixelRepresentation (0028,0103): 0 unsigned, 1 two's complement signed */
  readonly pixelRepresentation: 0 | 1;
  /** PhotometricInterpretation (0028,0004), e.g. MONOCHROME2, RGB, YBR_FULL_422 */
  readonly photometricInterpretation: string;
  /** PlanarConfiguration (0028,0006): 0 interleaved (R1G1B1R2...), 1 planar (R..G..B..) */
  readonly planarConfiguration: 0 | 1;
}

/**
 * Reads the Image Pixel Module of a dataset (top level; for enhanced multi-frame objects these
 * attributes are also top level, PS3.3 C.7.6.3).
 *
 * Defaults where the standard allows absence or old files omit them: HighBit = BitsStored - 1,
 * PlanarConfiguration = 0, PhotometricInterpretation = MONOCHROME2 for 1 sample, RGB for 3.
 *
 * @throws ImagingError MISSING_ATTRIBUTE when Rows, Columns, BitsAllocated, BitsStored or
 *   PixelRepresentation is absent; CORRUPT when a value lies outside the file's bytes; UNSUPPORTED_PIXEL_FORMAT for values outside the standard
 *   (BitsAllocated not 1/8/16/32, BitsStored > BitsAllocated, SamplesPerPixel not 1 or 3, zero size).
 */
export function readPixelFormat(ds: dicomParser.DataSet, label: string): PixelFormat {
  // dicom-parser reads values lazily and throws strings for values past the end of the buffer
  const read = <T>(keyword: string, tag: string, get: () => T): T => {
    try {
      return get();
    } catch (e) {
      throw new ImagingError('CORRUPT', `${keyword} (${tagText(tag)}) is unreadable`, {
        file: label,
        cause: e,
      });
    }
  };
  const optional = (tag: string, keyword: string) => read(keyword, tag, () => ds.uint16(tag));
  const required = (tag: string, keyword: string): number => {
    const v = optional(tag, keyword);
    if (v === undefined) {
      throw new ImagingError('MISSING_ATTRIBUTE', `${keyword} (${tagText(tag)}) is absent`, {
        file: label,
      });
    }
    return v;
  };
  const rows = required('x00280010', 'Rows');
  const columns = required('x00280011', 'Columns');
  const bitsAllocated = required('x00280100', 'BitsAllocated');
  const bitsStored = required('x00280101', 'BitsStored');
  const pixelRepresentation = required('x00280103', 'PixelRepresentation');
  const samplesPerPixel = optional('x00280002', 'SamplesPerPixel') ?? 1;
  const highBit = optional('x00280102', 'HighBit') ?? bitsStored - 1;
  const photometricInterpretation =
    read('PhotometricInterpretation', 'x00280004', () => ds.string('x00280004'))?.trim() ||
    (samplesPerPixel === 3 ? 'RGB' : 'MONOCHROME2');
  const planarConfiguration = optional('x00280006', 'PlanarConfiguration') ?? 0;

  const bad = (why: string) => new ImagingError('UNSUPPORTED_PIXEL_FORMAT', why, { file: label });
  if (rows === 0 || columns === 0) throw bad(`image size ${columns}x${rows} is empty`);
  if (![1, 8, 16, 32].includes(bitsAllocated)) {
    throw bad(`BitsAllocated (0028,0100) ${bitsAllocated} is not 1, 8, 16 or 32`);
  }
  if (bitsStored < 1 || bitsStored > bitsAllocated) {
    throw bad(`BitsStored (0028,0101) ${bitsStored} outside 1..${bitsAllocated}`);
  }
  if (highBit < bitsStored - 1 || highBit >= bitsAllocated) {
    throw bad(`HighBit (0028,0102) ${highBit} inconsistent with BitsStored ${bitsStored}`);
  }
  if (samplesPerPixel !== 1 && samplesPerPixel !== 3) {
    throw bad(`SamplesPerPixel (0028,0002) ${samplesPerPixel} is not 1 or 3`);
  }
  if (pixelRepresentation !== 0 && pixelRepresentation !== 1) {
    throw bad(`PixelRepresentation (0028,0103) ${pixelRepresentation} is not 0 or 1`);
  }
  if (planarConfiguration !== 0 && planarConfiguration !== 1) {
    throw bad(`PlanarConfiguration (0028,0006) ${planarConfiguration} is not 0 or 1`);
  }
  return {
    rows,
    columns,
    samplesPerPixel,
    bitsAllocated,
    bitsStored,
    highBit,
    pixelRepresentation,
    photometricInterpretation,
    planarConfiguration,
  };
}

function tagText(tag: string): string {
  return `${tag.slice(1, 5)},${tag.slice(5, 9)}`.toUpperCase();
}
