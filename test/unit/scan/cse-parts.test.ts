/**
 * A client-side encrypted object decrypted in parts (scan/cse-parts.ts), run in this thread over
 * the embedded store and KMS, whole or a window at a time: the plaintext equals a whole read, every key copy a part received
 * is wiped when it is done, and a body that fails its tag leaves the shared buffer all zeros.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openObject, probeObject } from '../../../src/crypto/open-object.js';
import { putSealed } from '../../../src/crypto/seal.js';
import { LocalKms } from '../../../src/kms/local-kms.js';
import { decryptInParts, runGcmPart, type GcmPartTask } from '../../../src/scan/cse-parts.js';
import { LocalStore } from '../../../src/storage/local-store.js';

const dir = mkdtempSync(join(tmpdir(), 'aegis-cse-parts-'));
let kms: LocalKms;
let store: LocalStore;
let keyArn: string;
const plaintext = randomBytes(300_001);
const who = () => ({ kms, region: 'us-east-1', principal: 'alice' });

beforeAll(async () => {
  kms = new LocalKms({ warehouse: dir, principal: 'alice' });
  keyArn = (await kms.createKey({ alias: 'alias/parts' })).arn;
  store = new LocalStore({ root: dir, kms, principal: 'alice', region: 'us-east-1' });
  await store.createBucket('data');
  await putSealed(store, kms, 'data', 'obj.bin', plaintext, keyArn);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the parts in this thread, keeping each task so the test can look at it afterwards. */
function recording(tasks: GcmPartTask[]) {
  return (t: GcmPartTask) => {
    tasks.push(t);
    return runGcmPart(t, store);
  };
}

describe('decryptInParts', () => {
  it('gives the plaintext of a whole read, in any number of parts, and wipes every key copy', async () => {
    const whole = await openObject(store, kms, 'data', 'obj.bin', { principal: 'alice' });
    const probe = await probeObject(store, 'data', 'obj.bin', { principal: 'alice' });
    for (const [parts, windowBytes] of [[1, undefined], [2, 4096], [3, undefined], [8, 1008], [33, 16]] as const) {
      const tasks: GcmPartTask[] = [];
      const r = await decryptInParts(probe, who(), { parts, partBytes: 16, ...(windowBytes ? { windowBytes } : {}) }, recording(tasks));
      expect(tasks.length).toBe(parts);
      expect(Buffer.from(r.plaintext).equals(Buffer.from(whole.plaintext))).toBe(true);
      expect(r.plaintext.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(r.bytesScanned).toBe(probe.head.size);
      for (const t of tasks) {
        expect(t.key.length).toBe(32);
        expect(t.key.every((b) => b === 0)).toBe(true);
      }
    }
  });

  it('a body that fails its tag wipes the shared plaintext and every key copy, and says DECRYPTION_FAILED', async () => {
    const stored = await store.get('data', 'obj.bin');
    try {
      for (const at of [0, 150_000, stored.body.length - 17, stored.body.length - 1]) {
        const bad = Uint8Array.from(stored.body);
        bad[at]! ^= 0x10;
        await store.put('data', 'obj.bin', bad, { metadata: stored.head.metadata });
        const probe = await probeObject(store, 'data', 'obj.bin', { principal: 'alice' });
        const tasks: GcmPartTask[] = [];
        await expect(decryptInParts(probe, who(), { parts: 4, partBytes: 16, windowBytes: 8192 }, recording(tasks)), `byte ${at}`).rejects.toMatchObject({
          code: 'DECRYPTION_FAILED',
          message: expect.stringContaining('s3://data/obj.bin'),
        });
        expect(tasks.length).toBe(4);
        const into = new Uint8Array(tasks[0]!.into);
        expect(into.length).toBe(plaintext.length);
        expect(into.every((b) => b === 0), `byte ${at}: plaintext left in the buffer`).toBe(true);
        for (const t of tasks) expect(t.key.every((b) => b === 0)).toBe(true);
      }
    } finally {
      await store.put('data', 'obj.bin', stored.body, { metadata: stored.head.metadata });
    }
  });

  it('a part whose read fails fails the whole, after wiping what the others wrote', async () => {
    const probe = await probeObject(store, 'data', 'obj.bin', { principal: 'alice' });
    const tasks: GcmPartTask[] = [];
    const run = recording(tasks);
    const failing = (t: GcmPartTask) => (t.start > 0 && !t.withTag ? Promise.reject(Object.assign(new Error('lost'), { code: 'X' })) : run(t));
    await expect(decryptInParts(probe, who(), { parts: 3, partBytes: 16 }, failing)).rejects.toThrow('lost');
    expect(tasks.length).toBe(2);
    expect(new Uint8Array(tasks[0]!.into).every((b) => b === 0)).toBe(true);
  });
});
