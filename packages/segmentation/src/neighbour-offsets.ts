import { SegmentationError } from './segmentation-error.ts';

/** Voxel connectivity: 6 (faces), 18 (faces and edges) or 26 (faces, edges and corners). */
export type Connectivity = 6 | 18 | 26;

/**
 * The neighbour offsets [di, dj, dk] of a connectivity, in a fixed order: all offsets with
 * 1 (6), up to 2 (18) or up to 3 (26) non-zero components.
 * @throws SegmentationError INVALID_OPTION for any other connectivity
 */
export function neighbourOffsets(connectivity: number): Array<readonly [number, number, number]> {
  const maxNonZero = connectivity === 6 ? 1 : connectivity === 18 ? 2 : connectivity === 26 ? 3 : 0;
  if (maxNonZero === 0) {
    throw new SegmentationError('INVALID_OPTION', `connectivity must be 6, 18 or 26`);
  }
  const out: Array<readonly [number, number, number]> = [];
  for (let dk = -1; dk <= 1; dk++) {
    for (let dj = -1; dj <= 1; dj++) {
      for (let di = -1; di <= 1; di++) {
        const nz = (di !== 0 ? 1 : 0) + (dj !== 0 ? 1 : 0) + (dk !== 0 ? 1 : 0);
        if (nz > 0 && nz <= maxNonZero) out.push([di, dj, dk]);
      }
    }
  }
  return out;
}
