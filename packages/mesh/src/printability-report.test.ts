import { test } from 'node:test';
import assert from 'node:assert/strict';
import { printabilityReport, PRINTERS } from './printability-report.ts';
import { reportHtml } from './report-html.ts';
import { summarizeWallThickness } from './summarize-wall-thickness.ts';
import type { Mesh } from './mesh.ts';

/** Box [0,20] x [0,10] x [0,5] mm: volume 1000 mm³. */
function box(): Mesh {
  const positions = new Float32Array(24);
  for (let v = 0; v < 8; v++) {
    positions[3 * v] = v & 1 ? 20 : 0;
    positions[3 * v + 1] = v & 2 ? 10 : 0;
    positions[3 * v + 2] = v & 4 ? 5 : 0;
  }
  // prettier-ignore
  const triangles = new Uint32Array([
    0, 2, 1, 1, 2, 3, 4, 5, 6, 5, 7, 6, 0, 1, 4, 1, 5, 4,
    2, 6, 3, 3, 6, 7, 0, 4, 2, 2, 4, 6, 1, 3, 5, 3, 7, 5,
  ]);
  return { kind: 'Mesh', positions, triangles };
}

test('report: volume change split into smoothing and simplification, deviation and walls', () => {
  const thickness = new Float32Array(200);
  thickness.fill(0.4, 0, 20);
  thickness.fill(3, 20, 100);
  const report = printabilityReport(
    [
      {
        name: 'bone',
        label: 1,
        mesh: box(),
        rawVolumeMm3: 1250,
        smoothedVolumeMm3: 1000 / 0.98, // simplification then lost 2 %
        deviationMm: { maxMm: 1.5, meanMm: 0.2 },
        wallThickness: summarizeWallThickness(thickness, 0.6),
      },
    ],
    { printer: PRINTERS[0], material: 'resin', maxDeviationMm: 1 },
  );
  const [p] = report.parts;
  assert.ok(Math.abs(p.volumeMm3 - 1000) < 1e-9);
  assert.ok(Math.abs((p.volumeChangePct ?? NaN) - -20) < 1e-9);
  assert.ok(Math.abs((p.volumeChangeSimplificationPct ?? NaN) - -2) < 1e-9);
  assert.ok(
    Math.abs((p.volumeChangeSmoothingPct ?? NaN) - (100 * (1000 / 0.98 - 1250)) / 1250) < 1e-9,
  );
  assert.deepEqual(p.deviationMm, { maxMm: 1.5, meanMm: 0.2 });
  assert.equal(p.wallThickness?.thinVolumePct, 20);
  assert.equal(report.ok, false);
  assert.deepEqual(report.findings, [
    'bone: deviates up to 1.50 mm from the segmentation (limit 1 mm)',
    'bone: 20.0 % of the volume is thinner than 0.6 mm (resin); 5th percentile 0.41 mm',
  ]);
  const html = reportHtml(report, {
    title: 'case <1>',
    pngBase64: 'AAAA',
    viewCaptions: ["anterior view (from the front): patient's left on image right, superior up"],
  });
  assert.match(html, /<li>anterior view \(from the front\): patient's left on image right/);
  assert.match(html, /<td>1.50 \/ 0.200<\/td>/);
  assert.match(html, /case &lt;1&gt;/);
});

test('report: a clean part has no findings', () => {
  const report = printabilityReport([{ name: 'ok', label: 1, mesh: box() }], {
    printer: PRINTERS[0],
  });
  assert.equal(report.ok, true);
  assert.equal(report.parts[0].fitsPrinter, true);
  assert.equal(report.parts[0].volumeChangePct, undefined);
});
