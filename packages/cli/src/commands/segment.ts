import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { writeNifti, type Volume } from '@anatomodel/imaging';
import { isNiftiPath, loadVolumeFromPath } from '@anatomodel/imaging/node';
import {
  THRESHOLD_PRESETS,
  fillHoles,
  filterComponents,
  hollowSegment,
  segmentStatistics,
  thresholdVolume,
  type LabelMap,
} from '@anatomodel/segmentation';
import { SegmentationPool } from '@anatomodel/segmentation/node';
import { parseConnectivity } from '../parse-connectivity.ts';
import { parseRange } from '../parse-range.ts';

interface SegmentCliOptions {
  out: string;
  preset?: string;
  threshold?: string;
  connectivity: string;
  keepLargest?: boolean;
  minIslandMm3?: string;
  fillHoles?: boolean;
  hollowMm?: string;
  series?: string;
  assumeHu?: boolean;
  threads: string;
}

function positive(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!(v > 0) || !Number.isFinite(v))
    throw new Error(`${name} must be a number > 0, got '${text}'`);
  return v;
}

/**
 * `anatomodel segment <input> (--preset NAME | --threshold LO:HI) [...] --out labels.nii.gz`:
 * threshold, then remove islands, keep the largest component, fill holes and hollow, in that
 * order; writes the label map (uint8 NIfTI with intent 'label') on the source grid and prints
 * the segment's voxel count and volume.
 */
export function registerSegmentCommand(program: Command): void {
  program
    .command('segment')
    .description('threshold a CT/MR volume into a label map, clean it up, and write it as NIfTI')
    .argument('<input>', 'DICOM folder (recursive), .zip, DICOM file, or .nii/.nii.gz')
    .requiredOption('--out <file>', 'output label map, .nii or .nii.gz')
    .option(
      '--preset <name>',
      `threshold preset: ${THRESHOLD_PRESETS.map((p) => p.name).join(', ')}`,
    )
    .option('--threshold <lo:hi>', 'inclusive intensity range (HU for CT), e.g. 300:3071')
    .option('--connectivity <n>', 'voxel connectivity for components: 6, 18 or 26', '6')
    .option('--keep-largest', 'keep only the largest connected component')
    .option('--min-island-mm3 <n>', 'remove connected components smaller than N mm^3')
    .option('--fill-holes', 'fill enclosed cavities (3D)')
    .option('--hollow-mm <t>', 'hollow to an inside wall of T mm')
    .option('--series <uid>', 'SeriesInstanceUID when the input holds several series')
    .option('--assume-hu', 'treat the values of a NIfTI input as Hounsfield units (for presets)')
    .option(
      '--threads <n>',
      'threads for thresholding a DICOM input (1 = this thread only; by default the core count)',
      String(availableParallelism()),
    )
    .action(async (input: string, opts: SegmentCliOptions) => {
      if (!/\.nii(\.gz)?$/i.test(opts.out)) {
        throw new Error(`--out must end in .nii or .nii.gz: ${opts.out}`);
      }
      if ((opts.preset === undefined) === (opts.threshold === undefined)) {
        throw new Error('give exactly one of --preset <name> or --threshold LO:HI');
      }
      const conn = parseConnectivity(opts.connectivity);
      const range = opts.threshold !== undefined ? parseRange(opts.threshold) : undefined;
      const minIsland = positive('--min-island-mm3', opts.minIslandMm3);
      const hollowMm = positive('--hollow-mm', opts.hollowMm);
      const step = (what: string) => process.stderr.write(`${what}...\n`);
      let lm: LabelMap;
      let warnings: readonly string[];

      const threads = Number(opts.threads);
      if (!Number.isInteger(threads) || threads < 1) {
        throw new Error(`--threads must be an integer >= 1, got '${opts.threads}'`);
      }
      // With more than one thread, a SegmentationPool starts while the input loads, and a DICOM
      // input is decoded straight into shared memory for it. A NIfTI input is thresholded on
      // this thread: copying it into shared memory costs more than the second thread saves
      // (ADR 0004). A pool that fails to start leaves the work to this thread.
      const usePool = threads > 1 && !isNiftiPath(input);
      const starting = usePool
        ? SegmentationPool.create({ threads }).catch(() => undefined)
        : Promise.resolve(undefined);
      try {
        const loaded = await loadVolumeFromPath(input, {
          seriesInstanceUid: opts.series,
          sharedMemory: usePool,
        });
        let volume: Volume = loaded.volume;
        if (opts.assumeHu && volume.unit !== 'HU') volume = { ...volume, unit: 'HU' };
        const pool = await starting;
        step('threshold' + (pool ? ` (${pool.threads} threads)` : ''));
        const spec = range ? { ...range, name: 'Threshold' } : { preset: opts.preset };
        lm = pool ? await pool.thresholdVolume(volume, spec) : thresholdVolume(volume, spec);
        warnings = loaded.warnings;
      } finally {
        await (await starting)?.dispose();
      }
      if (minIsland !== undefined) {
        step('remove islands');
        lm = filterComponents(lm, {
          keep: 'min-volume',
          minVolumeMm3: minIsland,
          connectivity: conn,
        });
      }
      if (opts.keepLargest) {
        step('keep largest component');
        lm = filterComponents(lm, { keep: 'largest', connectivity: conn });
      }
      if (opts.fillHoles) {
        step('fill holes');
        lm = fillHoles(lm);
      }
      if (hollowMm !== undefined) {
        step('hollow');
        lm = hollowSegment(lm, { wallMm: hollowMm });
      }
      const bytes = writeNifti(lm, {
        gzip: opts.out.toLowerCase().endsWith('.gz'),
        description: `anatomodel segment ${opts.preset ?? opts.threshold}`.slice(0, 79),
        intent: 'label',
      });
      mkdirSync(dirname(opts.out) || '.', { recursive: true });
      writeFileSync(opts.out, bytes);
      const g = lm.geometry;
      process.stdout.write(
        `wrote ${opts.out} (${g.dims.join('x')}, label map on the source grid)\n`,
      );
      for (const s of segmentStatistics(lm)) {
        process.stdout.write(
          `segment ${s.label} '${s.name}': ${s.voxelCount} voxels, ${s.volumeMm3.toFixed(1)} mm3 (${(s.volumeMm3 / 1000).toFixed(2)} mL)\n`,
        );
      }
      for (const w of warnings) process.stdout.write(`warning: ${w}\n`);
    });
}
