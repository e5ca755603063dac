import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Volume } from '@anatomodel/imaging';
import { boundaryGrey, boundaryGreyAt } from './boundary-grey.ts';
import { centredGeometry } from '../test/support/phantoms.ts';

test('boundaryGrey keeps exactly the voxels whose class differs from a 6-neighbour', () => {
  for (const dims of [
    [13, 7, 9],
    [16, 7, 9],
    [20, 12, 10],
  ] as const) {
    const [nx, ny, nz] = dims;
    const data = new Int16Array(nx * ny * nz);
    let r = 11;
    for (let i = 0; i < data.length; i++) {
      r = (r * 1103515245 + 12345) >>> 0;
      // runs (so some stretches are uniform), values -100 .. 299
      data[i] = i > 0 && (r >>> 8) % 9 !== 0 ? data[i - 1] : ((r >>> 12) % 400) - 100;
      // the largest grid: noise only in a box, uniform rows (whole rows skipped) around it
      const [x, y, z] = [i % nx, Math.floor(i / nx) % ny, Math.floor(i / (nx * ny))];
      if (nx === 20 && (x < 5 || x > 12 || y < 3 || y > 8 || z < 2 || z > 6)) data[i] = -50;
    }
    const volume: Volume = {
      kind: 'Volume',
      geometry: centredGeometry(dims, [1, 1, 1]),
      data,
      unit: 'HU',
    };
    for (const ranges of [
      { lower: 0, upper: 99 },
      [
        { lower: 0, upper: 99 },
        { lower: 100, upper: 250 },
      ],
    ]) {
      const list = 'lower' in ranges ? [ranges] : ranges;
      const cls = (v: number) => 1 + list.findIndex((q) => v >= q.lower && v <= q.upper);
      const classes = new Uint8Array(data.length);
      for (let i = 0; i < data.length; i++) classes[i] = cls(data[i]);
      const g = boundaryGrey(volume, ranges);
      assert.deepEqual(boundaryGrey(volume, ranges, classes), g);
      let kept = 0;
      for (let k = 0; k < nz; k++)
        for (let j = 0; j < ny; j++)
          for (let i = 0; i < nx; i++) {
            const c = cls(data[i + nx * (j + ny * k)]);
            let boundary = false;
            for (const [di, dj, dk] of [
              [1, 0, 0],
              [-1, 0, 0],
              [0, 1, 0],
              [0, -1, 0],
              [0, 0, 1],
              [0, 0, -1],
            ]) {
              const [a, b, e] = [i + di, j + dj, k + dk];
              if (a < 0 || b < 0 || e < 0 || a >= nx || b >= ny || e >= nz) continue;
              if (cls(data[a + nx * (b + ny * e)]) !== c) boundary = true;
            }
            const v = boundaryGreyAt(g, i, j, k);
            if (boundary) {
              assert.equal(v, data[i + nx * (j + ny * k)]);
              kept++;
            } else assert.ok(Number.isNaN(v));
          }
      assert.equal(g.value.length, kept);
      assert.ok(kept > 0 && kept < data.length);
    }
  }
});
