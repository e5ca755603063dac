import type { Vec3 } from '@anatomodel/imaging';
import type { ManifoldEngine } from './manifold-engine.ts';
import { MeshError } from './mesh-error.ts';
import type { Mesh } from './mesh.ts';
import { strokeText } from './stroke-font.ts';
import { strokeOutline } from './stroke-outline.ts';

/** Side of the model (patient LPS) that carries a label. */
export type ModelFace = 'anterior' | 'posterior' | 'left' | 'right' | 'superior' | 'inferior';

/** Options of {@link embossLabels}. */
export interface EmbossOptions {
  /** case identifier to write; '' or absent for none */
  readonly text?: string;
  /** side that carries the text; default 'anterior' */
  readonly face?: ModelFace;
  /**
   * 'emboss' raises the letters (never cuts through a thin wall), 'engrave' cuts them in;
   * default 'emboss'
   */
  readonly mode?: 'engrave' | 'emboss';
  /** cap height of the text, mm; default 6 (the L/R marker is 1.5 times as tall) */
  readonly textHeightMm?: number;
  /** engraving depth or embossing height below/above the highest surface point, mm; default 0.8 */
  readonly depthMm?: number;
  /** also write 'L' on the patient's left side (+x) and 'R' on the right side (-x); default false */
  readonly lateralityMarker?: boolean;
  /**
   * largest height range of the surface under a label, mm; default max(1.5, half the cap
   * height). Where none fits, the text shrinks to 3/4 and 1/2 (not below 3 mm) before it is
   * skipped with a finding.
   */
  readonly maxReliefMm?: number;
}

/** Where a label went (LPS mm), for the report and for tests. */
export interface LabelPlacement {
  readonly text: string;
  readonly face: ModelFace;
  /** centre of the label's footprint on the surface (highest point under it along `normal`) */
  readonly centre: Vec3;
  /** outward direction of the face; the text reads correctly looking against it */
  readonly normal: Vec3;
  /** reading direction (left to right) and up direction of the text */
  readonly right: Vec3;
  readonly up: Vec3;
  readonly widthMm: number;
  readonly heightMm: number;
  /** height range of the surface under the footprint, mm (0 on a flat face) */
  readonly reliefMm: number;
}

/** Result of {@link embossLabels}. Findings are data (label skipped, genus changed). */
export interface EmbossResult {
  readonly mesh: Mesh;
  readonly placements: readonly LabelPlacement[];
  readonly findings: readonly string[];
}

type V3 = [number, number, number];
/** Outward normal and text-up direction per face, LPS. right = up x normal (r x u = n). */
const FRAMES: Readonly<Record<ModelFace, { n: V3; u: V3 }>> = {
  anterior: { n: [0, -1, 0], u: [0, 0, 1] },
  posterior: { n: [0, 1, 0], u: [0, 0, 1] },
  left: { n: [1, 0, 0], u: [0, 0, 1] },
  right: { n: [-1, 0, 0], u: [0, 0, 1] },
  superior: { n: [0, 0, 1], u: [0, -1, 0] },
  inferior: { n: [0, 0, -1], u: [0, -1, 0] },
};
const cross = (a: V3, b: V3): V3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
const dot = (a: readonly number[], b: readonly number[]) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

/** stroke half-width in font units (cap height 6) */
const HALF_STROKE = 0.55;
/** margin of a label plate around the text, mm */
const PLATE_MARGIN_MM = 1.5;

