import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { inflateOnWorker, inflateOnWorkerTestHook } from './inflate-on-worker.ts';

const dir = mkdtempSync(join(tmpdir(), 'inflate-on-worker-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** 13.5 MB of compressible pseudo-random bytes: more than the worker's 8 MiB ring. */
function content(): Uint8Array {
  const bytes = new Uint8Array(13_500_001);
  let seed = 7;
  for (let i = 0; i < bytes.length; i++) {
    if ((i & 63) === 0) seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    bytes[i] = (seed >>> ((i & 3) * 8)) & 0x3f;
  }
  return bytes;
}

for (const streamInWorker of [false, true]) {
  test(`inflateOnWorker${streamInWorker ? ' (zlib stream in the worker)' : ''}: the ring's slots wrap around while this thread lags, every byte in order`, async () => {
    const want = content();
    const path = join(dir, `c${streamInWorker ? 1 : 0}.gz`);
    writeFileSync(path, gzipSync(want));
    inflateOnWorkerTestHook.streamInWorker = streamInWorker;
    try {
      let at = 0;
      let chunks = 0;
      for await (const c of inflateOnWorker(path, 1 << 20)) {
        assert.ok(c.length <= 1 << 20);
        assert.deepEqual(c, want.subarray(at, at + c.length), `chunk ${chunks} at ${at}`);
        at += c.length;
        // this thread lags now and then: the worker fills the ring and waits for a slot
        if (chunks++ % 4 === 0) await sleep(30);
      }
      assert.equal(at, want.length);
      assert.ok(chunks > 8, `${chunks} chunks`);
    } finally {
      inflateOnWorkerTestHook.streamInWorker = false;
    }
  });
}

test('inflateOnWorker: stopping early ends the worker; a damaged stream is an InflateWorkerError', async () => {
  const want = content();
  const path = join(dir, 'early.gz');
  const gz = gzipSync(want);
  writeFileSync(path, gz);
  let first: Uint8Array | null = null;
  for await (const c of inflateOnWorker(path, 1 << 20)) {
    first = Uint8Array.from(c);
    break;
  }
  assert.deepEqual(first, want.subarray(0, 1 << 20));
  const damaged = new Uint8Array(gz);
  for (let i = 0; i < 64; i++) damaged[(gz.length >> 1) + i] ^= 0x5a;
  const damagedPath = join(dir, 'damaged.gz');
  writeFileSync(damagedPath, damaged);
  await assert.rejects(
    (async () => {
      for await (const c of inflateOnWorker(damagedPath, 1 << 20)) void c;
    })(),
    (e: Error & { code?: string }) =>
      e.name === 'InflateWorkerError' && typeof e.code === 'string' && e.code.startsWith('Z_'),
  );
});

for (const streamInWorker of [false, true]) {
  test(
    `inflateOnWorker${streamInWorker ? ' (zlib stream in the worker)' : ''}: zero padding after the gzip stream is left unread, every byte before it given`,
    { timeout: 30_000 },
    async () => {
      const want = content().subarray(0, 2_500_000);
      const gz = gzipSync(want);
      const padded = new Uint8Array(gz.length + 512);
      padded.set(gz);
      const path = join(dir, `padded${streamInWorker ? 1 : 0}.gz`);
      writeFileSync(path, padded);
      inflateOnWorkerTestHook.streamInWorker = streamInWorker;
      try {
        const got = new Uint8Array(want.length);
        let at = 0;
        for await (const c of inflateOnWorker(path, 1 << 20)) {
          got.set(c, at);
          at += c.length;
        }
        assert.equal(at, want.length);
        assert.deepEqual(got, want);
      } finally {
        inflateOnWorkerTestHook.streamInWorker = false;
      }
    },
  );
}
