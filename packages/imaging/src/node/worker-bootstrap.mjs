// Starts a TypeScript worker module. Node 20 workers do not inherit the tsx loader of the main
// thread, so the worker registers it itself, then imports the module named in workerData.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
