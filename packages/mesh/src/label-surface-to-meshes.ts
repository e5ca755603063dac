import { extendMesh } from './extend-mesh.ts';
import type { Mesh } from './mesh.ts';
import { splitFourWayEdges } from './split-four-way-edges.ts';
import { splitPinchedVertices } from './split-pinched-vertices.ts';
import type { LabelSurface } from './surface-nets.ts';

/** One segment's closed surface, with its label. */
export interface SegmentMesh {
  readonly label: number;
  readonly mesh: Mesh;
}

/** Options of `labelSurfaceToMeshes`. */
export interface LabelSurfaceToMeshesOptions {
  /**
   * the surface's arrays are the caller's to give away (the surface is not used afterwards):
   * a one-label surface's mesh is made of them, changed in place (no copies; `surfaceNets`
   * leaves room past their ends for the splits). Default false: the surface is not mutated.
   */
  readonly inPlace?: boolean;
}

/**
 * Splits a LabelSurface into one mesh per label (background 0 excluded), each counter-clockwise
 * seen from outside its own segment. Shared vertices keep identical positions in every mesh, so
 * touching segments stay crack-free. Cells where a label touches itself only along an edge or a
 * corner get one vertex per surface patch (coincident copies), which keeps every mesh manifold.
 * Edges left shared by four triangles (one-voxel tunnels through a face) are split by
 * `splitFourWayEdges`, and vertices where the surface touches itself at a point are split per
 * fan by `splitPinchedVertices`. Cost: O(triangles) per label.
 *
 * A surface of one label whose triangles are all [label, 0] (as `surfaceNets` makes them) takes
 * a fast path: the mesh keeps the surface's vertices in their order (patch copies appended)
 * and its triangles as they are, instead of renumbering the vertices in the order the
 * triangles first use them: the same mesh up to that vertex order.
 */
export function labelSurfaceToMeshes(
  surface: LabelSurface,
  options: LabelSurfaceToMeshesOptions = {},
): SegmentMesh[] {
  const { positions, triangles, labels, cornerPatches, vertexFlags } = surface;
  // one label, every triangle [label, 0]: the surface's own vertex order
  const single = oneLabel(labels);
  if (single > 0) {
    return [{ label: single, mesh: oneLabelMesh(surface, options.inPlace === true) }];
  }
  const nt = triangles.length / 3;
  const perLabel = new Uint32Array(65536);
  for (let i = 0; i < labels.length; i++) perLabel[labels[i]]++;
  perLabel[0] = 0;
  let lastLabel = 0;
  for (let label = 1; label < 65536; label++) if (perLabel[label] > 0) lastLabel = label;
  const nv = positions.length / 3;
  const local = new Int32Array(nv).fill(-1);
  const out: SegmentMesh[] = [];
  for (let label = 1; label < 65536; label++) {
    const count = perLabel[label];
    if (count === 0) continue;
    // room past the end for the splits' new triangles (untouched room costs no memory)
    const triBuffer = new Uint32Array(3 * count + 6 * Math.ceil(count / 64) + 48);
    const tri = triBuffer.subarray(0, 3 * count);
    // global vertices this label mapped, to reset `local` for the next label (none after the last)
    const touched = new Int32Array(label === lastLabel ? 0 : Math.min(nv, 3 * count));
    const track = label !== lastLabel;
    let nTouched = 0;
    const split = new Map<number, number>();
    const maxVertices = Math.min(nv, 3 * count);
    // with room for the splits' new vertices, as `tri`; the mesh views it (no exact-length copy)
    let pos = new Float32Array(3 * maxVertices + 3 * Math.ceil(maxVertices / 64) + 48);
    let np = 0;
    // local vertices of flagged cells: the only ones the split passes need to look at
    let candidates = vertexFlags ? new Uint32Array(1024) : null;
    let nc = 0;
    let n = 0;
    for (let t = 0; t < nt; t++) {
      const side = labels[2 * t] === label ? 0 : labels[2 * t + 1] === label ? 1 : -1;
      if (side < 0) continue;
      // corners a, b, c: a local vertex per global vertex (per patch where a cell has several)
      for (let k = 0; k < 3; k++) {
        const gv = triangles[3 * t + k];
        const patch = cornerPatches[6 * t + 2 * k + side];
        let id = -1;
        if (patch === 0) id = local[gv];
        else id = split.get(gv * 8 + patch) ?? -1;
        if (id < 0) {
          id = np / 3;
          if (patch === 0) {
            local[gv] = id;
            if (track) touched[nTouched++] = gv;
          } else split.set(gv * 8 + patch, id);
          if (vertexFlags !== undefined && vertexFlags[gv] !== 0) {
            if (nc === (candidates as Uint32Array).length) {
              const grown = new Uint32Array(2 * nc);
              grown.set(candidates as Uint32Array);
              candidates = grown;
            }
            (candidates as Uint32Array)[nc++] = id;
          }
          if (np + 3 > pos.length) {
            // patch copies beyond one vertex per global vertex (rare)
            const grown = new Float32Array(2 * pos.length);
            grown.set(pos);
            pos = grown;
          }
          pos[np++] = positions[3 * gv];
          pos[np++] = positions[3 * gv + 1];
          pos[np++] = positions[3 * gv + 2];
        }
        // the outer label's side is wound the other way: a, c, b
        tri[side === 0 || k === 0 ? n + k : n + 3 - k] = id;
      }
      n += 3;
    }
    for (let i = 0; i < nTouched; i++) local[touched[i]] = -1;
    const mesh: Mesh = { kind: 'Mesh', positions: pos.subarray(0, np), triangles: tri };
    const cand = candidates?.slice(0, nc);
    out.push({ label, mesh: splitTopology(mesh, cand) });
  }
  return out;
}

