import { zipSync } from 'fflate';
import type { ExportModel } from './export-model.ts';
import { formatCoordinate, frameStamp, positionsInFrame } from './export-model.ts';

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
  <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
  <Default Extension="model" ContentType="application/vnd.ms-package.3dmanufacturing-3dmodel+xml"/>
</Types>
`;
const RELS = `<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Target="/3D/3dmodel.model" Id="rel0" Type="http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel"/>
</Relationships>
`;

/**
 * 3MF package (3MF Core Specification 1.3): one mesh object per part with its name, a
 * `basematerials` group giving each part its colour (`displaycolor`, core spec chapter 5, read by
 * PrusaSlicer, Bambu Studio and Cura), unit millimetre, and the frame stamped as metadata
 * (`anatomodel:frame`, plus a human-readable Description). Zip entries carry a fixed date so the
 * bytes depend on the model only. Pure: returns the file bytes.
 */
export function write3mf(model: ExportModel): Uint8Array {
  const frame = model.frame ?? 'lps';
  const x: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<model unit="millimeter" xml:lang="en-US" xmlns="http://schemas.microsoft.com/3dmanufacturing/core/2015/02" xmlns:anatomodel="urn:anatomodel:3mf:2026">',
    '  <metadata name="Application">Anatomodel</metadata>',
    `  <metadata name="Description">${escapeXml(frameStamp(frame))}${model.description ? ' ' + escapeXml(model.description) : ''}</metadata>`,
    `  <metadata name="anatomodel:frame">${frame.toUpperCase()}</metadata>`,
    '  <resources>',
    '    <basematerials id="1">',
    ...model.parts.map(
      (p) => `      <base name="${escapeXml(p.name)}" displaycolor="${hexColor(p.color)}"/>`,
    ),
    '    </basematerials>',
  ];
  model.parts.forEach((part, i) => {
    x.push(
      `    <object id="${i + 2}" type="model" name="${escapeXml(part.name)}" pid="1" pindex="${i}">`,
      '      <mesh>',
      '        <vertices>',
    );
    const P = positionsInFrame(part.mesh, frame);
    for (let v = 0; v < P.length; v += 3) {
      x.push(
        `          <vertex x="${formatCoordinate(P[v])}" y="${formatCoordinate(P[v + 1])}" z="${formatCoordinate(P[v + 2])}"/>`,
      );
    }
    x.push('        </vertices>', '        <triangles>');
    const T = part.mesh.triangles;
    for (let t = 0; t < T.length; t += 3) {
      x.push(`          <triangle v1="${T[t]}" v2="${T[t + 1]}" v3="${T[t + 2]}"/>`);
    }
    x.push('        </triangles>', '      </mesh>', '    </object>');
  });
  x.push(
    '  </resources>',
    '  <build>',
    ...model.parts.map((_, i) => `    <item objectid="${i + 2}"/>`),
    '  </build>',
    '</model>',
    '',
  );
  const enc = new TextEncoder();
  const mtime = new Date(Date.UTC(2020, 0, 1));
  return zipSync(
    {
      '[Content_Types].xml': [enc.encode(CONTENT_TYPES), { mtime }],
      '_rels/.rels': [enc.encode(RELS), { mtime }],
      '3D/3dmodel.model': [enc.encode(x.join('\n')), { mtime }],
    },
    { level: 6 },
  );
}

function hexColor(c: readonly [number, number, number]): string {
  const h = (v: number) =>
    Math.max(0, Math.min(255, Math.round(v)))
      .toString(16)
      .padStart(2, '0')
      .toUpperCase();
  return `#${h(c[0])}${h(c[1])}${h(c[2])}FF`;
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
