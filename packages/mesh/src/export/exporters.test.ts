import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Vec3 } from '@anatomodel/imaging';
import type { Mesh } from '../mesh.ts';
import { writeBinaryStlChunks, writeStl } from './write-stl.ts';
import { writeObj } from './write-obj.ts';
import { writePly } from './write-ply.ts';
import { write3mf } from './write-3mf.ts';
import type { ExportModel } from './export-model.ts';
import { surfaceNets } from '../surface-nets.ts';
import { labelSurfaceToMeshes } from '../label-surface-to-meshes.ts';
import { analyzeMesh } from '../analyze-mesh.ts';
import {
  centredGeometry,
  labelPhantom,
  obliqueAxes,
  sphereSdf,
} from '../../test/support/phantoms.ts';
import {
  centroid,
  read3mf,
  readObj,
  readPly,
  readStlBinary,
} from '../../test/support/read-back.ts';

// unit tetrahedron, counter-clockwise from outside
const tet: Mesh = {
  kind: 'Mesh',
  positions: new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]),
  triangles: new Uint32Array([0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3]),
};
const tiny: ExportModel = { parts: [{ name: 'Left femur', color: [255, 128, 0], mesh: tet }] };

test('tetrahedron is a valid closed test mesh', () => {
  const a = analyzeMesh(tet);
  assert.equal(a.watertight, true);
  assert.ok(Math.abs(a.signedVolume - 1 / 6) < 1e-9);
});

test('ASCII STL golden (tetrahedron, RAS)', () => {
  const text = new TextDecoder().decode(writeStl({ ...tiny, frame: 'ras' }, { ascii: true }));
  const lines = text.split('\n');
  assert.equal(lines[0], 'solid anatomodel_mm_RAS');
  assert.deepEqual(lines.slice(1, 8), [
    '  facet normal 0.0000 0.0000 -1.0000',
    '    outer loop',
    '      vertex 0.0000 0.0000 0.0000',
    '      vertex 0.0000 -1.0000 0.0000',
    '      vertex -1.0000 0.0000 0.0000',
    '    endloop',
    '  endfacet',
  ]);
  assert.equal(lines[lines.length - 2], 'endsolid anatomodel_mm_RAS');
  assert.equal(lines.length, 1 + 4 * 7 + 2);
});

test('binary STL: header states mm and frame, 50 bytes per facet, exact coordinates', () => {
  const bytes = writeStl(tiny);
  assert.equal(bytes.length, 84 + 4 * 50);
  const { header, positions } = readStlBinary(bytes);
  assert.ok(!header.startsWith('solid'));
  assert.match(header, /units=mm frame=LPS/);
  assert.deepEqual(positions.slice(0, 9), [0, 0, 0, 0, 1, 0, 1, 0, 0]);
  const view = new DataView(bytes.buffer);
  assert.deepEqual(
    [view.getFloat32(84, true), view.getFloat32(88, true), view.getFloat32(92, true)],
    [0, 0, -1],
  );
});

test('OBJ + MTL golden (tetrahedron)', () => {
  const { obj, mtl } = writeObj(tiny, 'model.mtl');
  assert.equal(
    obj,
    [
      '# Anatomodel OBJ units=mm frame=LPS (DICOM patient: x=left y=posterior z=superior)',
      'mtllib model.mtl',
      'o Left_femur',
      'usemtl material_1_Left_femur',
      'v 0.0000 0.0000 0.0000',
      'v 1.0000 0.0000 0.0000',
      'v 0.0000 1.0000 0.0000',
      'v 0.0000 0.0000 1.0000',
      'f 1 3 2',
      'f 1 2 4',
      'f 1 4 3',
      'f 2 3 4',
      '',
    ].join('\n'),
  );
  assert.equal(
    mtl,
    [
      '# Anatomodel MTL units=mm frame=LPS (DICOM patient: x=left y=posterior z=superior)',
      'newmtl material_1_Left_femur',
      'Kd 1.0000 0.5020 0.0000',
      'Ka 0.0000 0.0000 0.0000',
      'd 1',
      'illum 1',
      '',
    ].join('\n'),
  );
});

test('PLY: header, colours, faces', () => {
  const bytes = writePly(tiny);
  const { header, positions, colors } = readPly(bytes);
  assert.match(
    header,
    /^ply\nformat binary_little_endian 1.0\ncomment Anatomodel PLY units=mm frame=LPS/,
  );
  assert.match(header, /comment part 1: Left femur/);
  assert.deepEqual(positions, [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]);
  assert.deepEqual(colors.slice(0, 3), [255, 128, 0]);
  assert.equal(bytes.length, header.length + 4 * 15 + 4 * 13);
});

