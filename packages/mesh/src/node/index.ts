export { encodePng } from './encode-png.ts';
export { MeshWorkerPool } from './mesh-worker-pool.ts';
export type { MeshWorkerPoolOptions } from './mesh-worker-pool.ts';
