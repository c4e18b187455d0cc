/**
 * Hive DDL type text ↔ aegis SqlType.
 *
 * The catalog keeps both: the Hive text as the user's DDL spelled it (normalised to lower case,
 * no spaces — the form Glue and `SHOW CREATE TABLE` print), and the parsed SqlType the binder
 * uses. Mapping follows Athena's DDL → DML table: `int`→integer, `float`→real, `string`→varchar,
 * `binary`→varbinary, `timestamp`→timestamp(3), `array<T>`→array(T), `map<K,V>`→map(K,V),
 * `struct<a:T>`→row(a T).
 */
import { AegisError } from '../errors.js';
import type { SqlType } from '../types/sql-type.js';

/** A parsed column type: the canonical Hive text and the SQL type. */
export interface HiveType {
  readonly hive: string;
  readonly type: SqlType;
}

/**
 * Parses Hive type text (`int`, `decimal(10,2)`, `array<struct<a:int,b:string>>`, …).
 * @throws AegisError INVALID_ARGUMENT naming the type when it is not a Hive/Athena DDL type.
 */
export function parseHiveType(text: string): HiveType {
  const p = new TypeParser(text);
  const t = p.parseType();
  p.expectEnd();
  return { hive: formatHiveType(t), type: t };
}

/**
 * Prints an SqlType in Hive DDL spelling (`string`, `int`, `array<string>`, `struct<a:int>`).
 * Used for view columns (whose types come from the binder) and `SHOW CREATE TABLE`.
 */
export function formatHiveType(t: SqlType): string {
  switch (t.kind) {
    case 'integer':
      return 'int';
    case 'real':
      return 'float';
    case 'varchar':
      return t.length === undefined ? 'string' : `varchar(${t.length})`;
    case 'varbinary':
      return 'binary';
    case 'char':
      return `char(${t.length})`;
    case 'decimal':
      return `decimal(${t.precision},${t.scale})`;
    case 'timestamp':
      return 'timestamp';
    case 'array':
      return `array<${formatHiveType(t.element)}>`;
    case 'map':
      return `map<${formatHiveType(t.key)},${formatHiveType(t.value)}>`;
    case 'row':
      return `struct<${t.fields.map((f, i) => `${f.name ?? `col${i + 1}`}:${formatHiveType(f.type)}`).join(',')}>`;
    case 'interval_day_second':
      return 'interval day to second';
    case 'interval_year_month':
      return 'interval year to month';
    case 'unknown':
      return 'void';
    default:
      return t.kind;
  }
}

const SIMPLE: Record<string, SqlType> = {
  boolean: { kind: 'boolean' },
  tinyint: { kind: 'tinyint' },
  smallint: { kind: 'smallint' },
  int: { kind: 'integer' },
  integer: { kind: 'integer' },
  bigint: { kind: 'bigint' },
  float: { kind: 'real' },
  real: { kind: 'real' },
  double: { kind: 'double' },
  string: { kind: 'varchar' },
  binary: { kind: 'varbinary' },
  varbinary: { kind: 'varbinary' },
  date: { kind: 'date' },
  timestamp: { kind: 'timestamp', precision: 3 },
  json: { kind: 'json' },
};

class TypeParser {
  private pos = 0;
  constructor(private readonly src: string) {}

  private fail(why: string): never {
    throw new AegisError('INVALID_ARGUMENT', `Invalid column type '${this.src}': ${why}`, { type: this.src });
  }

  private skipWs(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos]!)) this.pos++;
  }

  private word(): string {
    this.skipWs();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.src.slice(this.pos));
    if (!m) this.fail(`expected a type name at offset ${this.pos}`);
    this.pos += m[0].length;
    return m[0];
  }

  /** A struct field name: an identifier, or a back-quoted one. */
  private fieldName(): string {
    this.skipWs();
    if (this.src[this.pos] === '`') {
      const end = this.src.indexOf('`', this.pos + 1);
      if (end < 0) this.fail('unterminated back-quoted field name');
      const name = this.src.slice(this.pos + 1, end);
      this.pos = end + 1;
      return name.toLowerCase();
    }
    return this.word().toLowerCase();
  }

  private int(): number {
    this.skipWs();
    const m = /^\d+/.exec(this.src.slice(this.pos));
    if (!m) this.fail(`expected a number at offset ${this.pos}`);
    this.pos += m[0].length;
    return Number(m[0]);
  }

  private peek(ch: string): boolean {
    this.skipWs();
    return this.src[this.pos] === ch;
  }

  private expect(ch: string): void {
    if (!this.peek(ch)) this.fail(`expected '${ch}' at offset ${this.pos}`);
    this.pos++;
  }

  expectEnd(): void {
    this.skipWs();
    if (this.pos !== this.src.length) this.fail(`unexpected '${this.src.slice(this.pos)}'`);
  }

  parseType(): SqlType {
    const name = this.word().toLowerCase();
    switch (name) {
      case 'decimal':
      case 'numeric': {
        // Hive's bare `decimal` is decimal(10,0).
        if (!this.peek('(')) return { kind: 'decimal', precision: 10, scale: 0 };
        this.expect('(');
        const precision = this.int();
        let scale = 0;
        if (this.peek(',')) {
          this.expect(',');
          scale = this.int();
        }
        this.expect(')');
        if (precision < 1 || precision > 38) this.fail('decimal precision must be 1..38');
        if (scale > precision) this.fail('decimal scale must not exceed its precision');
        return { kind: 'decimal', precision, scale };
      }
      case 'varchar': {
        this.expect('(');
        const length = this.int();
        this.expect(')');
        if (length < 1 || length > 65535) this.fail('varchar length must be 1..65535');
        return { kind: 'varchar', length };
      }
      case 'char': {
        this.expect('(');
        const length = this.int();
        this.expect(')');
        if (length < 1 || length > 255) this.fail('char length must be 1..255');
        return { kind: 'char', length };
      }
      case 'array': {
        this.expect('<');
        const element = this.parseType();
        this.expect('>');
        return { kind: 'array', element };
      }
      case 'map': {
        this.expect('<');
        const key = this.parseType();
        this.expect(',');
        const value = this.parseType();
        this.expect('>');
        return { kind: 'map', key, value };
      }
      case 'struct': {
        this.expect('<');
        const fields: { name: string; type: SqlType }[] = [];
        do {
          if (fields.length > 0) this.expect(',');
          const fname = this.fieldName();
          this.expect(':');
          fields.push({ name: fname, type: this.parseType() });
        } while (this.peek(','));
        this.expect('>');
        return { kind: 'row', fields };
      }
      default: {
        const t = SIMPLE[name];
        if (!t) this.fail(`unknown type '${name}'`);
        return t;
      }
    }
  }
}
