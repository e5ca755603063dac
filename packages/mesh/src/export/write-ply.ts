import type { ExportModel } from './export-model.ts';
import { frameStamp, positionsInFrame } from './export-model.ts';

/**
 * Binary little-endian PLY of all parts merged, with per-vertex colour (the part's colour) and
 * comments stating units mm, the frame and the part names. Pure: returns the file bytes.
 */
export function writePly(model: ExportModel): Uint8Array {
  const frame = model.frame ?? 'lps';
  let nv = 0;
  let nt = 0;
  for (const p of model.parts) {
    nv += p.mesh.positions.length / 3;
    nt += p.mesh.triangles.length / 3;
  }
  const header =
    [
      'ply',
      'format binary_little_endian 1.0',
      `comment Anatomodel PLY ${frameStamp(frame)}`,
      ...(model.description ? [`comment ${model.description.replace(/[\r\n]+/g, ' ')}`] : []),
      ...model.parts.map((p, i) => `comment part ${i + 1}: ${p.name.replace(/[\r\n]+/g, ' ')}`),
      `element vertex ${nv}`,
      'property float x',
      'property float y',
      'property float z',
      'property uchar red',
      'property uchar green',
      'property uchar blue',
      `element face ${nt}`,
      'property list uchar uint vertex_indices',
      'end_header',
    ].join('\n') + '\n';
  const head = new TextEncoder().encode(header);
  const out = new Uint8Array(head.length + 15 * nv + 13 * nt);
  out.set(head);
  const view = new DataView(out.buffer);
  let o = head.length;
  for (const part of model.parts) {
    const P = positionsInFrame(part.mesh, frame);
    for (let v = 0; v < P.length; v += 3) {
      view.setFloat32(o, P[v], true);
      view.setFloat32(o + 4, P[v + 1], true);
      view.setFloat32(o + 8, P[v + 2], true);
      out[o + 12] = part.color[0];
      out[o + 13] = part.color[1];
      out[o + 14] = part.color[2];
      o += 15;
    }
  }
  let base = 0;
  for (const part of model.parts) {
    const T = part.mesh.triangles;
    for (let t = 0; t < T.length; t += 3) {
      out[o] = 3;
      view.setUint32(o + 1, T[t] + base, true);
      view.setUint32(o + 5, T[t + 1] + base, true);
      view.setUint32(o + 9, T[t + 2] + base, true);
      o += 13;
    }
    base += part.mesh.positions.length / 3;
  }
  return out;
}
