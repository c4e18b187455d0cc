import { describe, expect, it } from 'vitest';
import { AegisError, isAegisError } from '../../../src/errors.js';
import type { TableColumn } from '../../../src/formats/format.js';
import { decodeOpenCsv } from '../../../src/formats/text/open-csv-decoder.js';
import { writeCsv } from '../../../src/formats/text/text-writer.js';
import { batchFromRows } from '../../../src/types/batch.js';
import { T, type SqlType } from '../../../src/types/sql-type.js';
import { rowsOf, textRequest } from './decode-helpers.js';

const col = (name: string, type: SqlType): TableColumn => ({ name, type });

async function catchErr(f: () => unknown): Promise<AegisError> {
  try {
    await f();
  } catch (e) {
    if (e instanceof AegisError) return e;
    throw e;
  }
  throw new Error('expected an AegisError');
}

describe('OpenCSVSerde decoding', () => {
  const cols = [
    col('s', T.varchar), col('i', T.integer), col('b', T.boolean), col('d', T.double),
    col('ts', { kind: 'timestamp', precision: 3 }), col('dt', T.date), col('m', T.decimal(6, 2)),
  ];

  it('parses declared types from strings as Athena documents', async () => {
    const text = 'name,i,b,d,ts,dt,m\n"a, ""b""",42,true,2.5,1579059880000,18276,12.345\n"",-1,FALSE,1e2,0,2020-01-15,-0.5\nshort\n';
    const rows = await rowsOf(decodeOpenCsv(textRequest(cols, text, { 'skip.header.line.count': '1' })));
    expect(rows).toEqual([
      ['a, "b"', 42, true, 2.5, 1579059880000000, 18276, 1235n],
      ['', -1, false, 100, 0, 18276, -50n],
      ['short', null, null, null, null, null, null],
    ]);
  });

  it('raises BAD_DATA naming the object, line and column for empty or invalid non-string fields', async () => {
    const e = await catchErr(() => rowsOf(decodeOpenCsv(textRequest(cols, 'a,1,true,1,0,0,1\nb,,true,1,0,0,1\n'))));
    expect(e.code).toBe('BAD_DATA');
    expect(e.message).toContain("column 'i'");
    expect(e.message).toContain('line 2 of s3://bucket/t/data.txt');
    const ts = await catchErr(() => rowsOf(decodeOpenCsv(textRequest(cols, 'a,1,true,1,2020-01-15 03:44:40,0,1\n'))));
    expect(isAegisError(ts, 'BAD_DATA')).toBe(true);
    const lenient = { 'use.null.for.invalid.data': 'true' };
    expect(await rowsOf(decodeOpenCsv(textRequest(cols, 'a,x,maybe,,2020-01-15 03:44:40,bad,1e9\n', lenient)))).toEqual([
      ['a', null, null, null, null, null, null],
    ]);
  });

  it('honours separatorChar/quoteChar/escapeChar and round-trips writeCsv', async () => {
    const props = { separatorChar: '|', quoteChar: "'", escapeChar: '\\' };
    const c2 = [col('s', T.varchar), col('n', T.bigint), col('ts', { kind: 'timestamp', precision: 3 }), col('dt', T.date), col('b', T.varbinary)];
    const rows = [
      ["it's | \\ \"x\"\nnext", 9007199254740993n, 1579059880123000, 18276, Uint8Array.of(0, 255, 7)],
      ['', -1n, 0, -1, new Uint8Array(0)],
    ];
    const bytes = writeCsv(c2, [batchFromRows(c2.map((c) => c.type), rows)], { serde: 'open-csv', properties: props, header: true });
    const back = await rowsOf(decodeOpenCsv(textRequest(c2, bytes, { ...props, 'skip.header.line.count': '1' })));
    expect(back).toEqual(rows);
  });

  it('refuses nested column types', async () => {
    const e = await catchErr(() => rowsOf(decodeOpenCsv(textRequest([col('a', T.array(T.integer))], '1\n'))));
    expect(e.code).toBe('NOT_SUPPORTED');
  });
});

describe('OpenCSVSerde over a window of an object', () => {
  it('reports object offsets and skips the header only in the window that starts the object', async () => {
    const cols = [col('s', T.varchar), col('n', T.bigint)];
    const whole = 'h1,h2\na,1\nb,\n';
    const window = new TextEncoder().encode(whole.slice(5)); // "\na,1\nb,\n", object offset 5
    const props = { 'skip.header.line.count': '1' };
    const e = await catchErr(() => rowsOf(decodeOpenCsv(textRequest(cols, window, props, { bytesOffset: 5, range: { start: 1, end: window.length } }))));
    expect(e.code).toBe('BAD_DATA');
    expect(e.message).toContain('byte offset 10 of s3://bucket/t/data.txt');
    const ok = await rowsOf(decodeOpenCsv(textRequest(cols, 'a,1\n', props, { bytesOffset: 6, range: { start: 0, end: 4 } })));
    expect(ok).toEqual([['a', 1n]]);
  });
});
