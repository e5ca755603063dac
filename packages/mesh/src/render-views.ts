import type { Mesh } from './mesh.ts';

/** A coloured mesh to draw. */
export interface RenderPart {
  readonly mesh: Mesh;
  /** sRGB 0..255 */
  readonly color: readonly [number, number, number];
}

/** An RGBA8 raster, rows top to bottom. */
export interface Raster {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8Array;
}

/**
 * Three orthographic views side by side (anterior, left lateral, superior; patient LPS), drawn
 * with a z-buffer and Lambert shading from the viewer's direction, for the human-readable
 * report. In the anterior view the patient's left is on the image right (radiological
 * convention), superior up. Pure software rasteriser: O(pixels + triangles).
 * @param size pixels per view (square), default 320
 */
export function renderViews(parts: readonly RenderPart[], size = 320): Raster {
  const width = 3 * size;
  const height = size;
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) rgba.set([250, 250, 250, 255], 4 * i);
  // view axes: [screen-x, screen-y (up), towards viewer] as LPS unit vectors
  const views: Array<[number[], number[], number[]]> = [
    [
      [1, 0, 0],
      [0, 0, 1],
      [0, -1, 0],
    ], // anterior: viewer at anterior (-y), left to the right
    [
      [0, -1, 0],
      [0, 0, 1],
      [1, 0, 0],
    ], // left lateral: viewer at +x, anterior to the right
    [
      [1, 0, 0],
      [0, -1, 0],
      [0, 0, 1],
    ], // superior: viewer above, anterior up
  ];
  let min = [Infinity, Infinity, Infinity];
  let max = [-Infinity, -Infinity, -Infinity];
  for (const { mesh } of parts) {
    const P = mesh.positions;
    for (let i = 0; i < P.length; i += 3) {
      for (let r = 0; r < 3; r++) {
        min[r] = Math.min(min[r], P[i + r]);
        max[r] = Math.max(max[r], P[i + r]);
      }
    }
  }
  if (!Number.isFinite(min[0])) {
    min = [0, 0, 0];
    max = [1, 1, 1];
  }
  const centre = [0, 1, 2].map((r) => (min[r] + max[r]) / 2);
  const extent = Math.max(max[0] - min[0], max[1] - min[1], max[2] - min[2]) || 1;
  const scale = (0.9 * size) / extent;
  const depth = new Float32Array(size * size);
  views.forEach(([sx, sy, sz], vi) => {
    depth.fill(-Infinity);
    const ox = vi * size;
    for (const { mesh, color } of parts) {
      const P = mesh.positions;
      const T = mesh.triangles;
      const px = new Float32Array(3);
      const py = new Float32Array(3);
      const pz = new Float32Array(3);
      for (let t = 0; t < T.length; t += 3) {
        for (let k = 0; k < 3; k++) {
          const v = 3 * T[t + k];
          const x = P[v] - centre[0];
          const y = P[v + 1] - centre[1];
          const z = P[v + 2] - centre[2];
          px[k] = size / 2 + scale * (x * sx[0] + y * sx[1] + z * sx[2]);
          py[k] = size / 2 - scale * (x * sy[0] + y * sy[1] + z * sy[2]);
          pz[k] = x * sz[0] + y * sz[1] + z * sz[2];
        }
        // facing: normal's component towards the viewer (screen y points down)
        const area = (px[1] - px[0]) * (py[2] - py[0]) - (px[2] - px[0]) * (py[1] - py[0]);
        if (area >= 0) continue; // back face (counter-clockwise from outside => negative here)
        const ux = P[3 * T[t + 1]] - P[3 * T[t]];
        const uy = P[3 * T[t + 1] + 1] - P[3 * T[t] + 1];
        const uz = P[3 * T[t + 1] + 2] - P[3 * T[t] + 2];
        const wx = P[3 * T[t + 2]] - P[3 * T[t]];
        const wy = P[3 * T[t + 2] + 1] - P[3 * T[t] + 1];
        const wz = P[3 * T[t + 2] + 2] - P[3 * T[t] + 2];
        const nx = uy * wz - uz * wy;
        const ny = uz * wx - ux * wz;
        const nz = ux * wy - uy * wx;
        const nl = Math.hypot(nx, ny, nz) || 1;
        const lambert = Math.max(0, (nx * sz[0] + ny * sz[1] + nz * sz[2]) / nl);
        const shade = 0.25 + 0.75 * lambert;
        const x0 = Math.max(0, Math.floor(Math.min(px[0], px[1], px[2])));
        const x1 = Math.min(size - 1, Math.ceil(Math.max(px[0], px[1], px[2])));
        const y0 = Math.max(0, Math.floor(Math.min(py[0], py[1], py[2])));
        const y1 = Math.min(size - 1, Math.ceil(Math.max(py[0], py[1], py[2])));
        for (let y = y0; y <= y1; y++) {
          for (let x = x0; x <= x1; x++) {
            const cx = x + 0.5;
            const cy = y + 0.5;
            const w0 = ((px[1] - cx) * (py[2] - cy) - (px[2] - cx) * (py[1] - cy)) / area;
            const w1 = ((px[2] - cx) * (py[0] - cy) - (px[0] - cx) * (py[2] - cy)) / area;
            const w2 = 1 - w0 - w1;
            if (w0 < 0 || w1 < 0 || w2 < 0) continue;
            const z = w0 * pz[0] + w1 * pz[1] + w2 * pz[2];
            const d = y * size + x;
            if (z <= depth[d]) continue;
            depth[d] = z;
            const o = 4 * (y * width + ox + x);
            rgba[o] = Math.round(color[0] * shade);
            rgba[o + 1] = Math.round(color[1] * shade);
            rgba[o + 2] = Math.round(color[2] * shade);
          }
        }
      }
    }
  });
  return { width, height, rgba };
}
