/**
 * Seeded fuzzing of CSE envelopes: random edits of an object's envelope metadata, of its
 * instruction file (values of every JSON type, keys dropped or added, broken JSON) and of its
 * body. Every case reads the original plaintext or fails with a typed error naming the object,
 * never leaking the data key — and never reads anything else. Run with AEGIS_FUZZ_CASES=N for more.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openObject } from '../../../src/crypto/open-object.js';
import { AegisError } from '../../../src/errors.js';
import { LocalKms } from '../../../src/kms/local-kms.js';
import { legacyKms, v2KmsContextGcm, type Fixture } from '../../fixtures/crypto/cse-fixtures.js';
import { prng } from '../formats/prng.js';
import { MemoryStore } from './support/memory-store.js';
import { keyForms, PLAINTEXT } from './support/open-object-suite.js';

const CASES = Number(process.env.AEGIS_FUZZ_CASES ?? 3000);
const TYPED = new Set(['DECRYPTION_FAILED', 'INVALID_CIPHERTEXT', 'UNSUPPORTED_ENCRYPTION', 'NOT_SUPPORTED', 'ACCESS_DENIED', 'KMS_ERROR']);
const VALUES: unknown[] = [null, 0, 128, -1, true, [], {}, '', 'AA==', 'kms', 'kms+context', 'AESWrap', 'AES/GCM/NoPadding', 'AES/CBC/PKCS5Padding',
  '{}', 'null', '{"aws:x-amz-cek-alg":"AES/GCM/NoPadding"}', '{"kms_cmk_id":"alias/x"}', '12', '115', '\u0000', 'é', 'x'.repeat(5000)];
const KEYS = ['x-amz-key-v2', 'x-amz-iv', 'x-amz-cek-alg', 'x-amz-wrap-alg', 'x-amz-matdesc', 'x-amz-tag-len', 'x-amz-unencrypted-content-length',
  'x-amz-key', 'x-amz-3', 'x-amz-w', 'x-amz-c', 'x-amz-t', 'X-Amz-Key-V2', 'unrelated'];

let wh: string;
let kms: LocalKms;
let keyArn: string;
const store = new MemoryStore();

beforeAll(async () => {
  wh = mkdtempSync(join(tmpdir(), 'aegis-envfuzz-'));
  kms = new LocalKms({ warehouse: wh, principal: 'alice' });
  keyArn = (await kms.createKey()).arn;
  await store.createBucket('b');
});
afterAll(() => rmSync(wh, { recursive: true, force: true }));

describe('CSE envelope fuzzing', () => {
  it(`${CASES} random envelope, instruction-file and body edits: original plaintext or a typed refusal`, async () => {
    const fixtures: Fixture[] = [
      await v2KmsContextGcm(kms, keyArn, PLAINTEXT),
      await v2KmsContextGcm(kms, keyArn, PLAINTEXT, { instructionFile: true }),
      await legacyKms(kms, keyArn, PLAINTEXT, 'GCM'),
      await legacyKms(kms, keyArn, PLAINTEXT, 'CBC'),
    ];
    const rnd = prng(0x5eed);
    const tally = new Map<string, number>();
    for (let t = 0; t < CASES; t++) {
      const f = fixtures[t % fixtures.length]!;
      const md: Record<string, string> = { ...f.metadata };
      const inst: Record<string, unknown> | undefined = f.instruction ? { ...f.instruction } : undefined;
      let instText: string | undefined;
      let body = Uint8Array.from(f.body);
      const edits = 1 + rnd.int(3);
      for (let e = 0; e < edits; e++) {
        const k = rnd.pick(KEYS).toLowerCase();
        switch (rnd.int(6)) {
          case 0:
            delete md[k];
            break;
          case 1: {
            const val = rnd.pick(VALUES);
            md[k] = typeof val === 'string' ? val : JSON.stringify(val);
            break;
          }
          case 2:
            if (inst) {
              if (rnd.int(2) === 0) delete inst[rnd.pick(KEYS)];
              else inst[rnd.pick(KEYS)] = rnd.pick(VALUES);
            } else md[k] = rnd.pick(['AAAA', '{}', '']);
            break;
          case 3:
            instText = rnd.pick(['', '{}', 'null', '[]', '"x"', '{"x-amz-key-v2":', '{"x-amz-iv": null}', JSON.stringify(f.instruction ?? {}).slice(0, 20)]);
            break;
          case 4:
            body[rnd.int(body.length)]! ^= 1 << rnd.int(8);
            break;
          default:
            body = body.subarray(0, rnd.int(body.length + 1));
        }
      }
      const key = `f/${t}`;
      const text = instText ?? (inst ? JSON.stringify(inst) : undefined);
      if (text !== undefined) await store.put('b', `${key}.instruction`, new TextEncoder().encode(text));
      await store.put('b', key, body, { metadata: md });
      let outcome: string;
      try {
        // With the CBC opt-in, so the cases reach the envelope checks behind it.
        const r = await openObject(store, kms, 'b', key, { principal: 'alice', expectClientSide: true, policy: { allowLegacyCse: true } });
        const same = Buffer.from(r.plaintext).equals(Buffer.from(PLAINTEXT));
        // CBC cannot detect an in-place flip; every other read must be the original.
        if (!same) expect(f.metadata['x-amz-cek-alg'], `case ${t}: altered plaintext from ${f.name}`).toBe('AES/CBC/PKCS5Padding');
        outcome = same ? 'original' : 'cbc-unauthenticated';
      } catch (e) {
        if (!(e instanceof AegisError)) throw new Error(`case ${t} (${f.name}): ${String(e)}`);
        expect(TYPED.has(e.code), `case ${t}: ${e.code} ${e.message}`).toBe(true);
        expect(e.message).toContain(`s3://b/${key}`);
        expect(e.message.length).toBeLessThan(2000);
        for (const form of keyForms(f.dataKey)) expect(e.message).not.toContain(form);
        outcome = e.code;
      }
      tally.set(outcome, (tally.get(outcome) ?? 0) + 1);
      await store.delete('b', key);
      if (text !== undefined) await store.delete('b', `${key}.instruction`);
    }
    console.log(`envelope fuzzing: ${CASES} cases — ${[...tally.entries()].sort().map(([k, v]) => `${k} ${v}`).join(', ')}`);
    expect(tally.get('DECRYPTION_FAILED')).toBeGreaterThan(CASES / 10);
    expect(tally.get('original')).toBeGreaterThan(0);
  }, 300_000);
});
