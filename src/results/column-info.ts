/**
 * Athena's `ColumnInfo` for a SQL type: engine type names (`varchar`, `decimal`, `array` …, never
 * `array(varchar)`), precision and scale as Athena reports them. Used by the result metadata file
 * and GetQueryResults.
 */
import type { SqlType } from '../types/sql-type.js';

export interface ColumnInfo {
  CatalogName: string;
  SchemaName: string;
  TableName: string;
  Name: string;
  Label: string;
  Type: string;
  Precision: number;
  Scale: number;
  Nullable: 'NOT_NULL' | 'NULLABLE' | 'UNKNOWN';
  CaseSensitive: boolean;
}

/** Athena's type name and precision/scale for a column. */
export function athenaType(t: SqlType): { type: string; precision: number; scale: number } {
  switch (t.kind) {
    case 'boolean':
      return { type: 'boolean', precision: 0, scale: 0 };
    case 'tinyint':
      return { type: 'tinyint', precision: 3, scale: 0 };
    case 'smallint':
      return { type: 'smallint', precision: 5, scale: 0 };
    case 'integer':
      return { type: 'integer', precision: 10, scale: 0 };
    case 'bigint':
      return { type: 'bigint', precision: 19, scale: 0 };
    case 'real':
      return { type: 'float', precision: 17, scale: 0 };
    case 'double':
      return { type: 'double', precision: 17, scale: 0 };
    case 'decimal':
      return { type: 'decimal', precision: t.precision, scale: t.scale };
    case 'varchar':
      return { type: 'varchar', precision: t.length ?? 2147483647, scale: 0 };
    case 'char':
      return { type: 'char', precision: t.length, scale: 0 };
    case 'varbinary':
      return { type: 'varbinary', precision: 1073741824, scale: 0 };
    case 'date':
      return { type: 'date', precision: 0, scale: 0 };
    case 'timestamp':
      return { type: t.withTimeZone ? 'timestamp with time zone' : 'timestamp', precision: t.precision, scale: 0 };
    case 'interval_day_second':
      return { type: 'interval day to second', precision: 0, scale: 0 };
    case 'interval_year_month':
      return { type: 'interval year to month', precision: 0, scale: 0 };
    case 'array':
    case 'map':
    case 'row':
    case 'json':
    case 'unknown':
      return { type: t.kind, precision: 0, scale: 0 };
    default:
      return { type: (t as { kind: string }).kind, precision: 0, scale: 0 };
  }
}

export function columnInfo(name: string, t: SqlType): ColumnInfo {
  const a = athenaType(t);
  return {
    CatalogName: 'hive',
    SchemaName: '',
    TableName: '',
    Name: name,
    Label: name,
    Type: a.type,
    Precision: a.precision,
    Scale: a.scale,
    Nullable: 'UNKNOWN',
    CaseSensitive: a.type === 'varchar' || a.type === 'char',
  };
}
