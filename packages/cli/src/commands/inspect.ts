import type { Command } from 'commander';
import {
  ImagingError,
  orientationLabel,
  planStack,
  scanDicom,
  cross,
  type DicomSeries,
} from '@anatomodel/imaging';
import { sourcesFromPath, displayPath } from '@anatomodel/imaging/node';
import { transferSyntaxName } from '../transfer-syntax-name.ts';

/** What `inspect` reports of one series. */
export interface SeriesReport {
  id: string;
  seriesInstanceUid: string;
  seriesNumber?: number;
  modality: string;
  description: string;
  images: number;
  /** columns x rows x slices of the volume the pipeline would build */
  dims?: [number, number, number];
  /** mm along columns, rows, slices */
  spacing?: [number, number, number];
  orientation?: string;
  transferSyntaxes: string[];
  localizer: boolean;
  tiltDeg?: number;
  warnings: string[];
  /** why the pipeline would refuse this series, when it would */
  error?: { code: string; message: string };
}

/** Builds the report of one series without decoding pixels. */
export function reportSeries(s: DicomSeries): SeriesReport {
  const first = s.slices[0];
  const report: SeriesReport = {
    id: s.id,
    seriesInstanceUid: s.seriesInstanceUid,
    seriesNumber: s.seriesNumber,
    modality: s.modality,
    description: s.description,
    images: s.slices.length,
    transferSyntaxes: [...s.transferSyntaxes],
    localizer: s.isLocalizer,
    warnings: s.splitReason ? [`split from its series: ${s.splitReason}`] : [],
  };
  if (first.rowDirection && first.columnDirection) {
    report.orientation = orientationLabel(cross(first.rowDirection, first.columnDirection));
  }
  if (first.isMosaic) report.warnings.push('Siemens mosaic: not de-mosaicked by this version');
  try {
    const plan = planStack(s, { onMissingSlices: 'error', onNonUniformSpacing: 'resample' });
    report.dims = [...plan.geometry.dims];
    report.spacing = [...plan.geometry.spacing];
    if (plan.tiltDeg > 0) report.tiltDeg = plan.tiltDeg;
    report.warnings.push(...plan.warnings);
  } catch (err) {
    if (!(err instanceof ImagingError)) throw err;
    report.error = { code: err.code, message: err.message };
  }
  return report;
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(3).replace(/0+$/, '');
}

/** One human line per series. */
export function formatSeriesLine(r: SeriesReport): string {
  const parts = [
    `${r.modality || '??'}`,
    `"${r.description}"`,
    r.dims ? r.dims.join('x') : `${r.images} images`,
    r.spacing ? `${r.spacing.map(fmt).join('x')} mm` : 'spacing ?',
    r.orientation ?? 'orientation ?',
    r.transferSyntaxes.map(transferSyntaxName).join('+'),
  ];
  if (r.localizer) parts.push('LOCALIZER');
  if (r.tiltDeg) parts.push(`TILT ${r.tiltDeg.toFixed(1)} deg corrected`);
  for (const w of r.warnings) if (!w.startsWith('gantry tilt')) parts.push(`WARNING ${w}`);
  if (r.error) parts.push(`ERROR ${r.error.code}: ${r.error.message}`);
  return `${r.id}  ${parts.join('  ')}`;
}

export function registerInspectCommand(program: Command): void {
  program
    .command('inspect')
    .description('list the series of a DICOM folder, zip or file: one line per series')
    .argument('<path>', 'DICOM folder (recursive), .zip, or file')
    .option('--json', 'print the report as JSON')
    .action(async (path: string, opts: { json?: boolean }) => {
      const scan = await scanDicom(sourcesFromPath(path));
      const series = scan.series.map(reportSeries);
      if (opts.json) {
        const out = {
          series,
          skipped: scan.skipped,
          failed: scan.failed.map((e) => ({ file: e.file, code: e.code, message: e.message })),
        };
        process.stdout.write(JSON.stringify(out, null, 2) + '\n');
        return;
      }
      for (const r of series) process.stdout.write(formatSeriesLine(r) + '\n');
      for (const s of scan.skipped)
        process.stdout.write(`skipped ${displayPath(path, s.file)}: ${s.reason}\n`);
      for (const e of scan.failed) process.stdout.write(`UNREADABLE ${e.code}: ${e.message}\n`);
      if (series.length === 0) process.stdout.write('no DICOM image series found\n');
    });
}
