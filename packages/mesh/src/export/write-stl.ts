import { MeshError } from '../mesh-error.ts';
import type { ExportModel } from './export-model.ts';
import { formatCoordinate, frameStamp, positionsInFrame } from './export-model.ts';

/** Options of `writeStl`. */
export interface StlOptions {
  /** ASCII instead of binary STL; default false */
  readonly ascii?: boolean;
}

/**
 * STL of all parts of a model (STL has no parts or colours: they are concatenated). The binary
 * header (80 bytes, never starting with "solid") and the ASCII solid name state units mm and the
 * frame. Facet normals are computed from the written coordinates. Pure: returns the file bytes.
 * Throws MeshError TOO_LARGE beyond 2^32 - 1 triangles.
 */
export function writeStl(model: ExportModel, options: StlOptions = {}): Uint8Array {
  const frame = model.frame ?? 'lps';
  let total = 0;
  for (const part of model.parts) total += part.mesh.triangles.length / 3;
  if (total > 0xffffffff) throw new MeshError('TOO_LARGE', 'more than 2^32-1 triangles for STL');
  if (options.ascii) {
    const name = `anatomodel_mm_${frame.toUpperCase()}`;
    const lines: string[] = [`solid ${name}`];
    forEachFacet(model, (n, a, b, c) => {
      lines.push(
        `  facet normal ${n.map(formatCoordinate).join(' ')}`,
        '    outer loop',
        `      vertex ${a.map(formatCoordinate).join(' ')}`,
        `      vertex ${b.map(formatCoordinate).join(' ')}`,
        `      vertex ${c.map(formatCoordinate).join(' ')}`,
        '    endloop',
        '  endfacet',
      );
    });
    lines.push(`endsolid ${name}`, '');
    return new TextEncoder().encode(lines.join('\n'));
  }
  let bytes: Uint8Array = new Uint8Array(0);
  writeBinaryStlChunks(model, (chunk) => (bytes = chunk), 84 + 50 * total);
  return bytes;
}

/**
 * Binary STL of `model` (the bytes `writeStl` returns) handed to `emit` in pieces of at most
 * `chunkBytes` (at least one facet): the 84-byte header with the first facets, then 50 bytes per
 * facet. A caller writing to a file never holds the whole file (35 MB for 691k triangles). The
 * pieces reuse one buffer, so `emit` must consume a piece before it returns.
 * Throws MeshError TOO_LARGE beyond 2^32 - 1 triangles.
 */
export function writeBinaryStlChunks(
  model: ExportModel,
  emit: (chunk: Uint8Array) => void,
  chunkBytes = 1 << 20,
): void {
  const frame = model.frame ?? 'lps';
  let total = 0;
  for (const part of model.parts) total += part.mesh.triangles.length / 3;
  if (total > 0xffffffff) throw new MeshError('TOO_LARGE', 'more than 2^32-1 triangles for STL');
  const out = new Uint8Array(Math.min(84 + 50 * total, Math.max(chunkBytes, 134)));
  const header = new TextEncoder().encode(
    `Anatomodel STL ${frameStamp(frame)}`.slice(0, 80).padEnd(80, ' '),
  );
  out.set(header.subarray(0, 80));
  const view = new DataView(out.buffer);
  view.setUint32(80, total, true);
  // one pass per part straight into the output buffer: no per-facet closure or arrays (the
  // values and their float32 rounding are those of forEachFacet)
  let o = 84;
  for (const part of model.parts) {
    const P = positionsInFrame(part.mesh, model.frame);
    const T = part.mesh.triangles;
    for (let t = 0; t < T.length; t += 3) {
      if (o + 50 > out.length) {
        emit(out.subarray(0, o));
        o = 0;
      }
      const i = 3 * T[t];
      const j = 3 * T[t + 1];
      const k = 3 * T[t + 2];
      const ax = P[i], ay = P[i + 1], az = P[i + 2]; // prettier-ignore
      const bx = P[j], by = P[j + 1], bz = P[j + 2]; // prettier-ignore
      const cx = P[k], cy = P[k + 1], cz = P[k + 2]; // prettier-ignore
      const ux = bx - ax;
      const uy = by - ay;
      const uz = bz - az;
      const wx = cx - ax;
      const wy = cy - ay;
      const wz = cz - az;
      const nx = uy * wz - uz * wy;
      const ny = uz * wx - ux * wz;
      const nz = ux * wy - uy * wx;
      const l = Math.sqrt(nx * nx + ny * ny + nz * nz) || 1;
      view.setFloat32(o, nx / l, true);
      view.setFloat32(o + 4, ny / l, true);
      view.setFloat32(o + 8, nz / l, true);
      view.setFloat32(o + 12, ax, true);
      view.setFloat32(o + 16, ay, true);
      view.setFloat32(o + 20, az, true);
      view.setFloat32(o + 24, bx, true);
      view.setFloat32(o + 28, by, true);
      view.setFloat32(o + 32, bz, true);
      view.setFloat32(o + 36, cx, true);
      view.setFloat32(o + 40, cy, true);
      view.setFloat32(o + 44, cz, true);
      view.setUint16(o + 48, 0, true); // attribute bytes (the buffer is reused)
      o += 50;
    }
  }
  emit(out.subarray(0, o));
}

type V3 = [number, number, number];

function forEachFacet(model: ExportModel, fn: (n: V3, a: V3, b: V3, c: V3) => void): void {
  const a: V3 = [0, 0, 0];
  const b: V3 = [0, 0, 0];
  const c: V3 = [0, 0, 0];
  const n: V3 = [0, 0, 0];
  for (const part of model.parts) {
    const P = positionsInFrame(part.mesh, model.frame);
    const T = part.mesh.triangles;
    for (let t = 0; t < T.length; t += 3) {
      for (let r = 0; r < 3; r++) {
        a[r] = P[3 * T[t] + r];
        b[r] = P[3 * T[t + 1] + r];
        c[r] = P[3 * T[t + 2] + r];
      }
      const ux = b[0] - a[0];
      const uy = b[1] - a[1];
      const uz = b[2] - a[2];
      const wx = c[0] - a[0];
      const wy = c[1] - a[1];
      const wz = c[2] - a[2];
      const nx = uy * wz - uz * wy;
      const ny = uz * wx - ux * wz;
      const nz = ux * wy - uy * wx;
      const l = Math.sqrt(nx * nx + ny * ny + nz * nz) || 1;
      n[0] = nx / l;
      n[1] = ny / l;
      n[2] = nz / l;
      fn(n, a, b, c);
    }
  }
}
