import type { PrintabilityReport } from './printability-report.ts';

/**
 * Human-readable HTML of a printability report with an embedded picture (PNG bytes, base64).
 * Self-contained (no external resources). Pure.
 */
export function reportHtml(
  report: PrintabilityReport,
  options: {
    title: string;
    pngBase64?: string;
    /** one caption per rendered view, left to right (`renderViews(...).views[].caption`) */
    viewCaptions?: readonly string[];
    details?: Record<string, string>;
  },
): string {
  const esc = (s: string) =>
    s.replace(
      /[<>&"]/g,
      (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] ?? c,
    );
  const f = (x: number | undefined, d = 1) => (x === undefined ? '–' : x.toFixed(d));
  const rows = report.parts
    .map(
      (p) =>
        `<tr><td>${esc(p.name)}</td><td>${p.watertight ? 'yes' : '<b>NO</b>'}</td><td>${esc(p.manifoldStatus)}</td>` +
        `<td>${p.triangles}</td><td>${p.shells}</td><td>${p.genus}</td><td>${f(p.volumeMm3 / 1000, 2)}</td>` +
        `<td>${f(p.areaMm2 / 100, 1)}</td><td>${p.sizeMm.map((x) => x.toFixed(1)).join(' × ')}</td>` +
        `<td>${p.fitsPrinter === undefined ? '–' : p.fitsPrinter ? 'yes' : '<b>NO</b>'}</td><td>${f(p.minWallMm, 2)}</td>` +
        `<td>${f(p.volumeChangePct, 3)}</td><td>${f(p.volumeChangeSmoothingPct, 3)} / ${f(p.volumeChangeSimplificationPct, 3)}</td>` +
        `<td>${p.smoothingShiftMm ? f(p.smoothingShiftMm.max, 3) : '–'}</td>` +
        `<td>${p.deviationMm ? `${f(p.deviationMm.maxMm, 2)} / ${f(p.deviationMm.meanMm, 3)}${p.deviationMm.method ? ` (${p.deviationMm.method})` : ''}` : '–'}</td>` +
        `<td>${p.wallThickness ? `${f(p.wallThickness.p5Mm, 2)} / ${f(p.wallThickness.medianMm, 2)} / ${f(p.wallThickness.thinVolumePct, 1)} %` : '–'}</td></tr>`,
    )
    .join('\n');
  const details = Object.entries(options.details ?? {})
    .map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(options.title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}.ok{color:#070}.bad{color:#b00}</style>
</head><body>
<h1>${esc(options.title)}</h1>
<p class="${report.ok ? 'ok' : 'bad'}"><b>${report.ok ? 'Printable: all checks passed' : 'Not ready to print'}</b></p>
${report.findings.length ? `<ul>${report.findings.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>` : ''}
${options.pngBase64 ? `<p><img alt="${esc((options.viewCaptions ?? ['anterior, left lateral and superior views']).join('; '))}" src="data:image/png;base64,${options.pngBase64}"></p>${options.viewCaptions?.length ? `<p>Views, left to right:</p><ol>${options.viewCaptions.map((c) => `<li>${esc(c)}</li>`).join('')}</ol>` : ''}` : ''}
<table><tr><th>Part</th><th>Watertight</th><th>manifold-3d</th><th>Triangles</th><th>Shells</th><th>Genus</th><th>Volume mL</th><th>Area cm²</th><th>Size mm</th><th>Fits ${esc(report.printer?.name ?? 'printer')}</th><th>Min wall mm</th><th>Volume change % (total)</th><th>Volume change % smoothing / simplification</th><th>Max smoothing shift mm</th><th>Deviation from segmentation mm (max / mean, method)</th><th>Wall mm (5th pct / median / thinner than material)</th></tr>
${rows}
</table>
<h2>Details</h2><table>${details}</table>
</body></html>
`;
}
