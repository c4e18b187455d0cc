/**
 * The tamper suite: what someone who can write the bucket — with no KMS rights at all — can do
 * to the objects of encrypted tables, and what aegis answers. Byte flips, truncations and appends
 * of the ciphertext; edits and deletions of the envelope metadata and of instruction files
 * (`{}`, `null`, null values, malformed JSON); plaintext and SSE-only overwrites and additions in
 * `has_encrypted_data` tables; legacy AES-CBC objects with and without the opt-in; swaps and
 * copies of whole objects (body, metadata and instruction file) between keys of one table and
 * across tables, which the `aegis:object` binding in the KMS context turns into DECRYPTION_FAILED.
 *
 * Every case either reads the original data or fails with a typed error naming an object of the
 * table, and no rows. Each case starts from the pristine objects and runs two queries (all rows,
 * and count(*)). The count is printed. Run over a LocalStore warehouse and over Ceph RGW with
 * moto's KMS.
 *
 * The objects are sealed as `aegis object put --cse-kms` writes them: bound to their location.
 * Not covered here (their fixes live elsewhere): LocalStore's own index and at-rest files.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AegisRuntime } from '../../../src/api/open-engine.js';
import { boundContext } from '../../../src/crypto/object-binding.js';
import { seal } from '../../../src/crypto/seal.js';
import { AegisError } from '../../../src/errors.js';
import { writeParquet } from '../../../src/formats/parquet/parquet-writer.js';
import type { SseRequest } from '../../../src/storage/object-store.js';
import { batchFromRows } from '../../../src/types/batch.js';
import { T } from '../../../src/types/sql-type.js';
import type { Value } from '../../../src/types/value.js';
import { legacyKms } from '../../fixtures/crypto/cse-fixtures.js';
import { aegis, buildCli } from '../../unit/cli/run-cli.js';
import { openLocal, openRgw, servers } from './tpch-fixture.js';

const enc = (s: string) => new TextEncoder().encode(s);
const COLS_DDL = 'id int, name string, amount decimal(10,2)';
const csvOf = (from: number, to: number) => enc(Array.from({ length: to - from }, (_, k) => `${from + k},name_${from + k},${from + k}.25\n`).join(''));
const PQ_COLS = [{ name: 'id', type: T.integer }, { name: 'name', type: T.varchar }, { name: 'amount', type: T.decimal(10, 2) }];
const parquetOf = (from: number, to: number) =>
  writeParquet(PQ_COLS, [batchFromRows(PQ_COLS.map((c) => c.type), Array.from({ length: to - from }, (_, k): Value[] => [from + k, `name_${from + k}`, BigInt((from + k) * 100 + 25)]))], { rowGroupSize: 40 });

/** One object of a table, as written: what every case is restored to. */
interface Pristine {
  table: string;
  key: string;
  body: Uint8Array;
  metadata: Record<string, string>;
  /** The instruction file's JSON, when the envelope lives there. */
  instruction?: Record<string, string>;
  /** The object's plaintext (for plaintext overwrites). */
  plaintext: Uint8Array;
  /** The table's other object (for swaps), restored with this one. */
  sibling?: Pristine;
}

interface Setup {
  rt: AegisRuntime;
  bucket: string;
  keyArn: string;
  /** How a plaintext SSE-KMS overwrite is stored. */
  sseKms: SseRequest;
  targets: Record<'meta' | 'instr' | 'pq' | 'cbc' | 'cbcDefault', Pristine>;
  /** Every table's rows as first read (the "original data"). */
  baseline: Map<string, { rows: Value[][]; count: Value[][] }>;
}

type Mutation = (s: Setup, t: Pristine) => Promise<void>;
interface Case {
  name: string;
  target: keyof Setup['targets'];
  mutate: Mutation;
  /** The one acceptable outcome, when it is known; otherwise original data or any typed refusal. */
  expect?: 'original' | string;
}

