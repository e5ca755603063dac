import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeUid } from './make-uid.ts';

const UID = /^2\.25\.(0|[1-9]\d*)$/;

test('seeded UIDs are deterministic, distinct per seed and valid', () => {
  assert.equal(makeUid('case-1/series'), makeUid('case-1/series'));
  const set = new Set<string>();
  for (let i = 0; i < 1000; i++) set.add(makeUid(`seed/sop/${i}`));
  assert.equal(set.size, 1000);
  for (const u of set) {
    assert.match(u, UID);
    assert.ok(u.length <= 64);
    assert.ok(BigInt(u.slice(5)) < 2n ** 128n);
  }
});

test('unseeded UIDs are random and valid', () => {
  const a = makeUid();
  const b = makeUid();
  assert.notEqual(a, b);
  assert.match(a, UID);
  assert.ok(a.length <= 44);
});
