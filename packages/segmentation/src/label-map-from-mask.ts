import type { VolumeGeometry } from '@anatomodel/imaging';
import type { LabelMap, Segment } from './label-map.ts';
import { SegmentationError } from './segmentation-error.ts';

/** Default description of a segment made by a kernel. */
export interface SegmentSpec {
  /** label value, 1..255 (default 1) */
  readonly label?: number;
  /** segment name (default 'Segment <label>') */
  readonly name?: string;
  /** sRGB 0..255 (default [241, 214, 145], 3D Slicer's bone colour) */
  readonly color?: readonly [number, number, number];
}

/**
 * A one-segment LabelMap (Uint8Array) from a binary mask: voxels with mask 1 get `spec.label`.
 * The mask is taken over (not copied) when its values are already 0/1 and the label is 1.
 * @throws SegmentationError INVALID_OPTION when the label is outside 1..255 or the mask length
 *   does not match the grid
 */
export function labelMapFromMask(
  geometry: VolumeGeometry,
  mask: Uint8Array,
  spec: SegmentSpec = {},
): LabelMap {
  const label = spec.label ?? 1;
  if (!Number.isInteger(label) || label < 1 || label > 255) {
    throw new SegmentationError('INVALID_OPTION', `label must be an integer 1..255, got ${label}`);
  }
  const n = geometry.dims[0] * geometry.dims[1] * geometry.dims[2];
  if (mask.length !== n) {
    throw new SegmentationError('INVALID_OPTION', `mask has ${mask.length} voxels, grid ${n}`);
  }
  let data = mask;
  if (label !== 1) {
    data = new Uint8Array(n);
    for (let p = 0; p < n; p++) data[p] = mask[p] !== 0 ? label : 0;
  }
  const segment: Segment = {
    label,
    name: spec.name ?? `Segment ${label}`,
    color: spec.color ?? [241, 214, 145],
  };
  return { kind: 'LabelMap', geometry, data, segments: new Map([[label, segment]]) };
}
