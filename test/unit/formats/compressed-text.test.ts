/**
 * Compressed text objects decode as streams: gzip (single and multi-member), zlib `.deflate` and
 * zstd (DuckDB-written, multi-frame, hand-built raw/RLE frames) give exactly the rows of the
 * uncompressed bytes — and the rows DuckDB reads from the same files — across window boundaries,
 * with records (and quoted multi-line OpenCSV fields) cut anywhere by chunking. Corrupt and
 * truncated streams are BAD_DATA naming the object; a record longer than 32 MiB is BAD_DATA, not
 * an unbounded buffer; a zstd frame asking for a huge window is NOT_SUPPORTED.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AegisError } from '../../../src/errors.js';
import type { FormatKind, TableColumn } from '../../../src/formats/format.js';
import { MAX_RECORD_BYTES } from '../../../src/formats/text/text-windows.js';
import { T } from '../../../src/types/sql-type.js';
import type { Value } from '../../../src/types/value.js';
import { DuckOracle } from '../../util/duckdb-oracle.js';
import { decodeObjectBytes, rowsOf } from './decode-helpers.js';
import { prng } from './prng.js';

const cols: TableColumn[] = [
  { name: 'id', type: T.integer },
  { name: 'name', type: T.varchar },
  { name: 'v', type: T.bigint },
];
const comma = { 'field.delim': ',' };

function decode(format: FormatKind, uri: string, bytes: Uint8Array, properties: Record<string, string> = comma, columns = cols): Promise<Value[][]> {
  return rowsOf(decodeObjectBytes({ format, uri, columns, projection: columns.map((_, i) => i), properties, bytes }));
}

async function decodeError(format: FormatKind, uri: string, bytes: Uint8Array, properties: Record<string, string> = comma): Promise<AegisError> {
  try {
    await decode(format, uri, bytes, properties);
  } catch (e) {
    if (e instanceof AegisError) return e;
    throw e;
  }
  throw new Error(`expected ${uri} to fail`);
}

/** A zstd frame of raw blocks (≤ 128 KiB each) holding `data`, as the format spec lays it out. */
function zstdRawFrame(data: Uint8Array): Buffer {
  const parts: Buffer[] = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 7 << 3])]; // 128 KiB window
  const BLOCK = 128 * 1024;
  for (let p = 0; p < data.length || p === 0; p += BLOCK) {
    const n = Math.min(BLOCK, data.length - p);
    const last = p + BLOCK >= data.length ? 1 : 0;
    const h = (n << 3) | last;
    parts.push(Buffer.from([h & 0xff, (h >> 8) & 0xff, (h >> 16) & 0xff]), Buffer.from(data.subarray(p, p + n)));
    if (data.length === 0) break;
  }
  return Buffer.concat(parts);
}

/** `data` cut at `cuts` and each piece gzipped: a valid multi-member gzip object. */
function multiMemberGzip(data: Uint8Array, cuts: number[]): Buffer {
  const bounds = [0, ...cuts, data.length];
  return Buffer.concat(bounds.slice(1).map((end, i) => gzipSync(data.subarray(bounds[i]!, end))));
}

