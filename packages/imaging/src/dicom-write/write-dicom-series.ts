import { cross, dot, norm } from '../geometry.ts';
import { ImagingError } from '../imaging-error.ts';
import type { Vec3 } from '../volume.ts';
import { encodePart10, TRANSFER_SYNTAX_UID, type WriterElement } from './encode-part10.ts';
import { formatDs } from './format-ds.ts';
import { makeUid } from './make-uid.ts';

/** One acquisition: a stack of parallel-or-not 2D slices, as DICOM describes them. */
export interface SlicePlan {
  /** Rows (0028,0010): pixels along columnDirection */
  readonly rows: number;
  /** Columns (0028,0011): pixels along rowDirection */
  readonly columns: number;
  /**
   * PixelSpacing (0028,0030), mm: [row spacing (between rows, along columnDirection),
   * column spacing (between columns, along rowDirection)]
   */
  readonly pixelSpacing: readonly [number, number];
  /** ImageOrientationPatient (0020,0037) first triplet: LPS direction of increasing column index */
  readonly rowDirection: Vec3;
  /** ImageOrientationPatient second triplet: LPS direction of increasing row index */
  readonly columnDirection: Vec3;
  /** ImagePositionPatient (0020,0032) per slice: LPS mm of the centre of the first pixel */
  readonly positions: readonly Vec3[];
  /** SliceThickness (0018,0050), mm; omitted when undefined */
  readonly sliceThickness?: number;
  /** GantryDetectorTilt (0018,1120), degrees; omitted when undefined */
  readonly gantryTiltDeg?: number;
  /** PatientPosition (0018,5100); omitted when undefined */
  readonly patientPosition?: 'HFS' | 'FFS' | 'HFP' | 'FFP' | 'HFDL' | 'HFDR' | 'FFDL' | 'FFDR';
}

/** Options of `writeDicomSeries`. */
export interface WriteSeriesOptions {
  /** Modality (0008,0060); selects CT Image Storage or MR Image Storage */
  readonly modality: 'CT' | 'MR';
  /** seed for deterministic UIDs ("2.25." hashes); random UIDs when undefined */
  readonly seed?: string;
  /** SeriesInstanceUID (0020,000E); generated when undefined */
  readonly seriesInstanceUid?: string;
  /** StudyInstanceUID (0020,000D); generated when undefined */
  readonly studyInstanceUid?: string;
  /** FrameOfReferenceUID (0020,0052); generated when undefined */
  readonly frameOfReferenceUid?: string;
  /** SeriesDescription (0008,103E); omitted when undefined */
  readonly seriesDescription?: string;
  /** SeriesNumber (0020,0011). Default 1. */
  readonly seriesNumber?: number;
  /** PatientName (0010,0010). Default 'Phantom^Anatomodel'. */
  readonly patientName?: string;
  /** PatientID (0010,0020). Default 'PHANTOM'. */
  readonly patientId?: string;
  /** RescaleSlope (0028,1053). Default 1. Written for CT always, for MR when slope or intercept is given. */
  readonly rescaleSlope?: number;
  /** RescaleIntercept (0028,1052). Default -1024 for CT, 0 for MR. */
  readonly rescaleIntercept?: number;
  /** Default 'explicit-le'. */
  readonly transferSyntax?: 'explicit-le' | 'implicit-le' | 'explicit-be';
  /** BitsStored (0028,0101), 1..16 (BitsAllocated is 16, HighBit BitsStored-1). Default 16. */
  readonly bitsStored?: number;
  /** PixelRepresentation (0028,0103): 0 unsigned, 1 two's complement. Default 0. */
  readonly pixelRepresentation?: 0 | 1;
  /** PhotometricInterpretation (0028,0004); values are written unchanged. Default MONOCHROME2. */
  readonly photometric?: 'MONOCHROME2' | 'MONOCHROME1';
  /** InstanceNumber (0020,0013) per slice (e.g. scrambled). Default slice index + 1. */
  readonly instanceNumbers?: readonly number[];
  /**
   * Out-of-range stored values: false (default) throws UNSUPPORTED_PIXEL_FORMAT, true clamps to
   * the range of BitsStored/PixelRepresentation.
   */
  readonly clamp?: boolean;
}