/** The label of a surface whose triangles are all [label, 0] (label > 0), else 0. */
function oneLabel(labels: Uint16Array): number {
  const label = labels.length > 0 ? labels[0] : 0;
  if (label === 0 || labels[1] !== 0) return 0;
  if (labels.byteOffset % 4 === 0) {
    // a triangle's pair at a time: every pair equals the first
    const pairs = new Uint32Array(labels.buffer, labels.byteOffset, labels.length >> 1);
    const first = pairs[0];
    for (let t = 1; t < pairs.length; t++) if (pairs[t] !== first) return 0;
    return label;
  }
  for (let i = 0; i < labels.length; i += 2) {
    if (labels[i] !== label || labels[i + 1] !== 0) return 0;
  }
  return label;
}

/**
 * The mesh of a one-label surface (triangles all [label, 0]): its vertices and triangles as
 * they are (copied into fresh roomy arrays unless `inPlace`), corners of extra patches moved
 * to appended copies of their vertex (one per vertex and patch), then the splits.
 */
function oneLabelMesh(surface: LabelSurface, inPlace: boolean): Mesh {
  const { cornerPatches, vertexFlags } = surface;
  let { positions: P, triangles: T } = surface;
  const nv = P.length / 3;
  if (!inPlace) {
    // room past the end for the splits' additions, as the general path leaves
    const pos = new Float32Array(P.length + 3 * Math.ceil(nv / 64) + 48);
    pos.set(P);
    const tri = new Uint32Array(T.length + 6 * Math.ceil(T.length / 192) + 48);
    tri.set(T);
    P = pos.subarray(0, P.length);
    T = tri.subarray(0, T.length);
  }
  // corners of a label's second (third, ...) patch in their cell: cornerPatches[6 t + 2 k] is
  // the inner label's patch of corner k of triangle t (the outer label 0 has none); almost all
  // zero, so read four at a time
  const added: number[] = [];
  const copyOf = new Map<number, number>();
  let copied: number[] | null = null; // global vertices of the copies, in order
  const n = cornerPatches.length;
  const words =
    cornerPatches.byteOffset % 4 === 0
      ? new Uint32Array(cornerPatches.buffer, cornerPatches.byteOffset, n >> 2)
      : null;
  const patchAt = (i: number) => {
    const patch = cornerPatches[i];
    if (patch === 0 || (i & 1) !== 0) return;
    const c = i >> 1; // corner 3 t + k
    const gv = T[c];
    const key = gv * 8 + patch;
    let id = copyOf.get(key);
    if (id === undefined) {
      id = nv + added.length / 3;
      copyOf.set(key, id);
      added.push(P[3 * gv], P[3 * gv + 1], P[3 * gv + 2]);
      (copied ??= []).push(gv);
    }
    T[c] = id;
  };
  let i = 0;
  if (words !== null) {
    for (let w = 0; w < words.length; w++) {
      if (words[w] === 0) continue;
      for (let j = 4 * w; j < 4 * w + 4; j++) patchAt(j);
    }
    i = 4 * words.length;
  }
  for (; i < n; i++) patchAt(i);
  const mesh = added.length > 0 ? extendMesh(P, T, added, [], true) : meshOf(P, T);
  let cand: Uint32Array | undefined;
  if (vertexFlags) {
    // flagged vertices (ascending), then the copies of flagged ones
    let nc = 0;
    for (let v = 0; v < nv; v++) if (vertexFlags[v] !== 0) nc++;
    const list = copied as number[] | null;
    if (list) for (const gv of list) if (vertexFlags[gv] !== 0) nc++;
    cand = new Uint32Array(nc);
    nc = 0;
    for (let v = 0; v < nv; v++) if (vertexFlags[v] !== 0) cand[nc++] = v;
    if (list)
      for (let k = 0; k < list.length; k++) if (vertexFlags[list[k]] !== 0) cand[nc++] = nv + k;
  }
  return splitTopology(mesh, cand);
}

function meshOf(positions: Float32Array, triangles: Uint32Array): Mesh {
  return { kind: 'Mesh', positions, triangles };
}

/**
 * `splitFourWayEdges`, then `splitPinchedVertices`, on a mesh whose arrays are the caller's
 * (room past their ends), checking only `cand` (and the split vertices) when given.
 */
function splitTopology(mesh: Mesh, cand: Uint32Array | undefined): Mesh {
  // both passes change this label's own fresh arrays in place (no copies of the mesh)
  const four = splitFourWayEdges(mesh, cand, true); // its corner table serves the next pass if unchanged
  let pinchCand = cand;
  if (cand && four.splits > 0) {
    // the split vertices are new candidates too
    const nv1 = four.mesh.positions.length / 3;
    const nv0 = mesh.positions.length / 3;
    pinchCand = new Uint32Array(cand.length + nv1 - nv0);
    pinchCand.set(cand);
    for (let v = nv0; v < nv1; v++) pinchCand[cand.length + v - nv0] = v;
  }
  pinchCand?.sort();
  const pinched = splitPinchedVertices(four.mesh, four.corners, pinchCand, true);
  return pinched.mesh;
}
