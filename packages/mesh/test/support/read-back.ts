/** Minimal readers of our own exporter outputs, for tests: positions per part. */
import { unzipSync } from 'fflate';

export type Parts = Array<{ name: string; positions: number[]; triangles: number[] }>;

export function readStlBinary(bytes: Uint8Array): { header: string; positions: number[] } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = new TextDecoder().decode(bytes.subarray(0, 80));
  const n = view.getUint32(80, true);
  const positions: number[] = [];
  for (let t = 0; t < n; t++) {
    for (let k = 1; k < 4; k++) {
      for (let r = 0; r < 3; r++)
        positions.push(view.getFloat32(84 + 50 * t + 12 * k + 4 * r, true));
    }
  }
  return { header, positions };
}

export function readObj(text: string): Parts {
  const parts: Parts = [];
  const all: number[] = [];
  for (const line of text.split('\n')) {
    const [kw, ...rest] = line.split(' ');
    if (kw === 'o') parts.push({ name: rest.join(' '), positions: [], triangles: [] });
    else if (kw === 'v') {
      const p = rest.map(Number);
      all.push(...p);
      parts[parts.length - 1].positions.push(...p);
    } else if (kw === 'f')
      parts[parts.length - 1].triangles.push(...rest.map((x) => Number(x) - 1));
  }
  return parts;
}

export function readPly(bytes: Uint8Array): {
  header: string;
  positions: number[];
  colors: number[];
} {
  const text = new TextDecoder('latin1').decode(bytes);
  const end = text.indexOf('end_header\n') + 'end_header\n'.length;
  const header = text.slice(0, end);
  const nv = Number(/element vertex (\d+)/.exec(header)?.[1]);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const positions: number[] = [];
  const colors: number[] = [];
  for (let v = 0; v < nv; v++) {
    const o = end + 15 * v;
    for (let r = 0; r < 3; r++) positions.push(view.getFloat32(o + 4 * r, true));
    colors.push(bytes[o + 12], bytes[o + 13], bytes[o + 14]);
  }
  return { header, positions, colors };
}

export function read3mf(bytes: Uint8Array): { xml: string; files: string[]; parts: Parts } {
  const files = unzipSync(bytes);
  const xml = new TextDecoder().decode(files['3D/3dmodel.model']);
  const parts: Parts = [];
  for (const obj of xml.split('<object ').slice(1)) {
    const name = /name="([^"]*)"/.exec(obj)?.[1] ?? '';
    const positions: number[] = [];
    for (const m of obj.matchAll(/<vertex x="([^"]+)" y="([^"]+)" z="([^"]+)"/g)) {
      positions.push(Number(m[1]), Number(m[2]), Number(m[3]));
    }
    const triangles: number[] = [];
    for (const m of obj.matchAll(/<triangle v1="(\d+)" v2="(\d+)" v3="(\d+)"/g)) {
      triangles.push(Number(m[1]), Number(m[2]), Number(m[3]));
    }
    parts.push({ name, positions, triangles });
  }
  return { xml, files: Object.keys(files).sort(), parts };
}

/** Mean of xyz triples. */
export function centroid(p: ArrayLike<number>): [number, number, number] {
  const c: [number, number, number] = [0, 0, 0];
  for (let i = 0; i < p.length; i++) c[i % 3] += p[i];
  const n = p.length / 3;
  return [c[0] / n, c[1] / n, c[2] / n];
}
