import type { SliceHeader } from '../dicom/slice-header.ts';
import { cross, dot } from '../geometry.ts';

/** A set of slices that can form one volume (or a rejected remainder, see `problem`). */
export interface DicomSeries {
  /** unique within a scan: the SeriesInstanceUID, with `#2`, `#3`... for split stacks */
  readonly id: string;
  readonly seriesInstanceUid: string;
  readonly seriesNumber?: number;
  readonly description: string;
  readonly modality: string;
  readonly studyInstanceUid: string;
  /** the slices, in scan order (not sorted) */
  readonly slices: readonly SliceHeader[];
  /** localizer/scout stack: never picked automatically */
  readonly isLocalizer: boolean;
  /** why this stack was split off its SeriesInstanceUID, when it was */
  readonly splitReason?: string;
  readonly transferSyntaxes: readonly string[];
}

const ORIENTATION_TOLERANCE = 1e-3; // direction cosine difference treated as the same plane
const SPACING_TOLERANCE_MM = 1e-3;

function sameStackShape(a: SliceHeader, b: SliceHeader): string | undefined {
  if (a.rows !== b.rows || a.columns !== b.columns) return 'different image size';
  if (a.isLocalizer !== b.isLocalizer) return 'localizer images';
  if (a.isMosaic !== b.isMosaic) return 'mosaic and non-mosaic images';
  if ((a.echoNumber ?? 1) !== (b.echoNumber ?? 1)) return 'different echo numbers';
  if (a.samplesPerPixel !== b.samplesPerPixel) return 'different samples per pixel';
  const ra = a.rowDirection;
  const rb = b.rowDirection;
  const ca = a.columnDirection;
  const cb = b.columnDirection;
  if (!ra || !rb || !ca || !cb) {
    if (ra || rb) return 'images with and without orientation';
  } else {
    for (let i = 0; i < 3; i++) {
      if (Math.abs(ra[i] - rb[i]) > ORIENTATION_TOLERANCE) return 'different orientations';
      if (Math.abs(ca[i] - cb[i]) > ORIENTATION_TOLERANCE) return 'different orientations';
    }
  }
  const pa = a.pixelSpacing;
  const pb = b.pixelSpacing;
  if (pa && pb) {
    if (Math.abs(pa[0] - pb[0]) > SPACING_TOLERANCE_MM) return 'different pixel spacing';
    if (Math.abs(pa[1] - pb[1]) > SPACING_TOLERANCE_MM) return 'different pixel spacing';
  } else if (pa || pb) return 'images with and without pixel spacing';
  return undefined;
}

/** Position of a slice along its normal, mm (undefined without geometry). */
export function slicePositionAlongNormal(h: SliceHeader): number | undefined {
  if (!h.position || !h.rowDirection || !h.columnDirection) return undefined;
  return dot(h.position, cross(h.rowDirection, h.columnDirection));
}

/** Splits a stack whose positions repeat by the first attribute that separates them. */
function splitRepeats(slices: SliceHeader[]): { parts: SliceHeader[][]; reason?: string } {
  const seen = new Set<string>();
  let repeats = false;
  for (const s of slices) {
    const t = slicePositionAlongNormal(s);
    if (t === undefined) continue;
    const key = t.toFixed(3);
    if (seen.has(key)) {
      repeats = true;
      break;
    }
    seen.add(key);
  }
  if (!repeats) return { parts: [slices] };
  const keys: [string, (s: SliceHeader) => unknown][] = [
    ['temporal position', (s) => s.temporalPosition],
    ['acquisition number', (s) => s.acquisitionNumber],
    ['stack id', (s) => s.stackId],
  ];
  for (const [reason, key] of keys) {
    const byKey = new Map<unknown, SliceHeader[]>();
    for (const s of slices) {
      const k = key(s);
      const list = byKey.get(k);
      if (list) list.push(s);
      else byKey.set(k, [s]);
    }
    if (byKey.size > 1)
      return { parts: [...byKey.values()], reason: `repeated positions split by ${reason}` };
  }
  return { parts: [slices] };
}

/**
 * Groups slices into stacks: by SeriesInstanceUID (0020,000E), then split where one UID holds
 * several stacks (orientation, image size, pixel spacing, echo, localizers, repeated positions
 * by temporal position / acquisition), as dcm2niix does. Localizers form their own stacks, so
 * they never pollute a volume. Stacks come out ordered by series number, then description.
 */
export function groupSeries(headers: readonly SliceHeader[]): DicomSeries[] {
  const byUid = new Map<string, SliceHeader[]>();
  for (const h of headers) {
    const list = byUid.get(h.seriesInstanceUid);
    if (list) list.push(h);
    else byUid.set(h.seriesInstanceUid, [h]);
  }
  const result: DicomSeries[] = [];
  for (const [uid, slices] of byUid) {
    const stacks: { slices: SliceHeader[]; reason?: string }[] = [];
    for (const s of slices) {
      let placed = false;
      let reason: string | undefined;
      for (const st of stacks) {
        reason = sameStackShape(st.slices[0], s);
        if (!reason) {
          st.slices.push(s);
          placed = true;
          break;
        }
      }
      if (!placed) stacks.push({ slices: [s], reason: stacks.length > 0 ? reason : undefined });
    }
    const finalStacks: { slices: SliceHeader[]; reason?: string }[] = [];
    for (const st of stacks) {
      const { parts, reason } = splitRepeats(st.slices);
      for (const p of parts) finalStacks.push({ slices: p, reason: reason ?? st.reason });
    }
    const splitNote =
      finalStacks.length > 1 ? finalStacks.find((s) => s.reason)?.reason : undefined;
    finalStacks.forEach((st, n) => {
      const first = st.slices[0];
      result.push({
        id: n === 0 ? uid : `${uid}#${n + 1}`,
        seriesInstanceUid: uid,
        seriesNumber: first.seriesNumber,
        description: first.seriesDescription,
        modality: first.modality,
        studyInstanceUid: first.studyInstanceUid,
        slices: st.slices,
        isLocalizer: st.slices.every((s) => s.isLocalizer),
        splitReason: finalStacks.length > 1 ? (st.reason ?? splitNote) : undefined,
        transferSyntaxes: [...new Set(st.slices.map((s) => s.transferSyntaxUid))],
      });
    });
  }
  return result.sort(
    (a, b) =>
      (a.seriesNumber ?? 0) - (b.seriesNumber ?? 0) ||
      a.description.localeCompare(b.description) ||
      a.id.localeCompare(b.id),
  );
}
