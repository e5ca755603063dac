// Starts a TypeScript worker module: workers do not inherit the tsx loader in Node 20.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.__module);
