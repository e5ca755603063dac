import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { renderViews } from './render-views.ts';
import { encodePng } from './node/encode-png.ts';
import { extractIsosurface } from './extract-isosurface.ts';
import { centredGeometry, sdfVolume, sphereSdf } from '../test/support/phantoms.ts';

test('render: sphere on the left shows on the image right of the anterior view; PNG decodes', () => {
  const g = centredGeometry([30, 20, 20], [1, 1, 1]);
  const body = extractIsosurface(sdfVolume(g, sphereSdf([-4, 0, 0], 6)), { isoValue: 0 });
  const left = extractIsosurface(sdfVolume(g, sphereSdf([10, 0, 0], 3)), { isoValue: 0 });
  const r = renderViews(
    [
      { mesh: body, color: [200, 200, 200] },
      { mesh: left, color: [255, 0, 0] },
    ],
    100,
  );
  assert.equal(r.width, 300);
  // red pixels of the anterior view (first 100 columns) lie in its right half
  let redLeft = 0;
  let redRight = 0;
  for (let y = 0; y < 100; y++) {
    for (let x = 0; x < 100; x++) {
      const o = 4 * (y * 300 + x);
      if (r.rgba[o] > 100 && r.rgba[o + 1] === 0) {
        if (x < 50) redLeft++;
        else redRight++;
      }
    }
  }
  assert.equal(redLeft, 0);
  assert.ok(redRight > 50);
  const png = encodePng(r);
  assert.deepEqual([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);
  const idatLen = new DataView(png.buffer).getUint32(33);
  const raw = inflateSync(png.subarray(41, 41 + idatLen));
  assert.equal(raw.length, (300 * 4 + 1) * 100);
  assert.deepEqual([...raw.subarray(1, 5)], [...r.rgba.subarray(0, 4)]);
});