/**
 * Codes a refusal may carry: typed, about the object. Never INTERNAL_ERROR. (moto's KMS answers
 * AccessDenied, not InvalidCiphertext, for a wrapped key whose key-id bytes were altered.)
 */
const REFUSALS = new Set(['DECRYPTION_FAILED', 'INVALID_CIPHERTEXT', 'ACCESS_DENIED', 'ENCRYPTION_REQUIRED', 'UNSUPPORTED_ENCRYPTION', 'BAD_DATA', 'PRECONDITION_FAILED']);

async function putInstruction(s: Setup, key: string, body: string): Promise<void> {
  await s.rt.store.put(s.bucket, `${key}.instruction`, enc(body), { metadata: { 'x-amz-crypto-instr-file': '' } });
}

async function deleteQuietly(s: Setup, key: string): Promise<void> {
  try {
    await s.rt.store.delete(s.bucket, key);
  } catch {
    // already gone
  }
}

/** Writes `p` (body, metadata, instruction file) at `key`, as a copy with all its parts. */
async function putAt(s: Setup, key: string, p: Pristine): Promise<void> {
  await deleteQuietly(s, `${key}.instruction`);
  if (p.instruction) await putInstruction(s, key, JSON.stringify(p.instruction));
  await s.rt.store.put(s.bucket, key, p.body, { metadata: p.metadata });
}

async function restore(s: Setup, t: Pristine): Promise<void> {
  await putAt(s, t.key, t);
  if (t.sibling) await putAt(s, t.sibling.key, t.sibling);
  await deleteQuietly(s, `${t.table}/extra-plain.csv`);
}

const withBody = (f: (b: Uint8Array) => Uint8Array): Mutation => async (s, t) => {
  await s.rt.store.put(s.bucket, t.key, f(Uint8Array.from(t.body)), { metadata: t.metadata });
};
const withMetadata = (f: (md: Record<string, string>) => Record<string, string>): Mutation => async (s, t) => {
  await s.rt.store.put(s.bucket, t.key, t.body, { metadata: f({ ...t.metadata }) });
};
const withInstruction = (body: (i: Record<string, string>) => string): Mutation => async (s, t) => {
  await putInstruction(s, t.key, body({ ...t.instruction! }));
};
const flip = (i: (n: number) => number): ((b: Uint8Array) => Uint8Array) => (b) => {
  const k = i(b.length);
  b[k] = b[k]! ^ 0x01;
  return b;
};
function flipB64(v: string, i: number): string {
  const b = Buffer.from(v, 'base64');
  b[i % b.length] = b[i % b.length]! ^ 0x01;
  return b.toString('base64');
}

function bodyCases(target: Case['target']): Case[] {
  const out: Case[] = [];
  for (const [what, at] of [['first', () => 0], ['second', () => 1], ['middle', (n: number) => n >> 1], ['last ciphertext', (n: number) => n - 17], ['first tag', (n: number) => n - 16], ['last', (n: number) => n - 1]] as const) {
    out.push({ name: `flip the ${what} byte`, target, mutate: withBody(flip(at)), expect: 'DECRYPTION_FAILED' });
  }
  for (const [what, len] of [['0', () => 0], ['1', () => 1], ['16', () => 16], ['len-16', (n: number) => n - 16], ['len-1', (n: number) => n - 1]] as const) {
    out.push({ name: `truncate to ${what} bytes`, target, mutate: withBody((b) => b.subarray(0, len(b.length))) });
  }
  out.push({ name: 'append a byte', target, mutate: withBody((b) => Buffer.concat([b, new Uint8Array(1)])) });
  out.push({ name: 'append a block', target, mutate: withBody((b) => Buffer.concat([b, new Uint8Array(16).fill(7)])) });
  out.push({ name: 'append the object to itself', target, mutate: withBody((b) => Buffer.concat([b, b])) });
  out.push({ name: 'swap the two halves of the body', target, mutate: withBody((b) => Buffer.concat([b.subarray(b.length >> 1), b.subarray(0, b.length >> 1)])) });
  out.push({ name: 'plaintext body under the original envelope', target, mutate: async (s, t) => {
    await s.rt.store.put(s.bucket, t.key, t.plaintext, { metadata: t.metadata });
  } });
  return out;
}

