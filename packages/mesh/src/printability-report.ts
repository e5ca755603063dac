import type { Vec3 } from '@anatomodel/imaging';
import { analyzeMesh } from './analyze-mesh.ts';
import type { MeshAnalysis } from './analyze-mesh.ts';
import type { ManifoldCheck } from './manifold-engine.ts';
import type { Mesh } from './mesh.ts';
import type { DeviationMethod } from './surface-deviation.ts';
import type { WallThicknessSummary } from './summarize-wall-thickness.ts';

/** A printer's build volume, mm. */
export interface Printer {
  readonly name: string;
  readonly buildVolumeMm: Vec3;
}

/** Build volumes from the manufacturers' published specifications. */
export const PRINTERS: readonly Printer[] = Object.freeze([
  { name: 'prusa-mk4', buildVolumeMm: [250, 210, 220] },
  { name: 'bambu-x1c', buildVolumeMm: [256, 256, 256] },
  { name: 'formlabs-form3', buildVolumeMm: [145, 145, 185] },
  { name: 'ultimaker-s5', buildVolumeMm: [330, 240, 300] },
]);

/** Minimum printable wall per material, mm (conservative values of common lab practice). */
export const MATERIAL_MIN_WALL_MM: Readonly<Record<string, number>> = Object.freeze({
  pla: 1.0,
  resin: 0.6,
  'polyjet-rigid': 0.6,
});

/** One part's data for the report. */
export interface ReportPartInput {
  readonly name: string;
  readonly label: number;
  /** the final mesh */
  readonly mesh: Mesh;
  /** `analyzeMesh(mesh)` when the caller has it (e.g. `repairMesh`'s), reused as is */
  readonly analysis?: MeshAnalysis;
  /** enclosed volume of the unsmoothed, unsimplified surface, mm³ */
  readonly rawVolumeMm3?: number;
  /** enclosed volume after smoothing, before simplification, mm³ */
  readonly smoothedVolumeMm3?: number;
  /**
   * deviation of the final mesh from the segmentation surface (the unsmoothed Surface Nets
   * mesh), mm, measured as `method` says (`surfaceDeviation`: vertex displacement of
   * smoothing, one-sided vertex-to-surface distance, or symmetric vertex-sampled Hausdorff)
   */
  readonly deviationMm?: {
    readonly maxMm: number;
    readonly meanMm: number;
    readonly method?: DeviationMethod;
  };
  /** wall thickness of the segment from its thickness map (`summarizeWallThickness`) */
  readonly wallThickness?: WallThicknessSummary;
  /** vertex displacement of smoothing, mm (same topology before and after) */
  readonly smoothingShiftMm?: { readonly max: number; readonly mean: number };
  /** manifold-3d's verdict, when run */
  readonly manifold?: ManifoldCheck;
  /** thinnest wall measured on the segmentation (thickness map), mm */
  readonly minWallMm?: number;
}

/** The printability report of a model (JSON-serialisable). */
export interface PrintabilityReport {
  readonly ok: boolean;
  readonly findings: string[];
  readonly printer?: Printer;
  readonly material?: { readonly name: string; readonly minWallMm: number };
  readonly parts: ReadonlyArray<{
    readonly name: string;
    readonly label: number;
    readonly watertight: boolean;
    readonly manifoldStatus: string;
    readonly triangles: number;
    readonly shells: number;
    readonly genus: number;
    readonly volumeMm3: number;
    readonly areaMm2: number;
    readonly boundsMm: { readonly min: Vec3; readonly max: Vec3 };
    readonly sizeMm: Vec3;
    readonly fitsPrinter?: boolean;
    readonly minWallMm?: number;
    /** final volume vs the segmentation surface's, % */
    readonly volumeChangePct?: number;
    /** smoothing's share: smoothed vs segmentation surface, % */
    readonly volumeChangeSmoothingPct?: number;
    /** simplification's share: final vs smoothed, % */
    readonly volumeChangeSimplificationPct?: number;
    readonly smoothingShiftMm?: { readonly max: number; readonly mean: number };
    /** deviation from the segmentation surface, mm, and how it was measured */
    readonly deviationMm?: {
      readonly maxMm: number;
      readonly meanMm: number;
      readonly method?: DeviationMethod;
    };
    readonly wallThickness?: WallThicknessSummary;
  }>;
}

