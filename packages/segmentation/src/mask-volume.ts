import { isSameGrid, type RunControl, type Volume } from '@anatomodel/imaging';
import type { LabelMap } from './label-map.ts';
import { SegmentationError } from './segmentation-error.ts';

/** Options of {@link maskVolume}. */
export interface MaskVolumeOptions {
  /** segment whose voxels are kept (default: every labelled voxel) */
  readonly label?: number;
  /** value written outside the segment, volume unit (default -1024 for HU volumes, else 0) */
  readonly fillValue?: number;
  /** keep the voxels outside the segment instead (default false) */
  readonly invert?: boolean;
}

/**
 * Mask a volume by a segment (3D Slicer's "Mask volume"): a copy of `volume` where voxels
 * outside (or, inverted, inside) the segment get `fillValue`.
 * @throws SegmentationError GRID_MISMATCH when the label map is not on the volume's grid
 */
export function maskVolume(
  volume: Volume,
  labelMap: LabelMap,
  options: MaskVolumeOptions = {},
  run?: RunControl,
): Volume {
  if (!isSameGrid(volume.geometry, labelMap.geometry)) {
    throw new SegmentationError('GRID_MISMATCH', 'label map and volume are on different grids');
  }
  const fill = options.fillValue ?? (volume.unit === 'HU' ? -1024 : 0);
  const label = options.label;
  const invert = options.invert ?? false;
  const out = volume.data.slice();
  const lab = labelMap.data;
  for (let p = 0; p < out.length; p++) {
    const inside = label === undefined ? lab[p] !== 0 : lab[p] === label;
    if (inside === invert) out[p] = fill;
  }
  run?.onProgress?.(1);
  return { kind: 'Volume', geometry: volume.geometry, data: out, unit: volume.unit };
}
