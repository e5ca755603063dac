import { gzipSync } from 'fflate';
import { indexToLpsMatrix } from '../geometry.ts';
import { ImagingError } from '../imaging-error.ts';
import type { VolumeGeometry, VoxelArray } from '../volume.ts';
import { NiftiCode } from './nifti-codes.ts';
import { rotationToQuaternion } from './nifti-quaternion.ts';

/** Options of `writeNifti`. */
export interface WriteNiftiOptions {
  /** NIfTI-1 (348-byte header, float32 transforms) or NIfTI-2 (540 bytes, float64). Default 1. */
  readonly version?: 1 | 2;
  /** gzip the output (.nii.gz). Default false. */
  readonly gzip?: boolean;
  /**
   * deflate level 1 (fastest) .. 9 (smallest) when gzip is set. Default 6. On a 512x512x134
   * CT level 1 is several times faster than 6 (see bench/src/nifti.bench.ts).
   */
  readonly gzipLevel?: 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
  /** `descrip`, truncated to 79 ASCII characters. Default ''. */
  readonly description?: string;
  /**
   * `intent_code`: 'label' (NIFTI_INTENT_LABEL, 1002) for label maps, 'none' (0) for images.
   * Default 'label' for inputs with kind 'LabelMap', else 'none'.
   */
  readonly intent?: 'none' | 'label';
  /**
   * qform_code and sform_code: 1 scanner-anatomical (as dcm2niix writes for DICOM-derived
   * data) or 2 aligned (registered/resampled data). Default 1.
   */
  readonly xformCode?: 1 | 2;
}

/** Anything with a grid and voxels: a Volume or a LabelMap. */
export interface NiftiWritable {
  readonly kind?: string;
  readonly geometry: VolumeGeometry;
  readonly data: VoxelArray;
}

/**
 * Writes a Volume or LabelMap (LPS) as a single-file NIfTI image, little-endian.
 *
 * Both sform and qform are set, in RAS (the LPS->RAS conversion of the writer happens here
 * and nowhere else): the sform is the exact index-to-RAS affine; the qform carries the same
 * rotation as a quaternion, with qfac = pixdim[0] = -1 for left-handed index frames. Data keep
 * their type (uint8, uint16 and int16 stay integer, so label maps stay labels); scl_slope 1,
 * scl_inter 0; units mm and s. The header is followed by an empty extension flag (4 zero
 * bytes), so vox_offset is 352 (NIfTI-1) or 544 (NIfTI-2). The gzip header carries no time
 * stamp, so equal inputs give equal bytes.
 * @throws ImagingError NIFTI_INVALID when data length does not match the geometry, or a
 *   dimension exceeds 32767 in NIfTI-1
 */