/**
 * Builds the printability report: watertight/manifold status (our analysis and, when given,
 * manifold-3d's), shells, genus, volume, area, bounding box, fit in the printer's build volume
 * (any axis-aligned 90 degree orientation), thinnest wall against the material's minimum, and
 * deviation from the segmentation (Hausdorff distance, volume change by smoothing and by
 * simplification, smoothing shift), wall thickness from the thickness map against the
 * material's minimum. Findings are data.
 */
export function printabilityReport(
  parts: readonly ReportPartInput[],
  options: {
    printer?: Printer;
    material?: string;
    /** a finding when the Hausdorff distance to the segmentation exceeds this, mm */
    maxDeviationMm?: number;
  } = {},
): PrintabilityReport {
  const findings: string[] = [];
  const minWall = options.material ? MATERIAL_MIN_WALL_MM[options.material] : undefined;
  const out = parts.map((p) => {
    const a = p.analysis ?? analyzeMesh(p.mesh);
    const size: Vec3 = [0, 1, 2].map((r) => a.bounds.max[r] - a.bounds.min[r]) as unknown as Vec3;
    const manifoldStatus = p.manifold?.status ?? 'not checked';
    const watertight = a.watertight && (p.manifold ? manifoldStatus === 'NoError' : true);
    if (!watertight) findings.push(`${p.name}: not watertight/manifold (${manifoldStatus})`);
    let fitsPrinter: boolean | undefined;
    if (options.printer) {
      const s = [...size].sort((x, y) => x - y);
      const b = [...options.printer.buildVolumeMm].sort((x, y) => x - y);
      fitsPrinter = s.every((x, i) => x <= b[i]);
      if (!fitsPrinter)
        findings.push(
          `${p.name}: ${size.map((x) => x.toFixed(1)).join(' x ')} mm does not fit ${options.printer.name}`,
        );
    }
    if (
      minWall !== undefined &&
      p.wallThickness === undefined && // else the thin-volume finding below says it
      p.minWallMm !== undefined &&
      p.minWallMm < minWall
    ) {
      findings.push(
        `${p.name}: thinnest wall ${p.minWallMm.toFixed(2)} mm < ${minWall} mm for ${options.material}`,
      );
    }
    const pct = (after: number | undefined, before: number | undefined) =>
      after !== undefined && before !== undefined && before !== 0
        ? (100 * (after - before)) / before
        : undefined;
    const volumeChangePct = pct(a.signedVolume, p.rawVolumeMm3);
    const volumeChangeSmoothingPct = pct(p.smoothedVolumeMm3, p.rawVolumeMm3);
    const volumeChangeSimplificationPct = pct(a.signedVolume, p.smoothedVolumeMm3);
    if (
      options.maxDeviationMm !== undefined &&
      p.deviationMm !== undefined &&
      p.deviationMm.maxMm > options.maxDeviationMm
    ) {
      findings.push(
        `${p.name}: deviates up to ${p.deviationMm.maxMm.toFixed(2)} mm from the segmentation (limit ${options.maxDeviationMm} mm)`,
      );
    }
    const wt = p.wallThickness;
    if (minWall !== undefined && wt !== undefined && wt.thinVolumePct > 0) {
      findings.push(
        `${p.name}: ${wt.thinVolumePct.toFixed(1)} % of the volume is thinner than ${minWall} mm (${options.material}); 5th percentile ${wt.p5Mm.toFixed(2)} mm`,
      );
    }
    return {
      name: p.name,
      label: p.label,
      watertight,
      manifoldStatus,
      triangles: a.triangleCount,
      shells: a.shells,
      genus: a.genus,
      volumeMm3: a.signedVolume,
      areaMm2: a.area,
      boundsMm: a.bounds,
      sizeMm: size,
      fitsPrinter,
      minWallMm: p.minWallMm,
      volumeChangePct,
      volumeChangeSmoothingPct,
      volumeChangeSimplificationPct,
      smoothingShiftMm: p.smoothingShiftMm,
      deviationMm: p.deviationMm,
      wallThickness: p.wallThickness,
    };
  });
  return {
    ok: findings.length === 0,
    findings,
    printer: options.printer,
    material:
      options.material && minWall !== undefined
        ? { name: options.material, minWallMm: minWall }
        : undefined,
    parts: out,
  };
}
