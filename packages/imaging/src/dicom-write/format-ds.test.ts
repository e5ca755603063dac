import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDs } from './format-ds.ts';

test('exact short values are written as the shortest round-trip string', () => {
  assert.equal(formatDs(0.48828125), '0.48828125');
  assert.equal(formatDs(-125.5), '-125.5');
  assert.equal(formatDs(3), '3');
  assert.equal(formatDs(-0), '0');
  assert.equal(formatDs(1e-7), '1e-7');
  assert.equal(formatDs(-1024), '-1024');
});

test('long values fit 16 characters: >= 11 significant digits, >= 13 for coordinates', () => {
  const values = [
    Math.cos((18.5 * Math.PI) / 180),
    -Math.sin((18.5 * Math.PI) / 180),
    -123.54045690000001,
    1 / 3,
    -2 / 3,
    123456789.12345679,
    -0.000012345678901234,
    1.2345678901234567e-30,
    -9.87654321e25,
    Math.PI * 1e12,
  ];
  for (const v of values) {
    const s = formatDs(v);
    assert.ok(s.length <= 16, `${s} too long`);
    assert.match(s, /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/);
    const coordinate = Math.abs(v) >= 0.1 && Math.abs(v) < 1e4;
    const tol = coordinate ? 5e-13 : 5e-11;
    assert.ok(Math.abs(Number(s) - v) <= tol * Math.abs(v), `${v} -> ${s}`);
  }
});

test('non-finite values are refused', () => {
  assert.throws(() => formatDs(NaN), RangeError);
  assert.throws(() => formatDs(Infinity), RangeError);
});
