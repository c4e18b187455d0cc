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

/** Recursive-descent parser state; a class so that parsing a line allocates no closures. */
class Parser {
  i = 0;
  constructor(private readonly text: string) {}

  fail(msg: string): never {
    throw new JsonSyntaxError(msg, this.i);
  }

  ws(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.i);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.i++;
      else return;
    }
  }

  str(): string {
    const t = this.text;
    let i = ++this.i; // past the opening quote
    let out = '';
    let start = i;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === 34) {
        this.i = i + 1;
        return start === i && out === '' ? '' : out + t.slice(start, i);
      }
      if (Number.isNaN(c)) {
        this.i = i;
        this.fail('Unterminated string');
      }
      if (c < 32) {
        this.i = i;
        this.fail('Control character in string');
      }
      if (c !== 92) {
        i++;
        continue;
      }
      out += t.slice(start, i);
      const e = t[i + 1];
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
          const hex = t.slice(i, i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
            this.i = i;
            this.fail('Bad \\u escape');
          }
          out += String.fromCharCode(parseInt(hex, 16));
          i += 4;
          break;
        }
        default:
          this.i = i - 2;
          this.fail('Bad escape');
      }
      start = i;
    }
  }

  value(depth: number): JsonNode {
    if (depth > 512) this.fail('Nesting too deep');
    this.ws();
    const t = this.text;
    const c = t[this.i];
    switch (c) {
      case '{': {
        this.i++;
        const entries: [string, JsonNode][] = [];
        this.ws();
        if (t[this.i] === '}') {
          this.i++;
          return new JsonObject(entries);
        }
        for (;;) {
          this.ws();
          if (t[this.i] !== '"') this.fail('Expected a key');
          const k = this.str();
          this.ws();
          if (t[this.i] !== ':') this.fail("Expected ':'");
          this.i++;
          entries.push([k, this.value(depth + 1)]);
          this.ws();
          if (t[this.i] === ',') this.i++;
          else if (t[this.i] === '}') {
            this.i++;
            return new JsonObject(entries);
          } else this.fail("Expected ',' or '}'");
        }
      }
      case '[': {
        this.i++;
        const items: JsonNode[] = [];
        this.ws();
        if (t[this.i] === ']') {
          this.i++;
          return items;
        }
        for (;;) {
          items.push(this.value(depth + 1));
          this.ws();
          if (t[this.i] === ',') this.i++;
          else if (t[this.i] === ']') {
            this.i++;
            return items;
          } else this.fail("Expected ',' or ']'");
        }
      }
      case '"':
        return this.str();
      case 't':
        if (t.startsWith('true', this.i)) {
          this.i += 4;
          return true;
        }
        break;
      case 'f':
        if (t.startsWith('false', this.i)) {
          this.i += 5;
          return false;
        }
        break;
      case 'n':
        if (t.startsWith('null', this.i)) {
          this.i += 4;
          return null;
        }
        break;
      default: {
        NUM_RE.lastIndex = this.i;
        const m = NUM_RE.exec(t);
        if (m) {
          this.i += m[0].length;
          return new JsonNumber(m[0]);
        }
      }
    }
    return this.fail(c === undefined ? 'Unexpected end of input' : `Unexpected character '${c}'`);
  }

  /** Validates and skips one value without building it (members nobody reads). */
  skip(depth: number): void {
    if (depth > 512) this.fail('Nesting too deep');
    this.ws();
    const t = this.text;
    const c = t.charCodeAt(this.i);
    if (c === 34) {
      this.skipString();
      return;
    }
    if (c === 123 || c === 91) {
      const close = c === 123 ? 125 : 93;
      this.i++;
      this.ws();
      if (t.charCodeAt(this.i) === close) {
        this.i++;
        return;
      }
      for (;;) {
        if (c === 123) {
          this.ws();
          if (t.charCodeAt(this.i) !== 34) this.fail('Expected a key');
          this.skipString();
          this.ws();
          if (t[this.i] !== ':') this.fail("Expected ':'");
          this.i++;
        }
        this.skip(depth + 1);
        this.ws();
        const d = t.charCodeAt(this.i);
        if (d === 44) this.i++;
        else if (d === close) {
          this.i++;
          return;
        } else this.fail(c === 123 ? "Expected ',' or '}'" : "Expected ',' or ']'");
      }
    }
    // Scalars are cheap to build; reuse the full path for its validation.
    this.value(depth);
  }

  private skipString(): void {
    const t = this.text;
    let i = this.i + 1;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === 34) {
        this.i = i + 1;
        return;
      }
      if (c === 92 || c < 32 || Number.isNaN(c)) {
        // Rare: let the building path validate escapes and report errors.
        this.str();
        return;
      }
      i++;
    }
  }
}

/**
 * Parses a top-level JSON object, building only the members `route` asks for: `route(key)`
 * returns the output slots a member fills (a later duplicate overwrites), or undefined to skip it
 * (still validated). Returns false, consuming nothing, when the document is not an object.
 */
export function parseProjected(text: string, route: (key: string) => readonly number[] | undefined, out: JsonNode[]): boolean {
  const p = new Parser(text);
  p.ws();
  if (text.charCodeAt(p.i) !== 123) return false;
  p.i++;
  p.ws();
  if (text.charCodeAt(p.i) === 125) p.i++;
  else {
    for (;;) {
      p.ws();
      if (text.charCodeAt(p.i) !== 34) p.fail('Expected a key');
      const k = p.str();
      p.ws();
      if (text[p.i] !== ':') p.fail("Expected ':'");
      p.i++;
      const slots = route(k);
      if (slots) {
        const v = p.value(1);
        for (const j of slots) out[j] = v;
      } else p.skip(1);
      p.ws();
      const d = text.charCodeAt(p.i);
      if (d === 44) p.i++;
      else if (d === 125) {
        p.i++;
        break;
      } else p.fail("Expected ',' or '}'");
    }
  }
  p.ws();
  if (p.i < text.length) p.fail('Unexpected text after the JSON value');
  return true;
}

/** Parses one JSON document (whitespace around it allowed). */
export function parseJson(text: string): JsonNode {
  const p = new Parser(text);
  const v = p.value(0);
  p.ws();
  if (p.i < text.length) p.fail('Unexpected text after the JSON value');
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
