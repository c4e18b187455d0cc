/**
 * Converts one primitive field's text to the runtime value of its declared SQL type, per Hive's
 * storage rules. Returns `undefined` when the text is not a valid value of the type; callers map
 * that to NULL (LazySimpleSerDe) or to a BAD_DATA error (OpenCSVSerde).
 */
import { AegisError } from '../../errors.js';
import type { SqlType } from '../../types/sql-type.js';
import { formatType } from '../../types/sql-type.js';
import type { Value } from '../../types/value.js';
import {
  fitString,
  parseBigintText,
  parseBooleanText,
  parseDateText,
  parseDecimalText,
  parseDoubleText,
  parseIntText,
  parseTimestampText,
} from './text-values.js';

export type TextConverter = (s: string) => Value | undefined;

/** A converter for a primitive type; NOT_SUPPORTED for types text SerDes cannot store. */
export function textConverter(type: SqlType): TextConverter {
  switch (type.kind) {
    case 'varchar':
      return type.length === undefined ? (s) => s : (s) => fitString(s, type.length, false);
    case 'char':
      return (s) => fitString(s, type.length, true);
    case 'json':
      return (s) => s;
    case 'boolean':
      return parseBooleanText;
    case 'tinyint':
      return (s) => parseIntText(s, -128, 127);
    case 'smallint':
      return (s) => parseIntText(s, -32768, 32767);
    case 'integer':
      return (s) => parseIntText(s, -2147483648, 2147483647);
    case 'bigint':
      return parseBigintText;
    case 'real':
      return (s) => {
        const v = parseDoubleText(s);
        return v === undefined ? undefined : Math.fround(v);
      };
    case 'double':
      return parseDoubleText;
    case 'decimal':
      return (s) => parseDecimalText(s, type.precision, type.scale);
    case 'date':
      return parseDateText;
    case 'timestamp':
      if (type.withTimeZone) break;
      return (s) => parseTimestampText(s, type.precision);
    case 'varbinary':
      return (s) => new TextEncoder().encode(s);
    default:
      break;
  }
  throw new AegisError('NOT_SUPPORTED', `Type ${formatType(type)} is not supported in text files`, { type: formatType(type) });
}

export function isStringType(t: SqlType): boolean {
  return t.kind === 'varchar' || t.kind === 'char' || t.kind === 'json' || t.kind === 'varbinary';
}
