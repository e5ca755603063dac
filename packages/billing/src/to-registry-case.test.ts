import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toRegistryCase } from './to-registry-case.ts';
import { components, makeCase } from '../test/support/make-case.ts';

test('registry export: effort cells in hours/minutes or unknown, no patient identifiers', () => {
  const r = toRegistryCase(makeCase(undefined, 'orthopaedic-two-guides')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  assert.deepEqual(r.effort.physician, {
    segmentation: { hours: 0, minutes: 20 },
    design: { hours: 1, minutes: 0 },
    printing: 'unknown',
    'post-processing': { hours: 0, minutes: 10 },
  });
  assert.deepEqual(r.effort['non-physician'].design, { hours: 3, minutes: 0 });
  assert.equal(r.digitalModel.objectType, 'anatomic model and guide');
  assert.deepEqual(r.physicalModels[1].parts, [2, 3]);
  const text = JSON.stringify(r);
  for (const id of ['NGUYEN', 'PAT-001204', '918273645', '1988-02-17'])
    assert.ok(!text.includes(id), id);
});

test('registry export keeps at most 20 anatomic parts and says so', () => {
  const r = toRegistryCase(
    makeCase((c) => void ((c.components = components(23, 0)), (c.prints = []))),
  ) as {
    digitalModel: { anatomicParts: { part: number }[]; partsTruncated: boolean };
  };
  assert.equal(r.digitalModel.anatomicParts.length, 20);
  assert.equal(r.digitalModel.anatomicParts[19].part, 20);
  assert.equal(r.digitalModel.partsTruncated, true);
});
