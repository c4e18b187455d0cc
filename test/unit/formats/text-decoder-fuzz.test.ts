/**
 * Seeded fuzzing of the text decoders (LazySimpleSerDe, OpenCSVSerde, Hive and OpenX JSON, gzip):
 * mutations of every golden text fixture — flipped and inserted bytes, delimiters, quotes, escapes,
 * line breaks, invalid UTF-8, truncation — decode to rows or fail with a typed error naming the
 * object; never a crash. AEGIS_FUZZ_CASES=N runs more.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AegisError } from '../../../src/errors.js';
import { decodeObjectBytes } from './decode-helpers.js';
import { batchToRows } from '../../../src/types/batch.js';
import type { Expected } from '../../fixtures/formats/expected-json.js';
import { prng } from './prng.js';

const CASES = Number(process.env.AEGIS_FUZZ_CASES ?? 3000);
const dir = join(import.meta.dirname, '../../fixtures/formats');
const files = readdirSync(dir);
const seeds = files
  .filter((f) => f.endsWith('.expected.json'))
  .map((f) => f.slice(0, -'.expected.json'.length))
  .map((name) => ({ name, exp: JSON.parse(readFileSync(join(dir, `${name}.expected.json`), 'utf8')) as Expected, data: files.find((f) => f.startsWith(`${name}.`) && !f.endsWith('.expected.json'))! }))
  .filter((s) => s.exp.format !== 'parquet' && s.data);
const INSERTS = [',', '|', '\t', '\n', '\r\n', '"', "'", '\\', '\\N', '{', '}', '[', ']', ':', '\u0001', '\u0002', '\u0003', 'null', '1e999', '-', '9'.repeat(40)];

describe('text decoder fuzzing', () => {
  it(`${CASES} mutated text objects decode or fail typed`, async () => {
    expect(seeds.length).toBeGreaterThanOrEqual(4);
    const rnd = prng(0x7e57);
    const tally = new Map<string, number>();
    for (let t = 0; t < CASES; t++) {
      const seed = seeds[t % seeds.length]!;
      const original = new Uint8Array(readFileSync(join(dir, seed.data)));
      let b = Buffer.from(original);
      for (let k = 0; k < 1 + rnd.int(4); k++) {
        const i = rnd.int(b.length + 1);
        switch (rnd.int(5)) {
          case 0:
            if (b.length) b[Math.min(i, b.length - 1)]! ^= 1 << rnd.int(8);
            break;
          case 1:
            b = Buffer.concat([b.subarray(0, i), Buffer.from(rnd.pick(INSERTS)), b.subarray(i)]);
            break;
          case 2:
            b = Buffer.concat([b.subarray(0, i), Buffer.from([[0xff, 0xc3, 0x28, 0xe2, 0x82][rnd.int(5)]!]), b.subarray(i)]);
            break;
          case 3:
            b = b.subarray(0, i);
            break;
          default:
            b = Buffer.concat([b, b.subarray(0, i)]);
        }
      }
      const uri = `s3://fuzz/${seed.data}`;
      const projection = seed.exp.projection ?? seed.exp.columns.map((_, i) => i);
      let outcome = 'rows';
      try {
        for await (const batch of decodeObjectBytes({ format: seed.exp.format, uri, columns: seed.exp.columns, projection, properties: seed.exp.properties, bytes: new Uint8Array(b) })) {
          expect(batch.columns).toHaveLength(projection.length);
          batchToRows(batch);
        }
      } catch (e) {
        if (!(e instanceof AegisError)) throw new Error(`case ${t} (${seed.name}): not a typed error: ${String(e)}`);
        expect(e.code, `case ${t} (${seed.name}): ${e.message}`).not.toBe('INTERNAL_ERROR');
        expect(e.message.length, `case ${t}`).toBeLessThan(2000);
        outcome = e.code;
      }
      tally.set(outcome, (tally.get(outcome) ?? 0) + 1);
    }
    console.log(`text decoder fuzzing: ${CASES} cases over ${seeds.length} fixtures — ${[...tally.entries()].sort().map(([k, v]) => `${k} ${v}`).join(', ')}`);
    expect(tally.get('rows')).toBeGreaterThan(0);
  }, 300_000);
});
