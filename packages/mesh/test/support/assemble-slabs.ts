import type { Segment } from '@anatomodel/segmentation';
import { MeshError } from '../../src/mesh-error.ts';
import type { SurfaceNetsSlabOutput } from '../../src/surface-nets-slab.ts';
import { labelSurfaceOf, type LabelSurface } from '../../src/surface-nets.ts';

/**
 * Concatenates consecutive slab outputs (in z order) into one LabelSurface, for the tests of
 * the slab protocol (`surfaceNetsSlab` over consecutive z ranges equals one slab over all):
 * each slab's local vertex indices are shifted so that its ghost vertices land on the previous
 * slab's last plane.
 */
export function assembleLabelSurface(
  slabs: readonly SurfaceNetsSlabOutput[],
  allSegments: ReadonlyMap<number, Segment>,
): LabelSurface {
  let positions: Float32Array;
  let triangles: Uint32Array;
  let labels: Uint16Array;
  let cornerPatches: Uint8Array;
  let vertexFlags: Uint8Array;
  if (slabs.length === 1 && slabs[0].ghostVertices === 0) {
    ({ positions, triangles, labels, cornerPatches, vertexFlags } = slabs[0]);
  } else {
    const sum = (f: (s: SurfaceNetsSlabOutput) => number) => slabs.reduce((n, s) => n + f(s), 0);
    positions = new Float32Array(sum((s) => s.positions.length));
    triangles = new Uint32Array(sum((s) => s.triangles.length));
    labels = new Uint16Array(sum((s) => s.labels.length));
    cornerPatches = new Uint8Array(sum((s) => s.cornerPatches.length));
    vertexFlags = new Uint8Array(sum((s) => s.vertexFlags.length));
    let vertexBase = 0;
    let p = 0;
    let t = 0;
    let l = 0;
    let c = 0;
    for (const s of slabs) {
      if (s.ghostVertices > vertexBase) {
        throw new MeshError('INVALID_OPTIONS', 'slab ghost plane exceeds the previous slab');
      }
      positions.set(s.positions, p);
      const shift = vertexBase - s.ghostVertices;
      const st = s.triangles;
      if (shift === 0) triangles.set(st, t);
      else for (let i = 0; i < st.length; i++) triangles[t + i] = st[i] + shift;
      labels.set(s.labels, l);
      cornerPatches.set(s.cornerPatches, c);
      vertexFlags.set(s.vertexFlags, p / 3);
      p += s.positions.length;
      t += s.triangles.length;
      l += s.labels.length;
      c += s.cornerPatches.length;
      vertexBase += s.positions.length / 3;
    }
  }
  return labelSurfaceOf({ positions, triangles, labels, cornerPatches, vertexFlags }, allSegments);
}
