/**
 * format(fmt, args…): Java's String.format, which Trino's format() uses — %s %d %f %e %x %o %c
 * %b %% %n with flags `-,0+ `, width, precision, argument indexes (`%2$s`) and the common %t
 * date/time conversions (`%1$tA, %1$tB %1$te, %1$tY`).
 */
import { AegisError } from '../errors.js';
import { castToVarchar } from '../types/cast.js';
import { fieldsFromMicros, isoDayOfWeek, utcToLocal } from '../types/datetime.js';
import { formatValue } from '../types/format-value.js';
import type { SqlType } from '../types/sql-type.js';
import type { TimestampTzValue, Value } from '../types/value.js';
import { tsMicros } from '../types/long-timestamp.js';
import { V, defineGeneric, invalidArg, plainTypes, res } from './signature.js';

/** Java String.format subset: %s %d %f %e %x %o %c %b %% with flags `-,0+ `, width and precision. */
export function javaFormat(fmt: string, args: Value[], types: SqlType[]): string {
  let argi = 0;
  return fmt.replace(/%(\d+\$)?([-#+ 0,(]*)(\d+)?(?:\.(\d+))?([sSdfFeExXobBcn%]|[tT][A-Za-z])/g, (_m, pos: string | undefined, flags: string, width: string | undefined, prec: string | undefined, conv: string) => {
    if (conv === '%') return '%';
    if (conv.length === 2) {
      const idx = pos ? Number(pos.slice(0, -1)) - 1 : argi++;
      if (idx >= args.length) throw invalidArg(`Format specifier '%${conv}' has no argument`);
      const out = formatDateTimeConversion(args[idx]!, types[idx]!, conv[1]!);
      return conv[0] === 'T' ? out.toUpperCase() : out;
    }
    if (conv === 'n') return '\n';
    const idx = pos ? Number(pos.slice(0, -1)) - 1 : argi++;
    if (idx >= args.length) throw invalidArg(`Format specifier '%${conv}' has no argument`);
    const v = args[idx]!;
    let out: string;
    const n = (): number => (typeof v === 'bigint' ? Number(v) : (v as number));
    switch (conv) {
      case 'd': {
        const t = types[idx]!;
        if (!['tinyint', 'smallint', 'integer', 'bigint'].includes(t.kind)) throw invalidArg(`d != ${t.kind}`);
        out = String(v);
        if (flags.includes(',')) out = out.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
        break;
      }
      case 'f':
      case 'F':
        out = v === null ? 'null' : n().toFixed(prec === undefined ? 6 : Number(prec));
        if (flags.includes(',')) out = out.replace(/^(-?\d+)/, (g) => g.replace(/\B(?=(\d{3})+(?!\d))/g, ','));
        break;
      case 'e':
      case 'E':
        out = n().toExponential(prec === undefined ? 6 : Number(prec)).replace(/e([+-])(\d)$/, 'e$10$2');
        if (conv === 'E') out = out.toUpperCase();
        break;
      case 'x':
      case 'X':
        out = BigInt.asUintN(64, BigInt(v as number | bigint)).toString(16);
        if (conv === 'X') out = out.toUpperCase();
        break;
      case 'o':
        out = BigInt(v as number | bigint).toString(8);
        break;
      case 'c':
        out = typeof v === 'string' ? v : String.fromCodePoint(n());
        break;
      case 'b':
      case 'B':
        out = String(v !== null && v !== false);
        break;
      default:
        out = v === null ? 'null' : formatForS(v, types[idx]!);
        if (prec !== undefined) out = out.slice(0, Number(prec));
        if (conv === 'S') out = out.toUpperCase();
    }
    if (flags.includes('+') && /^[0-9]/.test(out) && 'dfeE'.includes(conv)) out = '+' + out;
    if (width !== undefined && out.length < Number(width)) {
      const w = Number(width);
      if (flags.includes('-')) out = out.padEnd(w);
      else if (flags.includes('0')) out = (out.startsWith('-') ? '-' + out.slice(1).padStart(w - 1, '0') : out.padStart(w, '0'));
      else out = out.padStart(w);
    }
    return out;
  });
}

/** Java's %t conversions for date/timestamp arguments (the common subset). */
function formatDateTimeConversion(v: Value, t: SqlType, c: string): string {
  if (v === null) return 'null';
  let local: number;
  if (t.kind === 'date') local = (v as number) * 86_400_000_000;
  else if (t.kind === 'timestamp' && !t.withTimeZone) local = tsMicros(v);
  else if (t.kind === 'timestamp') local = utcToLocal((v as TimestampTzValue).micros, (v as TimestampTzValue).zone);
  else throw invalidArg(`%t${c} needs a date or timestamp, got ${t.kind}`);
  const f = fieldsFromMicros(local);
  const p2 = (x: number): string => String(x).padStart(2, '0');
  const days = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const dow = isoDayOfWeek(Math.floor(local / 86_400_000_000));
  switch (c) {
    case 'A': return days[dow - 1]!;
    case 'a': return days[dow - 1]!.slice(0, 3);
    case 'B': return months[f.month - 1]!;
    case 'b':
    case 'h': return months[f.month - 1]!.slice(0, 3);
    case 'Y': return String(f.year).padStart(4, '0');
    case 'y': return p2(f.year % 100);
    case 'm': return p2(f.month);
    case 'd': return p2(f.day);
    case 'e': return String(f.day);
    case 'H': return p2(f.hour);
    case 'I': return p2(f.hour % 12 === 0 ? 12 : f.hour % 12);
    case 'M': return p2(f.minute);
    case 'S': return p2(f.second);
    case 'L': return String(Math.floor(f.micro / 1000)).padStart(3, '0');
    case 'p': return f.hour < 12 ? 'am' : 'pm';
    case 'F': return `${String(f.year).padStart(4, '0')}-${p2(f.month)}-${p2(f.day)}`;
    case 'D': return `${p2(f.month)}/${p2(f.day)}/${p2(f.year % 100)}`;
    case 'T': return `${p2(f.hour)}:${p2(f.minute)}:${p2(f.second)}`;
    case 'R': return `${p2(f.hour)}:${p2(f.minute)}`;
    default: throw invalidArg(`Unsupported date/time conversion: %t${c}`);
  }
}

function formatForS(v: Value, t: SqlType): string {
  if (t.kind === 'array' || t.kind === 'map' || t.kind === 'row' || t.kind === 'varbinary') return formatValue(v, t) ?? 'null';
  return castToVarchar(v, t);
}

defineGeneric('format', ['format(varchar, T...)'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length < 1 || (ts[0]!.kind !== 'varchar' && ts[0]!.kind !== 'char')) return undefined;
  const rest = ts.slice(1);
  return res(V, [V, ...rest], ([f, ...vals]) => {
    if (f === null) return null;
    try {
      return javaFormat(f as string, vals, rest);
    } catch (e) {
      if (e instanceof AegisError) throw e;
      throw invalidArg(`Invalid format string: ${f as string}`);
    }
  }, { nullOnNull: false });
});

