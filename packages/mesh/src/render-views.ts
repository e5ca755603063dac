import { drawStrokeText } from './draw-stroke-text.ts';
import { compileEmbedded, instantiate } from './embedded-wasm.ts';
import { MeshError } from './mesh-error.ts';
import type { Mesh } from './mesh.ts';
import { RENDER_VIEWS_WASM } from './render-views-wasm-bytes.ts';

/** The exports of wasm/render-views.c (arrays as byte offsets into `memory`). */
interface RasterKernel {
  readonly memory: { buffer: ArrayBuffer };
  alloc(bytes: number): number;
  rasterPart(...args: number[]): void;
}

let rasterModule: object | undefined;

/** A fresh instance of the rasteriser (its own memory, freed with it). */
function rasterKernel(): RasterKernel {
  rasterModule ??= compileEmbedded(RENDER_VIEWS_WASM);
  return instantiate<RasterKernel>(rasterModule);
}

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
 * software rasteriser: O(pixels + triangles); the triangles are drawn by a WebAssembly kernel
 * (wasm/render-views.c, the same pixels as the TypeScript loop it replaced), the labels here.
 * @throws MeshError TOO_LARGE when the meshes and the raster do not fit in its memory (4 GiB)
 * @param size pixels per view (square), default 320
 */
export function renderViews(parts: readonly RenderPart[], size = 320): RenderedViews {
  const width = 3 * size;
  const height = size;
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
  // the kernel's memory: the raster, the depth buffer, the projected vertices (one set reused
  // by every view and part) and each part's mesh, all allocated before any view is made (the
  // memory does not grow afterwards, so the views stay valid)
  const kernel = rasterKernel();
  const maxVertices = Math.max(0, ...parts.map((p) => p.mesh.positions.length / 3));
  const place = (bytes: number): number => {
    const at = bytes <= 2 ** 32 ? kernel.alloc(bytes) : 0;
    if (at === 0) {
      throw new MeshError('TOO_LARGE', 'the views do not fit in the rasteriser memory (4 GiB)');
    }
    return at;
  };
  const rgbaAt = place(width * height * 4);
  const depthAt = place(4 * size * size);
  const vxAt = place(4 * maxVertices);
  const vyAt = place(4 * maxVertices);
  const vzAt = place(4 * maxVertices);
  const meshAt = parts.map(({ mesh }) => [
    place(mesh.positions.byteLength),
    place(mesh.triangles.byteLength),
  ]);
  const buffer = kernel.memory.buffer;
  const raster = new Uint8Array(buffer, rgbaAt, width * height * 4);
  for (let o = 0; o < raster.length; o += 4) {
    raster[o] = 250;
    raster[o + 1] = 250;
    raster[o + 2] = 250;
    raster[o + 3] = 255;
  }
  parts.forEach(({ mesh }, i) => {
    new Float32Array(buffer, meshAt[i][0], mesh.positions.length).set(mesh.positions);
    new Uint32Array(buffer, meshAt[i][1], mesh.triangles.length).set(mesh.triangles);
  });
  const depth = new Float32Array(buffer, depthAt, size * size);
  const views: RenderedView[] = [];
  VIEWS.forEach(({ name, from, axes: [sx, sy, sz] }, vi) => {
    depth.fill(-Infinity);
    // light from the viewer's upper left: relief reads as in a photograph
    const lx = 0.87 * sz[0] + 0.4 * sy[0] - 0.3 * sx[0];
    const ly = 0.87 * sz[1] + 0.4 * sy[1] - 0.3 * sx[1];
    const lz = 0.87 * sz[2] + 0.4 * sy[2] - 0.3 * sx[2];
    const ll = Math.sqrt(lx * lx + ly * ly + lz * lz);
    parts.forEach(({ mesh, color }, i) => {
      kernel.rasterPart(
        meshAt[i][0],
        mesh.positions.length / 3,
        meshAt[i][1],
        mesh.triangles.length / 3,
        vxAt,
        vyAt,
        vzAt,
        depthAt,
        rgbaAt,
        size,
        width,
        vi * size,
        centre[0],
        centre[1],
        centre[2],
        scale,
        ...sx,
        ...sy,
        ...sz,
        lx,
        ly,
        lz,
        ll,
        ...color,
      );
    });
    // the labels drawn right after the view's triangles (a label may reach into the next
    // view's columns, whose triangles are drawn over it)
    const ox = vi * size;
    const rgba = raster;
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
  // the raster out of the kernel's memory, which then goes
  return { width, height, rgba: raster.slice(), views };
}
