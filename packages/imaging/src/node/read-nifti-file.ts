import { open } from 'node:fs/promises';
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { constants as zlibConstants, gunzipSync } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { collectGarbage } from './collect-garbage.ts';
import { inflateOnThisThread, inflateOnWorker } from './inflate-on-worker.ts';
import { ImagingError } from '../imaging-error.ts';
import type { Volume, VolumeGeometry, VoxelArray } from '../volume.ts';
import {
  niftiFromParts,
  niftiSlabLayout,
  niftiVoxelRange,
  readNiftiHeader,
  type NiftiHeaderInfo,
  type ReadNiftiOptions,
} from '../nifti/read-nifti.ts';

/** Options of `readNiftiFile`. */
export interface ReadNiftiFileOptions extends Pick<ReadNiftiOptions, 'unit'> {
  /**
   * put the voxels on a SharedArrayBuffer (for worker pools) when they are kept as stored
   * (uint8, int16, uint16, float32 without scaling): no extra copy. Default false.
   */
  readonly sharedMemory?: boolean;
  readonly signal?: AbortSignal;
}

/** Bytes read before the header is parsed: a NIfTI-2 header (NIfTI-1 is 348). */
const HEAD_BYTES = 540;
/** Read and inflate in 1 MiB chunks (fewer callbacks than the 64 KiB default). */
const CHUNK = 1 << 20;

/**
 * Reads a .nii or .nii.gz file (gzip detected by magic 1f 8b; multi-member gzip read whole) into
 * a Volume in LPS, like `readNifti`, without holding the file: the header is parsed from the
 * first bytes, then the first 3D volume's voxels are read (inflated by node's zlib, streamed)
 * straight into one buffer of exactly their size, which the Volume's array then views (byte
 * offset 0; big-endian data swapped in place). Peak memory: the volume (plus a Float32 copy
 * when scl_slope/scl_inter or the stored type call for one) and 1-2 MiB of stream buffers;
 * bytes after the first 3D volume are not read.
 * @throws ImagingError IO_ERROR, CORRUPT (bad gzip stream), NIFTI_INVALID, TRUNCATED
 */
export async function readNiftiFile(
  path: string,
  options: ReadNiftiFileOptions = {},
): Promise<{ volume: Volume; header: NiftiHeaderInfo }> {
  let voxels: Uint8Array | null = null;
  let filled = 0;
  const head = await pumpVoxels(path, options.signal, {
    start(head) {
      const range = niftiVoxelRange(head, path);
      voxels = allocate(range.byteLength, options.sharedMemory === true && range.keptAsStored);
      return { offset: range.offset, byteLength: range.byteLength };
    },
    write(bytes) {
      (voxels as Uint8Array).set(bytes, filled);
      filled += bytes.length;
    },
  });
  // a file shorter than a NIfTI-2 header (a tiny NIfTI-1 image) is parsed from what there is
  const got = voxels ?? new Uint8Array(0);
  // the stream's closures may outlive this call: they must not keep the volume alive
  voxels = null;
  return niftiFromParts(head, got, path, { unit: options.unit, adoptBytes: true });
}

/**
 * The header of a .nii or .nii.gz file from its first bytes only, synchronously: for a caller
 * that sizes its buffers before the stream's first slab. A gzip stream is inflated from its
 * first 1, 4, 16 and at most 64 KiB, until the header's bytes are out (so a highly compressible
 * volume is not inflated by the megabyte here). Null when the file cannot be read or the header
 * is not within that (e.g. a gzip header with a long file name): the stream itself then reads it
 * or reports why.
 */
export function peekNiftiHeader(path: string): NiftiHeaderInfo | null {
  try {
    const fd = openSync(path, 'r');
    let head: Uint8Array;
    try {
      const bytes = new Uint8Array(1 << 16);
      head = bytes.subarray(0, readSync(fd, bytes, 0, bytes.length, 0));
    } finally {
      closeSync(fd);
    }
    if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
      const gz = head;
      for (let n = 1024; ; n *= 4) {
        head = gunzipSync(gz.subarray(0, n), { finishFlush: zlibConstants.Z_SYNC_FLUSH });
        if (head.length >= HEAD_BYTES || n >= gz.length) break;
      }
    }
    return readNiftiHeader(head.subarray(0, HEAD_BYTES), path);
  } catch {
    return null;
  }
}

