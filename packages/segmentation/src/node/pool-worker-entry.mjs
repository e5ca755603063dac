// Plain-JS entry of a SegmentationPool worker: registers tsx in this thread (workers do not
// inherit the parent's loader hooks), then loads the TypeScript worker. Messages posted before
// the worker's listener exists are queued by the port.
import { register } from 'tsx/esm/api';

register();
await import('./pool-worker.ts');