function plaintextCases(target: Case['target']): Case[] {
  return [
    { name: 'overwritten with plaintext, no metadata', target, expect: 'ENCRYPTION_REQUIRED', mutate: async (s, t) => {
      await deleteQuietly(s, `${t.key}.instruction`);
      await s.rt.store.put(s.bucket, t.key, t.plaintext);
    } },
    { name: 'overwritten with plaintext, SSE-S3', target, expect: 'ENCRYPTION_REQUIRED', mutate: async (s, t) => {
      await deleteQuietly(s, `${t.key}.instruction`);
      await s.rt.store.put(s.bucket, t.key, t.plaintext, { sse: { mode: 'SSE_S3' } });
    } },
    { name: 'overwritten with plaintext, SSE-KMS', target, expect: 'ENCRYPTION_REQUIRED', mutate: async (s, t) => {
      await deleteQuietly(s, `${t.key}.instruction`);
      await s.rt.store.put(s.bucket, t.key, t.plaintext, { sse: s.sseKms });
    } },
    { name: 'overwritten with plaintext, the instruction file left behind', target, mutate: async (s, t) => {
      if (!t.instruction) await putInstruction(s, t.key, JSON.stringify(s.targets.instr.instruction));
      await s.rt.store.put(s.bucket, t.key, t.plaintext);
    } },
    { name: 'overwritten with plaintext carrying a stray x-amz-iv', target, expect: 'DECRYPTION_FAILED', mutate: async (s, t) => {
      await deleteQuietly(s, `${t.key}.instruction`);
      await s.rt.store.put(s.bucket, t.key, t.plaintext, { metadata: { 'x-amz-iv': 'AAAAAAAAAAAAAAAA' } });
    } },
    { name: 'a plaintext object added to the table', target, expect: 'ENCRYPTION_REQUIRED', mutate: async (s, t) => {
      await s.rt.store.put(s.bucket, `${t.table}/extra-plain.csv`, t.plaintext);
    } },
  ];
}

function metadataCases(target: Case['target'], md: Record<string, string>): Case[] {
  const out: Case[] = [];
  for (const k of Object.keys(md)) {
    const optional = k === 'x-amz-tag-len' || k === 'x-amz-unencrypted-content-length';
    out.push({ name: `delete ${k}`, target, ...(optional ? { expect: 'original' } : {}), mutate: withMetadata((m) => {
      delete m[k];
      return m;
    }) });
    out.push({ name: `empty ${k}`, target, mutate: withMetadata((m) => ({ ...m, [k]: '' })) });
  }
  const specials: [string, (m: Record<string, string>) => Record<string, string>, string?][] = [
    ['cek-alg relabelled CBC', (m) => ({ ...m, 'x-amz-cek-alg': 'AES/CBC/PKCS5Padding' }), 'UNSUPPORTED_ENCRYPTION'],
    ['wrap-alg relabelled legacy kms', (m) => ({ ...m, 'x-amz-wrap-alg': 'kms' })],
    ['wrap-alg relabelled AESWrap', (m) => ({ ...m, 'x-amz-wrap-alg': 'AESWrap' }), 'UNSUPPORTED_ENCRYPTION'],
    ['matdesc {}', (m) => ({ ...m, 'x-amz-matdesc': '{}' })],
    ['matdesc null', (m) => ({ ...m, 'x-amz-matdesc': 'null' }), 'DECRYPTION_FAILED'],
    ['matdesc with an extra context key', (m) => ({ ...m, 'x-amz-matdesc': JSON.stringify({ ...JSON.parse(m['x-amz-matdesc']!), tenant: 'other' }) })],
    ['iv flipped', (m) => ({ ...m, 'x-amz-iv': flipB64(m['x-amz-iv']!, 3) }), 'DECRYPTION_FAILED'],
    ['wrapped key flipped', (m) => ({ ...m, 'x-amz-key-v2': flipB64(m['x-amz-key-v2']!, 40) })],
    ['tag length 96', (m) => ({ ...m, 'x-amz-tag-len': '96' }), 'DECRYPTION_FAILED'],
    ['plaintext length + 1', (m) => ({ ...m, 'x-amz-unencrypted-content-length': String(Number(m['x-amz-unencrypted-content-length']) + 1) }), 'DECRYPTION_FAILED'],
    ['every envelope key stripped', () => ({}), 'ENCRYPTION_REQUIRED'],
    ['only x-amz-key-v2 left', (m) => ({ 'x-amz-key-v2': m['x-amz-key-v2']! }), 'DECRYPTION_FAILED'],
  ];
  for (const [name, f, code] of specials) out.push({ name, target, mutate: withMetadata(f), ...(code ? { expect: code } : {}) });
  out.push({ name: 'metadata stripped, an instruction file {} added', target, expect: 'DECRYPTION_FAILED', mutate: async (s, t) => {
    await putInstruction(s, t.key, '{}');
    await s.rt.store.put(s.bucket, t.key, t.body);
  } });
  return out;
}

