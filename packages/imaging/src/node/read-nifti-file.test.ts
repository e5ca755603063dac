import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { VolumeGeometry } from '../volume.ts';
import { readNifti, readNiftiHeader } from '../nifti/read-nifti.ts';
import { writeNifti } from '../nifti/write-nifti.ts';
import { peekNiftiHeader, readNiftiFile, streamNiftiFile } from './read-nifti-file.ts';
import { inflateOnWorkerTestHook } from './inflate-on-worker.ts';
import { bigEndianCopy } from '../../test/support/nifti-big-endian.ts';

const dir = mkdtempSync(join(tmpdir(), 'read-nifti-file-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

let fileNo = 0;
function file(bytes: Uint8Array, ext = '.nii'): string {
  const path = join(dir, `f${fileNo++}${ext}`);
  writeFileSync(path, bytes);
  return path;
}

/** 130 x 97 x 45 int16 (1.1 MB of voxels: several 1 MiB stream chunks), pseudo-random values. */
const grid: VolumeGeometry = {
  dims: [130, 97, 45],
  spacing: [0.7, 0.8, 2.5],
  origin: [-40, 12, 90],
  axes: [
    [1, 0, 0],
    [0, 0, -1],
    [0, 1, 0],
  ],
};
const n = 130 * 97 * 45;
let seed = 7;
const values = Int16Array.from({ length: n }, () => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return (seed >>> 16) - 32768;
});
const plain = writeNifti({ kind: 'Volume', geometry: grid, data: values });

/** The same file with `gap` extension bytes between the 352-byte header and the voxels. */
function withGap(gap: number): Uint8Array {
  const out = new Uint8Array(plain.length + gap);
  out.set(plain.subarray(0, 352));
  out.fill(0xab, 352, 352 + gap);
  out.set(plain.subarray(352), 352 + gap);
  new DataView(out.buffer).setFloat32(108, 352 + gap, true); // vox_offset
  return out;
}

async function same(bytes: Uint8Array, label: string, ext = '.nii'): Promise<void> {
  const want = readNifti(bytes, label);
  const got = await readNiftiFile(file(bytes, ext));
  assert.deepEqual(got.volume.geometry, want.volume.geometry, label);
  assert.equal(got.volume.data.constructor, want.volume.data.constructor, label);
  assert.deepEqual(got.volume.data, want.volume.data, label);
  assert.equal(got.volume.data.byteOffset, 0, `${label}: own buffer from its start`);
  assert.equal(got.volume.data.buffer.byteLength, got.volume.data.byteLength, label);
}

test('.nii and .nii.gz read as readNifti reads them, the voxels in a buffer of their own', async () => {
  await same(plain, 'plain');
  await same(gzipSync(plain), 'gz', '.nii.gz');
  await same(gzipSync(plain, { level: 1 }), 'gz level 1', '.nii.gz');
  assert.deepEqual((await readNiftiFile(file(gzipSync(plain)))).volume.data, values);
});

test('extension bytes before vox_offset are skipped, also past the first stream chunk', async () => {
  for (const gap of [4, 188, 192, 5000, (1 << 20) + 3]) {
    await same(withGap(gap), `gap ${gap}`);
    await same(gzipSync(withGap(gap)), `gap ${gap} gz`, '.nii.gz');
  }
});

test('multi-member gzip is read whole, wherever the members split', async () => {
  for (const cut of [100, 351, 352, 600, 700_001]) {
    const both = Buffer.concat([gzipSync(plain.subarray(0, cut)), gzipSync(plain.subarray(cut))]);
    await same(both, `members split at ${cut}`, '.nii.gz');
  }
});

test('only the first 3D volume of a 4D file is read', async () => {
  const longer = new Uint8Array(plain.length + 2 * values.byteLength);
  longer.set(plain);
  longer.fill(0x55, plain.length);
  const view = new DataView(longer.buffer);
  view.setInt16(40, 4, true);
  view.setInt16(48, 3, true);
  const r = await readNiftiFile(file(gzipSync(longer)));
  assert.deepEqual(r.header.dims, [130, 97, 45, 3]);
  assert.deepEqual(r.volume.data, values);
});

test('big-endian, scaled and int8 data read as readNifti reads them', async () => {
  const scaled = plain.slice();
  new DataView(scaled.buffer).setFloat32(112, 0.25, true);
  new DataView(scaled.buffer).setFloat32(116, -3, true);
  await same(scaled, 'scaled');
  // big-endian: a small image (header fields swapped as read-nifti.test.ts does)
  const small = writeNifti({
    kind: 'Volume',
    geometry: { ...grid, dims: [3, 4, 2] },
    data: Int16Array.from({ length: 24 }, (_, i) => i * 100 - 1000),
  });
  const be = bigEndianCopy(small);
  assert.ok(be.length < 540, 'a file shorter than a NIfTI-2 header');
  const b = await readNiftiFile(file(be));
  assert.equal(b.header.littleEndian, false);
  assert.deepEqual(b.volume.data, readNifti(small, 'le').volume.data);
  await same(gzipSync(be), 'be gz', '.nii.gz');
  const int8 = writeNifti({
    kind: 'Volume',
    geometry: { ...grid, dims: [5, 3, 2] },
    data: Uint8Array.from({ length: 30 }, (_, i) => i * 8),
  });
  new DataView(int8.buffer).setInt16(70, 256, true); // datatype int8: read as Float32
  await same(int8, 'int8');
});

test('sharedMemory: voxels kept as stored land on a SharedArrayBuffer; converted ones do not', async () => {
  const kept = await readNiftiFile(file(gzipSync(plain)), { sharedMemory: true });
  assert.ok(kept.volume.data.buffer instanceof SharedArrayBuffer);
  assert.deepEqual(kept.volume.data, values);
  const scaled = plain.slice();
  new DataView(scaled.buffer).setFloat32(112, 2, true);
  const conv = await readNiftiFile(file(scaled), { sharedMemory: true });
  assert.ok(conv.volume.data instanceof Float32Array);
  assert.equal(conv.volume.data[5], values[5] * 2);
});

test('damaged files are typed errors naming the file', async () => {
  const gz = gzipSync(plain);
  const cutGz = file(gz.subarray(0, gz.length - 5000), '.nii.gz');
  await assert.rejects(readNiftiFile(cutGz), { code: 'CORRUPT', message: /\.nii\.gz/ });
  const flipped = Buffer.from(gz);
  flipped[2000] ^= 0xff;
  flipped[2001] ^= 0xff;
  await assert.rejects(readNiftiFile(file(flipped, '.nii.gz')), (e: { code: string }) =>
    ['CORRUPT', 'TRUNCATED'].includes(e.code),
  );
  await assert.rejects(readNiftiFile(file(plain.subarray(0, plain.length - 1))), {
    code: 'TRUNCATED',
    message: /truncated/,
  });
  await assert.rejects(readNiftiFile(file(gzipSync(plain.subarray(0, 300)))), {
    code: 'TRUNCATED',
  });
  await assert.rejects(readNiftiFile(file(new Uint8Array(10))), { code: 'NIFTI_INVALID' });
  await assert.rejects(readNiftiFile(join(dir, 'absent.nii')), { code: 'IO_ERROR' });
  const rgb = plain.slice();
  new DataView(rgb.buffer).setInt16(70, 128, true);
  await assert.rejects(readNiftiFile(file(rgb)), { code: 'NIFTI_INVALID', message: /128/ });
});

test('an aborted signal stops the read', async () => {
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(readNiftiFile(file(gzipSync(plain)), { signal: ac.signal }), {
    name: 'AbortError',
  });
});

/** The slabs of streamNiftiFile reassembled: own slices, and halo slices checked against them. */
async function streamed(
  path: string,
  slabSlices: number,
): Promise<{ data: ArrayLike<number>; geometry: VolumeGeometry; slabs: number }> {
  const pieces: Array<{ k0: number; k1: number; values: number[] }> = [];
  let plane = 0;
  const out = await streamNiftiFile(path, { slabSlices }, (s) => {
    plane ||= s.data.length / (s.h1 - s.h0);
    assert.ok(s.h0 === Math.max(0, s.k0 - 1), 'the previous slice is held');
    assert.equal(s.data.length, (s.h1 - s.h0) * plane);
    pieces.push({ k0: s.k0, k1: s.k1, values: Array.from(s.data) });
    // the held neighbours equal the neighbouring slabs' own slices (checked after assembly)
    (pieces.at(-1) as { h0?: number; h1?: number }).h0 = s.h0;
    (pieces.at(-1) as { h0?: number; h1?: number }).h1 = s.h1;
  });
  const nz = out.geometry.dims[2];
  const data: number[] = [];
  let k = 0;
  for (const p of pieces) {
    assert.equal(p.k0, k, 'slabs in order, tiling the slices');
    const h0 = (p as { h0?: number }).h0 ?? 0;
    for (let i = (p.k0 - h0) * plane; i < (p.k1 - h0) * plane; i++) data.push(p.values[i]);
    k = p.k1;
  }
  assert.equal(k, nz);
  for (const p of pieces) {
    const h0 = (p as { h0?: number }).h0 ?? 0;
    const h1 = (p as { h1?: number }).h1 ?? 0;
    assert.deepEqual(p.values, data.slice(h0 * plane, h1 * plane), 'halo slices are the volume');
    assert.equal(h1, Math.min(nz, p.k1 + 1), 'the next slice is held');
  }
  return { data, geometry: out.geometry, slabs: pieces.length };
}

test('streamNiftiFile hands out the volume readNiftiFile reads, slab by slab with halo slices', async () => {
  const scaled = plain.slice();
  new DataView(scaled.buffer).setFloat32(112, 0.25, true);
  new DataView(scaled.buffer).setFloat32(116, -3, true);
  const cases: Array<[Uint8Array, string]> = [
    [plain, '.nii'],
    [gzipSync(plain), '.nii.gz'],
    [withGap(3000), '.nii'],
    [scaled, '.nii'],
  ];
  for (const [bytes, ext] of cases) {
    const path = file(bytes, ext);
    const want = await readNiftiFile(path);
    for (const slabSlices of [1, 2, 7, 44, 45, 200]) {
      const got = await streamed(path, slabSlices);
      assert.deepEqual(got.geometry, want.volume.geometry);
      assert.equal(got.slabs, Math.ceil(45 / slabSlices));
      assert.deepEqual(
        Float64Array.from(got.data),
        Float64Array.from(want.volume.data),
        `${ext} ${slabSlices}`,
      );
    }
  }
});

test('streamNiftiFile: truncated or damaged files are the same typed errors', async () => {
  await assert.rejects(
    streamNiftiFile(file(plain.subarray(0, plain.length - 1)), { slabSlices: 8 }, () => {}),
    {
      code: 'TRUNCATED',
    },
  );
  await assert.rejects(
    streamNiftiFile(file(new Uint8Array(10)), { slabSlices: 8 }, () => {}),
    {
      code: 'NIFTI_INVALID',
    },
  );
});

test('streamNiftiFile: errors of the consumer and of the header come out as they are, also from gzip', async () => {
  const gz = file(gzipSync(plain), '.nii.gz');
  const mine = new RangeError('consumer failed');
  let slabs = 0;
  await assert.rejects(
    streamNiftiFile(gz, { slabSlices: 4 }, () => {
      if (++slabs === 2) throw mine;
    }),
    (e) => e === mine,
  );
  assert.equal(slabs, 2, 'no slab after the failure');
  // an unsupported datatype in a file larger than one stream chunk
  const bad = plain.slice();
  new DataView(bad.buffer).setInt16(70, 128, true);
  new DataView(bad.buffer).setInt16(72, 24, true);
  for (const [bytes, ext] of [
    [bad, '.nii'],
    [gzipSync(bad), '.nii.gz'],
  ] as const) {
    const path = file(bytes, ext);
    await assert.rejects(readNiftiFile(path), { code: 'NIFTI_INVALID', message: /datatype 128/ });
    await assert.rejects(
      streamNiftiFile(path, { slabSlices: 8 }, () => {}),
      {
        code: 'NIFTI_INVALID',
        message: new RegExp(`datatype 128.*${ext.replace('.', '\\.')}`),
      },
    );
  }
  await assert.rejects(
    streamNiftiFile(gz, { slabSlices: 0 }, () => {}),
    RangeError,
  );
});

test('streamNiftiFile: big-endian, one- and two-slice and 4D files as readNiftiFile reads them', async () => {
  const small = (nz: number) =>
    writeNifti({
      kind: 'Volume',
      geometry: { ...grid, dims: [6, 5, nz] },
      data: Int16Array.from({ length: 30 * nz }, (_, i) => i * 37 - 900),
    });
  const fourD = (() => {
    const one = small(3);
    const out = new Uint8Array(one.length + 2 * 30 * 3 * 2).fill(0x7f);
    out.set(one);
    const dv = new DataView(out.buffer);
    dv.setInt16(40, 4, true); // dim[0] = 4
    dv.setInt16(48, 3, true); // dim[4] = 3 volumes
    return out;
  })();
  const bigEndian = bigEndianCopy(small(4));
  for (const [bytes, label] of [
    [small(1), 'nz 1'],
    [small(2), 'nz 2'],
    [fourD, '4D'],
    [bigEndian, 'big-endian'],
    [gzipSync(bigEndian), 'big-endian gz'],
  ] as const) {
    const path = file(bytes, label.endsWith('gz') ? '.nii.gz' : '.nii');
    const want = await readNiftiFile(path);
    for (const slabSlices of [1, 2, 3]) {
      const got = await streamed(path, slabSlices);
      assert.deepEqual(got.geometry, want.volume.geometry, label);
      assert.deepEqual(
        Array.from(got.data),
        Array.from(want.volume.data),
        `${label} ${slabSlices}`,
      );
    }
  }
});

/** A copy of `gz` damaged in the middle of its deflate stream is a typed error naming the file. */
async function rejectsDamagedGzip(gz: Uint8Array): Promise<void> {
  const damaged = new Uint8Array(gz); // a copy (Buffer.slice would share the bytes)
  for (let i = 0; i < 64; i++) damaged[(gz.length >> 1) + i] ^= 0x5a;
  const damagedPath = file(damaged, '.nii.gz');
  await assert.rejects(
    streamNiftiFile(damagedPath, { slabSlices: 8 }, () => {}),
    (e: Error & { code?: string }) =>
      (e.code === 'CORRUPT' || e.code === 'TRUNCATED') && e.message.includes(damagedPath),
  );
}

test('streamNiftiFile inflates a .nii.gz on a worker: damaged, truncated, missing files and an abort are typed errors naming the file', async () => {
  const gz = gzipSync(plain);
  await rejectsDamagedGzip(gz);
  // the gzip stream cut short: no slab is handed out for the missing slices
  const cutPath = file(gz.subarray(0, gz.length >> 1), '.nii.gz');
  let last = 0;
  await assert.rejects(
    streamNiftiFile(cutPath, { slabSlices: 8 }, (s) => (last = s.k1)),
    (e: Error & { code?: string }) =>
      (e.code === 'CORRUPT' || e.code === 'TRUNCATED') && e.message.includes(cutPath),
  );
  assert.ok(last < grid.dims[2]);
  const missing = join(dir, 'no-such-file.nii.gz');
  await assert.rejects(
    streamNiftiFile(missing, { slabSlices: 8 }, () => {}),
    (e: Error & { code?: string }) => e.code === 'IO_ERROR' && e.message.includes(missing),
  );
  // aborted after the first slab: no slab after that
  const ac = new AbortController();
  let slabs = 0;
  await assert.rejects(
    streamNiftiFile(file(gz, '.nii.gz'), { slabSlices: 4, signal: ac.signal }, () => {
      slabs++;
      ac.abort();
    }),
    { name: 'AbortError' },
  );
  assert.equal(slabs, 1);
  // and a good file still streams whole afterwards (the workers of the failed reads are gone)
  const { data } = await streamed(file(gz, '.nii.gz'), 7);
  assert.deepEqual(Int16Array.from(data), values);
});

test("an abort with a reason of its own (a timeout, the caller's error) comes out as that reason, not as an I/O error", async () => {
  const gz = file(gzipSync(plain), '.nii.gz');
  const mine = new Error('user cancelled');
  const ac = new AbortController();
  // aborted while the read waits for bytes (before the first slab is complete)
  const stream = streamNiftiFile(gz, { slabSlices: 40, signal: ac.signal }, () => {});
  ac.abort(mine);
  await assert.rejects(stream, (e) => e === mine);
  const late = new AbortController();
  const whole = readNiftiFile(gz, { signal: late.signal });
  late.abort(mine);
  await assert.rejects(whole, (e) => e === mine);
  await assert.rejects(
    streamNiftiFile(gz, { slabSlices: 40, signal: AbortSignal.timeout(0) }, () => {}),
    { name: 'TimeoutError' },
  );
});

/** The .nii.gz of `plain` streams in slabs of 5 to the same values; a damaged one is refused. */
async function streamsTheSame(gz: Uint8Array): Promise<void> {
  const { data, slabs } = await streamed(file(gz, '.nii.gz'), 5);
  assert.deepEqual(Int16Array.from(data), values);
  assert.equal(slabs, Math.ceil(grid.dims[2] / 5));
  await rejectsDamagedGzip(gz);
}

test('the worker inflating through the zlib stream (a node without writeSync) gives the same bytes and errors', async () => {
  inflateOnWorkerTestHook.streamInWorker = true;
  try {
    await streamsTheSame(gzipSync(plain));
  } finally {
    inflateOnWorkerTestHook.streamInWorker = false;
  }
});

test('without a worker thread a .nii.gz streams the same on this thread, with the same errors', async () => {
  inflateOnWorkerTestHook.refuseWorker = true;
  try {
    const gz = gzipSync(plain);
    await streamsTheSame(gz);
    const mine = new Error('user cancelled');
    const ac = new AbortController();
    let slabs2 = 0;
    await assert.rejects(
      streamNiftiFile(file(gz, '.nii.gz'), { slabSlices: 4, signal: ac.signal }, () => {
        slabs2++;
        ac.abort(mine);
      }),
      (e) => e === mine,
    );
    assert.equal(slabs2, 1);
  } finally {
    inflateOnWorkerTestHook.refuseWorker = false;
  }
});

test('peekNiftiHeader reads the header from the first bytes (plain and gzip), null when it cannot', () => {
  const gz = gzipSync(plain);
  for (const path of [file(plain, '.nii'), file(gz, '.nii.gz')]) {
    const h = peekNiftiHeader(path);
    assert.deepEqual(h?.dims.slice(0, 3), [...grid.dims], path);
    assert.deepEqual(h, readNiftiHeader(plain, path));
  }
  assert.equal(peekNiftiHeader(join(dir, 'no-such-file.nii.gz')), null);
  assert.equal(peekNiftiHeader(file(new Uint8Array([1, 2, 3]), '.nii')), null);
  assert.equal(peekNiftiHeader(file(gz.subarray(0, 20), '.nii.gz')), null);
});
