/**
 * JSON functions (Trino's json.md). Paths are the JSONPath subset Trino's json_extract accepts:
 * `$`, `.key`, `["key"]`, `['key']`, `[index]`. Functions taking a `varchar` document treat
 * malformed JSON as NULL (json_extract*) where Trino does, and json_parse rejects it.
 * json_extract_scalar answers a number's source text; json_extract re-serializes the value as
 * Trino's Jackson generator does (keys in source order, fractions via Double.toString).
 */
import type { JsonNode } from '../types/json-value.js';
import { JsonNumber, JsonObject, canonicalJson, parseJson, stringifyJson } from '../types/json-value.js';
import type { SqlType } from '../types/sql-type.js';
import type { Value } from '../types/value.js';
import { BIGINT, BOOL, DOUBLE, JSON_T, V, defineFunction, defineGeneric, invalidArg, plainTypes, res } from './signature.js';

const pathCache = new Map<string, (string | number)[]>();

/** Parses a JSONPath into keys and indexes. @throws INVALID_FUNCTION_ARGUMENT "Invalid JSON path". */
export function parseJsonPath(path: string): (string | number)[] {
  const hit = pathCache.get(path);
  if (hit) return hit;
  const bad = (): Error => invalidArg(`Invalid JSON path: '${path}'`);
  const p = path.trim();
  if (!p.startsWith('$')) throw bad();
  const out: (string | number)[] = [];
  let i = 1;
  while (i < p.length) {
    const c = p[i]!;
    if (c === '.') {
      const m = /^[^.[\]"'\s]+/.exec(p.slice(i + 1));
      if (!m) throw bad();
      out.push(m[0]);
      i += 1 + m[0].length;
    } else if (c === '[') {
      const rest = p.slice(i);
      const q = /^\[\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(\d+))\s*\]/.exec(rest);
      if (!q) throw bad();
      if (q[3] !== undefined) out.push(Number(q[3]));
      else out.push((q[1] ?? q[2]!).replace(/\\(.)/g, '$1'));
      i += q[0].length;
    } else throw bad();
  }
  if (pathCache.size > 1000) pathCache.clear();
  pathCache.set(path, out);
  return out;
}

function walk(node: JsonNode, path: (string | number)[]): JsonNode | undefined {
  let cur: JsonNode | undefined = node;
  for (const seg of path) {
    if (cur === undefined || cur === null) return undefined;
    if (typeof seg === 'number') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[seg];
    } else if (cur instanceof JsonObject) {
      cur = cur.get(seg);
    } else if (Array.isArray(cur) && /^\d+$/.test(seg)) {
      cur = cur[Number(seg)];
    } else return undefined;
  }
  return cur;
}

/**
 * Parses a document argument: json text is valid by construction; varchar may be malformed →
 * undefined. Objects keep source order and duplicates, as Trino's streaming extractors read them
 * (json_extract copies the structure as written; the first of duplicate keys matches).
 */
function doc(v: Value): JsonNode | undefined {
  try {
    return parseJson(v as string, { sourceOrder: true });
  } catch {
    return undefined;
  }
}

function scalarText(n: JsonNode | undefined): Value {
  if (n === undefined || n === null || Array.isArray(n) || n instanceof JsonObject) return null;
  if (typeof n === 'string') return n;
  if (typeof n === 'boolean') return String(n);
  // Jackson's getText(): a number comes back exactly as written (19.90, 1e2, -0).
  return n.text;
}

const isDocType = (t: SqlType): boolean => t.kind === 'json' || t.kind === 'varchar' || t.kind === 'char' || t.kind === 'unknown';

/** f(json|varchar, …extra) – the document argument keeps its own type (no cast). */
function defineDoc(name: string, sigs: string[], extra: SqlType[], returns: SqlType, impl: (d: JsonNode | undefined, rest: Value[]) => Value): void {
  defineGeneric(name, sigs, (args) => {
    const ts = plainTypes(args);
    if (!ts || ts.length !== extra.length + 1 || !isDocType(ts[0]!)) return undefined;
    const docType = ts[0]!.kind === 'json' ? JSON_T : V;
    return res(returns, [docType, ...extra], ([d, ...rest]) => impl(doc(d!), rest));
  });
}