function instructionCases(target: Case['target'], instruction: Record<string, string>): Case[] {
  const out: Case[] = [];
  out.push({ name: 'instruction file deleted', target, expect: 'DECRYPTION_FAILED', mutate: async (s, t) => s.rt.store.delete(s.bucket, `${t.key}.instruction`) });
  for (const body of ['', '{}', 'null', '[]', '"x"', '{"x-amz-key-v2": ', 'not json at all']) {
    out.push({ name: `instruction file ${JSON.stringify(body)}`, target, expect: 'DECRYPTION_FAILED', mutate: withInstruction(() => body) });
  }
  out.push({ name: 'instruction file with every value null', target, expect: 'DECRYPTION_FAILED', mutate: withInstruction((i) => JSON.stringify(Object.fromEntries(Object.keys(i).map((k) => [k, null])))) });
  for (const k of Object.keys(instruction)) {
    const optional = k === 'x-amz-tag-len';
    out.push({ name: `instruction file without ${k}`, target, ...(optional ? { expect: 'original' } : {}), mutate: withInstruction((i) => {
      delete i[k];
      return JSON.stringify(i);
    }) });
    out.push({ name: `instruction file with ${k} null`, target, expect: 'DECRYPTION_FAILED', mutate: withInstruction((i) => JSON.stringify({ ...i, [k]: null })) });
  }
  out.push({ name: 'instruction file iv flipped', target, expect: 'DECRYPTION_FAILED', mutate: withInstruction((i) => JSON.stringify({ ...i, 'x-amz-iv': flipB64(i['x-amz-iv']!, 5) })) });
  out.push({ name: 'instruction file wrapped key flipped', target, mutate: withInstruction((i) => JSON.stringify({ ...i, 'x-amz-key-v2': flipB64(i['x-amz-key-v2']!, 33) })) });
  out.push({ name: 'instruction file matdesc changed', target, mutate: withInstruction((i) => JSON.stringify({ ...i, 'x-amz-matdesc': '{"aws:x-amz-cek-alg":"AES/GCM/NoPadding","x":"y"}' })) });
  out.push({ name: 'object metadata stripped, instruction file intact', target, expect: 'original', mutate: async (s, t) => {
    await s.rt.store.put(s.bucket, t.key, t.body);
  } });
  out.push({ name: 'object metadata stripped, instruction file deleted', target, expect: 'ENCRYPTION_REQUIRED', mutate: async (s, t) => {
    await s.rt.store.delete(s.bucket, `${t.key}.instruction`);
    await s.rt.store.put(s.bucket, t.key, t.body);
  } });
  out.push({ name: 'object metadata stripped, instruction file {}', target, expect: 'DECRYPTION_FAILED', mutate: async (s, t) => {
    await putInstruction(s, t.key, '{}');
    await s.rt.store.put(s.bucket, t.key, t.body);
  } });
  out.push({ name: "the envelope moved from the instruction file into the object's metadata", target, expect: 'original', mutate: async (s, t) => {
    await s.rt.store.delete(s.bucket, `${t.key}.instruction`);
    await s.rt.store.put(s.bucket, t.key, t.body, { metadata: { ...t.metadata, ...t.instruction } });
  } });
  return out;
}

