import type { SurfaceNetsSlabInput } from './surface-nets-slab.ts';
import { createSlabPlanes, loadSlabPlane } from './surface-nets-planes.ts';
import type { SlabPlanes } from './surface-nets-planes.ts';

/**
 * Counts what `surfaceNetsSlab` makes in each cell plane z of [input.zFrom, input.zTo):
 * vertices (cells holding different labels) into vertices[z] and quads (crossed voxel edges
 * leaving a cell's corner 0) into quads[z]. `surfaceNetsSlab` sizes its output from a sample
 * of planes counted so. Visits the same cells as the kernel (same run merging) but writes
 * nothing per cell. `planes` may be reused for further ranges of the grid. Cost: O(voxels / 4
 * + runs + surface cells); memory O(plane).
 */
export function countSurfaceNetsPlanes(
  input: SurfaceNetsSlabInput,
  vertices: Int32Array,
  quads: Int32Array,
  planes: SlabPlanes = createSlabPlanes(input.dims[0], input.dims[1], false),
): void {
  const { zFrom, zTo } = input;
  const [nx, ny] = input.dims;
  const px = nx + 2;
  const py = ny + 2;
  const source = { ...input, grey: null };
  loadSlabPlane(planes, source, zFrom);
  for (let z = zFrom; z < zTo; z++) {
    loadSlabPlane(planes, source, z + 1);
    const s0 = z % 3;
    const s1 = (z + 1) % 3;
    const p0 = planes.labels[s0];
    const p1 = planes.labels[s1];
    const rx0 = planes.runX[s0];
    const rl0 = planes.runL[s0];
    const rx1 = planes.runX[s1];
    const rl1 = planes.runL[s1];
    const rr0 = planes.rowRun[s0];
    const rr1 = planes.rowRun[s1];
    let nv = 0;
    let nq = 0;
    for (let y = 0; y < py - 1; y++) {
      const rowBase = y * px;
      // the run merge of surfaceNetsSlab
      let a = rr0[y];
      let b = rr0[y + 1];
      let c = rr1[y];
      let d = rr1[y + 1];
      let x = 0;
      while (x < px - 1) {
        const na = rx0[a + 1];
        const nb = rx0[b + 1];
        const nc = rx1[c + 1];
        const nd = rx1[d + 1];
        let next = na < nb ? na : nb;
        if (nc < next) next = nc;
        if (nd < next) next = nd;
        const la = rl0[a];
        const mixed = rl0[b] !== la || rl1[c] !== la || rl1[d] !== la;
        const last = next < px ? next - 1 : next - 2;
        const first = mixed ? x : next - 1;
        if (last >= first) {
          nv += last - first + 1;
          for (let i = rowBase + first, end = rowBase + last; i <= end; i++) {
            const c0 = p0[i];
            nq += (p0[i + 1] !== c0 ? 1 : 0) + (p0[i + px] !== c0 ? 1 : 0) + (p1[i] !== c0 ? 1 : 0);
          }
        }
        if (next < px) {
          if (na === next) a++;
          if (nb === next) b++;
          if (nc === next) c++;
          if (nd === next) d++;
        }
        x = next;
      }
    }
    vertices[z] = nv;
    quads[z] = nq;
  }
}