const SOP_CLASS = { CT: '1.2.840.10008.5.1.4.1.1.2', MR: '1.2.840.10008.5.1.4.1.1.4' } as const;
/** ImplementationClassUID (0002,0012): makeUid('anatomodel/implementation'), fixed. */
const IMPLEMENTATION_UID = makeUid('anatomodel/implementation');

/**
 * Writes each slice of `plan` as a DICOM Part 10 file (CT or MR Image Storage, uncompressed,
 * 16 bits allocated) and returns them in slice order, named IM0001.dcm, IM0002.dcm, ...
 *
 * `values(slice)` gives the modality values (HU for CT) of one slice, row-major: element
 * `r * columns + c` is the pixel in row r (along columnDirection) and column c (along
 * rowDirection), at `positions[slice] + c * pixelSpacing[1] * rowDirection +
 * r * pixelSpacing[0] * columnDirection`. They become stored values
 * `round((value - intercept) / slope)`, checked against BitsStored and PixelRepresentation.
 * Pure: returns bytes; cost one pass per slice.
 * @throws ImagingError INCONSISTENT_GEOMETRY for a malformed plan (non-unit or
 *   non-orthogonal directions, bad sizes); UNSUPPORTED_PIXEL_FORMAT for bad pixel options or
 *   a value that does not fit (unless `clamp`)
 */
