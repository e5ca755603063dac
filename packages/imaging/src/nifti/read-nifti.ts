import { Gunzip } from 'fflate';
import { ImagingError } from '../imaging-error.ts';
import type { Vec3, Volume, VolumeGeometry, VoxelArray } from '../volume.ts';
import { NiftiCode } from './nifti-codes.ts';
import { quaternionToRotation } from './nifti-quaternion.ts';
import { parseNiftiHeader, type NiftiRawHeader } from './parse-nifti-header.ts';

/** Header facts of a NIfTI file, after RAS->LPS and unit conversion. */
export interface NiftiHeaderInfo {
  readonly version: 1 | 2;
  readonly littleEndian: boolean;
  /** `descrip`, up to 80 characters */
  readonly description: string;
  /** dim[1..dim[0]]: nx, ny, nz, then time points etc. */
  readonly dims: readonly number[];
  /** NIfTI datatype code (2 uint8, 4 int16, 16 float32, ...) */
  readonly datatype: number;
  /** spatial unit declared in xyzt_units; 'unknown' is read as mm */
  readonly spaceUnit: 'mm' | 'um' | 'm' | 'unknown';
  readonly timeUnit: 's' | 'ms' | 'us' | 'unknown';
  /** which transform gave the geometry: sform when sform_code > 0, else qform, else pixdim */
  readonly xform: 'sform' | 'qform' | 'pixdim';
  readonly qformCode: number;
  readonly sformCode: number;
  /** pixdim[0] as stored, normalised to 1 or -1 */
  readonly qfac: 1 | -1;
  /** scl_slope / scl_inter as stored (slope 0 means no scaling) */
  readonly sclSlope: number;
  readonly sclInter: number;
  readonly intentCode: number;
  /**
   * Index-to-LPS affine in mm, row-major 4x4 (`lps = A * [i, j, k, 1]`), from the chosen
   * transform. May be sheared (readNifti refuses that; this header view does not).
   */
  readonly lpsAffine: Float64Array;
}

/** Options of `readNifti`. */
export interface ReadNiftiOptions {
  /** unit stamped on the Volume; NIfTI does not say whether values are HU. Default 'raw'. */
  readonly unit?: 'HU' | 'raw';
  /**
   * the caller hands `bytes` over (and will not change them): unscaled little-endian voxels are
   * then viewed in place instead of copied, saving one volume of memory (the Volume's array
   * then starts at a non-zero byteOffset of the file buffer; big-endian voxels are byte-swapped
   * in place). Default false.
   */
  readonly adoptBytes?: boolean;
}

/** Largest |cos| between two voxel axes accepted as orthogonal (shear tolerance). */
const SHEAR_TOLERANCE = 1e-4;

/**
 * Reads the header of a NIfTI-1 or NIfTI-2 file (gzipped or not: detected by magic 1f 8b) and
 * returns its facts with the index-to-LPS affine. The RAS->LPS conversion of the NIfTI reader
 * happens here (negating the x and y rows of the sform/qform) and nowhere else.
 * @param label names the input in errors
 * @throws ImagingError NIFTI_INVALID, TRUNCATED, CORRUPT (bad gzip stream)
 */
export function readNiftiHeader(bytes: Uint8Array, label: string): NiftiHeaderInfo {
  return headerInfo(parseNiftiHeader(maybeGunzip(bytes, label), label));
}

