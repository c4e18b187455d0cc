import { describe, expect, it } from 'vitest';
import { AegisError } from '../../../src/errors.js';
import type { TableColumn } from '../../../src/formats/format.js';
import { decodeJsonLines } from '../../../src/formats/json/json-decoder.js';
import { JsonNumber, JsonObject, type JsonNode, parseJson, parseProjected } from '../../../src/formats/json/json-parse.js';
import { writeJsonLines } from '../../../src/formats/json/json-writer.js';
import { batchFromRows } from '../../../src/types/batch.js';
import { T, type SqlType } from '../../../src/types/sql-type.js';
import { rowsOf, textRequest } from './decode-helpers.js';
import { ALL_TYPES, allTypesRows } from './all-types.js';
import { prng } from './prng.js';

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

/** JsonNode → plain JS value as JSON.parse would build it. */
function plain(n: JsonNode): unknown {
  if (n instanceof JsonNumber) return Number(n.text);
  if (n instanceof JsonObject) return Object.fromEntries(n.entries.map(([k, v]) => [k, plain(v)]));
  if (Array.isArray(n)) return n.map(plain);
  return n;
}

describe('JSON parser', () => {
  it('agrees with JSON.parse on 3,000 generated documents and keeps number text', () => {
    const rnd = prng(5);
    const gen = (d: number): unknown => {
      const k = rnd.int(d > 3 ? 5 : 7);
      switch (k) {
        case 0: return null;
        case 1: return rnd.next() < 0.5;
        case 2: return rnd.pick([0, -1, 1.5e-7, 123456789, -0.25, 1e21]);
        case 3: return rnd.pick(['', 'a"b', 'é\n\t\\', '😀', '\u0000x', '/']);
        case 4: return rnd.pick(['x', 'y']) + rnd.int(9);
        case 5: return Array.from({ length: rnd.int(4) }, () => gen(d + 1));
        default: return Object.fromEntries(Array.from({ length: rnd.int(4) }, (_, i) => [`k${i}${rnd.pick(['', 'É', '.'])}`, gen(d + 1)]));
      }
    };
    for (let t = 0; t < 3000; t++) {
      const v = gen(0);
      const text = JSON.stringify(v, null, rnd.pick([0, 1, 2]));
      expect(plain(parseJson(text))).toEqual(JSON.parse(text));
    }
    expect((parseJson('{"n": 12345678901234567890.125}') as JsonObject).entries[0]![1]).toEqual(new JsonNumber('12345678901234567890.125'));
    for (const bad of ['{', '{"a":}', '[1,]', '{"a":1}x', "{'a':1}", '01', '"\\x"']) expect(() => parseJson(bad)).toThrow();
  });

  it('parseProjected builds the routed members exactly as parseJson and still validates the rest', () => {
    const rnd = prng(6);
    for (let t = 0; t < 2000; t++) {
      const obj = Object.fromEntries(Array.from({ length: rnd.int(6) }, (_, i) => [`k${i}`, rnd.pick([null, 1.5, 'x"y', [1, { z: [] }], { a: { b: 'c' } }, true])]));
      const text = JSON.stringify(obj);
      const want = new Set(Object.keys(obj).filter(() => rnd.next() < 0.5));
      const keys = [...want];
      const out: JsonNode[] = keys.map(() => null);
      expect(parseProjected(text, (k) => (want.has(k) ? [keys.indexOf(k)] : undefined), out)).toBe(true);
      const full = parseJson(text) as JsonObject;
      expect(out).toEqual(keys.map((k) => full.entries.find(([x]) => x === k)![1]));
    }
    expect(parseProjected('[1]', () => undefined, [])).toBe(false);
    for (const bad of ['{"a":1,"b":[1,}', '{"a":1,"b":{"c" 1}}', '{"a":1,"b":"\\q"}', '{"b":tru}']) {
      expect(() => parseProjected(bad, (k) => (k === 'a' ? [0] : undefined), [null])).toThrow();
    }
  });
});