/** Whole objects moved between keys: each still decrypts under its own envelope, bound elsewhere. */
function swapCases(target: Case['target'], other: Case['target']): Case[] {
  return [
    { name: "swapped with the table's other object", target, expect: 'DECRYPTION_FAILED', mutate: async (s, t) => {
      await putAt(s, t.key, t.sibling!);
      await putAt(s, t.sibling!.key, t);
    } },
    { name: "overwritten by a copy of the table's other object", target, expect: 'DECRYPTION_FAILED', mutate: async (s, t) => putAt(s, t.key, t.sibling!) },
    { name: `overwritten by a copy of table ${other}'s object`, target, expect: 'DECRYPTION_FAILED', mutate: async (s, t) => putAt(s, t.key, s.targets[other]) },
    { name: "a copy of the other object with aegis:object edited to this key", target, mutate: async (s, t) => {
      const o = t.sibling!;
      const edit = (md: Record<string, string>) => ({ ...md, 'x-amz-matdesc': JSON.stringify({ ...JSON.parse(md['x-amz-matdesc']!), 'aegis:object': `s3://${s.bucket}/${t.key}` }) });
      await putAt(s, t.key, o.instruction ? { ...o, instruction: edit(o.instruction) } : { ...o, metadata: edit(o.metadata) });
    } },
  ];
}

function cbcCases(): Case[] {
  return [
    { name: 'legacy CBC without the opt-in is refused', target: 'cbcDefault', expect: 'UNSUPPORTED_ENCRYPTION', mutate: async () => {} },
    { name: 'legacy CBC with the opt-in reads (control)', target: 'cbc', expect: 'original', mutate: async () => {} },
    { name: 'legacy CBC wrapped key flipped', target: 'cbc', mutate: withMetadata((m) => ({ ...m, 'x-amz-key-v2': flipB64(m['x-amz-key-v2']!, 30) })) },
    { name: 'legacy CBC key id in matdesc changed', target: 'cbc', mutate: withMetadata((m) => ({ ...m, 'x-amz-matdesc': JSON.stringify({ kms_cmk_id: 'alias/other' }) })) },
    { name: 'legacy CBC relabelled GCM', target: 'cbc', expect: 'DECRYPTION_FAILED', mutate: withMetadata((m) => ({ ...m, 'x-amz-cek-alg': 'AES/GCM/NoPadding' })) },
    { name: 'legacy CBC truncated by one byte', target: 'cbc', expect: 'DECRYPTION_FAILED', mutate: withBody((b) => b.subarray(0, b.length - 1)) },
    { name: 'legacy CBC truncated by one block', target: 'cbc', mutate: withBody((b) => b.subarray(0, b.length - 16)) },
    { name: 'legacy CBC plaintext length changed', target: 'cbc', expect: 'DECRYPTION_FAILED', mutate: withMetadata((m) => ({ ...m, 'x-amz-unencrypted-content-length': '7' })) },
    { name: 'legacy CBC overwritten with plaintext', target: 'cbc', expect: 'ENCRYPTION_REQUIRED', mutate: async (s, t) => {
      await s.rt.store.put(s.bucket, t.key, t.plaintext);
    } },
  ];
}

