import { inflateSync } from 'fflate';
import { ImagingError } from '../imaging-error.ts';

/** One file inside a zip archive; `read()` inflates it on demand. */
export interface ZipEntry {
  /** path inside the archive */
  readonly name: string;
  /** uncompressed size, bytes */
  readonly size: number;
  read(): Uint8Array;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * Lists the files of a zip archive (PKWARE APPNOTE 4.3) without inflating them, so a study
 * zip is never held unpacked in memory. Supports stored and deflated entries; directories are
 * left out. Pure: works on bytes, in Node, workers and browsers.
 * @throws ImagingError CORRUPT (naming `label`) on a damaged archive, UNSUPPORTED_* for ZIP64 or
 * encrypted entries.
 */
export function readZip(bytes: Uint8Array, label: string): ZipEntry[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let p = bytes.length - 22; p >= Math.max(0, bytes.length - 22 - 65535); p--) {
    if (dv.getUint32(p, true) === EOCD) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0)
    throw new ImagingError('CORRUPT', 'not a zip archive (no end of central directory)', {
      file: label,
    });
  const count = dv.getUint16(eocd + 10, true);
  const cdOffset = dv.getUint32(eocd + 16, true);
  if (cdOffset === 0xffffffff || count === 0xffff) {
    throw new ImagingError(
      'UNSUPPORTED_PIXEL_FORMAT',
      'ZIP64 archives are not supported; unzip it first',
      { file: label },
    );
  }
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || dv.getUint32(p, true) !== CENTRAL) {
      throw new ImagingError('CORRUPT', `damaged zip central directory at entry ${n + 1}`, {
        file: label,
      });
    }
    const flags = dv.getUint16(p + 8, true);
    const method = dv.getUint16(p + 10, true);
    const compressedSize = dv.getUint32(p + 20, true);
    const size = dv.getUint32(p + 24, true);
    const nameLength = dv.getUint16(p + 28, true);
    const extraLength = dv.getUint16(p + 30, true);
    const commentLength = dv.getUint16(p + 32, true);
    const localOffset = dv.getUint32(p + 42, true);
    const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength));
    p += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/')) continue;
    const entryLabel = `${label}:${name}`;
    if (flags & 1)
      throw new ImagingError('UNSUPPORTED_PIXEL_FORMAT', 'encrypted zip entry', {
        file: entryLabel,
      });
    if (method !== 0 && method !== 8) {
      throw new ImagingError(
        'UNSUPPORTED_PIXEL_FORMAT',
        `zip compression method ${method} not supported`,
        { file: entryLabel },
      );
    }
    entries.push({
      name,
      size,
      read() {
        if (localOffset + 30 > bytes.length || dv.getUint32(localOffset, true) !== LOCAL) {
          throw new ImagingError('CORRUPT', 'damaged zip local header', { file: entryLabel });
        }
        const start =
          localOffset +
          30 +
          dv.getUint16(localOffset + 26, true) +
          dv.getUint16(localOffset + 28, true);
        const end = start + compressedSize;
        if (end > bytes.length)
          throw new ImagingError('TRUNCATED', 'zip entry runs past the end of the archive', {
            file: entryLabel,
          });
        const raw = bytes.subarray(start, end);
        if (method === 0) return raw;
        try {
          const out = inflateSync(raw, { out: new Uint8Array(size) });
          if (out.length !== size) throw new Error(`inflated ${out.length} of ${size} bytes`);
          return out;
        } catch (cause) {
          throw new ImagingError(
            'CORRUPT',
            `cannot inflate zip entry: ${(cause as Error).message}`,
            { file: entryLabel, cause },
          );
        }
      },
    });
  }
  return entries;
}
