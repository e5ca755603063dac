// Plain-JS entry of the EDT worker: registers tsx in this thread (workers do not inherit the
// parent's loader hooks), then loads the TypeScript worker. Messages posted before the
// worker's listener exists are queued by the port.
import { register } from 'tsx/esm/api';

register();
await import('./edt-worker.ts');
