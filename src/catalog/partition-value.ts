/**
 * Partition values as a scan emits them: the Hive text of a partition value (from a `k=v` path
 * or the catalog) converted to aegis's runtime representation of the key's type (see
 * types/sql-type.ts): integers as numbers, bigint as bigint, decimals as scaled bigints, dates as
 * day numbers, timestamps as epoch microseconds.
 */
import { AegisError } from '../errors.js';
import type { SqlType } from '../types/sql-type.js';
import type { Value } from '../types/value.js';
import { formatHiveType } from './hive-type.js';
import { partitionValueProblem } from './partition-name.js';

/**
 * Converts one partition value. NULL (`__HIVE_DEFAULT_PARTITION__`) stays null.
 * @throws AegisError BAD_DATA naming the key and value when the text does not fit the type.
 */
export function partitionValueToSql(key: string, text: string | null, type: SqlType): Value {
  if (text === null) return null;
  const problem = partitionValueProblem(type, text);
  if (problem !== undefined) {
    throw new AegisError('BAD_DATA', `Invalid partition value '${text}' for partition key '${key}' of type ${formatHiveType(type)}: ${problem}`, {
      key,
      value: text,
    });
  }
  const v = text.trim();
  switch (type.kind) {
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'real':
    case 'double':
      return Number(v);
    case 'bigint':
      return BigInt(v);
    case 'decimal':
      return scaledDecimal(v, type.scale);
    case 'boolean':
      return v.toLowerCase() === 'true';
    case 'date': {
      const [y, m, d] = v.split('-').map(Number) as [number, number, number];
      return Date.UTC(y, m - 1, d) / 86_400_000;
    }
    case 'timestamp': {
      const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/.exec(v)!;
      const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
      const micros = Number((m[7] ?? '').padEnd(6, '0').slice(0, 6));
      return ms * 1000 + micros;
    }
    default:
      // varchar / char: the text itself (Hive keeps it verbatim).
      return text;
  }
}

function scaledDecimal(v: string, scale: number): bigint {
  const neg = v.startsWith('-');
  const body = v.replace(/^[+-]/, '');
  const [int = '', frac = ''] = body.split('.');
  const digits = `${int || '0'}${frac.padEnd(scale, '0').slice(0, scale)}`;
  const n = BigInt(digits);
  return neg ? -n : n;
}
