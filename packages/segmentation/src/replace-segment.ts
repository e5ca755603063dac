import type { LabelMap } from './label-map.ts';

/**
 * A copy of `labelMap` where segment `label` covers exactly the voxels of `mask` (1 = inside):
 * voxels it leaves become background (0). Voxels of other segments are overwritten only when
 * `overwrite` is true (default false: the segment grows into background only, like 3D Slicer's
 * "editable area: outside all segments"). The input is not mutated.
 */
export function replaceSegment(
  labelMap: LabelMap,
  label: number,
  mask: Uint8Array,
  overwrite = false,
): LabelMap {
  const src = labelMap.data;
  const out = src.slice();
  for (let p = 0; p < out.length; p++) {
    const v = src[p];
    if (mask[p] !== 0) {
      if (v === 0 || v === label || overwrite) out[p] = label;
    } else if (v === label) {
      out[p] = 0;
    }
  }
  return { kind: 'LabelMap', geometry: labelMap.geometry, data: out, segments: labelMap.segments };
}
