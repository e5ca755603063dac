import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STROKE_FONT, strokeText } from './stroke-font.ts';
import { strokeOutline } from './stroke-outline.ts';

test('stroke text: layout, case folding, unknown characters, outline polygons CCW', () => {
  const t = strokeText('ab-1');
  assert.equal(t.width, 3 * STROKE_FONT.advance + STROKE_FONT.width);
  assert.equal(t.height, 6);
  assert.deepEqual(strokeText('AB-1'), t);
  assert.deepEqual(strokeText('é').polylines, strokeText('?').polylines);
  assert.equal(strokeText('').width, 0);
  // 'L' reads left to right: its bar at x = 0 from top to bottom, its foot to the right
  assert.deepEqual(strokeText('L').polylines, [[0, 6, 0, 0, 4, 0]]);
  // the second glyph is shifted by one advance
  assert.ok(strokeText('IL').polylines.at(-1)?.[0] === STROKE_FONT.advance);
  const polys = strokeOutline(strokeText('A7').polylines, 0.5);
  assert.ok(polys.length > 8);
  for (const p of polys) {
    let area2 = 0;
    for (let i = 0; i < p.length; i++) {
      const [x0, y0] = p[i];
      const [x1, y1] = p[(i + 1) % p.length];
      area2 += x0 * y1 - x1 * y0;
    }
    assert.ok(area2 > 0, 'counter-clockwise');
  }
});
