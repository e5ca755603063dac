import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rayParity } from './ray-parity.ts';

/** Axis-aligned box [lo, hi]³ as 12 triangles (orientation does not matter for parity). */
function box(lo: number, hi: number, base: number, p: number[], t: number[]): void {
  for (let c = 0; c < 8; c++) p.push(c & 1 ? hi : lo, c & 2 ? hi : lo, c & 4 ? hi : lo);
  const quads = [
    [0, 2, 3, 1],
    [4, 5, 7, 6],
    [0, 1, 5, 4],
    [2, 6, 7, 3],
    [0, 4, 6, 2],
    [1, 3, 7, 5],
  ];
  for (const [a, b, c, d] of quads)
    t.push(base + a, base + b, base + c, base + a, base + c, base + d);
}

test('ray parity: points inside 0, 1 and 2 nested boxes, own shell ignored', () => {
  const p: number[] = [];
  const t: number[] = [];
  box(0, 100, 0, p, t); // shell 0
  box(10, 90, 8, p, t); // shell 1
  box(200, 210, 16, p, t); // shell 2, far away
  const P = Float32Array.from(p);
  const T = Uint32Array.from(t);
  const shellOf = new Int32Array(36).map((_, i) => Math.floor(i / 12));
  // query q: point, the shell it belongs to
  const queries = Float64Array.from([
    50, 50, 50, 5, 5, 5, 50, 50, 50, 150, 50, 50, 205, 205, 205, 95, 40, 60,
  ]);
  const queryShell = Int32Array.from([2, 2, 1, 2, 2, 1]);
  // inside both boxes (2 crossings), inside the outer only, inside the outer with its own
  // box ignored, outside all, inside shell 2 but own, inside the outer only
  assert.deepEqual([...rayParity(P, T, shellOf, queries, queryShell)], [0, 1, 1, 0, 0, 1]);
  // ignored triangles (shell -1) do not count
  shellOf.fill(-1, 0, 12);
  assert.deepEqual([...rayParity(P, T, shellOf, queries, queryShell)], [1, 0, 0, 0, 0, 0]);
});
