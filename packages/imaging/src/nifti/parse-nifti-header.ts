import { ImagingError } from '../imaging-error.ts';
import { NiftiCode } from './nifti-codes.ts';

/**
 * The raw fields of a NIfTI-1 or NIfTI-2 header that Anatomodel uses, in the file's own frame
 * (RAS for qform/sform, as stored). No unit conversion or coordinate change happens here.
 */
export interface NiftiRawHeader {
  readonly version: 1 | 2;
  readonly littleEndian: boolean;
  /** dim[0..7] */
  readonly dim: readonly number[];
  /** pixdim[0..7]; pixdim[0] is qfac */
  readonly pixdim: readonly number[];
  readonly datatype: number;
  readonly bitpix: number;
  /** byte offset of the voxel data */
  readonly voxOffset: number;
  readonly sclSlope: number;
  readonly sclInter: number;
  readonly xyztUnits: number;
  readonly intentCode: number;
  readonly description: string;
  readonly qformCode: number;
  readonly sformCode: number;
  /** quatern_b, quatern_c, quatern_d */
  readonly quatern: readonly [number, number, number];
  /** qoffset_x, y, z (RAS) */
  readonly qoffset: readonly [number, number, number];
  /** srow_x, srow_y, srow_z concatenated: row-major 3x4 (RAS) */
  readonly srow: readonly number[];
}

/**
 * Parses the header of an uncompressed single-file NIfTI-1 (`n+1`) or NIfTI-2 (`n+2`) image,
 * either byte order. Only the first 348 (NIfTI-1) or 540 (NIfTI-2) bytes are needed.
 * @param label names the input in errors
 * @throws ImagingError NIFTI_INVALID (not a NIfTI header, bad magic, hdr/img pair),
 *   TRUNCATED (shorter than the header)
 */
export function parseNiftiHeader(bytes: Uint8Array, label: string): NiftiRawHeader {
  if (bytes.length < 4)
    throw new ImagingError('TRUNCATED', 'NIfTI header truncated', { file: label });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let version: 1 | 2 | undefined;
  let le = true;
  for (const v of [1, 2] as const) {
    const size = NiftiCode.headerSize[v];
    if (view.getInt32(0, true) === size) [version, le] = [v, true];
    else if (view.getInt32(0, false) === size) [version, le] = [v, false];
    if (version) break;
  }
  if (!version) {
    throw new ImagingError('NIFTI_INVALID', 'not a NIfTI file (sizeof_hdr is not 348 or 540)', {
      file: label,
    });
  }
  const size = NiftiCode.headerSize[version];
  if (bytes.length < size) {
    throw new ImagingError('TRUNCATED', `NIfTI-${version} header truncated`, { file: label });
  }
  const text = (start: number, length: number): string => {
    let s = '';
    for (let i = start; i < start + length && bytes[i] !== 0; i++)
      s += String.fromCharCode(bytes[i]);
    return s;
  };
  const magic = version === 1 ? text(344, 4) : text(4, 4);
  const expected = version === 1 ? 'n+1' : 'n+2';
  if (magic !== expected) {
    const pair = magic === 'ni1' || magic === 'ni2';
    throw new ImagingError(
      'NIFTI_INVALID',
      pair
        ? 'NIfTI .hdr/.img pairs are not supported; convert to a single .nii file'
        : `bad NIfTI magic "${magic}"`,
      { file: label },
    );
  }
  const i16 = (o: number) => view.getInt16(o, le);
  const i32 = (o: number) => view.getInt32(o, le);
  const f32 = (o: number) => view.getFloat32(o, le);
  const f64 = (o: number) => view.getFloat64(o, le);
  const i64 = (o: number) => Number(view.getBigInt64(o, le));
  if (version === 1) {
    return {
      version,
      littleEndian: le,
      dim: Array.from({ length: 8 }, (_, n) => i16(40 + 2 * n)),
      pixdim: Array.from({ length: 8 }, (_, n) => f32(76 + 4 * n)),
      datatype: i16(70),
      bitpix: i16(72),
      voxOffset: f32(108),
      sclSlope: f32(112),
      sclInter: f32(116),
      xyztUnits: bytes[123],
      intentCode: i16(68),
      description: text(148, 80),
      qformCode: i16(252),
      sformCode: i16(254),
      quatern: [f32(256), f32(260), f32(264)],
      qoffset: [f32(268), f32(272), f32(276)],
      srow: Array.from({ length: 12 }, (_, n) => f32(280 + 4 * n)),
    };
  }
  return {
    version,
    littleEndian: le,
    dim: Array.from({ length: 8 }, (_, n) => i64(16 + 8 * n)),
    pixdim: Array.from({ length: 8 }, (_, n) => f64(104 + 8 * n)),
    datatype: i16(12),
    bitpix: i16(14),
    voxOffset: i64(168),
    sclSlope: f64(176),
    sclInter: f64(184),
    xyztUnits: i32(500),
    intentCode: i32(504),
    description: text(240, 80),
    qformCode: i32(344),
    sformCode: i32(348),
    quatern: [f64(352), f64(360), f64(368)],
    qoffset: [f64(376), f64(384), f64(392)],
    srow: Array.from({ length: 12 }, (_, n) => f64(400 + 8 * n)),
  };
}
