import type { VolumeGeometry } from '@anatomodel/imaging';

/** A coded concept as DICOM SEG carries it (e.g. SNOMED CT). */
export interface CodedConcept {
  /** CodeValue (0008,0100), e.g. '91609006' */
  readonly code: string;
  /** CodingSchemeDesignator (0008,0102), e.g. 'SCT' */
  readonly scheme: string;
  /** CodeMeaning (0008,0104), e.g. 'Mandible' */
  readonly meaning: string;
}

/** One labelled structure of a LabelMap. */
export interface Segment {
  /** label value in the LabelMap data, 1..65535 */
  readonly label: number;
  readonly name: string;
  /** sRGB, 0..255 each */
  readonly color: readonly [number, number, number];
  /** anatomic structure, when coded */
  readonly anatomy?: CodedConcept;
}

/**
 * A segmentation on the same grid as its reference Volume. 0 = background. Uint8Array holds up to
 * 255 labels, Uint16Array up to 65,535. Display state (visibility, opacity) never lives here.
 */
export interface LabelMap {
  readonly kind: 'LabelMap';
  readonly geometry: VolumeGeometry;
  /** label per voxel, i fastest, same layout as Volume.data */
  readonly data: Uint8Array | Uint16Array;
  /** label value -> segment description */
  readonly segments: ReadonlyMap<number, Segment>;
}
