import type dicomParser from 'dicom-parser';
import type { Vec3 } from '../volume.ts';
import { ImagingError } from '../imaging-error.ts';
import { cross, norm } from '../geometry.ts';

/**
 * What the series pipeline needs to know of one 2D image: a classic single-frame file or one
 * frame of an Enhanced multi-frame file. Geometry is taken per frame (PS3.3 C.7.6.16).
 */
export interface SliceHeader {
  /** the source's label (path, zip entry or caller's name) */
  readonly file: string;
  /** index of the source in the scan, to read the bytes again for decoding */
  readonly sourceIndex: number;
  /** 0-based frame within the file */
  readonly frame: number;
  /** NumberOfFrames (0028,0008), 1 for single-frame files */
  readonly numberOfFrames: number;
  readonly sopInstanceUid: string; // (0008,0018)
  readonly sopClassUid: string; // (0008,0016)
  readonly transferSyntaxUid: string; // (0002,0010)
  readonly modality: string; // (0008,0060)
  readonly seriesInstanceUid: string; // (0020,000E)
  readonly seriesNumber?: number; // (0020,0011)
  readonly seriesDescription: string; // (0008,103E)
  readonly studyInstanceUid: string; // (0020,000D)
  readonly frameOfReferenceUid?: string; // (0020,0052)
  readonly patientPosition?: string; // (0018,5100)
  readonly imageType: readonly string[]; // (0008,0008)
  readonly instanceNumber?: number; // (0020,0013)
  readonly acquisitionNumber?: number; // (0020,0012)
  readonly echoNumber?: number; // (0018,0086)
  readonly temporalPosition?: number; // (0020,0100) or frame TemporalPositionIndex
  readonly stackId?: string; // (0020,9056)
  readonly rows: number; // (0028,0010)
  readonly columns: number; // (0028,0011)
  /** ImagePositionPatient (0020,0032): LPS mm of the centre of the first transmitted pixel */
  readonly position?: Vec3;
  /** ImageOrientationPatient (0020,0037): direction of a row (increasing column index) */
  readonly rowDirection?: Vec3;
  /** ImageOrientationPatient (0020,0037): direction of a column (increasing row index) */
  readonly columnDirection?: Vec3;
  /** PixelSpacing (0028,0030): [between rows (mm along column direction), between columns] */
  readonly pixelSpacing?: readonly [number, number];
  readonly sliceThickness?: number; // (0018,0050)
  readonly gantryTiltDeg?: number; // (0018,1120), informative only: vendors disagree on its sign
  readonly rescaleSlope: number; // (0028,1053), 1 if absent
  readonly rescaleIntercept: number; // (0028,1052), 0 if absent
  readonly photometricInterpretation: string; // (0028,0004)
  readonly samplesPerPixel: number; // (0028,0002)
  readonly bitsAllocated: number; // (0028,0100)
  readonly bitsStored: number; // (0028,0101)
  readonly pixelRepresentation: number; // (0028,0103)
  readonly pixelPaddingValue?: number; // (0028,0120)
  /** byte offset of the PixelData value in the file (undefined for deflated files) */
  readonly pixelDataOffset?: number;
  /** Siemens mosaic (ImageType contains MOSAIC) */
  readonly isMosaic: boolean;
  /** localizer/scout images never join a volume stack with diagnostic slices */
  readonly isLocalizer: boolean;
}

const ENHANCED_PER_FRAME = 'x52009230'; // PerFrameFunctionalGroupsSequence
const ENHANCED_SHARED = 'x52009229'; // SharedFunctionalGroupsSequence

function firstItem(
  ds: dicomParser.DataSet | undefined,
  tag: string,
): dicomParser.DataSet | undefined {
  const items = ds?.elements[tag]?.items;
  return items && items.length > 0 ? items[0].dataSet : undefined;
}

function floats(
  ds: dicomParser.DataSet | undefined,
  tag: string,
  count: number,
): number[] | undefined {
  if (!ds || !ds.elements[tag] || ds.elements[tag].length === 0) return undefined;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const v = ds.floatString(tag, i);
    if (v === undefined || !Number.isFinite(v)) return undefined;
    out.push(v);
  }
  return out;
}

function optionalNumber(ds: dicomParser.DataSet | undefined, tag: string): number | undefined {
  if (!ds || !ds.elements[tag] || ds.elements[tag].length === 0) return undefined;
  const v = ds.floatString(tag);
  return v !== undefined && Number.isFinite(v) ? v : undefined;
}

function unitVector(v: number[] | undefined): Vec3 | undefined {
  if (!v) return undefined;
  const t: Vec3 = [v[0], v[1], v[2]];
  const n = norm(t);
  if (!(n > 0.5 && n < 1.5)) return undefined;
  return [t[0] / n, t[1] / n, t[2] / n];
}

/** Finds a functional-group macro for a frame: per-frame item first, shared item second. */
function functionalGroup(
  perFrame: dicomParser.DataSet | undefined,
  shared: dicomParser.DataSet | undefined,
  tag: string,
): dicomParser.DataSet | undefined {
  return firstItem(perFrame, tag) ?? firstItem(shared, tag);
}

/**
 * Extracts one SliceHeader per frame of a parsed DICOM data set. Returns an empty list for
 * objects without pixel data (DICOMDIR, SR, presentation states); the caller records why.
 * @throws ImagingError MISSING_ATTRIBUTE when an image lacks Rows/Columns.
 */
