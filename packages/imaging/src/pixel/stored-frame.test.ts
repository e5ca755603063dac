import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PixelFormat } from './pixel-format.ts';
import { allocateStoredFrame, normaliseStoredBits } from './stored-frame.ts';

const fmt = (p: Partial<PixelFormat>): PixelFormat => ({
  rows: 1,
  columns: 4,
  samplesPerPixel: 1,
  bitsAllocated: 16,
  bitsStored: 16,
  highBit: 15,
  pixelRepresentation: 0,
  photometricInterpretation: 'MONOCHROME2',
  planarConfiguration: 0,
  ...p,
});

test('allocates the documented array type per BitsAllocated and sign', () => {
  assert.ok(allocateStoredFrame(fmt({ bitsAllocated: 8 })) instanceof Uint8Array);
  assert.ok(
    allocateStoredFrame(fmt({ bitsAllocated: 8, pixelRepresentation: 1 })) instanceof Int8Array,
  );
  assert.ok(allocateStoredFrame(fmt({})) instanceof Uint16Array);
  assert.ok(allocateStoredFrame(fmt({ pixelRepresentation: 1 })) instanceof Int16Array);
  assert.ok(allocateStoredFrame(fmt({ bitsAllocated: 32 })) instanceof Uint32Array);
  assert.ok(
    allocateStoredFrame(fmt({ bitsAllocated: 32, pixelRepresentation: 1 })) instanceof Int32Array,
  );
  assert.equal(allocateStoredFrame(fmt({ samplesPerPixel: 3, bitsAllocated: 8 })).length, 12);
});

test('sign-extends 12-bit values and drops bits above HighBit', () => {
  const f = fmt({ bitsStored: 12, highBit: 11, pixelRepresentation: 1 });
  // 0x0800 = -2048, 0x0fff = -1, 0x07ff = 2047; 0xf000 garbage above bit 11 must vanish
  const a = new Int16Array([0x0800, 0x0fff, 0x07ff, 0xf000 | 0x0005]);
  assert.deepEqual([...normaliseStoredBits(a, f)], [-2048, -1, 2047, 5]);
});

test('masks unsigned values to BitsStored (overlay bit 15 removed)', () => {
  const f = fmt({ bitsStored: 12, highBit: 11 });
  const a = new Uint16Array([0x8000 | 4095, 0x8000, 123, 0xffff]);
  assert.deepEqual([...normaliseStoredBits(a, f)], [4095, 0, 123, 4095]);
});

test('honours a HighBit that is not BitsStored - 1', () => {
  // 8 bits stored in bits 4..11
  const f = fmt({ bitsStored: 8, highBit: 11, pixelRepresentation: 1 });
  const a = new Int16Array([0x0ff0, 0x07f0, 0x0800 | 0x000f, 0x0010]);
  assert.deepEqual([...normaliseStoredBits(a, f)], [-1, 127, -128, 1]);
});

test('is a no-op when all bits are stored', () => {
  const a = new Int16Array([-32768, 32767, -1, 0]);
  assert.deepEqual(
    [...normaliseStoredBits(a, fmt({ pixelRepresentation: 1 }))],
    [-32768, 32767, -1, 0],
  );
  const b = new Uint32Array([0xffffffff, 1, 2, 3]);
  assert.deepEqual(
    [...normaliseStoredBits(b, fmt({ bitsAllocated: 32, bitsStored: 32, highBit: 31 }))],
    [0xffffffff, 1, 2, 3],
  );
});

test('sign-extends 24-of-32-bit values', () => {
  const f = fmt({ bitsAllocated: 32, bitsStored: 24, highBit: 23, pixelRepresentation: 1 });
  const a = new Int32Array([0x00800000, 0x7f7fffff, 0x00000001, 0x00ffffff]);
  assert.deepEqual([...normaliseStoredBits(a, f)], [-8388608, 8388607, 1, -1]);
});
