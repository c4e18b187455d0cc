import { describe, expect, it } from 'vitest';
import { isAegisError } from '../../../src/errors.js';
import type { TableColumn, TextDecodeRequest } from '../../../src/formats/format.js';
import { decodeJsonLines } from '../../../src/formats/json/json-decoder.js';
import { writeJsonLines } from '../../../src/formats/json/json-writer.js';
import { decodeLazySimple } from '../../../src/formats/text/lazy-simple-decoder.js';
import { decodeOpenCsv } from '../../../src/formats/text/open-csv-decoder.js';
import { writeCsv } from '../../../src/formats/text/text-writer.js';
import type { Batch } from '../../../src/types/batch.js';
import { batchFromRows } from '../../../src/types/batch.js';
import { T } from '../../../src/types/sql-type.js';
import type { Value } from '../../../src/types/value.js';
import { rowsOf, textRequest } from './decode-helpers.js';
import { prng } from './prng.js';

const cols: TableColumn[] = [{ name: 'id', type: T.integer }, { name: 'txt', type: T.varchar }, { name: 'amt', type: T.decimal(10, 2) }];

const decoders: [string, (r: TextDecodeRequest) => AsyncIterable<Batch>, (rows: Value[][]) => Uint8Array][] = [
  ['open-csv', decodeOpenCsv, (rows) => writeCsv(cols, [batchFromRows(cols.map((c) => c.type), rows)], { serde: 'open-csv' })],
  ['openx-json', (r) => decodeJsonLines(r, 'openx-json'), (rows) => writeJsonLines(cols, [batchFromRows(cols.map((c) => c.type), rows)])],
  ['lazy-simple', decodeLazySimple, (rows) => writeCsv(cols, [batchFromRows(cols.map((c) => c.type), rows)], { properties: { 'field.delim': ',', 'escape.delim': '\\' } })],
];

describe('byte-range splits of every text format', () => {
  for (const [name, decode, write] of decoders) {
    it(`${name}: any partition into splits yields each row once, in order`, async () => {
      const rnd = prng(name.length * 1000 + 3);
      const props: Record<string, string> = name === 'lazy-simple' ? { 'field.delim': ',', 'escape.delim': '\\' } : {};
      for (let doc = 0; doc < 150; doc++) {
        const rows: Value[][] = Array.from({ length: 1 + rnd.int(25) }, (_, i) => [
          i, rnd.pick(['a', 'b,c', 'q"uote', 'é😀', 'x'.repeat(rnd.int(20))]), BigInt(rnd.int(100000) - 50000),
        ]);
        const bytes = write(rows);
        expect(await rowsOf(decode(textRequest(cols, bytes, props)))).toEqual(rows);
        const cuts = [0, ...Array.from({ length: rnd.int(10) }, () => rnd.int(bytes.length + 1)), bytes.length].sort((a, b) => a - b);
        const got: Value[][] = [];
        for (let k = 0; k + 1 < cuts.length; k++) got.push(...await rowsOf(decode(textRequest(cols, bytes, props, { range: { start: cuts[k]!, end: cuts[k + 1]! } }))));
        expect(got).toEqual(rows);
      }
    });
  }

  it('refuses a line.delim other than \\n', async () => {
    let err: unknown;
    try {
      await rowsOf(decodeLazySimple(textRequest(cols, '1,a,2\n', { 'line.delim': '|' })));
    } catch (e) {
      err = e;
    }
    expect(isAegisError(err, 'NOT_SUPPORTED')).toBe(true);
  });
});
