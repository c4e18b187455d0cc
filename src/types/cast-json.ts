/**
 * Casts between `json` and the other SQL types (Trino's JsonOperators / JsonToArrayCast …).
 * CAST(x AS json) builds a JSON document; CAST(json AS T) reads one: JSON null → SQL NULL, JSON
 * numbers/strings/booleans convert as their text would, arrays → array(T) or row (by position),
 * objects → map(varchar-ish, T) or row (by field name, case-insensitive).
 */
import { AegisError } from '../errors.js';
import { formatDecimal, parseDecimalText, rescale, fitsPrecision } from './decimal.js';
import { formatDate, formatTimestamp, utcToLocal } from './datetime.js';
import type { JsonNode } from './json-value.js';
import { tsMicros, tsNanos } from './long-timestamp.js';
import { JsonNumber, JsonObject, jsonObject, parseJson, stringifyJson } from './json-value.js';
import { javaDoubleToString, javaFloatToString } from './number-format.js';
import type { SqlType } from './sql-type.js';
import { formatType } from './sql-type.js';
import type { MapValue, TimestampTzValue, Value } from './value.js';

/** The signature of castValue, passed in to avoid an import cycle. */
export type CastFn = (v: Value, from: SqlType, to: SqlType, opts?: { sessionTimeZone?: string }) => Value;

const VARCHAR: SqlType = { kind: 'varchar' };
const BIGINT: SqlType = { kind: 'bigint' };
const DOUBLE: SqlType = { kind: 'double' };
const BOOLEAN: SqlType = { kind: 'boolean' };

function keyText(v: Value, t: SqlType): string {
  const n = toJsonNode(v, t);
  if (typeof n === 'string') return n;
  if (n instanceof JsonNumber) return n.text;
  if (typeof n === 'boolean') return String(n);
  throw new AegisError('INVALID_CAST', `Cannot cast ${formatType(t)} map key to JSON`);
}

/** A SQL value as a JSON tree. */
export function toJsonNode(v: Value, t: SqlType): JsonNode {
  if (v === null) return null;
  switch (t.kind) {
    case 'json':
      return parseJson(v as string);
    case 'varchar':
    case 'char':
      return v as string;
    case 'boolean':
      return v as boolean;
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'bigint':
      return new JsonNumber(String(v));
    case 'double':
    case 'real': {
      const x = v as number;
      if (!Number.isFinite(x)) return t.kind === 'double' ? javaDoubleToString(x) : javaFloatToString(x);
      return new JsonNumber(t.kind === 'double' ? javaDoubleToString(x) : javaFloatToString(x));
    }
    case 'decimal':
      return new JsonNumber(formatDecimal(v as bigint, t.scale), true);
    case 'date':
      return formatDate(v as number);
    case 'timestamp':
      if (t.withTimeZone) {
        const tz = v as TimestampTzValue;
        return `${formatTimestamp(utcToLocal(tz.micros, tz.zone), t.precision, tz.nanos)} ${tz.zone}`;
      }
      return formatTimestamp(tsMicros(v), t.precision, tsNanos(v));
    case 'array':
      return (v as Value[]).map((e) => toJsonNode(e, t.element));
    case 'map': {
      const m = v as MapValue;
      return jsonObject(m.keys.map((k, i) => [keyText(k, t.key), toJsonNode(m.values[i]!, t.value)]));
    }
    case 'row': {
      const vals = v as Value[];
      if (t.fields.every((f) => f.name !== undefined)) {
        return jsonObject(t.fields.map((f, i) => [f.name!, toJsonNode(vals[i]!, f.type)]));
      }
      return vals.map((e, i) => toJsonNode(e, t.fields[i]!.type));
    }
    default:
      throw new AegisError('INVALID_CAST', `Cannot cast ${formatType(t)} to json`);
  }
}

/** CAST(v AS json). */
export function castToJson(v: Value, from: SqlType): string {
  return stringifyJson(toJsonNode(v, from));
}

function cannot(node: JsonNode, to: SqlType): AegisError {
  return new AegisError('INVALID_CAST', `Cannot cast to ${formatType(to)}. ${stringifyJson(node)}`, { to: formatType(to) });
}

/** A JSON tree as a SQL value of type `to`. */
export function fromJsonNode(node: JsonNode, to: SqlType, cast: CastFn, opts?: { sessionTimeZone?: string }): Value {
  if (node === null) return null;
  switch (to.kind) {
    case 'json':
      return stringifyJson(node);
    case 'array':
      if (!Array.isArray(node)) throw cannot(node, to);
      return node.map((e) => fromJsonNode(e, to.element, cast, opts));
    case 'map': {
      if (!(node instanceof JsonObject)) throw cannot(node, to);
      return {
        keys: node.entries.map(([k]) => cast(k, VARCHAR, to.key, opts)),
        values: node.entries.map(([, v]) => fromJsonNode(v, to.value, cast, opts)),
      } satisfies MapValue;
    }
    case 'row': {
      if (Array.isArray(node)) {
        if (node.length !== to.fields.length) throw cannot(node, to);
        return node.map((e, i) => fromJsonNode(e, to.fields[i]!.type, cast, opts));
      }
      if (node instanceof JsonObject) {
        return to.fields.map((f) => {
          const hit = node.entries.find(([k]) => f.name !== undefined && k.toLowerCase() === f.name.toLowerCase());
          return hit ? fromJsonNode(hit[1], f.type, cast, opts) : null;
        });
      }
      throw cannot(node, to);
    }
    default:
      break;
  }
  if (Array.isArray(node) || node instanceof JsonObject) throw cannot(node, to);
  if (typeof node === 'boolean') return cast(node, BOOLEAN, to, opts);
  if (typeof node === 'string') return cast(node, VARCHAR, to, opts);
  // A JSON number.
  if (to.kind === 'varchar') return stringifyJson(node);
  if (to.kind === 'decimal') {
    const p = parseDecimalText(node.text)!;
    const u = rescale(p.unscaled, p.scale, to.scale);
    if (!fitsPrecision(u, to.precision)) throw cannot(node, to);
    return u;
  }
  if (node.isIntegral && to.kind !== 'double' && to.kind !== 'real') {
    const b = BigInt(node.text);
    if (b > 9223372036854775807n || b < -9223372036854775808n) throw cannot(node, to);
    return cast(b, BIGINT, to, opts);
  }
  return cast(node.toNumber(), DOUBLE, to, opts);
}

/** CAST(json AS to). */
export function castFromJson(text: string, to: SqlType, cast: CastFn, opts?: { sessionTimeZone?: string }): Value {
  return fromJsonNode(parseJson(text), to, cast, opts);
}
