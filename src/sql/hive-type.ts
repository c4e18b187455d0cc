/**
 * Hive DDL column types → {@link SqlType}, per Athena's mapping: `int`→integer, `float`→real,
 * `string`→varchar, `binary`→varbinary, `timestamp`→timestamp(3), `array<T>`→array(T),
 * `map<K,V>`→map(K,V), `struct<a:T>`→row(a T); `decimal` alone is Hive's decimal(10,0).
 */
import type {
  PrimitiveTypeContext,
  TypeContext,
} from 'dt-sql-parser/dist/lib/hive/HiveSqlParser';
import type { SqlType } from '../types/sql-type.js';
import { hiveIdentifierOf } from './hive-names.js';
import { notSupported, posOf, syntaxError } from './walk-context.js';

function primitiveOf(ctx: PrimitiveTypeContext): SqlType {
  if (ctx.KW_TINYINT()) return { kind: 'tinyint' };
  if (ctx.KW_SMALLINT()) return { kind: 'smallint' };
  if (ctx.KW_INT() || ctx.KW_INTEGER()) return { kind: 'integer' };
  if (ctx.KW_BIGINT()) return { kind: 'bigint' };
  if (ctx.KW_BOOLEAN()) return { kind: 'boolean' };
  if (ctx.KW_FLOAT() || ctx.KW_REAL()) return { kind: 'real' };
  if (ctx.KW_DOUBLE()) return { kind: 'double' };
  if (ctx.KW_DATE()) return { kind: 'date' };
  if (ctx.KW_TIMESTAMPLOCALTZ() || ctx.KW_ZONE()) throw notSupported(ctx, 'Type TIMESTAMP WITH LOCAL TIME ZONE');
  if (ctx.KW_TIMESTAMP()) return { kind: 'timestamp', precision: 3 };
  if (ctx.KW_DATETIME()) throw notSupported(ctx, 'Type DATETIME');
  if (ctx.KW_STRING()) return { kind: 'varchar' };
  if (ctx.KW_BINARY()) return { kind: 'varbinary' };
  if (ctx.decimal()) {
    const precision = ctx._prec ? Number(ctx._prec.text) : 10;
    const scale = ctx._scale ? Number(ctx._scale.text) : 0;
    if (!Number.isInteger(precision) || precision < 1 || precision > 38) {
      throw syntaxError(posOf(ctx), `DECIMAL precision must be in range [1, 38]: ${ctx._prec?.text}`);
    }
    if (!Number.isInteger(scale) || scale < 0 || scale > precision) {
      throw syntaxError(posOf(ctx), `DECIMAL scale must be in range [0, precision (${precision})]: ${ctx._scale?.text}`);
    }
    return { kind: 'decimal', precision, scale };
  }
  const length = ctx._length ? Number(ctx._length.text) : undefined;
  if (ctx.KW_VARCHAR()) {
    if (length === undefined || !Number.isInteger(length) || length < 1 || length > 65535) {
      throw syntaxError(posOf(ctx), `VARCHAR length must be in range [1, 65535]: ${ctx._length?.text ?? 'missing'}`);
    }
    return { kind: 'varchar', length };
  }
  if (ctx.KW_CHAR()) {
    if (length === undefined || !Number.isInteger(length) || length < 1 || length > 255) {
      throw syntaxError(posOf(ctx), `CHAR length must be in range [1, 255]: ${ctx._length?.text ?? 'missing'}`);
    }
    return { kind: 'char', length };
  }
  throw notSupported(ctx, `Type ${ctx.getText()}`);
}

/** Converts a Hive `type`. */
export function hiveTypeOf(ctx: TypeContext): SqlType {
  const p = ctx.primitiveType();
  if (p) return primitiveOf(p);
  const list = ctx.listType();
  if (list) return { kind: 'array', element: hiveTypeOf(list.type()) };
  const map = ctx.mapType();
  if (map) return { kind: 'map', key: primitiveOf(map.primitiveType()), value: hiveTypeOf(map.type()) };
  const struct = ctx.structType();
  if (struct) {
    return {
      kind: 'row',
      fields: struct
        .columnNameColonTypeList()
        .columnNameColonType()
        .map((f) => ({ name: hiveIdentifierOf(f.columnNameCreate().id_()).name, type: hiveTypeOf(f.columnType().type()) })),
    };
  }
  throw notSupported(ctx, `Type ${ctx.getText()}`);
}
