import { describe, expect, it } from 'vitest';
import { isAegisError } from '../../../src/errors.js';
import { columnKindFor, formatForSerde } from '../../../src/formats/format.js';
import { compressionOf } from '../../../src/formats/text/decompress.js';
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

  // Only uncompressed text is cut into byte ranges (scan/object-table-source.ts asks this).
  it('tells compressed text by its extension and refuses unknown codecs', () => {
    expect(compressionOf('s3://b/k/a.csv')).toBe('none');
    expect(compressionOf('s3://b/k/a.json.gz')).not.toBe('none');
    let err: unknown;
    try {
      compressionOf('s3://b/k/a.csv.bz2');
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