async function build(rt: AegisRuntime, bucket: string, sseKms: SseRequest): Promise<Setup> {
  const keyArn = (await rt.kms.createKey({ description: 'aegis tamper suite' })).arn;
  const sql = (q: string) => rt.engine.execute(q);
  await sql('CREATE DATABASE tamper');
  const targets = {} as Setup['targets'];
  const sealed = async (table: string, name: string, plaintext: Uint8Array, location: 'metadata' | 'instruction-file'): Promise<Pristine> => {
    const key = `${table}/${name}`;
    const s = await seal(rt.kms, keyArn, plaintext, { envelopeLocation: location, context: boundContext(bucket, key) });
    const p: Pristine = { table, key, body: s.body, metadata: s.metadata, plaintext };
    if (s.instructionFile) p.instruction = JSON.parse(new TextDecoder().decode(s.instructionFile.body)) as Record<string, string>;
    return p;
  };
  const write = async (p: Pristine) => {
    if (p.instruction) await rt.store.put(bucket, `${p.key}.instruction`, enc(JSON.stringify(p.instruction)), { metadata: { 'x-amz-crypto-instr-file': '' } });
    await rt.store.put(bucket, p.key, p.body, { metadata: p.metadata });
  };
  // Each table: the target object and an untouched sibling.
  const withSibling = async (t: Pristine, sibling: Pristine): Promise<Pristine> => {
    await write(sibling);
    return { ...t, sibling };
  };
  targets.meta = await withSibling(await sealed('meta_csv', 'part-0.csv', csvOf(0, 100), 'metadata'), await sealed('meta_csv', 'part-1.csv', csvOf(100, 200), 'metadata'));
  targets.instr = await withSibling(await sealed('instr_csv', 'part-0.csv', csvOf(0, 100), 'instruction-file'), await sealed('instr_csv', 'part-1.csv', csvOf(100, 200), 'instruction-file'));
  targets.pq = await withSibling(await sealed('pq', 'part-0.parquet', parquetOf(0, 100), 'metadata'), await sealed('pq', 'part-1.parquet', parquetOf(100, 200), 'metadata'));
  for (const [name, table] of [['cbc', 'cbc_optin'], ['cbcDefault', 'cbc_default']] as const) {
    const f = await legacyKms(rt.kms, keyArn, csvOf(0, 100), 'CBC');
    targets[name] = { table, key: `${table}/part-0.csv`, body: f.body, metadata: f.metadata, plaintext: csvOf(0, 100) };
    await write(await sealed(table, 'part-1.csv', csvOf(100, 200), 'metadata'));
  }
  for (const t of Object.values(targets)) await write(t);
  const text = "ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' STORED AS TEXTFILE";
  for (const [table, storage, extra] of [
    ['meta_csv', text, ''], ['instr_csv', text, ''], ['pq', 'STORED AS PARQUET', ''],
    ['cbc_optin', text, ", 'aegis.allow_legacy_cse'='true'"], ['cbc_default', text, ''],
  ] as const) {
    await sql(`CREATE EXTERNAL TABLE tamper.${table} (${COLS_DDL}) ${storage} LOCATION 's3://${bucket}/${table}/' TBLPROPERTIES ('has_encrypted_data'='true'${extra})`);
  }
  const s: Setup = { rt, bucket, keyArn, sseKms, targets, baseline: new Map() };
  for (const table of ['meta_csv', 'instr_csv', 'pq', 'cbc_optin']) {
    const rows = (await sql(`SELECT id, name, amount FROM tamper.${table} ORDER BY id`)).rows as Value[][];
    expect(rows, table).toHaveLength(200);
    s.baseline.set(table, { rows, count: (await sql(`SELECT count(*) FROM tamper.${table}`)).rows as Value[][] });
  }
  s.baseline.set('cbc_default', s.baseline.get('cbc_optin')!);
  return s;
}

