import type { TableColumn } from '../../../src/formats/format.js';
import { T, type SqlType } from '../../../src/types/sql-type.js';
import type { Value } from '../../../src/types/value.js';

const col = (name: string, type: SqlType): TableColumn => ({ name, type });

/** One column of every type the writers and decoders support, nested ones included. */
export const ALL_TYPES: TableColumn[] = [
  col('b', T.boolean), col('ti', T.tinyint), col('si', T.smallint), col('i', T.integer), col('bi', T.bigint),
  col('r', T.real), col('d', T.double), col('d9', T.decimal(9, 2)), col('d18', T.decimal(18, 4)), col('d38', T.decimal(38, 6)),
  col('s', T.varchar), col('bin', T.varbinary), col('dt', T.date), col('ts', { kind: 'timestamp', precision: 6 }),
  col('arr', T.array(T.integer)), col('m', T.map(T.varchar, T.double)),
  col('rw', { kind: 'row', fields: [{ name: 'x', type: T.bigint }, { name: 'y', type: T.array(T.varchar) }] }),
];

/** `n` deterministic rows for ALL_TYPES, every 7th all NULL, values spanning each type's range. */
export function allTypesRows(n: number): Value[][] {
  const rows: Value[][] = [];
  for (let k = 0; k < n; k++) {
    const nul = k % 7 === 3;
    rows.push([
      nul ? null : k % 2 === 0, nul ? null : (k % 256) - 128, nul ? null : k * 3 - 30000, nul ? null : k * 100_003 - 2_000_000_000,
      nul ? null : BigInt(k) * 1_000_000_000_007n - 9_000_000_000_000_000_000n, nul ? null : Math.fround(k / 8), nul ? null : k * 1.25 - 3,
      nul ? null : BigInt(k * 12_345) - 9_999_999n, nul ? null : BigInt(k) * 123_456_789_012n - 99_999_999_999_999n,
      nul ? null : BigInt(k) * 10n ** 30n + 123_456n - 10n ** 37n, nul ? null : `s${k}é😀`, nul ? null : Uint8Array.of(k & 255, 0, 255),
      nul ? null : k * 37 - 20000, nul ? null : k * 3_600_000_123 - 1e15,
      nul ? null : k % 5 === 0 ? [] : [k, null, -k], nul ? null : { keys: [`k${k}`, 'z'], values: [k / 2, null] },
      nul ? null : [BigInt(-k), k % 3 === 0 ? null : [`a${k}`, 'b']],
    ]);
  }
  return rows;
}