export function writeNifti(image: NiftiWritable, options: WriteNiftiOptions = {}): Uint8Array {
  const version = options.version ?? 1;
  const g = image.geometry;
  const n = g.dims[0] * g.dims[1] * g.dims[2];
  if (image.data.length !== n) {
    throw new ImagingError(
      'NIFTI_INVALID',
      `data length ${image.data.length} does not match dims ${g.dims.join('x')}`,
    );
  }
  if (version === 1 && g.dims.some((d) => d > 32767)) {
    throw new ImagingError(
      'NIFTI_INVALID',
      'NIfTI-1 dimensions are limited to 32767; use version 2',
    );
  }
  const { datatype, bitpix } = typeCode(image.data);
  const headerSize = NiftiCode.headerSize[version];
  const voxOffset = headerSize + 4;
  const out = new Uint8Array(voxOffset + image.data.byteLength);
  const view = new DataView(out.buffer);
  const le = true;

  // index -> RAS affine (row-major 3x4): negate the x and y rows of index -> LPS.
  const lps = indexToLpsMatrix(g);
  const ras = new Float64Array(12);
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 4; c++) ras[r * 4 + c] = (r < 2 ? -1 : 1) * lps[r * 4 + c] + 0;
  }
  const q = rotationToQuaternion([
    ras[0],
    ras[1],
    ras[2],
    ras[4],
    ras[5],
    ras[6],
    ras[8],
    ras[9],
    ras[10],
  ]);
  const dim = [3, g.dims[0], g.dims[1], g.dims[2], 1, 1, 1, 1];
  const pixdim = [q.qfac, g.spacing[0], g.spacing[1], g.spacing[2], 0, 0, 0, 0];
  const xform = options.xformCode ?? NiftiCode.xform.scanner;
  const intent =
    (options.intent ?? (image.kind === 'LabelMap' ? 'label' : 'none')) === 'label'
      ? NiftiCode.intent.label
      : NiftiCode.intent.none;
  const units = NiftiCode.spaceUnit.mm | NiftiCode.timeUnit.sec;
  const description = (options.description ?? '').replace(/[^\x20-\x7e]/g, '?').slice(0, 79);
  const ascii = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) out[at + i] = s.charCodeAt(i);
  };

  if (version === 1) {
    view.setInt32(0, 348, le);
    out[38] = 'r'.charCodeAt(0); // regular, as nifti1_io writes it
    dim.forEach((d, i) => view.setInt16(40 + 2 * i, d, le));
    view.setInt16(68, intent, le);
    view.setInt16(70, datatype, le);
    view.setInt16(72, bitpix, le);
    pixdim.forEach((p, i) => view.setFloat32(76 + 4 * i, p, le));
    view.setFloat32(108, voxOffset, le);
    view.setFloat32(112, 1, le); // scl_slope
    view.setFloat32(116, 0, le); // scl_inter
    out[123] = units;
    ascii(148, description);
    view.setInt16(252, xform, le);
    view.setInt16(254, xform, le);
    view.setFloat32(256, q.b, le);
    view.setFloat32(260, q.c, le);
    view.setFloat32(264, q.d, le);
    for (let r = 0; r < 3; r++) view.setFloat32(268 + 4 * r, ras[r * 4 + 3], le);
    for (let i = 0; i < 12; i++) view.setFloat32(280 + 4 * i, ras[i], le);
    ascii(344, 'n+1\0');
  } else {
    view.setInt32(0, 540, le);
    ascii(4, 'n+2\0\r\n\x1a\n');
    view.setInt16(12, datatype, le);
    view.setInt16(14, bitpix, le);
    dim.forEach((d, i) => view.setBigInt64(16 + 8 * i, BigInt(d), le));
    pixdim.forEach((p, i) => view.setFloat64(104 + 8 * i, p, le));
    view.setBigInt64(168, BigInt(voxOffset), le);
    view.setFloat64(176, 1, le);
    view.setFloat64(184, 0, le);
    ascii(240, description);
    view.setInt32(344, xform, le);
    view.setInt32(348, xform, le);
    view.setFloat64(352, q.b, le);
    view.setFloat64(360, q.c, le);
    view.setFloat64(368, q.d, le);
    for (let r = 0; r < 3; r++) view.setFloat64(376 + 8 * r, ras[r * 4 + 3], le);
    for (let i = 0; i < 12; i++) view.setFloat64(400 + 8 * i, ras[i], le);
    view.setInt32(500, units, le);
    view.setInt32(504, intent, le);
  }
  // Bytes headerSize..+3 stay 0: the extension flag says "no extensions".
  const body = new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  if (isLittleEndianHost()) {
    out.set(body, voxOffset);
  } else {
    writeLittleEndian(image.data, view, voxOffset);
  }
  if (!options.gzip) return out;
  const gz = gzipSync(out, { level: options.gzipLevel ?? 6 });
  gz[4] = gz[5] = gz[6] = gz[7] = 0; // MTIME 0 = no time stamp (RFC 1952)
  return gz;
}

function typeCode(data: VoxelArray): { datatype: number; bitpix: number } {
  const T = NiftiCode.datatype;
  if (data instanceof Uint8Array) return { datatype: T.uint8, bitpix: 8 };
  if (data instanceof Int16Array) return { datatype: T.int16, bitpix: 16 };
  if (data instanceof Uint16Array) return { datatype: T.uint16, bitpix: 16 };
  return { datatype: T.float32, bitpix: 32 };
}

function isLittleEndianHost(): boolean {
  return new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
}

function writeLittleEndian(data: VoxelArray, view: DataView, at: number): void {
  const bpv = data.BYTES_PER_ELEMENT;
  for (let i = 0; i < data.length; i++) {
    const o = at + i * bpv;
    if (data instanceof Uint8Array) view.setUint8(o, data[i]);
    else if (data instanceof Int16Array) view.setInt16(o, data[i], true);
    else if (data instanceof Uint16Array) view.setUint16(o, data[i], true);
    else view.setFloat32(o, data[i], true);
  }
}