const CASES: Case[] = [
  ...bodyCases('meta'),
  ...metadataCases('meta', { 'x-amz-key-v2': '', 'x-amz-iv': '', 'x-amz-cek-alg': '', 'x-amz-wrap-alg': '', 'x-amz-matdesc': '', 'x-amz-tag-len': '', 'x-amz-unencrypted-content-length': '' }),
  ...plaintextCases('meta'),
  ...swapCases('meta', 'instr'),
  ...bodyCases('instr'),
  ...instructionCases('instr', { 'x-amz-key-v2': '', 'x-amz-iv': '', 'x-amz-cek-alg': '', 'x-amz-wrap-alg': '', 'x-amz-matdesc': '', 'x-amz-tag-len': '' }),
  ...plaintextCases('instr'),
  ...swapCases('instr', 'meta'),
  ...bodyCases('pq'),
  ...plaintextCases('pq').slice(0, 3),
  { name: 'every envelope key stripped', target: 'pq', expect: 'ENCRYPTION_REQUIRED', mutate: withMetadata(() => ({})) },
  ...swapCases('pq', 'meta'),
  ...cbcCases(),
];

async function runCase(s: Setup, c: Case): Promise<string> {
  const t = s.targets[c.target];
  await restore(s, t);
  await c.mutate(s, t);
  const base = s.baseline.get(t.table)!;
  let outcome: string | undefined;
  try {
    for (const [q, want] of [[`SELECT id, name, amount FROM tamper.${t.table} ORDER BY id`, base.rows], [`SELECT count(*) FROM tamper.${t.table}`, base.count]] as const) {
      let rows: Value[][] | undefined;
      let code: string;
      try {
        rows = (await s.rt.engine.execute(q)).rows as Value[][];
        code = 'original';
      } catch (e) {
        if (!(e instanceof AegisError)) throw new Error(`${c.target}: ${c.name}: ${q}: not a typed error: ${String(e)}`);
        expect(REFUSALS.has(e.code), `${c.target}: ${c.name}: ${e.code} ${e.message}`).toBe(true);
        expect(e.message, `${c.target}: ${c.name}`).toContain(`s3://${s.bucket}/${t.table}/`);
        expect(e.message.length, c.name).toBeLessThan(1000);
        code = e.code;
      }
      if (rows) expect(rows, `${c.target}: ${c.name}: ${q}: different rows`).toEqual(want);
      if (c.expect) expect(code, `${c.target}: ${c.name}: ${q}`).toBe(c.expect);
      // Both queries agree: a tampered object never reads for one and fails for the other.
      if (outcome !== undefined) expect(code, `${c.target}: ${c.name}: outcomes differ`).toBe(outcome);
      outcome = code;
    }
  } finally {
    await restore(s, t);
  }
  return outcome!;
}

function tamperSuite(name: string, get: () => Setup): void {
  it(`every case reads the original data or fails with a typed error and no rows (${CASES.length} cases)`, async () => {
    const s = get();
    const tally = new Map<string, number>();
    const outcomes = new Map<Case, string>();
    for (const c of CASES) {
      const o = await runCase(s, c);
      outcomes.set(c, o);
      tally.set(o, (tally.get(o) ?? 0) + 1);
    }
    const summary = [...tally.entries()].sort().map(([k, v]) => `${k} ${v}`).join(', ');
    console.log(`tamper suite over ${name}: ${CASES.length} cases — ${summary}`);
    expect(CASES.length).toBeGreaterThanOrEqual(80);
    expect(tally.get('original')).toBeGreaterThan(0);
    for (const code of ['DECRYPTION_FAILED', 'ENCRYPTION_REQUIRED', 'UNSUPPORTED_ENCRYPTION']) expect(tally.get(code), code).toBeGreaterThan(0);
    // Swaps and copies of whole objects: never another location's rows.
    const swaps = CASES.filter((c) => /swapped|copy of/.test(c.name));
    console.log(`tamper suite over ${name}: ${swaps.length} swap and copy cases — ${swaps.map((c) => outcomes.get(c)).join(', ')}`);
    expect(swaps.length).toBeGreaterThanOrEqual(12);
    for (const c of swaps) expect(outcomes.get(c), `${c.target}: ${c.name}`).not.toBe('original');
  }, 600_000);
}

