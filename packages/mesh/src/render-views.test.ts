import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { renderViews, type RenderedViews } from './render-views.ts';
import { encodePng } from './node/encode-png.ts';
import { extractIsosurface } from './extract-isosurface.ts';
import { centredGeometry, sdfVolume, sphereSdf } from '../test/support/phantoms.ts';
import type { Vec3 } from '@anatomodel/imaging';

const g = centredGeometry([40, 40, 40], [1, 1, 1]);
const ball = (c: Vec3, r: number) =>
  extractIsosurface(sdfVolume(g, sphereSdf(c, r)), { isoValue: 0 });

/** Columns (within the view) of pixels whose colour is pure red. */
function redColumns(r: RenderedViews, view: number): number[] {
  const size = r.height;
  const cols: number[] = [];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const o = 4 * (y * r.width + view * size + x);
      if (r.rgba[o] > 60 && r.rgba[o + 1] === 0 && r.rgba[o + 2] === 0) cols.push(x);
    }
  }
  return cols;
}

test('render: each view is a true view from outside with the sides where the caption says', () => {
  // a grey body, a red ball on the patient's left (+x) and anterior (-y)
  const r = renderViews(
    [
      { mesh: ball([-3, 0, 0], 8), color: [200, 200, 200] },
      { mesh: ball([11, -9, 0], 4), color: [255, 0, 0] },
    ],
    120,
  );
  assert.equal(r.width, 360);
  assert.deepEqual(
    r.views.map((v) => v.caption),
    [
      "anterior view (from the front): patient's left on image right, superior up",
      "left lateral view (from the patient's left): posterior on image right, superior up",
      "superior view (from above): patient's right on image right, anterior up",
    ],
  );
  const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;
  const [ant, lat, sup] = [0, 1, 2].map((v) => redColumns(r, v));
  assert.ok(ant.length > 30 && mean(ant) > 60, 'anterior: left ball on the image right');
  assert.ok(lat.length > 30 && mean(lat) < 60, 'left lateral: anterior ball on the image left');
  assert.ok(sup.length > 30 && mean(sup) < 60, 'superior: patient-left ball on the image left');
  for (const v of r.views) {
    const cross = [
      v.right[1] * v.up[2] - v.right[2] * v.up[1],
      v.right[2] * v.up[0] - v.right[0] * v.up[2],
      v.right[0] * v.up[1] - v.right[1] * v.up[0],
    ];
    assert.deepEqual(cross, [...v.towardViewer], `${v.name}: right x up = toward viewer`);
  }
});

test('render: shaded (not flat) in all three views, orientation letters drawn at the edges', () => {
  const size = 120;
  const r = renderViews([{ mesh: ball([0, 0, 0], 12), color: [200, 200, 200] }], size);
  for (let view = 0; view < 3; view++) {
    const greys = new Set<number>();
    let bright = 0;
    for (let y = 30; y < 90; y++) {
      for (let x = 30; x < 90; x++) {
        const o = 4 * (y * r.width + view * size + x);
        if (r.rgba[o] === r.rgba[o + 1] && r.rgba[o] !== 250) greys.add(r.rgba[o]);
        if (r.rgba[o] > 150 && r.rgba[o] < 250) bright++;
      }
    }
    assert.ok(greys.size > 40, `view ${view}: ${greys.size} shades`);
    assert.ok(bright > 500, `view ${view}: ${bright} lit pixels`);
  }
  // ink (20, 60, 140) at the left and right edges of the anterior view: 'R' and 'L'
  const ink = (x0: number, x1: number) => {
    let n = 0;
    for (let y = 40; y < 80; y++)
      for (let x = x0; x < x1; x++) {
        const o = 4 * (y * r.width + x);
        if (r.rgba[o] === 20 && r.rgba[o + 1] === 60 && r.rgba[o + 2] === 140) n++;
      }
    return n;
  };
  assert.ok(ink(0, 18) > 10 && ink(size - 18, size) > 10);
  // the 'L' at the right edge: its vertical bar is left of its foot
  const rows: number[][] = [];
  for (let y = 40; y < 80; y++) {
    const xs: number[] = [];
    for (let x = size - 18; x < size; x++) {
      const o = 4 * (y * r.width + x);
      if (r.rgba[o] === 20 && r.rgba[o + 1] === 60) xs.push(x);
    }
    if (xs.length) rows.push(xs);
  }
  const widest = Math.max(...rows.map((x) => x.length));
  const foot = rows.findIndex((x) => x.length === widest);
  assert.ok(foot > rows.length / 2, "the L's foot is at the bottom");
  assert.ok(Math.min(...rows[0]) <= Math.min(...rows[foot]), 'bar on the left: not mirrored');
});

test('render: PNG encodes and decodes to the raster', () => {
  const r = renderViews([{ mesh: ball([0, 0, 0], 6), color: [200, 200, 200] }], 50);
  const png = encodePng(r);
  assert.deepEqual([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);
  const idatLen = new DataView(png.buffer).getUint32(33);
  const raw = inflateSync(png.subarray(41, 41 + idatLen));
  assert.equal(raw.length, (150 * 4 + 1) * 50);
  assert.deepEqual([...raw.subarray(1, 5)], [...r.rgba.subarray(0, 4)]);
});

test('the rasteriser kernel draws the pixels the TypeScript loop of session 6 drew', async () => {
  // digests computed with renderViews of commit bc2730f (before the triangles moved to
  // wasm/render-views.c): two coloured parts, small views whose labels reach into the next
  // view (drawn over by its triangles), and a non-finite vertex
  const { createHash } = await import('node:crypto');
  const { decimationTorus, shiftedMesh, obliqueAxes } = await import('../test/support/phantoms.ts');
  const digest = (r: RenderedViews) => createHash('sha1').update(r.rgba).digest('hex').slice(0, 12);
  const torus = decimationTorus();
  const sphere = extractIsosurface(
    sdfVolume(
      centredGeometry([90, 90, 90], [0.4, 0.4, 0.4], [3, -2, 1], obliqueAxes(20, 12)),
      sphereSdf([3.3, -2, 1], 15),
    ),
    { isoValue: 0 },
  );
  const broken = {
    kind: 'Mesh' as const,
    positions: Float32Array.from(torus.positions, (x, i) => (i === 30 ? NaN : x)),
    triangles: torus.triangles,
  };
  const two = [
    { mesh: torus, color: [200, 10, 10] as [number, number, number] },
    { mesh: shiftedMesh(sphere, [5, 0, 0]), color: [10, 200, 30] as [number, number, number] },
  ];
  assert.equal(digest(renderViews(two, 200)), 'dfd2169f1122');
  assert.equal(digest(renderViews([{ mesh: torus, color: [255, 255, 255] }], 50)), '83bad3c58e3c');
  assert.equal(
    digest(renderViews([{ mesh: broken, color: [100, 100, 100] }], 120)),
    '7043e02ec590',
  );
});
