import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { validate837 } from './validate-837.ts';

const golden = readFileSync(
  new URL('../test/golden/craniofacial-tumour.837p', import.meta.url),
  'utf8',
);
const goldenI = readFileSync(
  new URL('../test/golden/orthopaedic-two-guides.837i', import.meta.url),
  'utf8',
);
const edit = (text: string, from: string, to: string) => {
  assert.ok(text.includes(from), from);
  return text.replace(from, to);
};

test('the parser reads separators from ISA and splits composites', () => {
  const v = validate837(golden);
  assert.deepEqual(v.issues, []);
  const sv1 = v.segments.find((s) => s.id === 'SV1')!;
  assert.deepEqual(sv1.elements[0], ['HC', '0559T', '22']);
  assert.deepEqual(sv1.elements[6], ['1', '2']);
  const hi = v.segments.find((s) => s.id === 'HI')!;
  assert.deepEqual(hi.elements, [
    ['ABK', 'C411'],
    ['ABF', 'C760'],
  ]);
  assert.deepEqual(validate837(goldenI).issues, []);
});

test('each structural defect is found', () => {
  const cases: [string, string, string, RegExp][] = [
    ['SE count', 'SE*28*0001', 'SE*27*0001', /SE01 27 != 28/],
    ['SE control', 'SE*28*0001', 'SE*28*0002', /SE02 0002 != ST02 0001/],
    ['GE count', 'GE*1*101', 'GE*2*101', /GE01 2 != 1/],
    ['GE control', 'GE*1*101', 'GE*1*102', /GE02 102 != GS06 101/],
    ['IEA control', 'IEA*1*000000101', 'IEA*1*000000102', /IEA02 000000102 != ISA13 000000101/],
    ['IEA count', 'IEA*1*000000101', 'IEA*2*000000101', /IEA01 2 != 1 groups/],
    ['LX sequence', 'LX*2~', 'LX*3~', /LX 3 out of sequence/],
    [
      'pointer',
      'SV1*HC:0560T*900*UN*2***1:2',
      'SV1*HC:0560T*900*UN*2***1:3',
      /pointer 3 outside 1..2/,
    ],
    [
      'claim total',
      'CLM*AM-2026-0415-01*2100',
      'CLM*AM-2026-0415-01*2000',
      /CLM02 2000 != sum of line charges 2100/,
    ],
    ['procedure composite', 'SV1*HC:0560T*', 'SV1*0560T*', /procedure composite/],
    ['modifier', 'HC:0559T:22', 'HC:0559T:222', /modifiers/],
    ['HL parent', 'HL*2*1*22*0', 'HL*2*3*22*0', /parent 3 is not a billing provider/],
    ['principal dx', 'HI*ABK:C411', 'HI*ABF:C411', /not ABK/],
    ['version', 'ST*837*0001*005010X222A1', 'ST*837*0001*005010X223A2', /ST03/],
    ['CLM05 qualifier', '22:B:1', '22:A:1', /CLM05-2 A != B/],
    ['units', '*UN*2*', '*MJ*2*', /units are malformed/],
  ];
  for (const [label, from, to, issue] of cases) {
    const v = validate837(edit(golden, from, to));
    assert.ok(
      v.issues.some((i) => issue.test(i)),
      `${label}: ${v.issues.join('; ')}`,
    );
  }
  const noSv2 = validate837(edit(goldenI, 'SV2*0940*HC:0561T', 'SV1*0940*HC:0561T'));
  assert.ok(noSv2.issues.some((i) => /LX 2 is not followed by SV2/.test(i)));
  assert.deepEqual(validate837('not x12').issues, [
    'interchange does not start with a 106-character ISA segment',
  ]);
  const truncated = validate837(golden.slice(0, golden.indexOf('GE*')));
  assert.ok(truncated.issues.includes('group not closed by GE'));
});