/**
 * Writes the case identifier and, optionally, an L/R laterality marker into a closed mesh
 * with manifold-3d booleans, so a printed model cannot be confused or used mirrored.
 * Each label lies in a plane facing out of its side of the model (patient LPS: 'left' is +x)
 * and reads correctly from outside: the text frame (right, up, outward normal) is
 * right-handed, so it is never mirrored; 'L' always goes on the patient's left.
 * Placement: on a 15 x 15 grid of candidate centres over the side, rays cast inward
 * (manifold-3d rayCast) find the surface under a grid of sample points of the footprint; the
 * candidate with every sample on the surface and the least relief wins (nearest the centre on
 * ties), and the letters rise `depthMm` above its highest point (or are cut `depthMm` below
 * its lowest).
 * Where no spot is large and flat enough at full, 3/4 or 1/2 size (ribs, thin bones), the
 * label goes on a plate (1.5 mm margin) resting where at least a quarter of its footprint
 * meets the model, bridging the gaps, with the text raised on (or cut into) its top; a label
 * that fits nowhere is skipped with a finding. A change of genus (a cut through a thin wall,
 * or letters bridging two structures) is reported. The input is not mutated.
 * @throws MeshError NOT_MANIFOLD when manifold-3d rejects the input, INVALID_OPTIONS
 */
