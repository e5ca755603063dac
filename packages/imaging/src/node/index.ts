export {
  loadVolumeFromPath,
  isNiftiPath,
  isNiftiFile,
  streamVolumeFromNifti,
} from './load-volume-from-path.ts';
export type { LoadOptions, LoadedVolume } from './load-volume-from-path.ts';
export {
  sourcesFromPath,
  fileSources,
  zipSources,
  listFiles,
  displayPath,
} from './dicom-sources.ts';
export { peekNiftiHeader, readNiftiFile, streamNiftiFile } from './read-nifti-file.ts';
export type { ReadNiftiFileOptions, NiftiSlab } from './read-nifti-file.ts';
export { parallelSliceDecoder } from './parallel-slice-decoder.ts';
export type { ParallelDecodeOptions } from './parallel-slice-decoder.ts';
export { collectGarbage, releaseMemory } from './collect-garbage.ts';