/** A slab of slices handed out by {@link streamNiftiFile}. */
export interface NiftiSlab {
  /**
   * values of the held slices [h0, h1) (as `readNiftiFile`'s volume holds them), slice by slice;
   * valid only during the callback (the buffer is reused)
   */
  readonly data: VoxelArray;
  /** held slices: the slab's own [k0, k1) and the slice before and after it where they exist */
  readonly h0: number;
  readonly h1: number;
  /** the slab's own slices; consecutive slabs' own slices tile 0..nz-1 in order */
  readonly k0: number;
  readonly k1: number;
  /** LPS geometry of the whole volume */
  readonly geometry: VolumeGeometry;
}

/**
 * Streams the first 3D volume of a .nii or .nii.gz file in slabs of `slabSlices` slices, each
 * handed to `onSlab` with its neighbouring slice on either side, in order, without ever holding
 * the whole volume: a buffer of slabSlices + 2 slices is reused (the values are those
 * `readNiftiFile` gives, converted per slab). Returns the header and the whole volume's LPS
 * geometry and unit (a Volume without voxels) once every slab was handed out.
 * @throws ImagingError IO_ERROR, CORRUPT (bad gzip stream), NIFTI_INVALID, TRUNCATED; the
 *   signal's reason when aborted (no slab after that); whatever `onSlab` throws, as it is;
 *   RangeError for a slabSlices that is not a positive integer
 */
export async function streamNiftiFile(
  path: string,
  options: Omit<ReadNiftiFileOptions, 'sharedMemory'> & { readonly slabSlices: number },
  onSlab: (slab: NiftiSlab) => void,
): Promise<{ header: NiftiHeaderInfo; geometry: VolumeGeometry; unit: Volume['unit'] }> {
  const slabSlices = options.slabSlices;
  if (!Number.isInteger(slabSlices) || slabSlices < 1) {
    throw new RangeError(`slabSlices must be a positive integer, got ${slabSlices}`);
  }
  // dropped at the end: the stream's closures may outlive this call and must not keep the
  // consumer (and what it holds) alive
  let consumer: ((slab: NiftiSlab) => void) | null = onSlab;
  let layout: ReturnType<typeof niftiSlabLayout> | null = null;
  let ring: Uint8Array | null = null;
  let h0 = 0; // first slice held in the ring
  let held = 0; // bytes in the ring
  let next = 0; // first slice of the next slab
  let nz = 0;
  /** Hands out the slab starting at `next` (the ring holds slices h0 .. h0 + held / slice). */
  const emit = (): void => {
    const { sliceBytes, geometry } = layout as NonNullable<typeof layout>;
    const buf = ring as Uint8Array;
    const k1 = Math.min(nz, next + slabSlices);
    const h1 = Math.min(nz, k1 + 1);
    const count = (h1 - h0) * sliceBytes; // bytes of the held slices
    const voxelCount = (h1 - h0) * geometry.dims[0] * geometry.dims[1];
    const data = (layout as NonNullable<typeof layout>).voxels(buf.subarray(0, count), voxelCount);
    consumer?.({ data, h0, h1, k0: next, k1, geometry });
    next = k1;
    if (next >= nz) return;
    // keep the slab's last slice (the next slab's previous one) and its next (the next
    // slab's first): they move to the front of the ring
    const keepFrom = next - 1;
    buf.copyWithin(0, (keepFrom - h0) * sliceBytes, held);
    held -= (keepFrom - h0) * sliceBytes;
    h0 = keepFrom;
  };
  const head = await pumpVoxels(
    path,
    options.signal,
    {
      start(head) {
        layout = niftiSlabLayout(head, path);
        nz = layout.geometry.dims[2];
        const ringSlices = Math.min(nz, slabSlices + 2);
        ring = pagesOutsideMalloc(ringSlices * layout.sliceBytes);
        return { offset: layout.offset, byteLength: nz * layout.sliceBytes };
      },
      write(bytes) {
        const { sliceBytes } = layout as NonNullable<typeof layout>;
        const buf = ring as Uint8Array;
        let b = bytes;
        while (b.length > 0) {
          const take = Math.min(b.length, buf.length - held);
          buf.set(b.subarray(0, take), held);
          held += take;
          b = b.subarray(take);
          // a slab is complete when its next slice (or the volume's end) is held; the slices
          // kept for the next slab may complete it too
          while (
            next < nz &&
            Math.floor(held / sliceBytes) >= Math.min(nz, next + slabSlices + 1) - h0
          ) {
            options.signal?.throwIfAborted(); // no slab once aborted, also within a chunk
            emit();
          }
        }
      },
    },
    true,
  );
  // the pump started the sink (else it threw) and passed every voxel byte (else TRUNCATED)
  const { header, geometry } = layout ?? niftiSlabLayout(head, path);
  ring = null;
  consumer = null;
  return { header, geometry, unit: options.unit ?? 'raw' };
}