export function embossLabels(
  engine: ManifoldEngine,
  mesh: Mesh,
  options: EmbossOptions = {},
): EmbossResult {
  const heightMm = options.textHeightMm ?? 6;
  const depth = options.depthMm ?? 0.8;
  const mode = options.mode ?? 'emboss';
  if (!(heightMm > 0) || !(depth > 0)) {
    throw new MeshError('INVALID_OPTIONS', 'textHeightMm and depthMm must be > 0');
  }
  const labels: Array<{ text: string; face: ModelFace; heightMm: number }> = [];
  const text = (options.text ?? '').trim();
  if (text) labels.push({ text, face: options.face ?? 'anterior', heightMm });
  if (options.lateralityMarker) {
    labels.push({ text: 'L', face: 'left', heightMm: 1.5 * heightMm });
    labels.push({ text: 'R', face: 'right', heightMm: 1.5 * heightMm });
  }
  const { Manifold, Mesh: WMesh, CrossSection } = engine.wasm;
  let body: InstanceType<typeof Manifold>;
  try {
    body = new Manifold(
      new WMesh({ numProp: 3, vertProperties: mesh.positions, triVerts: mesh.triangles }),
    );
  } catch (cause) {
    throw new MeshError('NOT_MANIFOLD', 'manifold-3d rejects the mesh: cannot emboss', {
      cause,
    });
  }
  const findings: string[] = [];
  const placements: LabelPlacement[] = [];
  const genus0 = body.genus();
  const P = mesh.positions;
  try {
    for (const label of labels) {
      const { n, u } = FRAMES[label.face];
      const r = cross(u, n).map((x) => x + 0) as V3; // + 0 turns -0 into 0
      const layout = strokeText(label.text);
      // extent of the model in the face frame
      const lo = [Infinity, Infinity, Infinity];
      const hi = [-Infinity, -Infinity, -Infinity];
      for (let i = 0; i < P.length; i += 3) {
        const p = [P[i], P[i + 1], P[i + 2]];
        const c = [dot(p, r), dot(p, u), dot(p, n)];
        for (let k = 0; k < 3; k++) {
          if (c[k] < lo[k]) lo[k] = c[k];
          if (c[k] > hi[k]) hi[k] = c[k];
        }
      }
      let best: ReturnType<typeof placeLabel>;
      let s = 0;
      let w = 0;
      let h = 0;
      for (const scale of [1, 0.75, 0.5]) {
        const cap = label.heightMm * scale;
        if (scale < 1 && cap < 3) break;
        s = cap / layout.height;
        w = (layout.width + 2 * HALF_STROKE) * s;
        h = (layout.height + 2 * HALF_STROKE) * s;
        const maxRelief = options.maxReliefMm ?? Math.max(1.5, cap / 2);
        best = placeLabel(body, r, u, n, lo, hi, w, h, maxRelief, 1, placements, label.face);
        if (best) {
          if (scale < 1) {
            findings.push(
              `label '${label.text}' shrunk to ${cap.toFixed(1)} mm to fit the ${label.face} side`,
            );
          }
          break;
        }
      }
      // No surface large and flat enough (ribs, thin bones): a plate under the text, resting
      // where at least a quarter of the footprint meets the model, bridging the gaps.
      let plateMm = 0;
      if (!best) {
        s = label.heightMm / layout.height;
        plateMm = PLATE_MARGIN_MM;
        w = (layout.width + 2 * HALF_STROKE) * s + 2 * plateMm;
        h = (layout.height + 2 * HALF_STROKE) * s + 2 * plateMm;
        best = placeLabel(body, r, u, n, lo, hi, w, h, 6, 0.25, placements, label.face);
        if (best) {
          findings.push(
            `label '${label.text}' placed on a plate on the ${label.face} side (no surface there is large and flat enough)`,
          );
        }
      }
      if (!best) {
        findings.push(
          `label '${label.text}' (${label.heightMm.toFixed(1)} mm) found no surface to fit on the ${label.face} side`,
        );
        continue;
      }
      const { rc, uc, hMin, hMax } = best;
      // font (x, y, z) -> LPS: columns s·r, s·u, n (det s² > 0: no mirroring), z in mm
      const t = [0, 1, 2].map(
        (k) => rc * r[k] + uc * u[k] - (layout.width / 2) * s * r[k] - 3 * s * u[k],
      );
      /** Extrudes a font-unit cross-section over [z0, z1] mm along n, placed on the label. */
      const place = (section: InstanceType<typeof CrossSection>, z0: number, z1: number) => {
        const slab = section.extrude(z1 - z0);
        // prettier-ignore
        const placed = slab.transform([
          s * r[0], s * r[1], s * r[2], 0,
          s * u[0], s * u[1], s * u[2], 0,
          n[0], n[1], n[2], 0,
          t[0] + z0 * n[0], t[1] + z0 * n[1], t[2] + z0 * n[2], 1,
        ]);
        slab.delete();
        return placed;
      };
      const letters = new CrossSection(strokeOutline(layout.polylines, HALF_STROKE), 'Positive');
      let next: InstanceType<typeof Manifold>;
      if (plateMm > 0) {
        // plate from 1 mm inside the lowest contact to 1.5 mm over the highest, letters on it
        const m = plateMm / s + HALF_STROKE;
        const rect = new CrossSection(
          [
            [
              [-m, -m],
              [layout.width + m, -m],
              [layout.width + m, layout.height + m],
              [-m, layout.height + m],
            ],
          ],
          'Positive',
        );
        const top = hMax + 1.5;
        const plate = place(rect, hMin - 1, top);
        rect.delete();
        const text =
          mode === 'engrave'
            ? place(letters, top - depth, top + 1)
            : place(letters, top - 0.5, top + depth);
        const tag = mode === 'engrave' ? plate.subtract(text) : plate.add(text);
        plate.delete();
        text.delete();
        next = body.add(tag);
        tag.delete();
      } else {
        // engraved letters reach from depth below the lowest surface point to above the
        // highest; embossed ones from 1 mm inside the lowest to depth above the highest
        const solid =
          mode === 'engrave'
            ? place(letters, hMin - depth, hMax + 1)
            : place(letters, hMin - 1, hMax + depth);
        next = mode === 'engrave' ? body.subtract(solid) : body.add(solid);
        solid.delete();
      }
      letters.delete();
      body.delete();
      body = next;
      placements.push({
        text: label.text,
        face: label.face,
        centre: [0, 1, 2].map((k) => rc * r[k] + uc * u[k] + hMax * n[k]) as unknown as Vec3,
        normal: n,
        right: r,
        up: u,
        widthMm: w,
        heightMm: h,
        reliefMm: hMax - hMin,
      });
    }
    const status = String(body.status());
    if (status !== 'NoError') throw new MeshError('NOT_MANIFOLD', `embossing gave ${status}`);
    const genus = body.genus();
    if (genus !== genus0) {
      findings.push(`labelling changed the genus from ${genus0} to ${genus} (cut through a wall?)`);
    }
    const out = body.getMesh();
    return {
      mesh: {
        kind: 'Mesh',
        positions: Float32Array.from(out.vertProperties),
        triangles: Uint32Array.from(out.triVerts),
      },
      placements,
      findings,
    };
  } finally {
    body.delete();
  }
}

