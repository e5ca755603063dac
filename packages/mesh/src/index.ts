export type { Mesh } from './mesh.ts';
export { MeshError } from './mesh-error.ts';
export type { MeshErrorCode } from './mesh-error.ts';
export { CUBE_TABLES } from './cube-tables.ts';
export type { CubeTables } from './cube-tables.ts';
export { analyzeMesh } from './analyze-mesh.ts';
export type { MeshAnalysis } from './analyze-mesh.ts';
export { extractIsosurface } from './extract-isosurface.ts';
export type { IsosurfaceOptions } from './extract-isosurface.ts';
