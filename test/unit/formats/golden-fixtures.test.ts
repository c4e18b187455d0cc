/**
 * Golden fixtures: every `test/fixtures/formats/<name>.expected.json` is checked against the data
 * file `<name>.<ext>` beside it, by one loop. Parquet expectations were produced by DuckDB reading
 * the same files (see generate-fixtures.ts); text expectations are written by hand.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AegisError } from '../../../src/errors.js';
import { decodeObjectBytes } from './decode-helpers.js';
import { batchToRows } from '../../../src/types/batch.js';
import type { Value } from '../../../src/types/value.js';
import { type Expected, decodeRows } from '../../fixtures/formats/expected-json.js';

const dir = join(import.meta.dirname, '../../fixtures/formats');
const files = readdirSync(dir);
const cases = files.filter((f) => f.endsWith('.expected.json')).map((f) => f.slice(0, -'.expected.json'.length)).sort();

describe('golden format fixtures', () => {
  it('has a fixture for every format', () => {
    const formats = new Set(cases.map((c) => (JSON.parse(readFileSync(join(dir, `${c}.expected.json`), 'utf8')) as Expected).format));
    expect([...formats].sort()).toEqual(['hive-json', 'lazy-simple', 'open-csv', 'openx-json', 'parquet']);
  });

  for (const name of cases) {
    const exp = JSON.parse(readFileSync(join(dir, `${name}.expected.json`), 'utf8')) as Expected;
    it(`${name}: ${exp.description ?? exp.format}`, async () => {
      const dataFiles = files.filter((f) => f.startsWith(`${name}.`) && !f.endsWith('.expected.json'));
      expect(dataFiles).toHaveLength(1);
      const bytes = new Uint8Array(readFileSync(join(dir, dataFiles[0]!)));
      const projection = exp.projection ?? exp.columns.map((_, i) => i);
      const run = async (): Promise<Value[][]> => {
        const rows: Value[][] = [];
        const req = { format: exp.format, uri: exp.uri ?? `s3://fixtures/${dataFiles[0]}`, columns: exp.columns, projection, properties: exp.properties, bytes };
        for await (const b of decodeObjectBytes(req)) {
          expect(b.columns).toHaveLength(projection.length);
          rows.push(...batchToRows(b));
        }
        return rows;
      };
      if (exp.error) {
        const err = await run().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(AegisError);
        expect((err as AegisError).code).toBe(exp.error.code);
        for (const s of exp.error.messageIncludes ?? []) expect((err as AegisError).message).toContain(s);
      } else {
        expect(await run()).toEqual(decodeRows(exp.columns, projection, exp.rows!));
      }
    });
  }
});