/**
 * Best footprint centre on a side: 15 x 15 candidates over the side's extent, each probed with
 * rays along -n at a grid of points of the w x h footprint; at least `minHitFraction` of them
 * must hit (all, for text on the surface) within `maxRelief` of the highest hit; fewest
 * misses, then the outermost, then the least relief wins.
 */
function placeLabel(
  body: { rayCast(a: Vec3, b: Vec3): Array<{ position: Vec3 }> },
  r: V3,
  u: V3,
  n: V3,
  lo: number[],
  hi: number[],
  w: number,
  h: number,
  maxRelief: number,
  minHitFraction: number,
  taken: readonly LabelPlacement[],
  face: ModelFace,
): { rc: number; uc: number; hMin: number; hMax: number } | undefined {
  if (w > hi[0] - lo[0] || h > hi[1] - lo[1]) return undefined;
  const cols = Math.max(3, Math.ceil(w / (h / 3)) + 1);
  const rows = 4;
  let best: { rc: number; uc: number; hMin: number; hMax: number; score: number } | undefined;
  const midR = (lo[0] + hi[0]) / 2;
  const midU = (lo[1] + hi[1]) / 2;
  const steps = 15;
  const heights: number[] = [];
  for (let a = 0; a < steps; a++) {
    for (let b = 0; b < steps; b++) {
      const rc = lo[0] + w / 2 + ((hi[0] - lo[0] - w) * a) / (steps - 1);
      const uc = lo[1] + h / 2 + ((hi[1] - lo[1] - h) * b) / (steps - 1);
      if (overlaps(taken, face, r, u, rc, uc, w, h)) continue;
      // heights of the first hits; with minHitFraction < 1 (a plate) only the front layer, within
      // maxRelief of the highest hit, supports it and deeper hits (behind gaps) count as misses
      heights.length = 0;
      for (let i = 0; i < cols; i++) {
        for (let j = 0; j < rows; j++) {
          const pr = rc - w / 2 + (w * i) / (cols - 1);
          const pu = uc - h / 2 + (h * j) / (rows - 1);
          const from = [0, 1, 2].map((k) => pr * r[k] + pu * u[k] + (hi[2] + 1) * n[k]);
          const to = [0, 1, 2].map((k) => pr * r[k] + pu * u[k] + (lo[2] - 1) * n[k]);
          const hits = body.rayCast(from as unknown as Vec3, to as unknown as Vec3);
          if (hits.length > 0) heights.push(dot(hits[0].position, n));
          else if (minHitFraction === 1) break;
        }
        if (minHitFraction === 1 && heights.length < (i + 1) * rows) break;
      }
      const hMax = Math.max(...heights);
      const support = heights.filter((z) => z >= hMax - maxRelief);
      if (support.length < Math.max(1, minHitFraction * cols * rows)) continue;
      const hMin = Math.min(...support);
      const misses = cols * rows - support.length;
      // fewest misses, then outermost (in 10 mm steps: on the surface, not behind a gap), then
      // least relief (to 0.05 mm), then nearest the side's centre
      const score =
        misses * 1e15 +
        Math.floor((hi[2] - hMax) / 10) * 1e12 +
        Math.round((hMax - hMin) / 0.05) * 1e6 +
        Math.hypot(rc - midR, uc - midU);
      if (!best || score < best.score) best = { rc, uc, hMin, hMax, score };
    }
  }
  return best;
}

/** Whether a footprint overlaps an earlier label on the same side. */
function overlaps(
  taken: readonly LabelPlacement[],
  face: ModelFace,
  r: V3,
  u: V3,
  rc: number,
  uc: number,
  w: number,
  h: number,
): boolean {
  return taken.some(
    (p) =>
      p.face === face &&
      Math.abs(dot(p.centre, r) - rc) < (p.widthMm + w) / 2 &&
      Math.abs(dot(p.centre, u) - uc) < (p.heightMm + h) / 2,
  );
}