test('3MF: package parts, unit, names, colours, frame metadata, deterministic bytes', () => {
  const bytes = write3mf({ ...tiny, frame: 'ras', description: 'case CASE-42' });
  assert.deepEqual(bytes, write3mf({ ...tiny, frame: 'ras', description: 'case CASE-42' }));
  const { xml, files, parts } = read3mf(bytes);
  assert.deepEqual(files, ['3D/3dmodel.model', '[Content_Types].xml', '_rels/.rels']);
  assert.match(xml, /<model unit="millimeter"/);
  assert.match(xml, /<metadata name="anatomodel:frame">RAS<\/metadata>/);
  assert.match(xml, /<base name="Left femur" displaycolor="#FF8000FF"\/>/);
  assert.match(xml, /<object id="2" type="model" name="Left femur" pid="1" pindex="0">/);
  assert.match(xml, /case CASE-42/);
  assert.deepEqual(parts[0].positions, [0, 0, 0, -1, 0, 0, 0, -1, 0, 0, 0, 1]);
  assert.deepEqual(parts[0].triangles, [0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3]);
});

test('L/R phantom in every format: the marker lands at its LPS (or RAS) position', () => {
  // body at the centre, a marker sphere on the patient's left and superior, on an oblique,
  // left-handed grid
  const axes = obliqueAxes(20, 10);
  const lh: [Vec3, Vec3, Vec3] = [axes[0], axes[1], [-axes[2][0], -axes[2][1], -axes[2][2]]];
  const g = centredGeometry([48, 48, 48], [0.7, 0.8, 0.9], [10, -20, 30], lh);
  const marker: Vec3 = [22, -20, 38];
  const lm = labelPhantom(g, [
    { label: 2, sdf: sphereSdf(marker, 4), name: 'L marker' },
    { label: 1, sdf: sphereSdf([8, -20, 30], 8), name: 'Body' },
  ]);
  const meshes = labelSurfaceToMeshes(surfaceNets(lm));
  const model = (frame: 'lps' | 'ras'): ExportModel => ({
    frame,
    parts: meshes.map((m) => ({
      name: lm.segments.get(m.label)?.name ?? '',
      color: [200, 200, 200],
      mesh: m.mesh,
    })),
  });
  for (const frame of ['lps', 'ras'] as const) {
    const expected: Vec3 = frame === 'lps' ? marker : [-marker[0], -marker[1], marker[2]];
    const near = (c: number[]) =>
      assert.ok(
        Math.hypot(c[0] - expected[0], c[1] - expected[1], c[2] - expected[2]) < 0.3,
        `${frame} ${c}`,
      );
    const obj = readObj(writeObj(model(frame), 'm.mtl').obj);
    near(centroid(obj.find((p) => p.name === 'L_marker')!.positions));
    const tmf = read3mf(write3mf(model(frame)));
    near(centroid(tmf.parts.find((p) => p.name === 'L marker')!.positions));
    // STL and PLY carry no parts: the marker is the only geometry at x beyond the body
    const stl = readStlBinary(writeStl(model(frame))).positions;
    const ply = readPly(writePly(model(frame))).positions;
    for (const p of [stl, ply]) {
      const pick: number[] = [];
      for (let i = 0; i < p.length; i += 3) {
        if (Math.hypot(p[i] - expected[0], p[i + 1] - expected[1], p[i + 2] - expected[2]) < 5) {
          pick.push(p[i], p[i + 1], p[i + 2]);
        }
      }
      assert.ok(pick.length > 30);
      near(centroid(pick));
    }
    // orientation survives the frame change: volume stays positive
    const part = tmf.parts[0];
    const mesh: Mesh = {
      kind: 'Mesh',
      positions: Float32Array.from(part.positions),
      triangles: Uint32Array.from(part.triangles),
    };
    const a = analyzeMesh(mesh);
    assert.equal(a.watertight, true);
    assert.ok(a.signedVolume > 0);
  }
});

test('binary STL in chunks: the same bytes as writeStl for any chunk size, parts and frames', () => {
  const g = centredGeometry([14, 12, 10], [1, 1.2, 1.5], [5, -3, 2], obliqueAxes(20, 10));
  const parts = labelSurfaceToMeshes(
    surfaceNets(
      labelPhantom(g, [
        { label: 1, sdf: sphereSdf([5, -3, 2], 4) },
        { label: 2, sdf: sphereSdf([9, -3, 2], 2.5) },
      ]),
    ),
  );
  const model: ExportModel = {
    parts: [
      ...parts.map((p) => ({
        name: `part ${p.label}`,
        color: [200, 200, 200] as const,
        mesh: p.mesh,
      })),
      { name: 'tet', color: [1, 2, 3], mesh: tet },
    ],
  };
  for (const frame of ['lps', 'ras'] as const) {
    const whole = writeStl({ ...model, frame });
    for (const chunkBytes of [1, 134, 1000, 4096, 1 << 20]) {
      const pieces: Uint8Array[] = [];
      writeBinaryStlChunks({ ...model, frame }, (c) => pieces.push(c.slice()), chunkBytes);
      assert.ok(pieces.every((c) => c.length <= Math.max(chunkBytes, 134)));
      assert.deepEqual(Buffer.concat(pieces), Buffer.from(whole), `${frame} ${chunkBytes}`);
    }
  }
});
