import { GrowableFloat32, GrowableUint32 } from './growable-buffer.ts';
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
  const nv = positions.length / 3;
  const local = new Int32Array(nv).fill(-1);
  const out: SegmentMesh[] = [];
  for (let label = 1; label < 65536; label++) {
    const count = perLabel[label];
    if (count === 0) continue;
    // room past the end for the splits' new triangles (untouched room costs no memory)
    const triBuffer = new Uint32Array(3 * count + 6 * Math.ceil(count / 64) + 48);
    const tri = triBuffer.subarray(0, 3 * count);
    const touched = new Int32Array(Math.min(nv, 3 * count));
    let nTouched = 0;
    const split = new Map<number, number>();
    const maxVertices = Math.min(nv, 3 * count);
    // with room for the splits' new vertices, as `tri`
    const pos = new GrowableFloat32(3 * maxVertices + 3 * Math.ceil(maxVertices / 64) + 48);
    // local vertices of flagged cells: the only ones the split passes need to look at
    const candidates = vertexFlags ? new GrowableUint32(1024) : null;
    const copy = (gv: number): number => {
      const id = pos.length / 3;
      if (candidates !== null && (vertexFlags as Uint8Array)[gv] !== 0) {
        candidates.reserve(1);
        candidates.data[candidates.length++] = id;
      }
      pos.reserve(3);
      pos.data[pos.length++] = positions[3 * gv];
      pos.data[pos.length++] = positions[3 * gv + 1];
      pos.data[pos.length++] = positions[3 * gv + 2];
      return id;
    };
    const vertexOf = (gv: number, patch: number): number => {
      if (patch === 0) {
        if (local[gv] < 0) {
          local[gv] = copy(gv);
          touched[nTouched++] = gv;
        }
        return local[gv];
      }
      const key = gv * 8 + patch;
      let id = split.get(key);
      if (id === undefined) {
        id = copy(gv);
        split.set(key, id);
      }
      return id;
    };
    let n = 0;
    for (let t = 0; t < nt; t++) {
      const side = labels[2 * t] === label ? 0 : labels[2 * t + 1] === label ? 1 : -1;
      if (side < 0) continue;
      const a = vertexOf(triangles[3 * t], cornerPatches[6 * t + side]);
      const b = vertexOf(triangles[3 * t + 1], cornerPatches[6 * t + 2 + side]);
      const c = vertexOf(triangles[3 * t + 2], cornerPatches[6 * t + 4 + side]);
      tri[n++] = a;
      if (side === 0) {
        tri[n++] = b;
        tri[n++] = c;
      } else {
        tri[n++] = c;
        tri[n++] = b;
      }
    }
    for (let i = 0; i < nTouched; i++) local[touched[i]] = -1;
    const mesh: Mesh = { kind: 'Mesh', positions: pos.view(), triangles: tri };
    const cand = candidates?.view();
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