describe('JSON SerDes', () => {
  for (const serde of ['hive-json', 'openx-json'] as const) {
    it(`${serde}: round-trips every type through writeJsonLines`, async () => {
      const rows = allTypesRows(30);
      const bytes = writeJsonLines(ALL_TYPES, [batchFromRows(ALL_TYPES.map((c) => c.type), rows)]);
      const back = await rowsOf(decodeJsonLines(textRequest(ALL_TYPES, bytes), serde));
      expect(back).toEqual(rows);
    });
  }

  it('parses scalars given as strings, matches keys ignoring case, NULLs missing keys, skips blank lines', async () => {
    const cols = [col('id', T.bigint), col('price', T.decimal(10, 2)), col('ok', T.boolean), col('when', { kind: 'timestamp', precision: 3 }), col('tags', T.array(T.varchar)), col('note', T.varchar)];
    const text = '{"ID": "9007199254740993", "Price": 12.345, "ok": "TRUE", "when": "2020-01-02T03:04:05.5Z", "tags": ["a", null], "note": {"x": [1, 2.50]}}\n\n{"id": 1}\n';
    expect(await rowsOf(decodeJsonLines(textRequest(cols, text), 'hive-json'))).toEqual([
      [9007199254740993n, 1235n, true, 1577934245500000, ['a', null], '{"x":[1,2.50]}'],
      [1n, null, null, null, null, null],
    ]);
  });

  it('names the object and line of malformed JSON and of values that do not fit', async () => {
    const cols = [col('a', T.integer)];
    const e = await catchErr(() => rowsOf(decodeJsonLines(textRequest(cols, '{"a": 1}\n{"a": 2\n'), 'hive-json')));
    expect(e.code).toBe('BAD_DATA');
    expect(e.message).toContain('line 2 of s3://bucket/t/data.txt');
    const v = await catchErr(() => rowsOf(decodeJsonLines(textRequest(cols, '{"a": "x1"}\n'), 'openx-json')));
    expect(v.code).toBe('BAD_DATA');
    expect(v.message).toContain("column 'a'");
    expect(v.message).toContain('line 1');
    const arr = await catchErr(() => rowsOf(decodeJsonLines(textRequest(cols, '[1]\n'), 'openx-json')));
    expect(arr.message).toContain('not a valid JSON object');
    expect(await rowsOf(decodeJsonLines(textRequest(cols, '{"a": "x1"}\n', { 'use.null.for.invalid.data': 'true' }), 'openx-json'))).toEqual([[null]]);
    // A decimal too wide for its precision is NULL (Hive), not an error.
    const dec = [col('d', T.decimal(4, 2))];
    expect(await rowsOf(decodeJsonLines(textRequest(dec, '{"d": 123.456}\n{"d": "12.345"}\n'), 'hive-json'))).toEqual([[null], [1235n]]);
    expect((await catchErr(() => rowsOf(decodeJsonLines(textRequest(dec, '{"d": "12,3"}\n'), 'hive-json')))).code).toBe('BAD_DATA');
  });

  it('OpenX: ignore.malformed.json gives a row of NULLs; mapping, case.insensitive and dots.in.keys', async () => {
    const cols = [col('a', T.integer), col('b_c', T.varchar), col('ts', T.varchar)];
    const props = { 'ignore.malformed.json': 'true', 'dots.in.keys': 'true', 'mapping.ts': 'timestamp' };
    const text = '{"A": 1, "b.c": "x", "timestamp": "t"}\nnot json\n{"a": 2}\n';
    expect(await rowsOf(decodeJsonLines(textRequest(cols, text, props), 'openx-json'))).toEqual([[1, 'x', 't'], [null, null, null], [2, null, null]]);
    // Hive's SerDe has no such property: malformed stays an error.
    expect((await catchErr(() => rowsOf(decodeJsonLines(textRequest(cols, text, props), 'hive-json')))).code).toBe('BAD_DATA');
    const sensitive = { 'case.insensitive': 'false', 'mapping.a': 'Alpha' };
    expect(await rowsOf(decodeJsonLines(textRequest(cols, '{"Alpha": 5, "B_C": "no", "b_c": "yes"}\n', sensitive), 'openx-json'))).toEqual([[5, 'yes', null]]);
  });
});
