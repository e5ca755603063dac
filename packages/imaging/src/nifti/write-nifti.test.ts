import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as niftiReader from 'nifti-reader-js';
import { axesDeterminant, indexToLps } from '../geometry.ts';
import type { Vec3, Volume, VolumeGeometry, VoxelArray } from '../volume.ts';
import { readNifti, readNiftiHeader } from './read-nifti.ts';
import { writeNifti } from './write-nifti.ts';

/** Orthonormal axes: rotation about (1,2,3) by 25 deg, optionally with k reversed. */
function obliqueAxes(leftHanded: boolean): [Vec3, Vec3, Vec3] {
  const n = Math.hypot(1, 2, 3);
  const [x, y, z] = [1 / n, 2 / n, 3 / n];
  const t = (25 * Math.PI) / 180;
  const c = Math.cos(t);
  const s = Math.sin(t);
  const C = 1 - c;
  const col = (k: number): Vec3 => {
    const m = [
      [c + x * x * C, x * y * C - z * s, x * z * C + y * s],
      [y * x * C + z * s, c + y * y * C, y * z * C - x * s],
      [z * x * C - y * s, z * y * C + x * s, c + z * z * C],
    ];
    const sign = leftHanded && k === 2 ? -1 : 1;
    return [m[0][k] * sign, m[1][k] * sign, m[2][k] * sign];
  };
  return [col(0), col(1), col(2)];
}

const geometries: Record<string, VolumeGeometry> = {
  axialIsotropic: {
    dims: [6, 5, 4],
    spacing: [1, 1, 1],
    origin: [0, 0, 0],
    axes: [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ],
  },
  anisotropicLps: {
    dims: [7, 6, 5],
    spacing: [0.7421875, 0.7421875, 3],
    origin: [-190.5, -170.25, -120.75],
    axes: [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ],
  },
  obliqueRight: {
    dims: [5, 6, 7],
    spacing: [0.9, 1.3, 2.5],
    origin: [12.5, -80.25, 101.125],
    axes: obliqueAxes(false),
  },
  obliqueLeft: {
    dims: [5, 6, 7],
    spacing: [0.9, 1.3, 2.5],
    origin: [-12.5, 80.25, -101.125],
    axes: obliqueAxes(true),
  },
  reversedAxial: {
    dims: [4, 4, 3],
    spacing: [0.5, 0.5, 1.25],
    origin: [10, 20, 30],
    axes: [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, -1],
    ],
  },
  coronal: {
    dims: [4, 3, 5],
    spacing: [1, 2, 3],
    origin: [5, 6, 7],
    axes: [
      [1, 0, 0],
      [0, 0, -1],
      [0, 1, 0],
    ],
  },
};

function ramp<T extends VoxelArray>(
  make: (n: number) => T,
  g: VolumeGeometry,
  f: (i: number) => number,
): T {
  const a = make(g.dims[0] * g.dims[1] * g.dims[2]);
  for (let i = 0; i < a.length; i++) a[i] = f(i);
  return a;
}

function assertGeometryClose(a: VolumeGeometry, b: VolumeGeometry, tolMm: number): void {
  assert.deepEqual(a.dims, b.dims);
  // compare every corner's LPS position, which covers origin, spacing and axes together
  for (const i of [0, b.dims[0] - 1]) {
    for (const j of [0, b.dims[1] - 1]) {
      for (const k of [0, b.dims[2] - 1]) {
        const p = indexToLps(a, i, j, k);
        const q = indexToLps(b, i, j, k);
        for (let r = 0; r < 3; r++) {
          assert.ok(
            Math.abs(p[r] - q[r]) <= tolMm,
            `corner ${i},${j},${k}[${r}]: ${p[r]} vs ${q[r]}`,
          );
        }
      }
    }
  }
  for (let c = 0; c < 3; c++) assert.ok(Math.abs(a.spacing[c] - b.spacing[c]) <= tolMm);
}