/** A LocalStore warehouse holding the suite's tables, built before the suite and removed after. */
function localWarehouse(prefix: string, open: (dir: string) => AegisRuntime): { dir: string; setup: () => Setup } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let s: Setup;
  beforeAll(async () => {
    const rt = open(dir);
    await rt.store.createBucket('lake');
    const cmk = (await rt.kms.createKey({ alias: 'alias/tamper-sse' })).arn;
    s = await build(rt, 'lake', { mode: 'SSE_KMS', kmsKeyId: cmk });
  }, 300_000);
  afterAll(async () => {
    await s?.rt.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { dir, setup: () => s };
}

describe('tamper suite over a LocalStore warehouse', () => {
  const { dir, setup } = localWarehouse('aegis-tamper-', (d) => openLocal(d, 1, { inProcess: true }));

  tamperSuite('LocalStore + LocalKms', setup);

  it('aegis object head and preflight name half envelopes and plaintext overwrites, never "not encrypted"', async () => {
    const s = setup();
    buildCli();
    const flags = ['--warehouse', dir, '--principal', 'analyst', '--region', 'us-east-1'];
    const t = s.targets.instr;
    try {
      await putInstruction(s, t.key, '{}');
      await s.rt.store.put(s.bucket, t.key, t.body);
      const head = aegis(['object', 'head', `s3://${s.bucket}/${t.key}`, ...flags]);
      expect(head.code).not.toBe(0);
      expect(head.stdout).not.toMatch(/not encrypted/);
      expect(head.stderr).toMatch(new RegExp(`^ERROR DECRYPTION_FAILED: s3://${s.bucket}/${t.key}`));
      const pre = aegis(['preflight', 'tamper.instr_csv', ...flags, '--json']);
      const entries = JSON.parse(pre.stdout) as { uri: string; verdict: string; code?: string }[];
      expect(entries.find((e) => e.uri === `s3://${s.bucket}/${t.key}`)).toMatchObject({ verdict: 'refused', code: 'DECRYPTION_FAILED' });
    } finally {
      await restore(s, t);
    }
  }, 300_000);
});

describe('tamper suite over a LocalStore warehouse, objects split and client-side bodies decrypted in parts on 2 threads', () => {
  // Every object is split, so client-side ones are shared by their splits and decrypted in
  // parts (4 per object on 2 threads) whose tags are combined before any row is decoded.
  const { setup } = localWarehouse('aegis-tamper-parts-', (d) =>
    openLocal(d, 2, { parquetSplitBytes: 64, textSplitBytes: 64, inlineScanBytes: 0, csePartBytes: 16 }),
  );

  tamperSuite('LocalStore + LocalKms, parts on 2 threads', setup);

  it('the client-side objects were decrypted in parts on the pool', () => {
    const pool = setup().rt.scan.pool as unknown as { gcmPartsRun: number };
    // Every GCM case reads 4 parts per object and query; well over one part per case.
    expect(pool.gcmPartsRun).toBeGreaterThan(CASES.length * 2);
  });
});

describe.skipIf(!servers.rgw || !servers.moto)('tamper suite over Ceph RGW with moto KMS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-tamper-rgw-'));
  let s: Setup;
  beforeAll(async () => {
    const rt = openRgw(join(dir, 'wh'), 1);
    const bucket = `tamper-${process.pid}-${Date.now() % 1_000_000}`;
    await rt.store.createBucket(bucket);
    s = await build(rt, bucket, { mode: 'SSE_KMS', kmsKeyId: 'testkey-1' });
  }, 300_000);
  afterAll(async () => {
    await s?.rt.close();
    rmSync(dir, { recursive: true, force: true });
  });

  tamperSuite('Ceph RGW + moto KMS', () => s);
});