export function readSliceHeaders(
  ds: dicomParser.DataSet,
  file: string,
  sourceIndex: number,
): SliceHeader[] {
  if (!ds.elements.x7fe00010) return [];
  const rows = ds.uint16('x00280010');
  const columns = ds.uint16('x00280011');
  if (!rows || !columns) {
    throw new ImagingError('MISSING_ATTRIBUTE', 'image without Rows/Columns (0028,0010/0011)', {
      file,
    });
  }
  const imageType = (ds.string('x00080008') ?? '')
    .toUpperCase()
    .split('\\')
    .map((s) => s.trim());
  const numberOfFrames = Math.max(1, ds.intString('x00280008') ?? 1);
  const shared = firstItem(ds, ENHANCED_SHARED);
  const perFrameItems = ds.elements[ENHANCED_PER_FRAME]?.items;
  const base = {
    file,
    sourceIndex,
    numberOfFrames,
    sopInstanceUid: ds.string('x00080018') ?? '',
    sopClassUid: ds.string('x00080016') ?? '',
    transferSyntaxUid: ds.string('x00020010') ?? '1.2.840.10008.1.2',
    modality: (ds.string('x00080060') ?? '').toUpperCase(),
    seriesInstanceUid: ds.string('x0020000e') ?? '',
    seriesNumber: ds.intString('x00200011'),
    seriesDescription: ds.string('x0008103e') ?? '',
    studyInstanceUid: ds.string('x0020000d') ?? '',
    frameOfReferenceUid: ds.string('x00200052'),
    patientPosition: ds.string('x00185100'),
    imageType,
    instanceNumber: ds.intString('x00200013'),
    acquisitionNumber: ds.intString('x00200012'),
    echoNumber: ds.intString('x00180086'),
    rows,
    columns,
    gantryTiltDeg: optionalNumber(ds, 'x00181120'),
    photometricInterpretation: (ds.string('x00280004') ?? 'MONOCHROME2').trim().toUpperCase(),
    samplesPerPixel: ds.uint16('x00280002') ?? 1,
    bitsAllocated: ds.uint16('x00280100') ?? 16,
    bitsStored: ds.uint16('x00280101') ?? ds.uint16('x00280100') ?? 16,
    pixelRepresentation: ds.uint16('x00280103') ?? 0,
    pixelPaddingValue: readPadding(ds),
    pixelDataOffset:
      ds.string('x00020010') === '1.2.840.10008.1.2.1.99'
        ? undefined
        : ds.elements.x7fe00010.dataOffset,
    isMosaic: imageType.includes('MOSAIC'),
    // Siemens names AutoAlign scouts in the description only ('AAHead_Scout_MPR_sag')
    isLocalizer:
      imageType.includes('LOCALIZER') ||
      /(scout|localizer|survey)/i.test(ds.string('x0008103e') ?? ''),
  };
  const headers: SliceHeader[] = [];
  for (let frame = 0; frame < numberOfFrames; frame++) {
    const perFrame = perFrameItems?.[frame]?.dataSet;
    const planePos = functionalGroup(perFrame, shared, 'x00209113'); // PlanePositionSequence
    const planeOri = functionalGroup(perFrame, shared, 'x00209116'); // PlaneOrientationSequence
    const measures = functionalGroup(perFrame, shared, 'x00289110'); // PixelMeasuresSequence
    const transform = functionalGroup(perFrame, shared, 'x00289145'); // PixelValueTransformation
    const content = firstItem(perFrame, 'x00209111'); // FrameContentSequence
    const ipp = floats(planePos, 'x00200032', 3) ?? floats(ds, 'x00200032', 3);
    const iop = floats(planeOri, 'x00200037', 6) ?? floats(ds, 'x00200037', 6);
    const ps = floats(measures, 'x00280030', 2) ?? floats(ds, 'x00280030', 2);
    const rowDirection = unitVector(iop?.slice(0, 3));
    const columnDirection = unitVector(iop?.slice(3, 6));
    const orthogonal =
      rowDirection && columnDirection && norm(cross(rowDirection, columnDirection)) > 0.99;
    headers.push({
      ...base,
      frame,
      temporalPosition:
        (content ? content.uint32('x00209128') : undefined) ?? ds.intString('x00200100'),
      stackId: content?.string('x00209056'),
      position: ipp ? [ipp[0], ipp[1], ipp[2]] : undefined,
      rowDirection: orthogonal ? rowDirection : undefined,
      columnDirection: orthogonal ? columnDirection : undefined,
      pixelSpacing: ps && ps[0] > 0 && ps[1] > 0 ? [ps[0], ps[1]] : undefined,
      sliceThickness: optionalNumber(measures, 'x00180050') ?? optionalNumber(ds, 'x00180050'),
      rescaleSlope: optionalNumber(transform, 'x00281053') ?? optionalNumber(ds, 'x00281053') ?? 1,
      rescaleIntercept:
        optionalNumber(transform, 'x00281052') ?? optionalNumber(ds, 'x00281052') ?? 0,
    });
  }
  return headers;
}

function readPadding(ds: dicomParser.DataSet): number | undefined {
  const el = ds.elements.x00280120;
  if (!el || el.length < 2) return undefined;
  // US or SS by PixelRepresentation (PS3.3 C.7.5.1.1.2)
  return ds.uint16('x00280103') === 1 ? ds.int16('x00280120') : ds.uint16('x00280120');
}