export function writeDicomSeries(
  plan: SlicePlan,
  values: (slice: number) => Float32Array | Int16Array,
  options: WriteSeriesOptions,
): { name: string; bytes: Uint8Array }[] {
  validatePlan(plan, options);
  const ct = options.modality === 'CT';
  const slope = options.rescaleSlope ?? 1;
  const intercept = options.rescaleIntercept ?? (ct ? -1024 : 0);
  const writeRescale =
    ct || options.rescaleSlope !== undefined || options.rescaleIntercept !== undefined;
  const bitsStored = options.bitsStored ?? 16;
  const signed = (options.pixelRepresentation ?? 0) === 1;
  if (!Number.isInteger(bitsStored) || bitsStored < 1 || bitsStored > 16) {
    throw new ImagingError('UNSUPPORTED_PIXEL_FORMAT', `BitsStored ${bitsStored} not in 1..16`);
  }
  if (!(slope !== 0 && Number.isFinite(slope) && Number.isFinite(intercept))) {
    throw new ImagingError('UNSUPPORTED_PIXEL_FORMAT', `bad rescale ${slope}/${intercept}`);
  }
  const min = signed ? -(2 ** (bitsStored - 1)) : 0;
  const max = signed ? 2 ** (bitsStored - 1) - 1 : 2 ** bitsStored - 1;
  const syntax = options.transferSyntax ?? 'explicit-le';
  const seed = options.seed;
  const uid = (what: string) => makeUid(seed === undefined ? undefined : `${seed}/${what}`);
  const studyUid = options.studyInstanceUid ?? uid('study');
  const seriesUid = options.seriesInstanceUid ?? uid('series');
  const frameUid = options.frameOfReferenceUid ?? uid('frame');
  const sopClass = SOP_CLASS[options.modality];
  const normal = cross(plan.rowDirection, plan.columnDirection);
  const patientName = options.patientName ?? 'Phantom^Anatomodel';
  const patientId = options.patientId ?? 'PHANTOM';
  const texts = [patientName, patientId, options.seriesDescription ?? ''];
  const needsUtf8 = texts.some((t) => /[^\x20-\x7e]/.test(t));
  const n = plan.rows * plan.columns;
  const ds = (v: readonly number[]) => v.map(formatDs).join('\\');

  return plan.positions.map((position, slice) => {
    const input = values(slice);
    if (input.length !== n) {
      throw new ImagingError(
        'INCONSISTENT_GEOMETRY',
        `values(${slice}) has ${input.length} elements, expected rows*columns = ${n}`,
      );
    }
    const pixels = signed ? new Int16Array(n) : new Uint16Array(n);
    for (let i = 0; i < n; i++) {
      let s = Math.round((input[i] - intercept) / slope);
      if (!(s >= min && s <= max)) {
        if (!options.clamp || Number.isNaN(s)) {
          throw new ImagingError(
            'UNSUPPORTED_PIXEL_FORMAT',
            `slice ${slice} pixel ${i}: value ${input[i]} -> stored ${s} outside [${min}, ${max}] (${bitsStored} bits, ${signed ? 'signed' : 'unsigned'})`,
          );
        }
        s = s < min ? min : max;
      }
      pixels[i] = s;
    }
    const instance = options.instanceNumbers?.[slice] ?? slice + 1;
    const str = (
      tag: number,
      vr: 'AE' | 'CS' | 'DA' | 'DS' | 'IS' | 'LO' | 'PN' | 'SH' | 'TM' | 'UI',
      value: string,
    ): WriterElement => ({ tag, vr, value });
    const us = (tag: number, value: number): WriterElement => ({ tag, vr: 'US', value: [value] });
    const sopUid = seed === undefined ? makeUid() : makeUid(`${seed}/sop/${slice}`);
    const dataset: WriterElement[] = [
      str(0x00080008, 'CS', ct ? 'ORIGINAL\\PRIMARY\\AXIAL' : 'ORIGINAL\\PRIMARY\\OTHER'), // ImageType
      str(0x00080016, 'UI', sopClass), // SOPClassUID
      str(0x00080018, 'UI', sopUid), // SOPInstanceUID
      str(0x00080020, 'DA', ''), // StudyDate (type 2)
      str(0x00080030, 'TM', ''), // StudyTime (type 2)
      str(0x00080050, 'SH', ''), // AccessionNumber (type 2)
      str(0x00080060, 'CS', options.modality), // Modality
      str(0x00080070, 'LO', 'Anatomodel'), // Manufacturer (type 2)
      str(0x00080090, 'PN', ''), // ReferringPhysicianName (type 2)
      str(0x00100010, 'PN', patientName), // PatientName
      str(0x00100020, 'LO', patientId), // PatientID
      str(0x00100030, 'DA', ''), // PatientBirthDate (type 2)
      str(0x00100040, 'CS', ''), // PatientSex (type 2)
      str(0x0020000d, 'UI', studyUid), // StudyInstanceUID
      str(0x0020000e, 'UI', seriesUid), // SeriesInstanceUID
      str(0x00200010, 'SH', ''), // StudyID (type 2)
      str(0x00200011, 'IS', String(options.seriesNumber ?? 1)), // SeriesNumber
      str(0x00200013, 'IS', String(instance)), // InstanceNumber
      str(0x00200032, 'DS', ds(position)), // ImagePositionPatient
      str(0x00200037, 'DS', ds([...plan.rowDirection, ...plan.columnDirection])), // ImageOrientationPatient
      str(0x00200052, 'UI', frameUid), // FrameOfReferenceUID
      str(0x00201040, 'LO', ''), // PositionReferenceIndicator (type 2)
      str(0x00201041, 'DS', formatDs(dot(position, normal))), // SliceLocation
      us(0x00280002, 1), // SamplesPerPixel
      str(0x00280004, 'CS', options.photometric ?? 'MONOCHROME2'), // PhotometricInterpretation
      us(0x00280010, plan.rows), // Rows
      us(0x00280011, plan.columns), // Columns
      str(0x00280030, 'DS', ds(plan.pixelSpacing)), // PixelSpacing
      us(0x00280100, 16), // BitsAllocated
      us(0x00280101, bitsStored), // BitsStored
      us(0x00280102, bitsStored - 1), // HighBit
      us(0x00280103, signed ? 1 : 0), // PixelRepresentation
      { tag: 0x7fe00010, vr: 'OW', value: pixels }, // PixelData
    ];
    if (needsUtf8) dataset.push(str(0x00080005, 'CS', 'ISO_IR 192')); // SpecificCharacterSet
    if (options.seriesDescription !== undefined)
      dataset.push(str(0x0008103e, 'LO', options.seriesDescription));
    if (plan.sliceThickness !== undefined)
      dataset.push(str(0x00180050, 'DS', formatDs(plan.sliceThickness)));
    if (plan.gantryTiltDeg !== undefined)
      dataset.push(str(0x00181120, 'DS', formatDs(plan.gantryTiltDeg)));
    if (plan.patientPosition !== undefined)
      dataset.push(str(0x00185100, 'CS', plan.patientPosition));
    if (ct)
      dataset.push(str(0x00180060, 'DS', '')); // KVP (type 2)
    else {
      dataset.push(str(0x00180020, 'CS', 'RM')); // ScanningSequence: research mode
      dataset.push(str(0x00180021, 'CS', 'NONE')); // SequenceVariant
      dataset.push(str(0x00180022, 'CS', '')); // ScanOptions (type 2)
      dataset.push(str(0x00180023, 'CS', '')); // MRAcquisitionType (type 2)
    }
    if (writeRescale) {
      dataset.push(str(0x00281052, 'DS', formatDs(intercept))); // RescaleIntercept
      dataset.push(str(0x00281053, 'DS', formatDs(slope))); // RescaleSlope
      if (ct) dataset.push(str(0x00281054, 'LO', 'HU')); // RescaleType
    }
    const meta: WriterElement[] = [
      { tag: 0x00020001, vr: 'OB', value: Uint8Array.of(0, 1) }, // FileMetaInformationVersion
      str(0x00020002, 'UI', sopClass), // MediaStorageSOPClassUID
      str(0x00020003, 'UI', sopUid), // MediaStorageSOPInstanceUID
      str(0x00020010, 'UI', TRANSFER_SYNTAX_UID[syntax]), // TransferSyntaxUID
      str(0x00020012, 'UI', IMPLEMENTATION_UID), // ImplementationClassUID
      str(0x00020013, 'SH', 'ANATOMODEL_0_1'), // ImplementationVersionName
    ];
    return {
      name: `IM${String(slice + 1).padStart(4, '0')}.dcm`,
      bytes: encodePart10(meta, dataset, syntax),
    };
  });
}