for (const [name, g] of Object.entries(geometries)) {
  for (const version of [1, 2] as const) {
    for (const gzip of [false, true]) {
      test(`round trip ${name}, NIfTI-${version}${gzip ? ', gzip' : ''}`, () => {
        const data = ramp(
          (n) => new Int16Array(n),
          g,
          (i) => ((i * 37) % 4001) - 2000,
        );
        const volume: Volume = { kind: 'Volume', geometry: g, data, unit: 'HU' };
        const bytes = writeNifti(volume, { version, gzip, description: `test ${name}` });
        assert.equal(bytes[0] === 0x1f && bytes[1] === 0x8b, gzip);
        const back = readNifti(bytes, name, { unit: 'HU' });
        assertGeometryClose(back.volume.geometry, g, version === 1 ? 1e-5 : 1e-9);
        assert.equal(
          Math.sign(axesDeterminant(back.volume.geometry)),
          Math.sign(axesDeterminant(g)),
        );
        assert.ok(back.volume.data instanceof Int16Array);
        assert.deepEqual(back.volume.data, data);
        assert.equal(back.volume.unit, 'HU');
        assert.equal(back.header.version, version);
        assert.equal(back.header.description, `test ${name}`);
        assert.equal(back.header.xform, 'sform');
        assert.equal(back.header.qfac, axesDeterminant(g) < 0 ? -1 : 1);
      });
    }
  }
}

test('qform alone reproduces the sform geometry (sform_code patched to 0)', () => {
  for (const version of [1, 2] as const) {
    for (const g of [geometries.obliqueLeft, geometries.obliqueRight, geometries.coronal]) {
      const volume: Volume = {
        kind: 'Volume',
        geometry: g,
        data: new Uint8Array(g.dims[0] * g.dims[1] * g.dims[2]),
        unit: 'raw',
      };
      const bytes = writeNifti(volume, { version });
      const view = new DataView(bytes.buffer);
      if (version === 1) view.setInt16(254, 0, true);
      else view.setInt32(348, 0, true);
      const back = readNifti(bytes, 'qform-only');
      assert.equal(back.header.xform, 'qform');
      assertGeometryClose(back.volume.geometry, g, version === 1 ? 1e-4 : 1e-9);
    }
  }
});

test('types are kept: uint8 and uint16 label maps stay integer with intent label, float32 stays float', () => {
  const g = geometries.obliqueLeft;
  const u8 = ramp(
    (n) => new Uint8Array(n),
    g,
    (i) => i % 7,
  );
  const u16 = ramp(
    (n) => new Uint16Array(n),
    g,
    (i) => (i * 911) % 65536,
  );
  const f32 = ramp(
    (n) => new Float32Array(n),
    g,
    (i) => i * 0.125 - 3.3,
  );
  const label = readNifti(writeNifti({ kind: 'LabelMap', geometry: g, data: u8 }), 'u8');
  assert.ok(label.volume.data instanceof Uint8Array);
  assert.deepEqual(label.volume.data, u8);
  assert.equal(label.header.intentCode, 1002);
  assert.equal(label.header.datatype, 2);
  const wide = readNifti(
    writeNifti({ kind: 'LabelMap', geometry: g, data: u16 }, { version: 2 }),
    'u16',
  );
  assert.ok(wide.volume.data instanceof Uint16Array);
  assert.deepEqual(wide.volume.data, u16);
  assert.equal(wide.header.intentCode, 1002);
  const float = readNifti(writeNifti({ kind: 'Volume', geometry: g, data: f32 }), 'f32');
  assert.ok(float.volume.data instanceof Float32Array);
  assert.deepEqual(float.volume.data, f32);
  assert.equal(float.header.intentCode, 0);
});

