import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { writeNifti, axesDeterminant } from '@anatomodel/imaging';
import { loadVolumeFromPath } from '@anatomodel/imaging/node';

/** The JSON sidecar path for a NIfTI path: volume.nii.gz -> volume.json. */
export function sidecarPath(out: string): string {
  return out.replace(/\.nii(\.gz)?$/i, '') + '.json';
}

export function registerConvertCommand(program: Command): void {
  program
    .command('convert')
    .description(
      'convert a DICOM series to NIfTI exactly as the pipeline sees it (HU for CT, tilt-corrected), with a JSON sidecar',
    )
    .argument('<path>', 'DICOM folder (recursive), .zip, or file')
    .requiredOption('--out <file>', 'output .nii or .nii.gz')
    .option(
      '--series <uid>',
      'SeriesInstanceUID (or series id from inspect) when the input holds several',
    )
    .option('--allow-missing-slices', 'interpolate across missing slices instead of refusing')
    .option(
      '--refuse-irregular-spacing',
      'refuse non-uniform slice spacing instead of resampling to the finest',
    )
    .action(
      async (
        path: string,
        opts: {
          out: string;
          series?: string;
          allowMissingSlices?: boolean;
          refuseIrregularSpacing?: boolean;
        },
      ) => {
        if (!/\.nii(\.gz)?$/i.test(opts.out))
          throw new Error(`--out must end in .nii or .nii.gz: ${opts.out}`);
        const loaded = await loadVolumeFromPath(path, {
          seriesInstanceUid: opts.series,
          onMissingSlices: opts.allowMissingSlices ? 'interpolate' : 'error',
          onNonUniformSpacing: opts.refuseIrregularSpacing ? 'error' : 'resample',
        });
        const { volume } = loaded;
        const raw = writeNifti(volume, {
          gzip: false,
          description: loaded.description.slice(0, 79),
        });
        // node's native zlib is several times faster than the pure-JS gzip the kernel uses
        const bytes = opts.out.toLowerCase().endsWith('.gz') ? gzipSync(raw, { level: 6 }) : raw;
        mkdirSync(dirname(opts.out) || '.', { recursive: true });
        writeFileSync(opts.out, bytes);
        const sidecar = {
          source: loaded.source,
          seriesInstanceUid: loaded.seriesInstanceUid,
          modality: loaded.modality,
          seriesDescription: loaded.description,
          unit: volume.unit,
          dataType: volume.data.constructor.name,
          coordinateConvention:
            'NIfTI file is RAS (as NIfTI requires); geometry below is DICOM patient LPS, mm',
          geometryLps: {
            ...volume.geometry,
            handedness: axesDeterminant(volume.geometry) > 0 ? 'right' : 'left',
          },
          warnings: loaded.warnings,
          writtenBy: 'anatomodel convert',
        };
        writeFileSync(sidecarPath(opts.out), JSON.stringify(sidecar, null, 2) + '\n');
        const g = volume.geometry;
        process.stdout.write(
          `wrote ${opts.out} (${g.dims.join('x')}, ${g.spacing.map((s) => s.toFixed(3)).join('x')} mm, ${volume.unit}) and ${sidecarPath(opts.out)}\n`,
        );
        for (const w of loaded.warnings) process.stdout.write(`warning: ${w}\n`);
      },
    );
}
