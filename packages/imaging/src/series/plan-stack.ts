import type { SliceHeader } from '../dicom/slice-header.ts';
import type { Vec3, VolumeGeometry } from '../volume.ts';
import type { DicomSeries } from './group-series.ts';
import { ImagingError } from '../imaging-error.ts';
import { add, cross, dot, normalize, scale, sub } from '../geometry.ts';

/** How to treat gaps that are whole multiples of the regular spacing (missing slices). */
export type MissingSlicesPolicy = 'error' | 'interpolate';
/** How to treat irregular spacing that is not explained by missing slices. */
export type NonUniformPolicy = 'resample' | 'error';

export interface StackPlanOptions {
  /** default 'error': ImagingError MISSING_SLICES naming the gap */
  readonly onMissingSlices?: MissingSlicesPolicy;
  /** default 'resample' to the finest spacing */
  readonly onNonUniformSpacing?: NonUniformPolicy;
}

/**
 * A sorted stack and the grid it becomes. When `resample` is absent the sorted slices map 1:1
 * onto k of the output grid. When present, each output slice k lies at `outputT[k]` along the
 * normal and samples the input slices (sorted) with per-slice in-plane offsets (pixels).
 */
export interface StackPlan {
  readonly series: DicomSeries;
  /** slices sorted by position along the normal (row x column), ascending */
  readonly sorted: readonly SliceHeader[];
  readonly geometry: VolumeGeometry;
  readonly resample?: {
    /** position along the normal of each input slice, mm, ascending */
    readonly inputT: Float64Array;
    /** output slice positions along the normal, mm */
    readonly outputT: Float64Array;
    /** per input slice: output pixel (i, j) samples input pixel (i + du[s], j + dv[s]) */
    readonly du: Float64Array;
    readonly dv: Float64Array;
  };
  /** gantry tilt found from the positions (degrees between stacking direction and normal) */
  readonly tiltDeg: number;
  /** irregular gaps found, mm, for the report */
  readonly gapsMm: readonly number[];
  readonly warnings: readonly string[];
}

/** Gaps equal within this (mm or fraction of the gap, whichever is larger) count as uniform. */
const GAP_TOLERANCE_MM = 0.02;
const GAP_TOLERANCE_FRACTION = 0.01;
/** least in-plane drift of positions (mm) for a stack to count as sheared (gantry tilt) */
const SHEAR_TOLERANCE_MM = 0.01;

function requireGeometry(h: SliceHeader): {
  position: Vec3;
  rowDirection: Vec3;
  columnDirection: Vec3;
  pixelSpacing: readonly [number, number];
} {
  if (!h.position || !h.rowDirection || !h.columnDirection) {
    throw new ImagingError(
      'MISSING_ATTRIBUTE',
      'image has no usable ImagePositionPatient (0020,0032) / ImageOrientationPatient (0020,0037); it cannot be placed in patient space',
      { file: h.file },
    );
  }
  if (!h.pixelSpacing) {
    throw new ImagingError('MISSING_ATTRIBUTE', 'image has no PixelSpacing (0028,0030)', {
      file: h.file,
    });
  }
  return {
    position: h.position,
    rowDirection: h.rowDirection,
    columnDirection: h.columnDirection,
    pixelSpacing: h.pixelSpacing,
  };
}

function describe(h: SliceHeader): string {
  return h.numberOfFrames > 1 ? `${h.file} frame ${h.frame + 1}` : h.file;
}

/**
 * Sorts a stack by ImagePositionPatient projected on the slice normal (never by
 * InstanceNumber), measures spacing from positions (never SliceThickness), detects gantry tilt
 * from the in-plane drift of the positions (never from the sign of (0018,1120)), and finds
 * missing slices and irregular spacing. Returns the output grid: axes = row direction, column
 * direction, slice normal; origin at the first sorted slice.
 * @throws ImagingError MISSING_SLICES, NON_UNIFORM_SPACING, MIXED_SERIES, INCONSISTENT_GEOMETRY
 */
