/**
 * Teradata date functions (Trino's teradata.md): to_char(timestamp, format), to_timestamp(string,
 * format), to_date(string, format). The Teradata format is tokenized as Trino's DateFormat
 * grammar does — yyyy, yy, mm, dd, hh, hh24, mi, ss and the separators `- / , . ; :` and space —
 * and run as the equivalent Joda pattern. Any other text fails as Trino's tokenizer does.
 * Also parse_data_size (conversion.md) and version() (system.md).
 */
import { AegisError } from '../errors.js';
import type { TimestampTzValue, Value } from '../types/value.js';
import { splitMicros, utcToLocal } from '../types/datetime.js';
import { tsMicros } from '../types/long-timestamp.js';
import { jodaFormat, jodaParse } from './datetime-format.js';
import { DATE, TS3, V, defineFunction, defineGeneric, invalidArg, plainTypes, res } from './signature.js';

const TOKENS: [string, string][] = [['hh24', 'HH'], ['yyyy', 'yyyy'], ['yy', 'yy'], ['mm', 'MM'], ['dd', 'dd'], ['hh', 'hh'], ['mi', 'mm'], ['ss', 'ss']];

/** Teradata format → Joda pattern. */
export function teradataToJoda(format: string): string {
  let out = '';
  let i = 0;
  const lower = format.toLowerCase();
  while (i < format.length) {
    const tok = TOKENS.find(([t]) => lower.startsWith(t, i));
    if (tok) {
      out += tok[1];
      i += tok[0].length;
      continue;
    }
    const c = format[i]!;
    if ('-/,.;: '.includes(c)) {
      out += c === ' ' ? ' ' : `'${c}'`;
      i++;
      continue;
    }
    throw invalidArg(`Failed to tokenize string [${format}] at offset [${i}]`);
  }
  return out;
}

defineGeneric('to_char', ['to_char(timestamp(p) with time zone, varchar)', 'to_char(timestamp(p), varchar)'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length !== 2 || ts[0]!.kind !== 'timestamp' || !['varchar', 'char', 'unknown'].includes(ts[1]!.kind)) return undefined;
  const zoned = ts[0]!.withTimeZone === true;
  return res(V, [ts[0]!, V], ([t, f]) => {
    const local = zoned ? utcToLocal((t as TimestampTzValue).micros, (t as TimestampTzValue).zone) : tsMicros(t!);
    return jodaFormat(local, teradataToJoda(f as string));
  });
});

function parseLocal(text: string, format: string): number {
  try {
    return jodaParse(text, teradataToJoda(format)).micros;
  } catch (e) {
    if (e instanceof AegisError && e.code !== 'INVALID_FUNCTION_ARGUMENT') throw invalidArg(e.message);
    throw e;
  }
}

defineFunction('to_timestamp', [{ args: [V, V], returns: TS3, impl: ([s, f]) => parseLocal(s as string, f as string) }]);
defineFunction('to_date', [{ args: [V, V], returns: DATE, impl: ([s, f]) => splitMicros(parseLocal(s as string, f as string)).days }]);

// ---- parse_data_size ---------------------------------------------------------------------------

const UNITS: Record<string, bigint> = { B: 1n, kB: 1n << 10n, MB: 1n << 20n, GB: 1n << 30n, TB: 1n << 40n, PB: 1n << 50n, EB: 1n << 60n, ZB: 1n << 70n, YB: 1n << 80n };

/** parse_data_size('2.3MB') → 2411724 as decimal(38,0): the value × 1024^unit, truncated. */
export function parseDataSize(s: string): bigint {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*$/.exec(s);
  const unit = m ? UNITS[m[2]!] : undefined;
  if (!m || unit === undefined) throw invalidArg(`Invalid data size: '${s}'`);
  const [whole, frac = ''] = m[1]!.split('.');
  const scale = 10n ** BigInt(frac.length);
  const value = (BigInt(whole! + frac) * unit) / scale;
  if (value >= 10n ** 38n) throw invalidArg(`Value out of range: '${s}' ('${value}B')`);
  return value;
}
defineFunction('parse_data_size', [{ args: [V], returns: { kind: 'decimal', precision: 38, scale: 0 }, impl: ([s]) => parseDataSize(s as string) }]);

/** version(): the engine's version string. */
export const AEGIS_VERSION = '0.1.0';
defineFunction('version', [{ args: [], returns: V, impl: () => AEGIS_VERSION as Value }]);
