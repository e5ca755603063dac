import { drawStrokeText } from './draw-stroke-text.ts';
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

/** One view of {@link renderViews}: where it sits in the raster and what it shows. */
export interface RenderedView {
  readonly name: 'anterior' | 'left lateral' | 'superior';
  /** e.g. "anterior view (from the front): patient's left on image right, superior up" */
  readonly caption: string;
  /** first raster column of the view */
  readonly x0: number;
  /** LPS unit vectors of image right, image up and towards the viewer (right-handed) */
  readonly right: readonly [number, number, number];
  readonly up: readonly [number, number, number];
  readonly towardViewer: readonly [number, number, number];
}

/** The raster of {@link renderViews} with its views described. */
export interface RenderedViews extends Raster {
  readonly views: readonly RenderedView[];
}

type V3 = readonly [number, number, number];
const VIEWS: ReadonlyArray<{ name: RenderedView['name']; from: string; axes: [V3, V3, V3] }> = [
  // viewer in front of the patient (at -y): the patient's left (+x) is on the image right
  {
    name: 'anterior',
    from: 'from the front',
    axes: [
      [1, 0, 0],
      [0, 0, 1],
      [0, -1, 0],
    ],
  },
  // viewer at the patient's left (+x) looking towards -x: anterior on the image left
  {
    name: 'left lateral',
    from: "from the patient's left",
    axes: [
      [0, 1, 0],
      [0, 0, 1],
      [1, 0, 0],
    ],
  },
  // viewer above the head (+z) looking down, anterior up: the patient's left on the image left
  {
    name: 'superior',
    from: 'from above',
    axes: [
      [-1, 0, 0],
      [0, -1, 0],
      [0, 0, 1],
    ],
  },
];

/** Orientation letter of an LPS axis direction (L/R, P/A, S/I). */
function sideLetter(d: V3): string {
  const r = Math.abs(d[0]) > 0.5 ? 0 : Math.abs(d[1]) > 0.5 ? 1 : 2;
  const pos = d[r] > 0;
  return r === 0 ? (pos ? 'L' : 'R') : r === 1 ? (pos ? 'P' : 'A') : pos ? 'S' : 'I';
}
const SIDE_NAME: Readonly<Record<string, string>> = {
  L: "patient's left",
  R: "patient's right",
  A: 'anterior',
  P: 'posterior',
  S: 'superior',
  I: 'inferior',
};

/**
 * Three orthographic views side by side (anterior, left lateral, superior; patient LPS), drawn
 * with a z-buffer, back-face culling and Lambert shading from a light near the viewer, for the
 * human-readable report. Every view is a true (unmirrored) view from outside, labelled in the
 * image with its name and the patient's sides at the edges (R/L, A/P, S/I), and described in
 * `views[].caption`: in the anterior view the patient's left is on the image right. Pure
 * software rasteriser: O(pixels + triangles).
 * @param size pixels per view (square), default 320
 */
