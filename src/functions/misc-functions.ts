/**
 * Smaller families: uuid(), HMACs, split_to_map / split_to_multimap, format_number.
 * uuid() returns varchar (aegis has no UUID type; Trino's prints the same text).
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { MapValue, Value } from '../types/value.js';
import { buildMap } from './map-functions.js';
import { BIGINT, DOUBLE, V, VARBINARY, arrayOf, defineFunction, invalidArg, mapOf } from './signature.js';

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