defineFunction('json_parse', [{ args: [V], returns: JSON_T, impl: ([s]) => canonicalJson(s as string) }]);
defineFunction('json_format', [{ args: [JSON_T], returns: V, impl: ([j]) => j! }]);
defineFunction('is_json_scalar', [
  { args: [JSON_T], returns: BOOL, impl: ([j]) => isScalar(parseJson(j as string)) },
  { args: [V], returns: BOOL, impl: ([j]) => isScalar(parseJson(j as string)) },
]);
function isScalar(n: JsonNode): boolean {
  return !(Array.isArray(n) || n instanceof JsonObject);
}

defineDoc('json_extract', ['json_extract(json, varchar)', 'json_extract(varchar, varchar)'], [V], JSON_T, (d, [p]) => {
  const path = parseJsonPath(p as string);
  if (d === undefined) return null;
  const n = walk(d, path);
  return n === undefined ? null : stringifyJson(n);
});
defineDoc('json_extract_scalar', ['json_extract_scalar(json, varchar)', 'json_extract_scalar(varchar, varchar)'], [V], V, (d, [p]) => {
  const path = parseJsonPath(p as string);
  return d === undefined ? null : scalarText(walk(d, path));
});
defineDoc('json_array_length', ['json_array_length(json)', 'json_array_length(varchar)'], [], BIGINT, (d) =>
  Array.isArray(d) ? BigInt(d.length) : null);
defineDoc('json_size', ['json_size(json, varchar)', 'json_size(varchar, varchar)'], [V], BIGINT, (d, [p]) => {
  const path = parseJsonPath(p as string);
  if (d === undefined) return null;
  const n = walk(d, path);
  if (n === undefined) return null;
  if (Array.isArray(n)) return BigInt(n.length);
  if (n instanceof JsonObject) return BigInt(n.entries.length);
  return 0n;
});
defineGeneric('json_array_get', ['json_array_get(json, bigint)', 'json_array_get(varchar, bigint)'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length !== 2 || !isDocType(ts[0]!)) return undefined;
  return res(JSON_T, [ts[0]!.kind === 'json' ? JSON_T : V, BIGINT], ([d, i]) => {
    const n = doc(d!);
    if (!Array.isArray(n)) return null;
    let idx = Number(i as bigint);
    if (idx < 0) idx += n.length;
    const e = n[idx];
    return e === undefined ? null : stringifyJson(e);
  });
});

function jsonEqualsValue(n: JsonNode, v: Value, t: SqlType): boolean {
  switch (t.kind) {
    case 'boolean':
      return typeof n === 'boolean' && n === v;
    case 'bigint':
      return n instanceof JsonNumber && n.isIntegral && BigInt(n.text) === v;
    case 'double':
      return n instanceof JsonNumber && n.toNumber() === v;
    default:
      return typeof n === 'string' && n === v;
  }
}
defineGeneric('json_array_contains', ['json_array_contains(json, boolean|bigint|double|varchar)'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length !== 2 || !isDocType(ts[0]!)) return undefined;
  const vt = ts[1]!;
  const t: SqlType = vt.kind === 'boolean' ? vt : ['tinyint', 'smallint', 'integer', 'bigint'].includes(vt.kind) ? BIGINT
    : vt.kind === 'double' || vt.kind === 'real' || vt.kind === 'decimal' ? DOUBLE : vt.kind === 'varchar' || vt.kind === 'char' ? V : vt;
  if (!['boolean', 'bigint', 'double', 'varchar'].includes(t.kind)) return undefined;
  return res(BOOL, [ts[0]!.kind === 'json' ? JSON_T : V, t], ([d, v]) => {
    const n = doc(d!);
    if (!Array.isArray(n)) return null;
    return n.some((e) => e !== null && jsonEqualsValue(e, v!, t));
  });
});