test('header layout checked by an independent reader (nifti-reader-js)', () => {
  const g = geometries.obliqueLeft;
  const data = ramp(
    (n) => new Int16Array(n),
    g,
    (i) => i,
  );
  for (const version of [1, 2] as const) {
    const bytes = writeNifti(
      { kind: 'Volume', geometry: g, data },
      { version, description: 'abc' },
    );
    assert.equal(bytes.length, (version === 1 ? 352 : 544) + data.byteLength);
    const buf = bytes.slice().buffer;
    const h = niftiReader.readHeader(buf);
    assert.equal(version === 1 ? niftiReader.isNIFTI1(buf) : niftiReader.isNIFTI2(buf), true);
    assert.deepEqual(h.dims.slice(0, 4), [3, ...g.dims]);
    assert.equal(h.datatypeCode, 4);
    assert.equal(h.numBitsPerVoxel, 16);
    assert.equal(h.vox_offset, version === 1 ? 352 : 544);
    assert.equal(h.pixDims[0], -1);
    assert.equal(h.qform_code, 1);
    assert.equal(h.sform_code, 1);
    assert.equal(h.xyzt_units, 10);
    assert.equal(h.description, 'abc');
    assert.deepEqual(h.extensionFlag, [0, 0, 0, 0]);
    // nifti-reader-js reports the qform affine for NIfTI-1 when codes are equal and the sform
    // for NIfTI-2: both must be the exact RAS affine of the geometry.
    for (const [i, j, k] of [
      [0, 0, 0],
      [4, 0, 0],
      [0, 5, 0],
      [0, 0, 6],
      [4, 5, 6],
    ]) {
      const lps = indexToLps(g, i, j, k);
      const ras = [-lps[0], -lps[1], lps[2]];
      for (let r = 0; r < 3; r++) {
        const v = h.affine[r][0] * i + h.affine[r][1] * j + h.affine[r][2] * k + h.affine[r][3];
        assert.ok(
          Math.abs(v - ras[r]) < 1e-4,
          `v${version} ${i},${j},${k}[${r}]: ${v} vs ${ras[r]}`,
        );
      }
    }
    const image = new Int16Array(niftiReader.readImage(h, buf));
    assert.deepEqual(image, data);
  }
});

test('gzip output is deterministic and carries no time stamp', () => {
  const g = geometries.coronal;
  const v: Volume = {
    kind: 'Volume',
    geometry: g,
    data: new Float32Array(60).fill(1.5),
    unit: 'raw',
  };
  const a = writeNifti(v, { gzip: true });
  const b = writeNifti(v, { gzip: true });
  assert.deepEqual(a, b);
  assert.deepEqual([...a.subarray(4, 8)], [0, 0, 0, 0]);
});

test('header view of a written file: LPS affine columns are axes*spacing', () => {
  const g = geometries.reversedAxial;
  const h = readNiftiHeader(writeNifti({ geometry: g, data: new Uint8Array(48) }), 'x');
  assert.deepEqual(
    Array.from(h.lpsAffine),
    [0.5, 0, 0, 10, 0, 0.5, 0, 20, 0, 0, -1.25, 30, 0, 0, 0, 1],
  );
  assert.equal(h.qfac, -1);
  assert.equal(h.spaceUnit, 'mm');
  assert.equal(h.timeUnit, 's');
});

test('bad input: data length mismatch and NIfTI-1 size limit', () => {
  const g = geometries.coronal;
  assert.throws(() => writeNifti({ geometry: g, data: new Uint8Array(59) }), {
    code: 'NIFTI_INVALID',
  });
  const big: VolumeGeometry = { ...g, dims: [40000, 1, 1] };
  assert.throws(() => writeNifti({ geometry: big, data: new Uint8Array(40000) }), {
    code: 'NIFTI_INVALID',
  });
  const v2 = readNifti(
    writeNifti({ geometry: big, data: new Uint8Array(40000).fill(3) }, { version: 2 }),
    'big',
  );
  assert.deepEqual(v2.volume.geometry.dims, [40000, 1, 1]);
});
