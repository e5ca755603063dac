export type { Vec3, VolumeGeometry, Volume, VoxelArray, RunControl } from './volume.ts';
export { voxelCount } from './volume.ts';
export {
  add,
  sub,
  scale,
  dot,
  cross,
  norm,
  normalize,
  indexToLpsMatrix,
  indexToLps,
  lpsToIndex,
  axesDeterminant,
  isSameGrid,
  orientationLabel,
  voxelCentreBounds,
} from './geometry.ts';
export { ImagingError } from './imaging-error.ts';
export type { ImagingErrorCode } from './imaging-error.ts';
