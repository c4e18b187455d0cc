/**
 * aegis SqlType → Hive DDL type text.
 *
 * The catalog keeps both: the SqlType the binder uses and its Hive text (lower case, no spaces —
 * the form Glue and `SHOW CREATE TABLE` print). Hive type text is parsed in one place, the
 * HiveSQL front end (sql/hive-type.ts), following Athena's DDL → DML table: `int`→integer,
 * `float`→real, `string`→varchar, `binary`→varbinary, `timestamp`→timestamp(3),
 * `array<T>`→array(T), `map<K,V>`→map(K,V), `struct<a:T>`→row(a T).
 */
import type { SqlType } from '../types/sql-type.js';

/**
 * A column type as the catalog keeps it: struct field names in lower case, as Hive and Glue store
 * them (the HiveSQL front end keeps a back-quoted field name's case).
 */
export function catalogType(t: SqlType): SqlType {
  switch (t.kind) {
    case 'array':
      return { kind: 'array', element: catalogType(t.element) };
    case 'map':
      return { kind: 'map', key: catalogType(t.key), value: catalogType(t.value) };
    case 'row':
      return { kind: 'row', fields: t.fields.map((f) => ({ ...(f.name !== undefined ? { name: f.name.toLowerCase() } : {}), type: catalogType(f.type) })) };
    default:
      return t;
  }
}

/**
 * Prints an SqlType in Hive DDL spelling (`string`, `int`, `array<string>`, `struct<a:int>`).
 * Used for view columns (whose types come from the binder) and `SHOW CREATE TABLE`.
 */
export function formatHiveType(t: SqlType): string {
  switch (t.kind) {
    case 'integer':
      return 'int';
    case 'real':
      return 'float';
    case 'varchar':
      return t.length === undefined ? 'string' : `varchar(${t.length})`;
    case 'varbinary':
      return 'binary';
    case 'char':
      return `char(${t.length})`;
    case 'decimal':
      return `decimal(${t.precision},${t.scale})`;
    case 'timestamp':
      return 'timestamp';
    case 'array':
      return `array<${formatHiveType(t.element)}>`;
    case 'map':
      return `map<${formatHiveType(t.key)},${formatHiveType(t.value)}>`;
    case 'row':
      return `struct<${t.fields.map((f, i) => `${f.name ?? `col${i + 1}`}:${formatHiveType(f.type)}`).join(',')}>`;
    case 'interval_day_second':
      return 'interval day to second';
    case 'interval_year_month':
      return 'interval year to month';
    case 'unknown':
      return 'void';
    default:
      return t.kind;
  }
}
