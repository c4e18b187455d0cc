/**
 * JSON values as Trino handles them. A `json` SQL value is canonical JSON text: no insignificant
 * whitespace, object keys sorted (Trino's json_parse sorts them), integers kept exactly as
 * written, other numbers printed as Java's Double.toString (jackson's output: 1e2 → 100.0).
 * A JsonNumber keeps its source text, so json_extract_scalar can answer a number as written.
 * The tree form below keeps integers as text so 20-digit ids survive a round trip.
 */
import { AegisError } from '../errors.js';
import { javaDoubleToString } from './number-format.js';

export class JsonNumber {
  /** `exact`: print `text` verbatim (decimals cast to json keep their scale: 1.50). */
  constructor(readonly text: string, readonly exact = false) {}
  get isIntegral(): boolean {
    return /^-?\d+$/.test(this.text);
  }
  toNumber(): number {
    return Number(this.text);
  }
}

export class JsonObject {
  /**
   * Entries sorted by key with a duplicate key keeping the last value (json_parse, jackson's
   * map), or in source order with duplicates kept (`parseJson(text, { sourceOrder: true })`:
   * Trino's path extractors stream the text). `get` answers the first match.
   */
  constructor(readonly entries: [string, JsonNode][]) {}
  get(key: string): JsonNode | undefined {
    for (const [k, v] of this.entries) if (k === key) return v;
    return undefined;
  }
}

export type JsonNode = null | boolean | string | JsonNumber | JsonNode[] | JsonObject;

function invalid(text: string): AegisError {
  const shown = text.length > 100 ? `${text.slice(0, 100)}…` : text;
  return new AegisError('INVALID_FUNCTION_ARGUMENT', `Cannot convert value to JSON: '${shown}'`);
}

/**
 * Parses JSON text into a tree. By default objects are canonical (sorted, last duplicate wins);
 * with `sourceOrder` they keep the text's order and every duplicate, as a streaming reader sees them.
 * @throws AegisError INVALID_FUNCTION_ARGUMENT on bad JSON.
 */
export function parseJson(text: string, opts: { sourceOrder?: boolean } = {}): JsonNode {
  const sourceOrder = opts.sourceOrder === true;
  let i = 0;
  const n = text.length;
  const ws = (): void => {
    while (i < n && (text[i] === ' ' || text[i] === '\n' || text[i] === '\t' || text[i] === '\r')) i++;
  };
  const value = (): JsonNode => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const map = new Map<string, JsonNode>();
      const list: [string, JsonNode][] = [];
      ws();
      if (text[i] === '}') {
        i++;
        return new JsonObject([]);
      }
      for (;;) {
        ws();
        if (text[i] !== '"') throw invalid(text);
        const k = str();
        ws();
        if (text[i++] !== ':') throw invalid(text);
        if (sourceOrder) list.push([k, value()]);
        else {
          map.delete(k);
          map.set(k, value());
        }
        ws();
        const d = text[i++];
        if (d === '}') break;
        if (d !== ',') throw invalid(text);
      }
      if (sourceOrder) return new JsonObject(list);
      const entries = [...map.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      return new JsonObject(entries);
    }
    if (c === '[') {
      i++;
      const arr: JsonNode[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value());
        ws();
        const d = text[i++];
        if (d === ']') break;
        if (d !== ',') throw invalid(text);
      }
      return arr;
    }
    if (c === '"') return str();
    if (text.startsWith('true', i)) {
      i += 4;
      return true;
    }
    if (text.startsWith('false', i)) {
      i += 5;
      return false;
    }
    if (text.startsWith('null', i)) {
      i += 4;
      return null;
    }
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) throw invalid(text);
    i += m[0].length;
    return new JsonNumber(m[0]);
  };
  const str = (): string => {
    // Find the closing quote, then let JSON.parse handle escapes.
    let j = i + 1;
    while (j < n && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    if (j >= n) throw invalid(text);
    const raw = text.slice(i, j + 1);
    i = j + 1;
    try {
      return JSON.parse(raw) as string;
    } catch {
      throw invalid(text);
    }
  };
  const v = value();
  ws();
  if (i !== n) throw invalid(text);
  return v;
}

function numberText(num: JsonNumber): string {
  if (num.exact) return num.text;
  if (num.isIntegral) return num.text === '-0' ? '0' : num.text;
  return javaDoubleToString(num.toNumber());
}

/** Canonical JSON text of a tree. */
export function stringifyJson(node: JsonNode): string {
  if (node === null) return 'null';
  if (typeof node === 'boolean') return node ? 'true' : 'false';
  if (typeof node === 'string') return JSON.stringify(node);
  if (node instanceof JsonNumber) return numberText(node);
  if (Array.isArray(node)) return `[${node.map(stringifyJson).join(',')}]`;
  return `{${node.entries.map(([k, v]) => `${JSON.stringify(k)}:${stringifyJson(v)}`).join(',')}}`;
}

/** json_parse: validates and canonicalises. */
export function canonicalJson(text: string): string {
  return stringifyJson(parseJson(text));
}

/** Builds a JsonObject from unsorted entries (sorting them). */
export function jsonObject(entries: [string, JsonNode][]): JsonObject {
  const map = new Map<string, JsonNode>();
  for (const [k, v] of entries) {
    map.delete(k);
    map.set(k, v);
  }
  return new JsonObject([...map.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}
