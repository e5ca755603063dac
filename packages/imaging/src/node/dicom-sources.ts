import {
  closeSync,
  fstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import type { DicomSource } from '../series/assemble-volume.ts';
import { readZip } from '../zip/read-zip.ts';
import { ImagingError } from '../imaging-error.ts';

function readFile(path: string): Uint8Array {
  try {
    const b = readFileSync(path);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  } catch (cause) {
    throw new ImagingError('IO_ERROR', `cannot read: ${(cause as Error).message}`, {
      file: path,
      cause,
    });
  }
}

/** Every regular file below `dir` (recursive, sorted, hidden files and folders left out). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let names: string[];
    try {
      names = readdirSync(d).sort();
    } catch (cause) {
      throw new ImagingError('IO_ERROR', `cannot list folder: ${(cause as Error).message}`, {
        file: d,
        cause,
      });
    }
    for (const name of names) {
      if (name.startsWith('.')) continue;
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** `use` on `path` opened for reading, closed after; any failure is an IO_ERROR naming the file. */
function withOpenFile<T>(path: string, use: (fd: number) => T): T {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    return use(fd);
  } catch (cause) {
    throw new ImagingError('IO_ERROR', `cannot read: ${(cause as Error).message}`, {
      file: path,
      cause,
    });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function readHead(path: string, maxBytes: number): Uint8Array {
  return withOpenFile(path, (fd) => {
    const buf = new Uint8Array(maxBytes);
    let n = 0;
    while (n < maxBytes) {
      const got = readSync(fd, buf, n, maxBytes - n, n);
      if (got === 0) break;
      n += got;
    }
    return n === maxBytes ? buf : buf.subarray(0, n);
  });
}

function readInto(path: string, allocate: (size: number) => Uint8Array): Uint8Array {
  return withOpenFile(path, (fd) => {
    const size = fstatSync(fd).size;
    const out = allocate(size);
    let n = 0;
    while (n < size) {
      const got = readSync(fd, out, n, size - n, n);
      if (got === 0) throw new Error(`file shrank while reading (${n} of ${size} bytes)`);
      n += got;
    }
    return out;
  });
}

/**
 * Sources for files on disk: each is read when the pipeline needs it, never kept; header scans
 * read only the first bytes of each file.
 */
export function fileSources(paths: readonly string[]): DicomSource[] {
  return paths.map((path) => ({
    label: path,
    path,
    read: () => readFile(path),
    readHead: (maxBytes: number) => readHead(path, maxBytes),
    readInto: (allocate: (size: number) => Uint8Array) => readInto(path, allocate),
  }));
}

/** Sources for the entries of a zip file on disk (the archive is read once, entries inflated on demand). */
export function zipSources(path: string): DicomSource[] {
  const bytes = readFile(path);
  return readZip(bytes, path).map((e) => ({ label: `${path}:${e.name}`, read: () => e.read() }));
}

/**
 * Sources for a path: a folder (recursive; zip files inside it are opened too), a .zip, or a
 * single file. Labels are paths relative to nothing: the full path, so errors name the file.
 */
export function sourcesFromPath(path: string): DicomSource[] {
  let st;
  try {
    st = statSync(path);
  } catch (cause) {
    throw new ImagingError('IO_ERROR', `no such file or folder`, { file: path, cause });
  }
  if (st.isDirectory()) {
    const out: DicomSource[] = [];
    for (const f of listFiles(path)) {
      if (f.toLowerCase().endsWith('.zip')) out.push(...zipSources(f));
      else out.push(...fileSources([f]));
    }
    return out;
  }
  if (path.toLowerCase().endsWith('.zip')) return zipSources(path);
  return fileSources([path]);
}

/** Path of `file` relative to `root` when inside it (for compact listings). */
export function displayPath(root: string, file: string): string {
  const rel = relative(root, file);
  return rel && !rel.startsWith('..') ? rel : file;
}
