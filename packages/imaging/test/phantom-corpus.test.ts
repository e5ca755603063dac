import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { CORPUS_ABSENT, corpusRoot } from './support/corpus.ts';
import { cross, dot, sub } from '../src/geometry.ts';
import type { Vec3 } from '../src/volume.ts';
import { tiltedPlan } from '../src/phantom/tilted-plan.ts';

const corpus = corpusRoot();

test(
  'tiltedPlan follows the corpus GE gantry-tilt convention (IOP and table-only IPP steps)',
  { skip: !corpus && CORPUS_ABSENT },
  () => {
    const dir = join(corpus!, 'ct_head_tilt_ge_varspacing/dicom');
    const read = (name: string) =>
      dicomParser.parseDicom(new Uint8Array(readFileSync(join(dir, name))), {
        untilTag: 'x7fe00010',
      });
    const a = read('01.dcm');
    const b = read('02.dcm');
    const nums = (ds: dicomParser.DataSet, t: string) =>
      (ds.string(t) ?? '').split('\\').map(Number);
    const iop = nums(a, 'x00200037');
    const tiltDeg = Number(a.string('x00181120'));
    assert.equal(tiltDeg, 18.5);
    const ipp0 = nums(a, 'x00200032') as unknown as Vec3;
    const ipp1 = nums(b, 'x00200032') as unknown as Vec3;
    const geNormal = cross(iop.slice(0, 3) as unknown as Vec3, iop.slice(3) as unknown as Vec3);
    const step = sub(ipp1, ipp0);
    const plan = tiltedPlan({
      rows: 512,
      columns: 512,
      pixelSpacing: [0.4882812, 0.4882812],
      slices: 2,
      sliceSpacing: dot(step, geNormal),
      tiltDeg,
    });
    const ours = [...plan.rowDirection, ...plan.columnDirection];
    for (let i = 0; i < 6; i++)
      assert.ok(Math.abs(ours[i] - iop[i]) < 1e-7, `IOP[${i}] ${ours[i]} vs ${iop[i]}`);
    const ourStep = sub(plan.positions[1], plan.positions[0]);
    for (let r = 0; r < 3; r++)
      assert.ok(Math.abs(ourStep[r] - step[r]) < 1e-6, `step[${r}] ${ourStep[r]} vs ${step[r]}`);
  },
);