let dir: string;
let duck: DuckOracle;
let plainCsv: Buffer;
let plainJson: Buffer;
let expected: Value[][];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aegis-compressed-'));
  duck = await DuckOracle.open();
  // ~1.5 MB of CSV: several 256 KiB windows, so records are cut at all kinds of positions.
  await duck.run(`CREATE TABLE t AS SELECT i::INTEGER AS id, 'name_' || (i * 7 % 1000) || repeat('é', (i % 13)::INTEGER) AS name, ((i * 3) % 10007)::BIGINT AS v FROM range(60000) r(i)`);
  for (const [file, opts] of [
    ['t.csv', "FORMAT csv, HEADER false"],
    ['t.csv.gz', "FORMAT csv, HEADER false, COMPRESSION gzip"],
    ['t.csv.zst', "FORMAT csv, HEADER false, COMPRESSION zstd"],
    ['t.json', 'FORMAT json'],
    ['t.json.gz', 'FORMAT json, COMPRESSION gzip'],
    ['t.json.zst', 'FORMAT json, COMPRESSION zstd'],
  ] as const) {
    await duck.run(`COPY (SELECT * FROM t ORDER BY id) TO '${join(dir, file)}' (${opts})`);
  }
  await duck.run(`COPY (SELECT * FROM t WHERE id < 8000 ORDER BY id) TO '${join(dir, 'small.csv.zst')}' (FORMAT csv, HEADER false, COMPRESSION zstd)`);
  plainCsv = readFileSync(join(dir, 't.csv'));
  plainJson = readFileSync(join(dir, 't.json'));
  expected = (await duck.query('SELECT id, name, v FROM t ORDER BY id')).rows.map((r) => [
    (r[0] as { approx: number }).approx,
    (r[1] as { v: string }).v,
    BigInt((r[2] as { approx: number }).approx),
  ]);
}, 120_000);
afterAll(() => {
  duck?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('compressed text objects', () => {
  it('CSV (LazySimpleSerDe): gzip, zstd and deflate give the rows of the plain object and of DuckDB', async () => {
    const plain = await decode('lazy-simple', 's3://b/t/t.csv', plainCsv);
    expect(plain).toHaveLength(60000);
    expect(plain).toEqual(expected);
    const duckGz = readFileSync(join(dir, 't.csv.gz'));
    const duckZst = readFileSync(join(dir, 't.csv.zst'));
    expect(duckZst.readUInt32LE(0)).toBe(0xfd2fb528); // really zstd, written by DuckDB
    expect(await decode('lazy-simple', 's3://b/t/t.csv.gz', duckGz)).toEqual(expected);
    expect(await decode('lazy-simple', 's3://b/t/t.csv.zst', duckZst)).toEqual(expected);
    expect(await decode('lazy-simple', 's3://b/t/t.csv.zstd', duckZst)).toEqual(expected);
    expect(await decode('lazy-simple', 's3://b/t/t.csv.gz', gzipSync(plainCsv))).toEqual(expected);
    expect(await decode('lazy-simple', 's3://b/t/t.deflate', deflateSync(plainCsv))).toEqual(expected);
    // The header is skipped once, at the start of the stream, not at the start of every window.
    const withHeader = Buffer.concat([Buffer.from('id,name,v\n'), plainCsv]);
    expect(await decode('lazy-simple', 's3://b/t/h.csv.gz', gzipSync(withHeader), { ...comma, 'skip.header.line.count': '1' })).toEqual(expected);
  }, 60_000);

  it('JSON lines (Hive and OpenX): gzip and zstd give the rows of the plain object and of DuckDB', async () => {
    expect(await decode('hive-json', 's3://b/t/t.json', plainJson, {})).toEqual(expected);
    for (const serde of ['hive-json', 'openx-json'] as const) {
      expect(await decode(serde, 's3://b/t/t.json.gz', readFileSync(join(dir, 't.json.gz')), {})).toEqual(expected);
      expect(await decode(serde, 's3://b/t/t.json.zst', readFileSync(join(dir, 't.json.zst')), {})).toEqual(expected);
    }
  }, 60_000);

  it('reads multi-member gzip and multi-frame zstd cut anywhere, even inside a record or a character', async () => {
    const n = plainCsv.length;
    // 'é' is two bytes: an odd cut right after one lands inside it.
    const cuts = [1, 17, Math.floor(n / 3), plainCsv.indexOf('é') + 1, Math.floor(n / 2) + 5, n - 2].sort((a, b) => a - b);
    expect(await decode('lazy-simple', 's3://b/t/m.csv.gz', multiMemberGzip(plainCsv, cuts))).toEqual(expected);
    const bounds = [0, ...cuts, n];
    const frames = bounds.slice(1).map((end, i) => zstdRawFrame(plainCsv.subarray(bounds[i]!, end)));
    // A skippable frame between data frames is allowed by the format.
    const skippable = Buffer.from([0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 1, 2, 3]);
    const multi = Buffer.concat([frames[0]!, skippable, ...frames.slice(1), readFileSync(join(dir, 't.csv.zst'))]);
    expect(await decode('lazy-simple', 's3://b/t/m.csv.zst', multi)).toEqual([...expected, ...expected]);
  }, 60_000);

  it('OpenCSV quoted fields with line breaks survive window boundaries; error lines are counted across windows', async () => {
    const rows: string[] = [];
    const want: Value[][] = [];
    for (let i = 0; i < 40000; i++) {
      const text = i % 5 === 0 ? `multi\nline ${i}, "quoted"` : `plain ${i}`;
      rows.push(`${i},"${text.replace(/"/g, '""')}"\n`);
      want.push([i, text]);
    }
    const ocols: TableColumn[] = [{ name: 'id', type: T.integer }, { name: 's', type: T.varchar }];
    const csv = Buffer.from(rows.join(''));
    expect(csv.length).toBeGreaterThan(3 * 256 * 1024);
    const open = (uri: string, b: Uint8Array): Promise<Value[][]> => decode('open-csv', uri, b, {}, ocols);
    expect(await open('s3://b/o/a.csv', csv)).toEqual(want);
    expect(await open('s3://b/o/a.csv.gz', gzipSync(csv))).toEqual(want);
    expect(await open('s3://b/o/a.csv.zst', zstdRawFrame(csv))).toEqual(want);
    // A bad value near the end: the line named is the same whether the object is compressed.
    const bad = Buffer.concat([csv, Buffer.from('x,"y"\n')]);
    const plainErr = await decodeError('open-csv', 's3://b/o/bad.csv', bad, {});
    const gzErr = await decodeError('open-csv', 's3://b/o/bad.csv.gz', gzipSync(bad), {});
    expect(plainErr.code).toBe('BAD_DATA');
    expect(plainErr.message).toContain(`line ${40000 + 8000 + 1}`); // every fifth record holds one line break
    expect(gzErr.message).toBe(plainErr.message.replace('bad.csv', 'bad.csv.gz'));
  }, 60_000);

  it('records longer than a window are carried whole; one longer than 32 MiB is BAD_DATA', async () => {
    const long = 'x'.repeat(700 * 1024);
    const text = Buffer.from(`1,${long},2\n3,short,4\n5,${long}${long},6`);
    const want = [[1, long, 2n], [3, 'short', 4n], [5, long + long, 6n]];
    expect(await decode('lazy-simple', 's3://b/l/a.csv.gz', gzipSync(text))).toEqual(want);
    expect(await decode('lazy-simple', 's3://b/l/a.csv.zst', zstdRawFrame(text))).toEqual(want);

    const endless = Buffer.concat([Buffer.from('1,a,2\n'), Buffer.alloc(MAX_RECORD_BYTES + 1024 * 1024, 0x61)]);
    for (const [uri, bytes] of [['s3://b/l/endless.csv.gz', gzipSync(endless)], ['s3://b/l/endless.csv.zst', zstdRawFrame(endless)]] as const) {
      const e = await decodeError('lazy-simple', uri, bytes);
      expect(e.code).toBe('BAD_DATA');
      expect(e.message).toContain(uri);
      expect(e.message).toContain('byte offset 6 ');
      expect(e.message).toContain('longer than 33554432 bytes');
    }
  }, 60_000);

  it('corrupt or truncated gzip, deflate and zstd are BAD_DATA naming the object', async () => {
    const gz = gzipSync(plainCsv);
    const flipped = Buffer.from(gz);
    for (let i = 1000; i < 1100; i++) flipped[i] ^= 0x5a;
    const zst = readFileSync(join(dir, 't.csv.zst'));
    const zstFlipped = Buffer.from(zst);
    for (let i = 40; i < 400; i++) zstFlipped[i] ^= 0xa5;
    const cases: [string, Uint8Array][] = [
      ['s3://b/c/flipped.csv.gz', flipped],
      ['s3://b/c/truncated.csv.gz', gz.subarray(0, gz.length - 100)],
      ['s3://b/c/empty.csv.gz', new Uint8Array(0)],
      ['s3://b/c/plain-text.csv.gz', Buffer.from('1,a,2\n')],
      ['s3://b/c/truncated.deflate', deflateSync(plainCsv).subarray(0, 5000)],
      ['s3://b/c/truncated.csv.zst', zst.subarray(0, zst.length - 100)],
      ['s3://b/c/flipped.csv.zst', zstFlipped],
      ['s3://b/c/plain-text.csv.zst', Buffer.from('1,a,2\n3,b,4\n')],
      ['s3://b/c/bad-block.csv.zst', Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x38, 0x07, 0, 0])], // reserved block type
      // An RLE block claiming 2 MiB - 1 of content from one byte: over the format's 128 KiB cap.
      ['s3://b/c/big-rle.csv.zst', Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x38, 0xfb, 0xff, 0xff, 0x61])],
    ];
    for (const [uri, bytes] of cases) {
      const e = await decodeError('lazy-simple', uri, bytes);
      expect(e.code, `${uri}: ${e.message}`).toBe('BAD_DATA');
      expect(e.message).toContain(uri);
    }
    // The same for JSON and OpenCSV: the stream fails before any decoder rule is involved.
    expect((await decodeError('hive-json', 's3://b/c/x.json.gz', flipped, {})).code).toBe('BAD_DATA');
    expect((await decodeError('open-csv', 's3://b/c/x.csv.zst', zstFlipped, {})).code).toBe('BAD_DATA');
  }, 60_000);

  it('mutated gzip and zstd objects decode to rows or fail with BAD_DATA naming the object, never anything else', async () => {
    const small = plainCsv.subarray(0, plainCsv.indexOf(10, 200_000) + 1);
    const rows = await decode('lazy-simple', 's3://b/f/x.csv', small);
    const seeds: [string, Buffer][] = [
      ['s3://b/f/x.csv.gz', gzipSync(small)],
      ['s3://b/f/x.csv.zst', zstdRawFrame(small)],
      ['s3://b/f/d.csv.zst', readFileSync(join(dir, 'small.csv.zst'))],
    ];
    const rnd = prng(0x2b5f);
    const tally = new Map<string, number>();
    for (let t = 0; t < 300; t++) {
      const [uri, original] = seeds[t % seeds.length]!;
      const b = Buffer.from(original);
      for (let k = 0; k < 1 + rnd.int(3); k++) {
        // Headers and block boundaries matter most: aim half the mutations at the first bytes.
        const i = rnd.int(2) === 0 ? rnd.int(Math.min(64, b.length)) : rnd.int(b.length);
        b[i]! ^= 1 << rnd.int(8);
      }
      const cut = rnd.int(4) === 0 ? b.subarray(0, rnd.int(b.length)) : b;
      let outcome: string;
      try {
        const got = await decode('lazy-simple', uri, cut);
        outcome = got.length === rows.length ? 'rows' : 'other rows';
      } catch (e) {
        expect(e, String(e)).toBeInstanceOf(AegisError);
        const ae = e as AegisError;
        expect(['BAD_DATA', 'NOT_SUPPORTED'], ae.message).toContain(ae.code);
        expect(ae.message).toContain(uri);
        outcome = ae.code;
      }
      tally.set(outcome, (tally.get(outcome) ?? 0) + 1);
    }
    // Most mutations are caught (gzip's CRC, zstd's structure); the tally shows the spread.
    expect(tally.get('BAD_DATA') ?? 0).toBeGreaterThan(100);
  }, 120_000);

  it('refuses zstd frames that need a window over 128 MiB or a dictionary, and codecs aegis lacks', async () => {
    const hugeWindow = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 18 << 3, 0x01, 0, 0]); // 256 MiB window, empty last block
    const e = await decodeError('lazy-simple', 's3://b/z/huge.csv.zst', hugeWindow);
    expect(e.code).toBe('NOT_SUPPORTED');
    expect(e.message).toContain('268435456-byte window');
    const dict = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x01, 7 << 3, 0x2a, 0x01, 0, 0]);
    expect((await decodeError('lazy-simple', 's3://b/z/dict.csv.zst', dict)).code).toBe('NOT_SUPPORTED');
    for (const ext of ['bz2', 'lz4', 'snappy', 'lzo']) {
      expect((await decodeError('lazy-simple', `s3://b/z/a.csv.${ext}`, plainCsv)).code).toBe('NOT_SUPPORTED');
    }
  });
});
