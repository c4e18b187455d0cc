/**
 * Smaller families: uuid(), HMACs, split_to_map / split_to_multimap, format_number,
 * parse_duration, human_readable_seconds, timezone().
 * uuid() returns varchar (aegis has no UUID type; Trino's prints the same text).
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { MapValue, TimestampTzValue, Value } from '../types/value.js';
import { buildMap } from './map-functions.js';
import { BIGINT, DOUBLE, IDS, V, VARBINARY, arrayOf, defineFunction, defineGeneric, invalidArg, mapOf, plainTypes, res } from './signature.js';

defineFunction('uuid', [{ args: [], returns: V, impl: () => randomUUID(), deterministic: false }]);

for (const alg of ['md5', 'sha1', 'sha256', 'sha512'] as const) {
  defineFunction(`hmac_${alg}`, [{
    args: [VARBINARY, VARBINARY], returns: VARBINARY,
    impl: ([data, key]) => new Uint8Array(createHmac(alg, key as Uint8Array).update(data as Uint8Array).digest()),
  }]);
}

function splitEntries(s: string, entryDelim: string, kvDelim: string): [string, string][] {
  if (entryDelim === '') throw invalidArg('entryDelimiter is empty');
  if (kvDelim === '') throw invalidArg('keyValueDelimiter is empty');
  if (entryDelim === kvDelim) throw invalidArg('entryDelimiter and keyValueDelimiter must not be the same');
  const out: [string, string][] = [];
  if (s === '') return out;
  for (const entry of s.split(entryDelim)) {
    if (entry === '' ) continue;
    const i = entry.indexOf(kvDelim);
    if (i < 0 || entry.indexOf(kvDelim, i + kvDelim.length) >= 0) throw invalidArg(`Key-value delimiter must appear exactly once in each entry. Bad input: '${entry}'`);
    out.push([entry.slice(0, i), entry.slice(i + kvDelim.length)]);
  }
  return out;
}

defineFunction('split_to_map', [{
  args: [V, V, V], returns: mapOf(V, V),
  impl: ([s, e, kv]) => {
    const entries = splitEntries(s as string, e as string, kv as string);
    return buildMap(entries.map((x) => x[0]), entries.map((x) => x[1]), V);
  },
}]);
defineFunction('split_to_multimap', [{
  args: [V, V, V], returns: mapOf(V, arrayOf(V)),
  impl: ([s, e, kv]) => {
    const keys: Value[] = [];
    const values: Value[][] = [];
    for (const [k, v] of splitEntries(s as string, e as string, kv as string)) {
      const i = keys.indexOf(k);
      if (i >= 0) values[i]!.push(v);
      else {
        keys.push(k);
        values.push([v]);
      }
    }
    return { keys, values } satisfies MapValue;
  },
}]);

/** format_number: 123456 → '123K', 1234567 → '1.23M' (three significant digits, Trino's docs). */
function formatNumber(x: number): string {
  const units: [number, string][] = [[1e15, 'Q'], [1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'K']];
  const a = Math.abs(x);
  for (const [scale, suffix] of units) {
    if (a >= scale) return `${trimNum(x / scale)}${suffix}`;
  }
  return trimNum(x);
}
function trimNum(x: number): string {
  return String(Number(x.toPrecision(3)));
}
defineFunction('format_number', [
  { args: [BIGINT], returns: V, impl: ([x]) => formatNumber(Number(x as bigint)) },
  { args: [DOUBLE], returns: V, impl: ([x]) => formatNumber(x as number) },
]);

// ---- durations ---------------------------------------------------------------------------------


const DURATION_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** parse_duration('3.5d') → interval day to second (airlift Duration syntax). */
defineFunction('parse_duration', [{
  args: [V], returns: IDS,
  impl: ([s]) => {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*$/.exec(s as string);
    const unit = m && DURATION_UNITS[m[2]!];
    if (!m || unit === undefined) throw invalidArg(`duration is not a valid data duration string: ${s as string}`);
    return Math.round(Number(m[1]) * unit!);
  },
}]);

/** human_readable_seconds(96) → '1 minute, 36 seconds'. */
defineFunction('human_readable_seconds', [{
  args: [DOUBLE], returns: V,
  impl: ([x]) => {
    let secs = Math.round(Math.abs(x as number));
    const parts: string[] = [];
    for (const [name, size] of [['week', 604800], ['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]] as const) {
      const n = Math.floor(secs / size);
      secs -= n * size;
      if (n > 0) parts.push(`${n} ${name}${n === 1 ? '' : 's'}`);
    }
    return parts.length ? parts.join(', ') : '0 seconds';
  },
}]);

/** timezone(timestamp with time zone) → the zone id. */
defineGeneric('timezone', ['timezone(timestamp(p) with time zone)'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length !== 1 || ts[0]!.kind !== 'timestamp' || !ts[0]!.withTimeZone) return undefined;
  return res(V, ts, ([v]) => (v as TimestampTzValue).zone);
});
