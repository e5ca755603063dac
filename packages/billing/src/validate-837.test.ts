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
  assert.deepEqual(sv1.elements[0], ['HC', '0559T', '22', '26']);
  assert.deepEqual(sv1.elements[6], ['1', '2']);
  const hi = v.segments.find((s) => s.id === 'HI')!;
  assert.deepEqual(hi.elements, [
    ['ABK', 'C411'],
    ['ABF', 'C760'],
  ]);
  const vi = validate837(goldenI);
  assert.deepEqual(vi.issues, []);
  // 837I loop 2300: CLM, DTP*434, CL1, HI ABK, HI APR, HI ABF, then the providers.
  const ids = vi.segments.map((s) => s.id);
  const clm = ids.indexOf('CLM');
  assert.deepEqual(ids.slice(clm, clm + 8), ['CLM', 'DTP', 'CL1', 'HI', 'HI', 'HI', 'NM1', 'NM1']);
  assert.deepEqual(vi.segments[clm + 2].elements, [[''], ['1'], ['01']]);
  assert.deepEqual(
    vi.segments.slice(clm + 3, clm + 6).map((s) => s.elements),
    [[['ABK', 'M21151']], [['APR', 'M21151']], [['ABF', 'M1711']]],
  );
  assert.deepEqual(vi.segments[clm].elements[4], ['13', 'A', '1']);
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
      'SV1*HC:0560T:26*900*UN*2***1:2',
      'SV1*HC:0560T:26*900*UN*2***1:3',
      /pointer 3 outside 1..2/,
    ],
    [
      'claim total',
      'CLM*AM-2026-0415-01*2100',
      'CLM*AM-2026-0415-01*2000',
      /CLM02 2000 != sum of line charges 2100/,
    ],
    ['procedure composite', 'SV1*HC:0560T:26*', 'SV1*0560T:26*', /procedure composite/],
    ['modifier', 'HC:0559T:22', 'HC:0559T:222', /modifiers/],
    ['HL parent', 'HL*2*1*22*0', 'HL*2*3*22*0', /parent 3 is not a billing provider/],
    ['principal dx', 'HI*ABK:C411', 'HI*ABF:C411', /not ABK/],
    ['version', 'ST*837*0001*005010X222A1', 'ST*837*0001*005010X223A2', /ST03/],
    ['CLM05 qualifier', '22:B:1', '22:A:1', /CLM05-2 A != B/],
    ['units', '*UN*2*', '*MJ*2*', /units are malformed/],
    [
      'CL1 in an 837P',
      'HI*ABK:C411*ABF:C760~\n',
      'CL1**1*01~\nHI*ABK:C411*ABF:C760~\n',
      /CL1 in a professional claim/,
    ],
    [
      'APR in an 837P',
      'HI*ABK:C411*ABF:C760~\n',
      'HI*ABK:C411*ABF:C760~\nHI*APR:C411~\n',
      /HI APR \(reason for visit\) in a professional claim/,
    ],
  ];
  for (const [label, from, to, issue] of cases) {
    const v = validate837(edit(golden, from, to));
    assert.ok(
      v.issues.some((i) => issue.test(i)),
      `${label}: ${v.issues.join('; ')}`,
    );
  }
  // 837I: CL1 and the patient's reason for visit, where 005010X223A2 puts them.
  const instCases: [string, string, string, RegExp][] = [
    ['CL1 missing', 'CL1**1*01~\n', '', /claim has 0 CL1 segments, expected 1/],
    ['CL1 twice', 'CL1**1*01~\n', 'CL1**1*01~\nCL1**1*01~\n', /claim has 2 CL1 segments/],
    [
      'CL1 after HI',
      'CL1**1*01~\nHI*ABK:M21151~\n',
      'HI*ABK:M21151~\nCL1**1*01~\n',
      /CL1 after HI/,
    ],
    ['CL103 status', 'CL1**1*01~', 'CL1**1*1~', /CL103 1 is not a patient status/],
    ['CL102 origin', 'CL1**1*01~', 'CL1***01~', /CL102 {2}is not a point of origin/],
    ['CL101 priority', 'CL1**1*01~', 'CL1*7*1*01~', /CL101 7 is not a priority code/],
    ['APR missing', 'HI*APR:M21151~\n', '', /no patient's reason for visit \(HI APR\)/],
    [
      'APR after ABF',
      'HI*APR:M21151~\nHI*ABF:M1711~\n',
      'HI*ABF:M1711~\nHI*APR:M21151~\n',
      /APR does not follow the principal/,
    ],
    [
      'four reasons',
      'HI*APR:M21151~',
      'HI*APR:M21151*APR:M1711*APR:M1712*APR:M1713~',
      /more than 3 reasons/,
    ],
    [
      'mixed qualifiers',
      'HI*APR:M21151~',
      'HI*APR:M21151*ABF:M1711~',
      /HI qualifier ABF is not APR/,
    ],
    [
      'principal with others',
      'HI*ABK:M21151~',
      'HI*ABK:M21151*ABF:M1712~',
      /principal diagnosis HI holds more than one/,
    ],
    ['no principal', 'HI*ABK:M21151~\n', '', /first HI composite is not ABK/],
  ];
  for (const [label, from, to, issue] of instCases) {
    const v = validate837(edit(goldenI, from, to));
    assert.ok(
      v.issues.some((i) => issue.test(i)),
      `${label}: ${v.issues.join('; ')}`,
    );
  }
  // An inpatient type of bill (11x) does not need a reason for visit.
  const inpatient = edit(edit(goldenI, '13:A:1', '11:A:1'), 'HI*APR:M21151~\n', '');
  assert.ok(!validate837(inpatient).issues.some((i) => /reason for visit/.test(i)));
  const noSv2 = validate837(edit(goldenI, 'SV2*0940*HC:0561T', 'SV1*0940*HC:0561T'));
  assert.ok(noSv2.issues.some((i) => /LX 2 is not followed by SV2/.test(i)));
  assert.deepEqual(validate837('not x12').issues, [
    'interchange does not start with a 106-character ISA segment',
  ]);
  const truncated = validate837(golden.slice(0, golden.indexOf('GE*')));
  assert.ok(truncated.issues.includes('group not closed by GE'));
});