/**
 * Reads a NIfTI-1 or NIfTI-2 image (.nii or .nii.gz, either byte order) into a Volume in LPS.
 *
 * - Geometry from the sform when sform_code > 0 (dcm2niix writes both; the sform is exact),
 *   else the qform, else pixdim alone. Units m/um are converted to mm.
 * - Sheared affines (|cos| between axes > 1e-4) throw NIFTI_INVALID: a Volume's axes are
 *   orthogonal. A tiny shear is kept as stored (axes normalised, not orthogonalised).
 * - scl_slope/scl_inter are applied (slope 0 or non-finite = none). Data stay in the stored
 *   type (uint8, int16, uint16, float32) when there is no non-identity scaling; other stored
 *   types and any scaled data become Float32Array.
 * - Only the first 3D volume of a 4D+ file is read (`header.dims` tells the full size).
 *
 * Cost: one gunzip (when compressed; multi-member gzip is decoded whole) and one copy of the
 * voxel bytes (none when the bytes are adopted or gunzipped here and aligned). For files, the
 * Node entry's `readNiftiFile` streams instead and holds only the voxels.
 * @throws ImagingError NIFTI_INVALID, TRUNCATED, CORRUPT
 */
export function readNifti(
  bytes: Uint8Array,
  label: string,
  options: ReadNiftiOptions = {},
): { volume: Volume; header: NiftiHeaderInfo } {
  const raw = maybeGunzip(bytes, label);
  const { offset, byteLength } = niftiVoxelRange(raw, label);
  const end = offset + byteLength;
  if (raw.length < end) {
    throw new ImagingError(
      'TRUNCATED',
      `NIfTI voxel data truncated: ${raw.length} bytes, need ${end}`,
      { file: label },
    );
  }
  // a buffer we gunzipped ourselves is ours to view in place
  const adopt = options.adoptBytes === true || raw !== bytes;
  return niftiFromParts(raw, raw.subarray(offset, end), label, { ...options, adoptBytes: adopt });
}

/**
 * Where the first 3D volume's voxels lie in a (decompressed) NIfTI file, from its header:
 * `offset` = vox_offset, `byteLength` = nx * ny * nz * bytes per voxel. For streaming readers,
 * which then need only these bytes (and the header) in memory. `keptAsStored` tells whether
 * `niftiFromParts` will view those bytes as the Volume's array (uint8, int16, uint16, float32
 * without scaling) rather than convert them to a new Float32Array.
 * @param head the file's first bytes (at least the 348- or 540-byte header)
 * @throws ImagingError NIFTI_INVALID (bad dims, datatype, bitpix or vox_offset), TRUNCATED
 */
export function niftiVoxelRange(
  head: Uint8Array,
  label: string,
): { readonly offset: number; readonly byteLength: number; readonly keptAsStored: boolean } {
  return voxelRange(parseNiftiHeader(head, label), label);
}

function voxelRange(
  h: NiftiRawHeader,
  label: string,
): { readonly offset: number; readonly byteLength: number; readonly keptAsStored: boolean } {
  const dims = spatialDims(h, label);
  const bpv = BYTES_PER_TYPE[h.datatype];
  if (bpv === undefined) {
    throw new ImagingError('NIFTI_INVALID', `unsupported NIfTI datatype ${h.datatype}`, {
      file: label,
    });
  }
  if (h.bitpix !== bpv * 8) {
    throw new ImagingError('NIFTI_INVALID', `bitpix ${h.bitpix} does not match datatype`, {
      file: label,
    });
  }
  const offset = Math.round(h.voxOffset);
  const minOffset = h.version === 1 ? 348 : 540;
  if (!(offset >= minOffset)) {
    throw new ImagingError('NIFTI_INVALID', `vox_offset ${h.voxOffset} inside the header`, {
      file: label,
    });
  }
  return {
    offset,
    byteLength: dims[0] * dims[1] * dims[2] * bpv,
    keptAsStored: keptAsStored(h),
  };
}

/**
 * A NIfTI volume from its header bytes and the first 3D volume's voxel bytes (exactly
 * `niftiVoxelRange(head).byteLength` of them, as stored), e.g. streamed from a file. With
 * `adoptBytes`, `voxels` are the caller's to give away: aligned native data are viewed in place
 * (big-endian data byte-swapped in place) instead of copied.
 * @throws ImagingError NIFTI_INVALID, TRUNCATED
 */
