import type { ExportModel } from './export-model.ts';
import { formatCoordinate, frameStamp, positionsInFrame } from './export-model.ts';

/**
 * Wavefront OBJ with one object (`o`) per part and an MTL with one material per part (diffuse
 * colour Kd). The header comments state units mm and the frame. `mtlFileName` is the name the
 * OBJ references (`mtllib`); write the MTL text under that name beside it. Pure: returns text.
 */
export function writeObj(model: ExportModel, mtlFileName: string): { obj: string; mtl: string } {
  const frame = model.frame ?? 'lps';
  const obj: string[] = [`# Anatomodel OBJ ${frameStamp(frame)}`];
  if (model.description) obj.push(`# ${model.description.replace(/[\r\n]+/g, ' ')}`);
  obj.push(`mtllib ${mtlFileName}`);
  const mtl: string[] = [`# Anatomodel MTL ${frameStamp(frame)}`];
  let base = 1;
  model.parts.forEach((part, i) => {
    const name = safeName(part.name, i);
    const material = `material_${i + 1}_${name}`;
    mtl.push(
      `newmtl ${material}`,
      `Kd ${part.color.map((c) => (c / 255).toFixed(4)).join(' ')}`,
      'Ka 0.0000 0.0000 0.0000',
      'd 1',
      'illum 1',
    );
    obj.push(`o ${name}`, `usemtl ${material}`);
    const P = positionsInFrame(part.mesh, frame);
    for (let v = 0; v < P.length; v += 3) {
      obj.push(
        `v ${formatCoordinate(P[v])} ${formatCoordinate(P[v + 1])} ${formatCoordinate(P[v + 2])}`,
      );
    }
    const T = part.mesh.triangles;
    for (let t = 0; t < T.length; t += 3) {
      obj.push(`f ${T[t] + base} ${T[t + 1] + base} ${T[t + 2] + base}`);
    }
    base += P.length / 3;
  });
  return { obj: obj.join('\n') + '\n', mtl: mtl.join('\n') + '\n' };
}

/** Names without whitespace (OBJ/MTL tokens), never empty. */
export function safeName(name: string, index: number): string {
  const s = name.trim().replace(/\s+/g, '_');
  return s.length > 0 ? s : `part_${index + 1}`;
}
