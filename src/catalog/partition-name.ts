/**
 * Hive partition names (`k=v/k2=v2`): escaping, parsing, and checking partition values against
 * their key types. Escaping follows Hive's `FileUtils.escapePathName` (the non-Windows set), so a
 * partition added by aegis lands on the same S3 prefix Hive, Spark or Athena would use.
 */
import { AegisError } from '../errors.js';
import type { SqlType } from '../types/sql-type.js';
import { formatHiveType } from './hive-type.js';

/** Hive's name for a NULL partition value. */
export const HIVE_DEFAULT_PARTITION = '__HIVE_DEFAULT_PARTITION__';

const ESCAPED = new Set<number>([
  ...Array.from({ length: 0x1f }, (_, i) => i + 1),
  ...[...'"#%\'*/:=?\\{[]^'].map((c) => c.charCodeAt(0)),
  0x7f,
]);

/** Escapes a partition key or value for use in a path (`a/b` → `a%2Fb`). */
export function escapePathName(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    out += ch.length === 1 && ESCAPED.has(code) ? `%${code.toString(16).toUpperCase().padStart(2, '0')}` : ch;
  }
  return out;
}

/** Reverses {@link escapePathName}; a `%` not followed by two hex digits stays as is (as in Hive). */
export function unescapePathName(s: string): string {
  return s.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** `k=v/k2=v2` for the given keys and values; NULL → `__HIVE_DEFAULT_PARTITION__`. */
export function makePartitionName(keys: readonly string[], values: readonly (string | null)[]): string {
  return keys.map((k, i) => `${escapePathName(k)}=${escapeValue(values[i] ?? null)}`).join('/');
}

function escapeValue(v: string | null): string {
  return v === null || v === '' ? HIVE_DEFAULT_PARTITION : escapePathName(v);
}

/**
 * Parses one path segment `k=v` (escaped) into key and value; undefined when it is not one.
 * `__HIVE_DEFAULT_PARTITION__` becomes null.
 */
export function parsePartitionSegment(segment: string): { key: string; value: string | null } | undefined {
  const eq = segment.indexOf('=');
  if (eq <= 0) return undefined;
  const key = unescapePathName(segment.slice(0, eq)).toLowerCase();
  const raw = segment.slice(eq + 1);
  if (raw === '') return undefined;
  return { key, value: raw === HIVE_DEFAULT_PARTITION ? null : unescapePathName(raw) };
}

const INT_RANGES: Record<string, [bigint, bigint]> = {
  tinyint: [-128n, 127n],
  smallint: [-32768n, 32767n],
  integer: [-2147483648n, 2147483647n],
  bigint: [-9223372036854775808n, 9223372036854775807n],
};

/** Why `value` is not a valid literal of `type`, or undefined when it is. */
export function partitionValueProblem(type: SqlType, value: string): string | undefined {
  const v = value.trim();
  switch (type.kind) {
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'bigint': {
      if (!/^[+-]?\d+$/.test(v)) return 'not an integer';
      const n = BigInt(v);
      const [lo, hi] = INT_RANGES[type.kind]!;
      return n < lo || n > hi ? `out of range for ${type.kind}` : undefined;
    }
    case 'real':
    case 'double':
      return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v) || /^[+-]?(Infinity|NaN)$/.test(v) ? undefined : 'not a number';
    case 'decimal': {
      const m = /^[+-]?(\d*)(?:\.(\d*))?$/.exec(v);
      if (!m || (m[1] === '' && (m[2] ?? '') === '')) return 'not a decimal';
      const intDigits = m[1]!.replace(/^0+/, '').length;
      const frac = (m[2] ?? '').replace(/0+$/, '').length;
      if (frac > type.scale) return `more than ${type.scale} fractional digits`;
      return intDigits > type.precision - type.scale ? `too many digits for decimal(${type.precision},${type.scale})` : undefined;
    }
    case 'boolean':
      return /^(true|false)$/i.test(v) ? undefined : 'not a boolean';
    case 'date': {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
      if (!m) return 'not a date (yyyy-MM-dd)';
      return validYmd(Number(m[1]), Number(m[2]), Number(m[3])) ? undefined : 'not a valid calendar date';
    }
    case 'timestamp': {
      const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?$/.exec(v);
      if (!m || !validYmd(Number(m[1]), Number(m[2]), Number(m[3]))) return 'not a timestamp (yyyy-MM-dd HH:mm:ss[.fff])';
      return Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59 ? 'not a valid time of day' : undefined;
    }
    case 'varchar':
      return type.length !== undefined && [...value].length > type.length ? `longer than ${type.length} characters` : undefined;
    case 'char':
      return [...value].length > type.length ? `longer than ${type.length} characters` : undefined;
    default:
      return `partition keys of type ${formatHiveType(type)} are not supported`;
  }
}

function validYmd(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

/**
 * Checks one partition value against its key's type.
 * @throws AegisError TYPE_MISMATCH naming the key, the value and the expected type.
 */
export function checkPartitionValue(key: { name: string; type: SqlType; hiveType?: string }, value: string | null): void {
  if (value === null) return;
  const problem = partitionValueProblem(key.type, value);
  if (problem !== undefined) {
    const t = key.hiveType ?? formatHiveType(key.type);
    throw new AegisError('TYPE_MISMATCH', `Partition value '${value}' for partition key '${key.name}' (type ${t}) is ${problem}`, {
      key: key.name,
      value,
      expectedType: t,
    });
  }
}