export function niftiFromParts(
  head: Uint8Array,
  voxels: Uint8Array,
  label: string,
  options: ReadNiftiOptions = {},
): { volume: Volume; header: NiftiHeaderInfo } {
  const h = parseNiftiHeader(head, label);
  const { byteLength } = voxelRange(h, label);
  if (voxels.length !== byteLength) {
    throw new ImagingError(
      'TRUNCATED',
      `NIfTI voxel data: ${voxels.length} bytes, need ${byteLength}`,
      { file: label },
    );
  }
  const header = headerInfo(h);
  const dims = spatialDims(h, label);
  const geometry = geometryFromAffine(header.lpsAffine, dims, label);
  const data = readVoxels(voxels, h, dims[0] * dims[1] * dims[2], options.adoptBytes === true);
  return { volume: { kind: 'Volume', geometry, data, unit: options.unit ?? 'raw' }, header };
}

/**
 * What a reader that streams a NIfTI file's voxels in slabs of slices needs from its header
 * (internal, for `streamNiftiFile`): the header, the LPS geometry of the whole first 3D volume
 * (as `niftiFromParts` gives it), where the voxels start and how many bytes a slice takes, and
 * `voxels`, which turns the bytes of whole slices into the values `niftiFromParts` would hold
 * for them (a view of the caller's bytes when they are kept as stored, little-endian and
 * aligned; else a converted copy, the caller's bytes untouched).
 * @throws ImagingError NIFTI_INVALID
 */
export function niftiSlabLayout(
  head: Uint8Array,
  label: string,
): {
  readonly header: NiftiHeaderInfo;
  readonly geometry: VolumeGeometry;
  readonly offset: number;
  readonly sliceBytes: number;
  readonly voxels: (bytes: Uint8Array, count: number) => VoxelArray;
} {
  const h = parseNiftiHeader(head, label);
  const { offset, byteLength } = voxelRange(h, label);
  const header = headerInfo(h);
  const dims = spatialDims(h, label);
  const geometry = geometryFromAffine(header.lpsAffine, dims, label);
  return {
    header,
    geometry,
    offset,
    sliceBytes: byteLength / dims[2],
    // big-endian values are swapped in a copy: the caller's bytes may be converted again
    voxels: (bytes, count) =>
      readVoxels(bytes, h, count, h.littleEndian || BYTES_PER_TYPE[h.datatype] === 1),
  };
}

/** nx, ny, nz of the first 3D volume (missing dimensions are 1). */
function spatialDims(h: NiftiRawHeader, label: string): Vec3 {
  const dimCount = h.dim[0];
  if (!(dimCount >= 1 && dimCount <= 7)) {
    throw new ImagingError('NIFTI_INVALID', `bad dim[0] ${dimCount}`, { file: label });
  }
  const dims: Vec3 = [h.dim[1], dimCount >= 2 ? h.dim[2] : 1, dimCount >= 3 ? h.dim[3] : 1];
  if (!dims.every((d) => Number.isInteger(d) && d >= 1)) {
    throw new ImagingError('NIFTI_INVALID', `bad dimensions ${dims.join('x')}`, { file: label });
  }
  return dims;
}