export function planStack(series: DicomSeries, options: StackPlanOptions = {}): StackPlan {
  if (series.slices.length === 0)
    throw new ImagingError('NO_SERIES', `series ${series.id} is empty`);
  if (series.slices[0].isMosaic) {
    throw new ImagingError(
      'UNSUPPORTED_PIXEL_FORMAT',
      'Siemens mosaic images (EPI/fMRI) are not de-mosaicked; anatomic models need an anatomical series',
      { file: series.slices[0].file },
    );
  }
  const first = requireGeometry(series.slices[0]);
  const r = first.rowDirection;
  const c = first.columnDirection;
  const n = normalize(cross(r, c));
  const colSpacing = first.pixelSpacing[1]; // along r (between columns)
  const rowSpacing = first.pixelSpacing[0]; // along c (between rows)
  const sorted = [...series.slices]
    .map((h) => ({ h, t: dot(requireGeometry(h).position, n) }))
    .sort((a, b) => a.t - b.t);
  const warnings: string[] = [];
  const count = sorted.length;
  const inputT = Float64Array.from(sorted, (s) => s.t);
  for (let k = 1; k < count; k++) {
    if (inputT[k] - inputT[k - 1] < 1e-3) {
      throw new ImagingError(
        'MIXED_SERIES',
        `two images at the same position (${inputT[k].toFixed(3)} mm along the normal): ${describe(sorted[k - 1].h)} and ${describe(sorted[k].h)}; the series holds more than one stack`,
        { file: sorted[k].h.file },
      );
    }
  }
  // In-plane drift of each position relative to the first: zero for orthogonal stacks.
  const p0 = sorted[0].h.position as Vec3;
  const du = new Float64Array(count);
  const dv = new Float64Array(count);
  let maxDrift = 0;
  for (let k = 0; k < count; k++) {
    const d = sub(sorted[k].h.position as Vec3, p0);
    du[k] = dot(d, r) / colSpacing;
    dv[k] = dot(d, c) / rowSpacing;
    maxDrift = Math.max(maxDrift, Math.hypot(du[k] * colSpacing, dv[k] * rowSpacing));
  }
  let tiltDeg = 0;
  // Rounding of positions in oblique series leaves a few microns of drift: resampling for that
  // would only blur the voxels, so a stack counts as sheared from 1/20 of a pixel on.
  const sheared = maxDrift > Math.max(SHEAR_TOLERANCE_MM, 0.05 * Math.min(colSpacing, rowSpacing));
  if (sheared) {
    // A gantry tilt shears the stack: drift must grow linearly with position along the normal.
    const span = inputT[count - 1] - inputT[0];
    const su = (du[count - 1] * colSpacing) / span;
    const sv = (dv[count - 1] * rowSpacing) / span;
    for (let k = 0; k < count; k++) {
      const t = inputT[k] - inputT[0];
      const eu = du[k] * colSpacing - su * t;
      const ev = dv[k] * rowSpacing - sv * t;
      if (Math.hypot(eu, ev) > Math.max(0.05, 0.1 * Math.min(colSpacing, rowSpacing))) {
        throw new ImagingError(
          'INCONSISTENT_GEOMETRY',
          `slice positions do not lie on a straight line (off by ${Math.hypot(eu, ev).toFixed(3)} mm at ${describe(sorted[k].h)}); not a single stack`,
          { file: sorted[k].h.file },
        );
      }
    }
    tiltDeg = (Math.atan(Math.hypot(su, sv)) * 180) / Math.PI;
    warnings.push(
      `gantry tilt of ${tiltDeg.toFixed(2)} deg derived from slice positions; resampled onto an orthogonal grid`,
    );
  }
  // Spacing from positions.
  const gaps: number[] = [];
  for (let k = 1; k < count; k++) gaps.push(inputT[k] - inputT[k - 1]);
  const minGap = gaps.length > 0 ? Math.min(...gaps) : (series.slices[0].sliceThickness ?? 1);
  const tol = (g: number) => Math.max(GAP_TOLERANCE_MM, GAP_TOLERANCE_FRACTION * g);
  const uniform = gaps.every((g) => Math.abs(g - minGap) <= tol(minGap));
  let outputSpacing =
    uniform && gaps.length > 0 ? (inputT[count - 1] - inputT[0]) / (count - 1) : minGap;
  let resampleAlongNormal = false;
  const irregular: number[] = [];
  if (!uniform) {
    // Missing slices: every gap is the regular (median) spacing or a whole multiple of it.
    const regular = [...gaps].sort((a, b) => a - b)[gaps.length >> 1];
    const allWhole = gaps.every((g) => {
      const m = Math.round(g / regular);
      return m >= 1 && Math.abs(g - m * regular) <= tol(regular) * m;
    });
    if (allWhole) {
      const holes = gaps
        .map((g, k) => ({ g, k, missing: Math.round(g / regular) - 1 }))
        .filter((x) => x.missing > 0);
      const text = holes
        .slice(0, 5)
        .map(
          (x) =>
            `${x.missing} missing between ${describe(sorted[x.k].h)} (${inputT[x.k].toFixed(2)} mm) and ${describe(sorted[x.k + 1].h)} (${inputT[x.k + 1].toFixed(2)} mm)`,
        )
        .join('; ');
      if ((options.onMissingSlices ?? 'error') === 'error') {
        throw new ImagingError(
          'MISSING_SLICES',
          `slice spacing is ${regular.toFixed(3)} mm but ${holes.length} gap(s) skip slices: ${text}. Re-export the complete series, or allow interpolation`,
          { file: sorted[holes[0].k + 1].h.file },
        );
      }
      warnings.push(`missing slices interpolated: ${text}`);
    } else {
      if ((options.onNonUniformSpacing ?? 'resample') === 'error') {
        throw new ImagingError(
          'NON_UNIFORM_SPACING',
          `slice spacing varies from ${minGap.toFixed(3)} to ${Math.max(...gaps).toFixed(3)} mm`,
          { file: sorted[0].h.file },
        );
      }
      warnings.push(
        `non-uniform slice spacing (${minGap.toFixed(3)} to ${Math.max(...gaps).toFixed(3)} mm) resampled to the finest spacing`,
      );
    }
    for (const g of gaps) if (Math.abs(g - minGap) > tol(minGap)) irregular.push(g);
    resampleAlongNormal = true;
    // the finest gap, shrunk just enough to divide the stack's extent evenly, so both end
    // slices stay where they were (never extrapolated, never cut off)
    const span = inputT[count - 1] - inputT[0];
    outputSpacing = span / Math.ceil(span / minGap - 1e-6);
  }
  if (!(outputSpacing > 0)) outputSpacing = series.slices[0].sliceThickness || 1;

  let origin: Vec3 = p0;
  let dimI = first.pixelSpacing ? series.slices[0].columns : 0;
  let dimJ = series.slices[0].rows;
  let dimK = count;
  let resample: StackPlan['resample'];
  if (sheared || resampleAlongNormal) {
    dimK = count === 1 ? 1 : Math.round((inputT[count - 1] - inputT[0]) / outputSpacing) + 1;
    const outputT = new Float64Array(dimK);
    for (let k = 0; k < dimK; k++) outputT[k] = inputT[0] + k * outputSpacing;
    // Output in-plane grid covers every input slice (aligned with the first slice's pixels).
    let i0 = 0;
    let j0 = 0;
    let i1 = 0;
    let j1 = 0;
    for (let k = 0; k < count; k++) {
      i0 = Math.min(i0, Math.floor(du[k] + 1e-6));
      j0 = Math.min(j0, Math.floor(dv[k] + 1e-6));
      i1 = Math.max(i1, Math.ceil(du[k] - 1e-6));
      j1 = Math.max(j1, Math.ceil(dv[k] - 1e-6));
    }
    dimI += i1 - i0;
    dimJ += j1 - j0;
    origin = add(add(p0, scale(r, i0 * colSpacing)), scale(c, j0 * rowSpacing));
    // output pixel (i, j) on plane t is at origin + i*r + j*c (+ normal); on input slice s that
    // is input pixel (i + i0 - du[s], j + j0 - dv[s]).
    const ou = new Float64Array(count);
    const ov = new Float64Array(count);
    for (let k = 0; k < count; k++) {
      ou[k] = i0 - du[k];
      ov[k] = j0 - dv[k];
    }
    resample = { inputT, outputT, du: ou, dv: ov };
  }
  const geometry: VolumeGeometry = {
    dims: [dimI, dimJ, dimK],
    spacing: [colSpacing, rowSpacing, outputSpacing],
    origin,
    axes: [r, c, n],
    frameOfReferenceUid: series.slices[0].frameOfReferenceUid,
  };
  return {
    series,
    sorted: sorted.map((s) => s.h),
    geometry,
    resample,
    tiltDeg,
    gapsMm: irregular,
    warnings,
  };
}
