import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { collectGarbage } from './collect-garbage.ts';
import { ImagingError } from '../imaging-error.ts';
import type { Volume } from '../volume.ts';
import {
  niftiFromParts,
  niftiVoxelRange,
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
  let voxels: Uint8Array | null = null;
  let offset = 0; // vox_offset: where the voxels start in the (inflated) stream
  let at = 0; // stream position of the next byte
  let filled = 0;
  const startVoxels = (length: number): Uint8Array => {
    const range = niftiVoxelRange(head.subarray(0, length), path);
    offset = range.offset;
    voxels = allocate(range.byteLength, options.sharedMemory === true && range.keptAsStored);
    const from = Math.min(length, offset);
    voxels.set(head.subarray(from, Math.min(length, offset + range.byteLength)));
    filled = Math.min(range.byteLength, Math.max(0, length - offset));
    return voxels;
  };
  const consume = async (chunks: AsyncIterable<Buffer>): Promise<void> => {
    let count = 0;
    for await (const chunk of chunks) {
      // the consumed chunks (1 MiB each, fresh from zlib) are collected every 8 MiB: V8 would
      // let tens of them pile up, and malloc keeps their pages after a late free (corpus CT
      // .nii.gz: load peak 160-166 -> 145-146 MB, job peak 189-193 -> 181 MB)
      if ((++count & 7) === 0) collectGarbage('minor');
      let c: Uint8Array = chunk;
      if (voxels === null) {
        const take = Math.min(c.length, HEAD_BYTES - headLength);
        head.set(c.subarray(0, take), headLength);
        headLength += take;
        at += take;
        c = c.subarray(take);
        if (headLength < HEAD_BYTES) continue;
        startVoxels(headLength);
      }
      const out = voxels as Uint8Array;
      // skip extensions between the header and vox_offset, then copy what the volume needs
      const skip = Math.max(0, Math.min(c.length, offset - at));
      at += c.length;
      const part = c.subarray(skip, skip + (out.length - filled));
      out.set(part, filled);
      filled += part.length;
      if (filled === out.length) return; // the rest (later 3D volumes) is not read
    }
  };
  try {
    const source = createReadStream(path, { highWaterMark: CHUNK, signal: options.signal });
    if (gzipped) await pipeline(source, createGunzip({ chunkSize: CHUNK }), consume);
    else await pipeline(source, consume);
  } catch (cause) {
    // leaving the loop early (the first 3D volume complete) aborts the rest of the stream
    if (voxels !== null && filled === (voxels as Uint8Array).length) return finish();
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
  return finish();

  function finish(): { volume: Volume; header: NiftiHeaderInfo } {
    // a file shorter than a NIfTI-2 header (a tiny NIfTI-1 image): parse what there is
    const got: Uint8Array = voxels ?? startVoxels(headLength);
    // the stream's closures may outlive this call: they must not keep the volume alive
    voxels = null;
    if (filled < got.length) {
      throw new ImagingError(
        'TRUNCATED',
        `NIfTI voxel data truncated: ${offset + filled} bytes, need ${offset + got.length}`,
        { file: path },
      );
    }
    return niftiFromParts(head.subarray(0, headLength), got, path, {
      unit: options.unit,
      adoptBytes: true,
    });
  }
}

function allocate(byteLength: number, shared: boolean): Uint8Array {
  return shared ? new Uint8Array(new SharedArrayBuffer(byteLength)) : new Uint8Array(byteLength);
}
