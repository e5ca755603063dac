export type { LabelMap, Segment, CodedConcept } from './label-map.ts';
export { SegmentationError } from './segmentation-error.ts';
export type { SegmentationErrorCode } from './segmentation-error.ts';
export { createProgress, subRun } from './create-progress.ts';
export { segmentMask } from './segment-mask.ts';
export { replaceSegment } from './replace-segment.ts';
export { labelMapFromMask } from './label-map-from-mask.ts';
export type { SegmentSpec } from './label-map-from-mask.ts';
export { THRESHOLD_PRESETS, findThresholdPreset } from './threshold-presets.ts';
export type { ThresholdPreset } from './threshold-presets.ts';
export { thresholdVolume } from './threshold-volume.ts';
export { thresholdBounds } from './threshold-bounds.ts';
export type { ResolvedThreshold } from './threshold-bounds.ts';
export { thresholdSlices } from './threshold-slices.ts';
export type { ThresholdOptions } from './threshold-volume.ts';
export { volumeHistogram } from './volume-histogram.ts';
export type { Histogram } from './volume-histogram.ts';
export { otsuThresholds } from './otsu-thresholds.ts';
export type { OtsuOptions } from './otsu-thresholds.ts';
export { neighbourOffsets } from './neighbour-offsets.ts';
export type { Connectivity } from './neighbour-offsets.ts';
export { growRegion } from './grow-region.ts';
export { connectedThreshold } from './connected-threshold.ts';
export type { ConnectedThresholdOptions } from './connected-threshold.ts';
export { confidenceConnected } from './confidence-connected.ts';
export type { ConfidenceConnectedOptions } from './confidence-connected.ts';
export { labelComponents } from './label-components.ts';
export type { Components } from './label-components.ts';
export {
  filterComponents,
  keepLargestComponent,
  minVoxelsOfVolume,
  removeSmallIslands,
} from './filter-components.ts';
export type { ComponentCriterion, FilterComponentsOptions } from './filter-components.ts';
export { squaredDistanceTransform } from './squared-distance-transform.ts';
export type { DistanceTransformOptions } from './squared-distance-transform.ts';
export type { FeatureShape } from './edt-passes.ts';
export { morphMask } from './morph-mask.ts';
export type { MorphOperation } from './morph-mask.ts';
export { morphologySegment, marginSegment } from './morphology-segment.ts';
export type { MorphologyOptions } from './morphology-segment.ts';
export { fillHoles } from './fill-holes.ts';
export type { FillHolesOptions } from './fill-holes.ts';
export { hollowSegment } from './hollow-segment.ts';
export type { HollowOptions, DrainHole } from './hollow-segment.ts';
export { combineSegments } from './combine-segments.ts';
export type { CombineOptions } from './combine-segments.ts';
export { maskVolume } from './mask-volume.ts';
export type { MaskVolumeOptions } from './mask-volume.ts';
export { cropLabelMap } from './crop-label-map.ts';
export type { LpsBox } from './crop-label-map.ts';
export { separableMean } from './separable-mean.ts';
export { smoothSegment } from './smooth-segment.ts';
export type { SmoothOptions } from './smooth-segment.ts';
export { thicknessMap } from './thickness-map.ts';
export type { ThicknessOptions } from './thickness-map.ts';
export { segmentStatistics } from './segment-statistics.ts';
export type { SegmentStatistics } from './segment-statistics.ts';
export { createRunComponents } from './run-components.ts';
export type {
  RunComponents,
  RunComponentCriterion,
  RunComponentsResult,
} from './run-components.ts';
