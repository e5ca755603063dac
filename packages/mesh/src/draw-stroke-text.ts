import type { Raster } from './render-views.ts';
import { strokeText } from './stroke-font.ts';

/**
 * Draws one line of stroke-font text into an RGBA raster (mutated), left edge at `x`, top at
 * `y`, cap height `heightPx`, strokes about a sixth of the height wide. Clips to the raster.
 * Reads left to right as on paper (never mirrored). Cost: O(text pixels).
 */
export function drawStrokeText(
  raster: Raster,
  text: string,
  x: number,
  y: number,
  heightPx: number,
  color: readonly [number, number, number],
): void {
  const { polylines, height } = strokeText(text);
  const s = heightPx / height;
  const half = Math.max(0.6, heightPx / 12);
  const { width: W, height: H, rgba } = raster;
  for (const line of polylines) {
    for (let k = 0; k + 1 < line.length; k += 2) {
      // a single point (a dot) draws as a zero-length segment
      const k2 = k + 2 < line.length ? k + 2 : k;
      if (k2 === k && line.length > 2) break;
      const ax = x + s * line[k];
      const ay = y + heightPx - s * line[k + 1];
      const bx = x + s * line[k2];
      const by = y + heightPx - s * line[k2 + 1];
      const dx = bx - ax;
      const dy = by - ay;
      const len2 = dx * dx + dy * dy;
      const x0 = Math.max(0, Math.floor(Math.min(ax, bx) - half));
      const x1 = Math.min(W - 1, Math.ceil(Math.max(ax, bx) + half));
      const y0 = Math.max(0, Math.floor(Math.min(ay, by) - half));
      const y1 = Math.min(H - 1, Math.ceil(Math.max(ay, by) + half));
      for (let py = y0; py <= y1; py++) {
        for (let px = x0; px <= x1; px++) {
          const cx = px + 0.5 - ax;
          const cy = py + 0.5 - ay;
          let t = len2 > 0 ? (cx * dx + cy * dy) / len2 : 0;
          t = t < 0 ? 0 : t > 1 ? 1 : t;
          const ex = cx - t * dx;
          const ey = cy - t * dy;
          if (ex * ex + ey * ey > half * half) continue;
          const o = 4 * (py * W + px);
          rgba[o] = color[0];
          rgba[o + 1] = color[1];
          rgba[o + 2] = color[2];
          rgba[o + 3] = 255;
        }
      }
    }
  }
}