function maybeGunzip(bytes: Uint8Array, label: string): Uint8Array {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  // fflate's streaming Gunzip, not gunzipSync: gunzipSync sizes its output from the LAST
  // member's ISIZE and silently returns a truncated first member for multi-member files
  // (concatenated .gz, bgzip); the stream decodes every member (RFC 1952 2.2).
  const chunks: Uint8Array[] = [];
  try {
    const stream = new Gunzip((chunk) => chunks.push(chunk));
    stream.push(bytes, true);
  } catch (cause) {
    throw new ImagingError('CORRUPT', 'gzip stream of NIfTI file is corrupt or truncated', {
      file: label,
      cause,
    });
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const SPACE_UNITS: Partial<Record<number, NiftiHeaderInfo['spaceUnit']>> = {
  [NiftiCode.spaceUnit.mm]: 'mm',
  [NiftiCode.spaceUnit.micron]: 'um',
  [NiftiCode.spaceUnit.meter]: 'm',
};
const TIME_UNITS: Partial<Record<number, NiftiHeaderInfo['timeUnit']>> = {
  [NiftiCode.timeUnit.sec]: 's',
  [NiftiCode.timeUnit.msec]: 'ms',
  [NiftiCode.timeUnit.usec]: 'us',
};

function headerInfo(h: NiftiRawHeader): NiftiHeaderInfo {
  const spaceUnit = SPACE_UNITS[h.xyztUnits & 0x07] ?? 'unknown';
  const timeUnit = TIME_UNITS[h.xyztUnits & 0x38] ?? 'unknown';
  const toMm = spaceUnit === 'm' ? 1000 : spaceUnit === 'um' ? 0.001 : 1;
  const qfac: 1 | -1 = h.pixdim[0] < 0 ? -1 : 1;
  // RAS affine, row-major 3x4
  const ras = new Float64Array(12);
  let xform: NiftiHeaderInfo['xform'];
  if (h.sformCode > 0) {
    xform = 'sform';
    ras.set(h.srow);
  } else if (h.qformCode > 0) {
    xform = 'qform';
    const r = quaternionToRotation(h.quatern[0], h.quatern[1], h.quatern[2]);
    const s = [1, 2, 3].map((n) => (h.pixdim[n] > 0 ? h.pixdim[n] : 1));
    s[2] *= qfac;
    for (let row = 0; row < 3; row++) {
      for (let c = 0; c < 3; c++) ras[row * 4 + c] = r[row * 3 + c] * s[c];
      ras[row * 4 + 3] = h.qoffset[row];
    }
  } else {
    // NIfTI "method 1" (ANALYZE 7.5): pixdim scaling only; read as RAS like nibabel.
    xform = 'pixdim';
    for (let c = 0; c < 3; c++) ras[c * 4 + c] = h.pixdim[c + 1] > 0 ? h.pixdim[c + 1] : 1;
  }
  // RAS -> LPS: negate the x and y rows. `+ 0` turns -0 into 0.
  const lpsAffine = new Float64Array(16);
  for (let row = 0; row < 3; row++) {
    const sign = row < 2 ? -1 : 1;
    for (let c = 0; c < 4; c++) lpsAffine[row * 4 + c] = sign * ras[row * 4 + c] * toMm + 0;
  }
  lpsAffine[15] = 1;
  return {
    version: h.version,
    littleEndian: h.littleEndian,
    description: h.description,
    dims: h.dim.slice(1, 1 + Math.max(0, Math.min(7, h.dim[0]))),
    datatype: h.datatype,
    spaceUnit,
    timeUnit,
    xform,
    qformCode: h.qformCode,
    sformCode: h.sformCode,
    qfac,
    sclSlope: h.sclSlope,
    sclInter: h.sclInter,
    intentCode: h.intentCode,
    lpsAffine,
  };
}

function geometryFromAffine(a: Float64Array, dims: Vec3, label: string): VolumeGeometry {
  const spacing: number[] = [];
  const axes: Vec3[] = [];
  for (let c = 0; c < 3; c++) {
    const v: Vec3 = [a[c], a[4 + c], a[8 + c]];
    const n = Math.hypot(v[0], v[1], v[2]);
    if (!(n > 0) || !Number.isFinite(n)) {
      throw new ImagingError('NIFTI_INVALID', `voxel axis ${c} has zero or invalid length`, {
        file: label,
      });
    }
    spacing.push(n);
    axes.push([v[0] / n + 0, v[1] / n + 0, v[2] / n + 0]);
  }
  for (const [p, q] of [
    [0, 1],
    [0, 2],
    [1, 2],
  ]) {
    const cos = axes[p][0] * axes[q][0] + axes[p][1] * axes[q][1] + axes[p][2] * axes[q][2];
    if (Math.abs(cos) > SHEAR_TOLERANCE) {
      throw new ImagingError(
        'NIFTI_INVALID',
        `sheared affine: axes ${p} and ${q} are ${((Math.acos(Math.min(1, Math.abs(cos))) * 180) / Math.PI).toFixed(3)} deg apart, not 90; resample first`,
        { file: label },
      );
    }
  }
  return {
    dims,
    spacing: [spacing[0], spacing[1], spacing[2]],
    origin: [a[3], a[7], a[11]],
    axes: [axes[0], axes[1], axes[2]],
  };
}

const BYTES_PER_TYPE: Record<number, number> = {
  [NiftiCode.datatype.uint8]: 1,
  [NiftiCode.datatype.int8]: 1,
  [NiftiCode.datatype.int16]: 2,
  [NiftiCode.datatype.uint16]: 2,
  [NiftiCode.datatype.int32]: 4,
  [NiftiCode.datatype.uint32]: 4,
  [NiftiCode.datatype.float32]: 4,
  [NiftiCode.datatype.float64]: 8,
};

function readVoxels(voxels: Uint8Array, h: NiftiRawHeader, n: number, adopt: boolean): VoxelArray {
  const bpv = BYTES_PER_TYPE[h.datatype];
  // Voxels are copied into a fresh buffer (aligned, never aliasing the caller's bytes, not
  // retaining the rest of a 4D file) unless the bytes are ours to keep: then, when aligned, the
  // typed arrays below view them in place (one volume less memory), big-endian ones swapped.
  const inPlace = adopt && voxels.byteOffset % bpv === 0;
  const copy = inPlace ? voxels : voxels.slice();
  if (!h.littleEndian && bpv > 1) swapBytes(copy, bpv);
  const buf = copy.buffer;
  const at = copy.byteOffset;
  const T = NiftiCode.datatype;
  const stored: ArrayLike<number> =
    h.datatype === T.uint8
      ? copy
      : h.datatype === T.int8
        ? new Int8Array(buf, at, n)
        : h.datatype === T.int16
          ? new Int16Array(buf, at, n)
          : h.datatype === T.uint16
            ? new Uint16Array(buf, at, n)
            : h.datatype === T.int32
              ? new Int32Array(buf, at, n)
              : h.datatype === T.uint32
                ? new Uint32Array(buf, at, n)
                : h.datatype === T.float32
                  ? new Float32Array(buf, at, n)
                  : new Float64Array(buf, at, n);
  // the typed arrays of the KEPT_TYPES are VoxelArrays
  if (keptAsStored(h)) return stored as VoxelArray;
  const { slope, inter } = scaling(h);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = stored[i] * slope + inter;
  return out;
}

/** Stored types a Volume holds as they are (others become Float32Array). */
const KEPT_TYPES: ReadonlySet<number> = new Set([
  NiftiCode.datatype.uint8,
  NiftiCode.datatype.int16,
  NiftiCode.datatype.uint16,
  NiftiCode.datatype.float32,
]);

/** scl_slope / scl_inter as applied. PS: nifti1.h - scaling applies only when scl_slope is nonzero. */
function scaling(h: NiftiRawHeader): { slope: number; inter: number } {
  const scaled = h.sclSlope !== 0 && Number.isFinite(h.sclSlope);
  return {
    slope: scaled ? h.sclSlope : 1,
    inter: scaled && Number.isFinite(h.sclInter) ? h.sclInter : 0,
  };
}

/** True when the voxels are returned as stored (viewed, not converted to Float32). */
function keptAsStored(h: NiftiRawHeader): boolean {
  const { slope, inter } = scaling(h);
  return KEPT_TYPES.has(h.datatype) && slope === 1 && inter === 0;
}

function swapBytes(b: Uint8Array, width: number): void {
  for (let i = 0; i < b.length; i += width) {
    for (let lo = i, hi = i + width - 1; lo < hi; lo++, hi--) {
      const t = b[lo];
      b[lo] = b[hi];
      b[hi] = t;
    }
  }
}