function validatePlan(plan: SlicePlan, options: WriteSeriesOptions): void {
  const bad = (msg: string) => new ImagingError('INCONSISTENT_GEOMETRY', `slice plan: ${msg}`);
  for (const [name, v] of [
    ['rows', plan.rows],
    ['columns', plan.columns],
  ] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 65535) throw bad(`${name} ${v} not in 1..65535`);
  }
  if (!plan.pixelSpacing.every((s) => s > 0 && Number.isFinite(s))) {
    throw bad(`pixel spacing ${plan.pixelSpacing.join('\\')} not positive`);
  }
  for (const [name, d] of [
    ['rowDirection', plan.rowDirection],
    ['columnDirection', plan.columnDirection],
  ] as const) {
    if (!(Math.abs(norm(d) - 1) < 1e-6)) throw bad(`${name} is not a unit vector`);
  }
  if (!(Math.abs(dot(plan.rowDirection, plan.columnDirection)) < 1e-6)) {
    throw bad('row and column directions are not orthogonal');
  }
  if (plan.positions.length === 0) throw bad('no slices');
  if (!plan.positions.every((p) => p.every(Number.isFinite))) throw bad('non-finite position');
  const inst = options.instanceNumbers;
  if (inst && (inst.length !== plan.positions.length || !inst.every(Number.isInteger))) {
    throw bad('instanceNumbers must give one integer per slice');
  }
}
