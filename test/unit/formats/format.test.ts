import { describe, expect, it } from 'vitest';
import { isAegisError } from '../../../src/errors.js';
import { byteRangeSplittable } from '../../../src/formats/decode-object.js';
import { columnKindFor, formatForSerde } from '../../../src/formats/format.js';
import { T } from '../../../src/types/sql-type.js';

describe('format selection', () => {
  it('maps Athena SerDe class names to formats, case-insensitively', () => {
    expect(formatForSerde(undefined)).toBe('lazy-simple');
    expect(formatForSerde('org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe')).toBe('lazy-simple');
    expect(formatForSerde('org.apache.hadoop.hive.serde2.OpenCSVSerde')).toBe('open-csv');
    expect(formatForSerde('org.apache.hive.hcatalog.data.JsonSerDe')).toBe('hive-json');
    expect(formatForSerde('org.openx.data.jsonserde.JsonSerDe')).toBe('openx-json');
    expect(formatForSerde('org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe')).toBe('parquet');
    expect(formatForSerde('org.apache.hadoop.hive.ql.io.orc.OrcSerde')).toBeUndefined();
  });

  it('splits only uncompressed text by byte range and refuses unknown codecs', () => {
    expect(byteRangeSplittable('lazy-simple', 's3://b/k/a.csv')).toBe(true);
    expect(byteRangeSplittable('openx-json', 's3://b/k/a.json.gz')).toBe(false);
    expect(byteRangeSplittable('parquet', 's3://b/k/a.parquet')).toBe(false);
    let err: unknown;
    try {
      byteRangeSplittable('lazy-simple', 's3://b/k/a.csv.bz2');
    } catch (e) {
      err = e;
    }
    expect(isAegisError(err, 'NOT_SUPPORTED')).toBe(true);
  });

  it('chooses typed column kinds per SQL type', () => {
    expect([T.boolean, T.integer, T.date, T.bigint, T.decimal(18, 2), T.decimal(19, 2), T.double, T.timestamp3, T.varchar].map(columnKindFor)).toEqual([
      'bool', 'i32', 'i32', 'i64', 'i64', 'values', 'f64', 'f64', 'values',
    ]);
  });
});