/** Where a voxel sink wants the voxels: vox_offset and the first 3D volume's byte length. */
interface VoxelSink {
  /** called once the header bytes are in (up to HEAD_BYTES) */
  start(head: Uint8Array): { offset: number; byteLength: number };
  /** the voxel bytes in order, byteLength of them in all (the view is reused after the call) */
  write(bytes: Uint8Array): void;
}

/**
 * Streams a NIfTI file (gzip or not) into a sink: the header bytes, then exactly the first 3D
 * volume's voxel bytes. Returns the header bytes read (fewer than HEAD_BYTES for a tiny
 * file, whose sink was then not started). Consumed chunks are collected every 8 MiB (not the
 * inflate worker's: views of its ring).
 * `offThread`: a gzip file is inflated on a worker thread (`inflateOnWorker`), for sinks that
 * work on the bytes (the stream of slabs): inflating and their work then overlap.
 * @throws ImagingError IO_ERROR, CORRUPT, TRUNCATED
 */
async function pumpVoxels(
  path: string,
  signal: AbortSignal | undefined,
  sink: VoxelSink,
  offThread = false,
): Promise<Uint8Array> {
  let magic: Uint8Array;
  try {
    const fh = await open(path, 'r');
    try {
      magic = new Uint8Array(2);
      const { bytesRead } = await fh.read(magic, 0, 2, 0);
      magic = magic.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (cause) {
    throw new ImagingError('IO_ERROR', `cannot read: ${(cause as Error).message}`, {
      file: path,
      cause,
    });
  }
  const gzipped = magic.length === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  const head = new Uint8Array(HEAD_BYTES);
  let headLength = 0;
  let started = false;
  let offset = 0; // vox_offset: where the voxels start in the (inflated) stream
  let byteLength = 0;
  let at = 0; // stream position of the next byte
  let filled = 0;
  // an error of the sink (the header checks, the consumer of a slab) leaves as it is: the
  // pipeline rejects with its own AbortError when the gzip stream still had data
  let sinkError: { error: unknown } | null = null;
  const write = (bytes: Uint8Array): void => {
    try {
      sink.write(bytes);
    } catch (error) {
      sinkError = { error };
      throw error;
    }
  };
  const begin = (): void => {
    try {
      ({ offset, byteLength } = sink.start(head.subarray(0, headLength)));
    } catch (error) {
      sinkError = { error };
      throw error;
    }
    started = true;
    // the header bytes past vox_offset are voxels already
    const from = Math.min(headLength, offset);
    const first = head.subarray(from, Math.min(headLength, offset + byteLength));
    if (first.length > 0) write(first);
    filled = first.length;
  };
  const consume = async (chunks: AsyncIterable<Uint8Array>): Promise<void> => {
    let count = 0;
    for await (const chunk of chunks) {
      signal?.throwIfAborted(); // no more voxels (slabs) once aborted
      // the consumed chunks (1 MiB each, fresh from zlib) are collected every 8 MiB: V8 would
      // let tens of them pile up, and malloc keeps their pages after a late free (corpus CT
      // .nii.gz: load peak 160-166 -> 145-146 MB, job peak 189-193 -> 181 MB); not the
      // inflate worker's, which are views of its shared ring (nothing to collect)
      if (!(chunk.buffer instanceof SharedArrayBuffer) && (++count & 7) === 0) {
        collectGarbage('minor');
      }
      let c: Uint8Array = chunk;
      if (!started) {
        const take = Math.min(c.length, HEAD_BYTES - headLength);
        head.set(c.subarray(0, take), headLength);
        headLength += take;
        at += take;
        c = c.subarray(take);
        if (headLength < HEAD_BYTES) continue;
        begin();
      }
      // skip extensions between the header and vox_offset, then pass on what the volume needs
      const skip = Math.max(0, Math.min(c.length, offset - at));
      at += c.length;
      const part = c.subarray(skip, skip + (byteLength - filled));
      if (part.length > 0) write(part);
      filled += part.length;
      if (filled === byteLength) return; // the rest (later 3D volumes) is not read
    }
  };
  try {
    if (gzipped) {
      const inflate = offThread ? inflateOnWorker : inflateOnThisThread;
      await consume(inflate(path, CHUNK, signal));
    } else {
      await pipeline(createReadStream(path, { highWaterMark: CHUNK, signal }), consume);
    }
  } catch (cause) {
    // leaving the loop early (the first 3D volume complete) aborts the rest of the stream
    if (sinkError !== null) throw (sinkError as { error: unknown }).error;
    if (!(started && filled === byteLength)) {
      // aborted: the signal's reason as it is (a timeout's or the caller's own, not an I/O error)
      if (signal?.aborted) throw signal.reason;
      if (cause instanceof ImagingError) throw cause;
      const e = cause as NodeJS.ErrnoException;
      if (e.name === 'AbortError') throw cause;
      const zlib = typeof e.code === 'string' && e.code.startsWith('Z_');
      throw new ImagingError(
        zlib ? 'CORRUPT' : 'IO_ERROR',
        zlib
          ? `gzip stream of NIfTI file is corrupt or truncated: ${e.message}`
          : `cannot read: ${e.message}`,
        { file: path, cause },
      );
    }
  }
  // a file shorter than a NIfTI-2 header: the sink starts on what there is (and throws if
  // that is no header)
  if (!started) begin();
  if (started && filled < byteLength) {
    throw new ImagingError(
      'TRUNCATED',
      `NIfTI voxel data truncated: ${offset + filled} bytes, need ${offset + byteLength}`,
      { file: path },
    );
  }
  return head.subarray(0, headLength);
}

/** The part of the WebAssembly JS API used here (lib ES2023 does not declare it). */
declare const WebAssembly:
  { Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer } } | undefined;

/**
 * A zeroed buffer whose pages V8 maps itself (WebAssembly memory), not malloc: freeing a
 * malloc'd block of a few MB raises glibc's mmap threshold to its size, after which the later
 * stages' mid-size arrays come from malloc's heap, whose freed pages it keeps (corpus CT job
 * with a 9.4 MB malloc'd ring: about 14 MB more RSS from then on).
 */
function pagesOutsideMalloc(byteLength: number): Uint8Array {
  try {
    if (typeof WebAssembly === 'object') {
      const memory = new WebAssembly.Memory({ initial: Math.ceil(byteLength / 65536) });
      return new Uint8Array(memory.buffer, 0, byteLength);
    }
  } catch {
    // no address space for it (ulimit -v): malloc's pages below
  }
  return new Uint8Array(byteLength); // also without WebAssembly (node --jitless)
}

function allocate(byteLength: number, shared: boolean): Uint8Array {
  return shared ? new Uint8Array(new SharedArrayBuffer(byteLength)) : new Uint8Array(byteLength);
}
