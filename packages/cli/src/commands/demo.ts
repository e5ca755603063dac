import type { Command } from 'commander';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  layeredPhantom,
  leftRightPhantom,
  planFromGeometry,
  renderPhantomSeries,
  standardGeometry,
  torusPhantom,
} from '@anatomodel/imaging';

/**
 * The demo: writes a generated CT phantom as a DICOM series (the left/right phantom: dense
 * markers on the patient's left, anterior and superior, plus a bony ring), then runs the model
 * job on it exactly as a user would: `anatomodel model <dicom> --preset ct-bone --out ...`.
 */
export function registerDemoCommand(program: Command, buildProgram: () => Command): void {
  program
    .command('demo')
    .description(
      'generate a CT phantom as DICOM and run the model job on it (what `npm start` runs)',
    )
    .option('--out-dir <dir>', 'where the phantom series and the model go', 'demo-output')
    .option('--format <ext>', 'model format: 3mf, stl, obj or ply', '3mf')
    .action(async (opts: { outDir: string; format: string }) => {
      const outDir = resolve(opts.outDir);
      const dicomDir = join(outDir, 'dicom');
      rmSync(dicomDir, { recursive: true, force: true });
      mkdirSync(dicomDir, { recursive: true });
      const lr = leftRightPhantom();
      const ring = torusPhantom({
        center: [0, 10, -35],
        axis: [0, 0, 1],
        majorRadius: 38,
        minorRadius: 7,
        inside: 700,
        outside: -1000,
      });
      const phantom = layeredPhantom(-1000, [lr.phantom, ring]);
      const geometry = standardGeometry({
        orientation: 'axial',
        dims: [150, 120, 180],
        spacing: [0.9, 0.9, 1],
        center: [0, 0, 0],
      });
      const files = renderPhantomSeries(phantom, planFromGeometry(geometry), {
        modality: 'CT',
        seed: 'anatomodel-demo',
        seriesDescription: 'Anatomodel demo phantom (L/R markers + ring)',
        patientName: 'Demo^Phantom',
        patientId: 'DEMO-0001',
      });
      for (const f of files) writeFileSync(join(dicomDir, f.name), f.bytes);
      process.stdout.write(
        `Demo phantom: ${files.length} CT slices in ${dicomDir}\n` +
          `  markers (LPS mm): left ${lr.markers.left.join(', ')}; anterior ${lr.markers.anterior.join(', ')}; superior ${lr.markers.superior.join(', ')}\n`,
      );
      const out = join(outDir, `model.${opts.format}`);
      await buildProgram().parseAsync(
        [
          'model',
          dicomDir,
          '--preset',
          'ct-bone',
          '--case-id',
          'DEMO-0001',
          '--manifold-check',
          '--out',
          out,
        ],
        { from: 'user' },
      );
      process.stdout.write(
        `\nDemo done: open ${out} in a slicer, and ${join(outDir, 'report.html')} in a browser.\n`,
      );
    });
}
