export type { LabelMap, Segment, CodedConcept } from './label-map.ts';
