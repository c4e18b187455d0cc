/**
 * A small JSON parser that keeps numbers as their source text, so bigint and decimal columns are
 * read exactly (JSON.parse would round them through doubles), and keeps object members in order
 * with their original keys (SerDes match keys case-insensitively or through mappings).
 */

/** A JSON number, kept as written. */
export class JsonNumber {
  constructor(readonly text: string) {}
}

/** A JSON object: members in document order (a later duplicate key wins on lookup). */
export class JsonObject {
  constructor(readonly entries: [string, JsonNode][]) {}
}

export type JsonNode = null | boolean | string | JsonNumber | JsonNode[] | JsonObject;

/** Thrown for malformed JSON; `position` is the 0-based character offset. */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at character ${position + 1}`);
  }
}

const NUM_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Parses one JSON document (whitespace around it allowed). */
export function parseJson(text: string): JsonNode {
  let i = 0;
  const fail = (msg: string): never => {
    throw new JsonSyntaxError(msg, i);
  };
  const ws = (): void => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else return;
    }
  };
  const str = (): string => {
    i++; // opening quote
    let out = '';
    let start = i;
    for (;;) {
      const c = text.charCodeAt(i);
      if (Number.isNaN(c)) fail('Unterminated string');
      if (c === 34) {
        out += text.slice(start, i);
        i++;
        return out;
      }
      if (c < 32) fail('Control character in string');
      if (c === 92) {
        out += text.slice(start, i);
        const e = text[i + 1];
        i += 2;
        switch (e) {
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          case '/': out += '/'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case 'u': {
            const hex = text.slice(i, i + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('Bad \\u escape');
            out += String.fromCharCode(parseInt(hex, 16));
            i += 4;
            break;
          }
          default:
            i -= 2;
            fail('Bad escape');
        }
        start = i;
      } else i++;
    }
  };
  const value = (depth: number): JsonNode => {
    if (depth > 512) fail('Nesting too deep');
    ws();
    const c = text[i];
    switch (c) {
      case '{': {
        i++;
        const entries: [string, JsonNode][] = [];
        ws();
        if (text[i] === '}') {
          i++;
          return new JsonObject(entries);
        }
        for (;;) {
          ws();
          if (text[i] !== '"') fail('Expected a key');
          const k = str();
          ws();
          if (text[i] !== ':') fail("Expected ':'");
          i++;
          entries.push([k, value(depth + 1)]);
          ws();
          if (text[i] === ',') i++;
          else if (text[i] === '}') {
            i++;
            return new JsonObject(entries);
          } else fail("Expected ',' or '}'");
        }
      }
      case '[': {
        i++;
        const items: JsonNode[] = [];
        ws();
        if (text[i] === ']') {
          i++;
          return items;
        }
        for (;;) {
          items.push(value(depth + 1));
          ws();
          if (text[i] === ',') i++;
          else if (text[i] === ']') {
            i++;
            return items;
          } else fail("Expected ',' or ']'");
        }
      }
      case '"':
        return str();
      case 't':
        if (text.startsWith('true', i)) {
          i += 4;
          return true;
        }
        break;
      case 'f':
        if (text.startsWith('false', i)) {
          i += 5;
          return false;
        }
        break;
      case 'n':
        if (text.startsWith('null', i)) {
          i += 4;
          return null;
        }
        break;
      default: {
        NUM_RE.lastIndex = i;
        const m = NUM_RE.exec(text);
        if (m) {
          i += m[0].length;
          return new JsonNumber(m[0]);
        }
      }
    }
    return fail(c === undefined ? 'Unexpected end of input' : `Unexpected character '${c}'`);
  };
  const v = value(0);
  ws();
  if (i < text.length) fail('Unexpected text after the JSON value');
  return v;
}

/** Canonical JSON text of a node (numbers as written). */
export function jsonText(n: JsonNode): string {
  if (n === null) return 'null';
  if (n instanceof JsonNumber) return n.text;
  if (n instanceof JsonObject) return `{${n.entries.map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`).join(',')}}`;
  if (Array.isArray(n)) return `[${n.map(jsonText).join(',')}]`;
  return JSON.stringify(n);
}
