import type { Mesh } from './mesh.ts';
import { splitFourWayEdges } from './split-four-way-edges.ts';
import { splitPinchedVertices } from './split-pinched-vertices.ts';
import type { LabelSurface } from './surface-nets.ts';

/** One segment's closed surface, with its label. */
export interface SegmentMesh {
  readonly label: number;
  readonly mesh: Mesh;
}

/**
 * Splits a LabelSurface into one mesh per label (background 0 excluded), each counter-clockwise
 * seen from outside its own segment. Shared vertices keep identical positions in every mesh, so
 * touching segments stay crack-free. Cells where a label touches itself only along an edge or a
 * corner get one vertex per surface patch (coincident copies), which keeps every mesh manifold.
 * Edges left shared by four triangles (one-voxel tunnels through a face) are split by
 * `splitFourWayEdges`, and vertices where the surface touches itself at a point are split per
 * fan by `splitPinchedVertices`. The surface is not mutated. Cost: O(triangles) per label.
 */
export function labelSurfaceToMeshes(surface: LabelSurface): SegmentMesh[] {
  const { positions, triangles, labels, cornerPatches, vertexFlags } = surface;
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
    out.push({ label, mesh: pinched.mesh });
  }
  return out;
}
