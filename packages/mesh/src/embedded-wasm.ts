/** The part of the WebAssembly JS API used here (lib ES2023 and @types/node 20 do not declare it). */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
  Memory: new (descriptor: { initial: number; maximum: number; shared?: boolean }) => WasmMemory;
};

/** A WebAssembly.Memory (its buffer is a SharedArrayBuffer when it is shared). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}

/**
 * The compiled module of an embedded kernel (base64, as scripts/build-wasm.mjs writes it).
 * Synchronous: fine in Node and a browser's workers; a browser's main thread refuses modules
 * above 4 kB this way.
 */
export function compileEmbedded(base64: string): object {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new WebAssembly.Module(bytes);
}

/** The exports of a new instance of `module`. */
export function instantiate<T>(module: object, imports: object = {}): T {
  return new WebAssembly.Instance(module, imports).exports as T;
}

/** A new WebAssembly.Memory of `initial` pages (64 KiB), growable to `maximum`. */
export function createMemory(initial: number, maximum: number, shared: boolean): WasmMemory {
  return new WebAssembly.Memory({ initial, maximum, shared });
}

/** Whether `memory` is shared between threads (its buffer a SharedArrayBuffer). */
export function isSharedMemory(memory: WasmMemory): boolean {
  return typeof SharedArrayBuffer === 'function' && memory.buffer instanceof SharedArrayBuffer;
}
