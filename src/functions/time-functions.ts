/**
 * TIME(p) functions and operators (Trino's datetime.md): time ± interval day to second (wrapping
 * at midnight), hour/minute/second/millisecond (and so EXTRACT), date_trunc / date_add /
 * date_diff with the units a time has (millisecond, second, minute, hour), and `localtime`.
 * A year-to-month interval or a day unit on a time is an error, as in Trino.
 */
import { AegisError } from '../errors.js';
import type { SqlType } from '../types/sql-type.js';
import { utcToLocal } from '../types/datetime.js';
import { MICROS_PER_DAY_TIME, addToTime, roundTime } from '../types/time.js';
import type { Value } from '../types/value.js';
import { BIGINT, defineGeneric, plainTypes, res } from './signature.js';

type TimeT = Extract<SqlType, { kind: 'time' }>;
const isTime = (t: SqlType | undefined): t is TimeT => t?.kind === 'time';

for (const [op, sign] of [['$add', 1], ['$subtract', -1]] as const) {
  defineGeneric(op, [`${op}(time(p), interval day to second)`], (args) => {
    const ts = plainTypes(args);
    if (!ts || ts.length !== 2) return undefined;
    const [a, b] = ts as [SqlType, SqlType];
    if (isTime(a) && b.kind === 'interval_day_second') return res(a, [a, b], ([t, ms]) => addToTime(t as number, sign * (ms as number)));
    if (op === '$add' && a.kind === 'interval_day_second' && isTime(b)) return res(b, [a, b], ([ms, t]) => addToTime(t as number, ms as number));
    return undefined;
  });
}

const FIELDS: Record<string, (micros: number) => number> = {
  hour: (m) => Math.floor(m / 3_600_000_000),
  minute: (m) => Math.floor(m / 60_000_000) % 60,
  second: (m) => Math.floor(m / 1_000_000) % 60,
  millisecond: (m) => Math.floor(m / 1000) % 1000,
};
for (const [name, f] of Object.entries(FIELDS)) {
  defineGeneric(name, [`${name}(time(p))`], (args) => {
    const ts = plainTypes(args);
    if (!ts || ts.length !== 1 || !isTime(ts[0])) return undefined;
    return res(BIGINT, ts, ([t]) => BigInt(f(t as number)));
  });
}

const UNIT_MICROS: Record<string, number> = { millisecond: 1000, second: 1_000_000, minute: 60_000_000, hour: 3_600_000_000 };

function unitOf(unit: string): number {
  const u = UNIT_MICROS[unit.toLowerCase()];
  if (u === undefined) throw new AegisError('INVALID_FUNCTION_ARGUMENT', `'${unit}' is not a valid Time field`);
  return u;
}

const isText = (t: SqlType): boolean => t.kind === 'varchar' || t.kind === 'char' || t.kind === 'unknown';
const isIntegral = (t: SqlType): boolean => ['tinyint', 'smallint', 'integer', 'bigint', 'unknown'].includes(t.kind);

defineGeneric('date_trunc', ['date_trunc(varchar, time(p))'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length !== 2 || !isText(ts[0]!) || !isTime(ts[1])) return undefined;
  return res(ts[1]!, [{ kind: 'varchar' }, ts[1]!], ([u, t]) => {
    const unit = unitOf(u as string);
    return Math.floor((t as number) / unit) * unit;
  });
});

defineGeneric('date_add', ['date_add(varchar, bigint, time(p))'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length !== 3 || !isText(ts[0]!) || !isIntegral(ts[1]!) || !isTime(ts[2])) return undefined;
  return res(ts[2]!, [{ kind: 'varchar' }, BIGINT, ts[2]!], ([u, n, t]) => {
    const step = BigInt(unitOf(u as string)) * (n as bigint);
    const r = (BigInt(t as number) + step) % BigInt(MICROS_PER_DAY_TIME);
    return Number(r < 0n ? r + BigInt(MICROS_PER_DAY_TIME) : r);
  });
});

defineGeneric('date_diff', ['date_diff(varchar, time(p), time(p))'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length !== 3 || !isText(ts[0]!) || !isTime(ts[1]) || !isTime(ts[2])) return undefined;
  const p = Math.max((ts[1] as TimeT).precision, (ts[2] as TimeT).precision);
  const t: SqlType = { kind: 'time', precision: p };
  return res(BIGINT, [{ kind: 'varchar' }, t, t], ([u, a, b]) => BigInt(Math.trunc(((b as number) - (a as number)) / unitOf(u as string))));
});

/** `localtime`: the query start's wall-clock time of day in the session zone, time(3). */
defineGeneric('localtime', ['localtime'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length !== 0) return undefined;
  const time: TimeT = { kind: 'time', precision: 3 };
  return res(time, [], (_a, ctx) => {
    const local = utcToLocal(ctx.now.getTime() * 1000, ctx.sessionTimeZone);
    return roundTime(local - Math.floor(local / MICROS_PER_DAY_TIME) * MICROS_PER_DAY_TIME, 3) as Value;
  }, { deterministic: true });
});