export function renderViews(parts: readonly RenderPart[], size = 320): RenderedViews {
  const width = 3 * size;
  const height = size;
  const rgba = new Uint8Array(width * height * 4);
  for (let o = 0; o < rgba.length; o += 4) {
    rgba[o] = 250;
    rgba[o + 1] = 250;
    rgba[o + 2] = 250;
    rgba[o + 3] = 255;
  }
  let min = [Infinity, Infinity, Infinity];
  let max = [-Infinity, -Infinity, -Infinity];
  for (const { mesh } of parts) {
    const P = mesh.positions;
    let [x0, y0, z0] = min;
    let [x1, y1, z1] = max;
    for (let i = 0; i < P.length; i += 3) {
      const x = P[i];
      const y = P[i + 1];
      const z = P[i + 2];
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      if (z < z0) z0 = z;
      if (z > z1) z1 = z;
    }
    min = [x0, y0, z0];
    max = [x1, y1, z1];
  }
  if (!Number.isFinite(min[0])) {
    min = [0, 0, 0];
    max = [1, 1, 1];
  }
  const centre = [0, 1, 2].map((r) => (min[r] + max[r]) / 2);
  const extent = Math.max(max[0] - min[0], max[1] - min[1], max[2] - min[2]) || 1;
  const scale = (0.78 * size) / extent; // room for the side letters
  const depth = new Float32Array(size * size);
  // projected vertices, one set reused by every view and part (fresh pages are costly)
  const maxVertices = Math.max(0, ...parts.map((p) => p.mesh.positions.length / 3));
  const vx = new Float32Array(maxVertices);
  const vy = new Float32Array(maxVertices);
  const vz = new Float32Array(maxVertices);
  const views: RenderedView[] = [];
  VIEWS.forEach(({ name, from, axes: [sx, sy, sz] }, vi) => {
    depth.fill(-Infinity);
    const ox = vi * size;
    for (const { mesh, color } of parts) {
      const P = mesh.positions;
      const T = mesh.triangles;
      // light from the viewer's upper left: relief reads as in a photograph
      const lx = 0.87 * sz[0] + 0.4 * sy[0] - 0.3 * sx[0];
      const ly = 0.87 * sz[1] + 0.4 * sy[1] - 0.3 * sx[1];
      const lz = 0.87 * sz[2] + 0.4 * sy[2] - 0.3 * sx[2];
      const ll = Math.sqrt(lx * lx + ly * ly + lz * lz);
      // every vertex projected once per view (float32, as the per-corner values were)
      const nv = P.length / 3;
      for (let v = 0, i = 0; v < nv; v++, i += 3) {
        const x = P[i] - centre[0];
        const y = P[i + 1] - centre[1];
        const z = P[i + 2] - centre[2];
        vx[v] = size / 2 + scale * (x * sx[0] + y * sx[1] + z * sx[2]);
        vy[v] = size / 2 - scale * (x * sy[0] + y * sy[1] + z * sy[2]);
        vz[v] = x * sz[0] + y * sz[1] + z * sz[2];
      }
      for (let t = 0; t < T.length; t += 3) {
        const a = T[t];
        const b = T[t + 1];
        const c = T[t + 2];
        const px0 = vx[a], px1 = vx[b], px2 = vx[c]; // prettier-ignore
        const py0 = vy[a], py1 = vy[b], py2 = vy[c]; // prettier-ignore
        // facing: normal's component towards the viewer (screen y points down)
        const area = (px1 - px0) * (py2 - py0) - (px2 - px0) * (py1 - py0);
        if (area >= 0) continue; // back face (counter-clockwise from outside => negative here)
        // pixels whose centre lies in the triangle's box (most triangles cover none: skip them
        // before shading)
        const xLo = px0 < px1 ? (px0 < px2 ? px0 : px2) : px1 < px2 ? px1 : px2;
        const xHi = px0 > px1 ? (px0 > px2 ? px0 : px2) : px1 > px2 ? px1 : px2;
        let x0 = Math.ceil(xLo - 0.5);
        let x1 = Math.floor(xHi - 0.5);
        if (x0 > x1) continue;
        const yLo = py0 < py1 ? (py0 < py2 ? py0 : py2) : py1 < py2 ? py1 : py2;
        const yHi = py0 > py1 ? (py0 > py2 ? py0 : py2) : py1 > py2 ? py1 : py2;
        let y0 = Math.ceil(yLo - 0.5);
        let y1 = Math.floor(yHi - 0.5);
        if (y0 > y1) continue;
        if (x0 < 0) x0 = 0;
        if (x1 > size - 1) x1 = size - 1;
        if (y0 < 0) y0 = 0;
        if (y1 > size - 1) y1 = size - 1;
        if (x0 > x1 || y0 > y1) continue;
        const pz0 = vz[a], pz1 = vz[b], pz2 = vz[c]; // prettier-ignore
        const ux = P[3 * b] - P[3 * a];
        const uy = P[3 * b + 1] - P[3 * a + 1];
        const uz = P[3 * b + 2] - P[3 * a + 2];
        const wx = P[3 * c] - P[3 * a];
        const wy = P[3 * c + 1] - P[3 * a + 1];
        const wz = P[3 * c + 2] - P[3 * a + 2];
        const nx = uy * wz - uz * wy;
        const ny = uz * wx - ux * wz;
        const nz = ux * wy - uy * wx;
        const nl = Math.sqrt(nx * nx + ny * ny + nz * nz) || 1;
        const lambert = Math.max(0, (nx * lx + ny * ly + nz * lz) / (nl * ll));
        const shade = 0.22 + 0.78 * lambert;
        for (let y = y0; y <= y1; y++) {
          for (let x = x0; x <= x1; x++) {
            const cx = x + 0.5;
            const cy = y + 0.5;
            const w0 = ((px1 - cx) * (py2 - cy) - (px2 - cx) * (py1 - cy)) / area;
            const w1 = ((px2 - cx) * (py0 - cy) - (px0 - cx) * (py2 - cy)) / area;
            const w2 = 1 - w0 - w1;
            if (w0 < 0 || w1 < 0 || w2 < 0) continue;
            const z = w0 * pz0 + w1 * pz1 + w2 * pz2;
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
    const ink: [number, number, number] = [20, 60, 140];
    const h = Math.max(7, Math.round(size / 26));
    drawStrokeText({ width, height, rgba }, name, ox + 4, 4, h, ink);
    const right = sideLetter(sx);
    const left = sideLetter([-sx[0], -sx[1], -sx[2]]);
    const top = sideLetter(sy);
    const bottom = sideLetter([-sy[0], -sy[1], -sy[2]]);
    const lh = Math.max(8, Math.round(size / 18));
    const lw = Math.round((lh * 4) / 6);
    const inset = 4 + Math.round(size / 32);
    drawStrokeText({ width, height, rgba }, left, ox + inset, (size - lh) / 2, lh, ink);
    drawStrokeText(
      { width, height, rgba },
      right,
      ox + size - inset - lw,
      (size - lh) / 2,
      lh,
      ink,
    );
    drawStrokeText({ width, height, rgba }, top, ox + (size - lw) / 2, 4 + h + 4, lh, ink);
    drawStrokeText({ width, height, rgba }, bottom, ox + (size - lw) / 2, size - 4 - lh, lh, ink);
    // a thin separator between views
    if (vi > 0) for (let y = 0; y < size; y++) rgba.set([200, 200, 200, 255], 4 * (y * width + ox));
    views.push({
      name,
      caption: `${name} view (${from}): ${SIDE_NAME[right]} on image right, ${SIDE_NAME[top]} up`,
      x0: ox,
      right: sx,
      up: sy,
      towardViewer: sz,
    });
  });
  return { width, height, rgba, views };
}
