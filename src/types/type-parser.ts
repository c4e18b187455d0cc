/**
 * Parses a type name in Trino syntax (`decimal(10,2)`, `array(map(varchar, row(a integer)))`,
 * `timestamp(6) with time zone`), as typed literals and stored result metadata spell them. Hive
 * spellings are accepted as aliases (`int`, `string`, `binary`, `float`, `array<int>`,
 * `map<string,int>`, `struct<a:int>`); Hive DDL itself is parsed by the HiveSQL front end
 * (sql/hive-type.ts), not here.
 */
import { AegisError } from '../errors.js';
import type { SqlType } from './sql-type.js';

class Cursor {
  pos = 0;
  constructor(readonly text: string) {}
  ws(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }
  peek(): string {
    this.ws();
    return this.text[this.pos] ?? '';
  }
  eat(ch: string): boolean {
    if (this.peek() === ch) {
      this.pos++;
      return true;
    }
    return false;
  }
  expect(ch: string): void {
    if (!this.eat(ch)) throw this.fail(`expected '${ch}'`);
  }
  word(): string {
    this.ws();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos));
    if (!m) throw this.fail('expected a type name');
    this.pos += m[0].length;
    return m[0];
  }
  /** A field name: identifier or "quoted" / `quoted`. */
  fieldName(): string {
    const c = this.peek();
    if (c === '"' || c === '`') {
      const end = this.text.indexOf(c, this.pos + 1);
      if (end < 0) throw this.fail('unterminated quoted name');
      const name = this.text.slice(this.pos + 1, end);
      this.pos = end + 1;
      return name;
    }
    return this.word();
  }
  int(): number {
    this.ws();
    const m = /^\d+/.exec(this.text.slice(this.pos));
    if (!m) throw this.fail('expected a number');
    this.pos += m[0].length;
    return Number(m[0]);
  }
  lookaheadWords(...words: string[]): boolean {
    const save = this.pos;
    for (const w of words) {
      this.ws();
      const m = /^[A-Za-z_]+/.exec(this.text.slice(this.pos));
      if (!m || m[0].toLowerCase() !== w) {
        this.pos = save;
        return false;
      }
      this.pos += m[0].length;
    }
    return true;
  }
  fail(why: string): AegisError {
    return new AegisError('TYPE_MISMATCH', `Unknown type '${this.text}': ${why} at offset ${this.pos}`, { type: this.text });
  }
}

function optParams(c: Cursor): number[] {
  const out: number[] = [];
  if (!c.eat('(')) return out;
  do out.push(c.int());
  while (c.eat(','));
  c.expect(')');
  return out;
}

function parseOne(c: Cursor): SqlType {
  const w = c.word().toLowerCase();
  switch (w) {
    case 'boolean':
    case 'tinyint':
    case 'smallint':
    case 'bigint':
    case 'real':
    case 'varbinary':
    case 'date':
    case 'json':
    case 'unknown':
      return { kind: w };
    case 'int':
    case 'integer':
      return { kind: 'integer' };
    case 'float':
      return { kind: 'real' };
    case 'double':
      c.lookaheadWords('precision');
      return { kind: 'double' };
    case 'binary':
      return { kind: 'varbinary' };
    case 'string':
      return { kind: 'varchar' };
    case 'decimal':
    case 'numeric': {
      const p = optParams(c);
      const precision = p[0] ?? 38;
      const scale = p[1] ?? 0;
      if (precision < 1 || precision > 38) throw c.fail('DECIMAL precision must be in range [1, 38]');
      if (scale > precision) throw c.fail('DECIMAL scale must be in range [0, precision]');
      return { kind: 'decimal', precision, scale };
    }
    case 'varchar': {
      const p = optParams(c);
      return p.length ? { kind: 'varchar', length: p[0]! } : { kind: 'varchar' };
    }
    case 'char': {
      const p = optParams(c);
      return { kind: 'char', length: p[0] ?? 1 };
    }
    case 'timestamp': {
      const p = optParams(c);
      const precision = p[0] ?? 3;
      if (precision > 12) throw c.fail('TIMESTAMP precision must be in range [0, 12]');
      if (c.lookaheadWords('with', 'time', 'zone')) return { kind: 'timestamp', precision, withTimeZone: true };
      c.lookaheadWords('without', 'time', 'zone');
      return { kind: 'timestamp', precision };
    }
    case 'time': {
      const p = optParams(c);
      const precision = p[0] ?? 3;
      if (precision > 12) throw c.fail('TIME precision must be in range [0, 12]');
      if (c.lookaheadWords('with', 'time', 'zone')) return { kind: 'time', precision, withTimeZone: true };
      c.lookaheadWords('without', 'time', 'zone');
      return { kind: 'time', precision };
    }
    case 'interval':
      if (c.lookaheadWords('day', 'to', 'second')) return { kind: 'interval_day_second' };
      if (c.lookaheadWords('year', 'to', 'month')) return { kind: 'interval_year_month' };
      throw c.fail('expected DAY TO SECOND or YEAR TO MONTH');
    case 'array': {
      const close = c.eat('<') ? '>' : (c.expect('('), ')');
      const element = parseOne(c);
      c.expect(close);
      return { kind: 'array', element };
    }
    case 'map': {
      const close = c.eat('<') ? '>' : (c.expect('('), ')');
      const key = parseOne(c);
      c.expect(',');
      const value = parseOne(c);
      c.expect(close);
      return { kind: 'map', key, value };
    }
    case 'struct': {
      c.expect('<');
      const fields: { name?: string; type: SqlType }[] = [];
      do {
        const name = c.fieldName();
        c.expect(':');
        fields.push({ name, type: parseOne(c) });
      } while (c.eat(','));
      c.expect('>');
      return { kind: 'row', fields };
    }
    case 'row': {
      c.expect('(');
      const fields: { name?: string; type: SqlType }[] = [];
      do fields.push(rowField(c));
      while (c.eat(','));
      c.expect(')');
      return { kind: 'row', fields };
    }
    default:
      throw c.fail(`unknown type '${w}'`);
  }
}

/** `name type` or just `type` inside row(…). */
function rowField(c: Cursor): { name?: string; type: SqlType } {
  const save = c.pos;
  const first = c.peek();
  if (first === '"' || first === '`') {
    const name = c.fieldName();
    return { name, type: parseOne(c) };
  }
  // Try "name type"; if what follows the first word ends the field, the word was the type.
  c.word();
  const next = c.peek();
  c.pos = save;
  if (next === ',' || next === ')' || next === '(' || next === '<') return { type: parseOne(c) };
  const probe = c.pos;
  const w = c.word().toLowerCase();
  // `double precision`, `timestamp with time zone`, `interval day to second` are one type.
  if ((w === 'double' || w === 'timestamp' || w === 'interval') && /^\s*(precision|with|without|day|year)\b/i.test(c.text.slice(c.pos))) {
    c.pos = probe;
    return { type: parseOne(c) };
  }
  const name = c.text.slice(probe, c.pos).trim();
  return { name, type: parseOne(c) };
}

/**
 * Parses a Trino (or Hive) type name.
 * @throws AegisError TYPE_MISMATCH "Unknown type 'foo'…" for text that is not a type.
 */
export function parseTypeName(text: string): SqlType {
  const c = new Cursor(text);
  const t = parseOne(c);
  c.ws();
  if (c.pos !== text.length) throw c.fail('unexpected trailing text');
  return t;
}
