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
export type { SliceHeader } from './dicom/slice-header.ts';
export { readSliceHeaders } from './dicom/slice-header.ts';
export type { DicomSeries } from './series/group-series.ts';
export { groupSeries } from './series/group-series.ts';
export type {
  StackPlan,
  StackPlanOptions,
  MissingSlicesPolicy,
  NonUniformPolicy,
} from './series/plan-stack.ts';
export { planStack } from './series/plan-stack.ts';
export type { DicomSource } from './series/assemble-volume.ts';
export { assembleVolume } from './series/assemble-volume.ts';
export { resampleStack } from './series/resample-stack.ts';
export type { DicomScan, SkippedFile } from './scan-dicom.ts';
export { scanDicom } from './scan-dicom.ts';
export type { LoadSeriesOptions, LoadedSeries } from './load-dicom-series.ts';
export { loadDicomSeries, selectSeries } from './load-dicom-series.ts';
export type { ZipEntry } from './zip/read-zip.ts';
export { readZip } from './zip/read-zip.ts';
export type { NiftiHeaderInfo, ReadNiftiOptions } from './nifti/read-nifti.ts';
export { readNifti, readNiftiHeader } from './nifti/read-nifti.ts';
export type { WriteNiftiOptions, NiftiWritable } from './nifti/write-nifti.ts';
export { writeNifti } from './nifti/write-nifti.ts';
export type { SlicePlan, WriteSeriesOptions } from './dicom-write/write-dicom-series.ts';
export { writeDicomSeries } from './dicom-write/write-dicom-series.ts';
export { makeUid } from './dicom-write/make-uid.ts';
export type { Phantom, SphereOptions, EllipsoidOptions, TorusOptions } from './phantom/phantom.ts';
export {
  spherePhantom,
  ellipsoidPhantom,
  torusPhantom,
  layeredPhantom,
} from './phantom/phantom.ts';
export type { LeftRightOptions } from './phantom/left-right-phantom.ts';
export { leftRightPhantom, LEFT_RIGHT_HU } from './phantom/left-right-phantom.ts';
export type { SampleVolumeOptions } from './phantom/sample-volume.ts';
export { sampleVolume } from './phantom/sample-volume.ts';
export type { StandardGeometryOptions } from './phantom/standard-geometry.ts';
export { standardGeometry } from './phantom/standard-geometry.ts';
export { planFromGeometry } from './phantom/plan-from-geometry.ts';
export type { TiltedPlanOptions } from './phantom/tilted-plan.ts';
export { tiltedPlan } from './phantom/tilted-plan.ts';
export { renderPhantomSeries } from './phantom/render-phantom-series.ts';
export { parseDicom, isProbablyDicom } from './dicom/parse-dicom.ts';
export type { PixelFormat } from './pixel/pixel-format.ts';
export { readPixelFormat } from './pixel/pixel-format.ts';
export type { StoredFrame } from './pixel/stored-frame.ts';
export { decodeFrame } from './pixel/decode-frame.ts';
