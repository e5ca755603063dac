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
  const { positions, triangles, labels, cornerPatches } = surface;
  const nt = triangles.length / 3;
  const perLabel = new Map<number, number>();
  for (let t = 0; t < nt; t++) {
    for (let s = 0; s < 2; s++) {
      const l = labels[2 * t + s];
      if (l !== 0) perLabel.set(l, (perLabel.get(l) ?? 0) + 1);
    }
  }
  const nv = positions.length / 3;
  const local = new Int32Array(nv).fill(-1);
  const out: SegmentMesh[] = [];
  for (const label of [...perLabel.keys()].sort((a, b) => a - b)) {
    const count = perLabel.get(label) ?? 0;
    const tri = new Uint32Array(3 * count);
    const touched: number[] = [];
    const split = new Map<number, number>();
    const pos: number[] = [];
    const vertexOf = (gv: number, patch: number): number => {
      if (patch === 0) {
        if (local[gv] < 0) {
          local[gv] = pos.length / 3;
          touched.push(gv);
          pos.push(positions[3 * gv], positions[3 * gv + 1], positions[3 * gv + 2]);
        }
        return local[gv];
      }
      const key = gv * 8 + patch;
      let id = split.get(key);
      if (id === undefined) {
        id = pos.length / 3;
        split.set(key, id);
        pos.push(positions[3 * gv], positions[3 * gv + 1], positions[3 * gv + 2]);
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
    for (const gv of touched) local[gv] = -1;
    const mesh: Mesh = { kind: 'Mesh', positions: Float32Array.from(pos), triangles: tri };
    out.push({ label, mesh: splitPinchedVertices(splitFourWayEdges(mesh).mesh).mesh });
  }
  return out;
}
