/**
 * Random typed expressions rendered in two dialects: Trino (for aegis) and DuckDB, with the same
 * meaning. The grammar only uses constructs whose semantics agree once spelled per dialect:
 * integer division is `/` vs `//` over `nullif(divisor, 0)`; date arithmetic casts DuckDB's
 * timestamps back to dates; decimals are only added, subtracted, multiplied by small integers and
 * rounded (half away from zero in both); no function whose NULL handling differs (greatest,
 * concat) and no double-to-text.
 */

/** mulberry32: small, fast, deterministic. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** An expression in both dialects. */
export interface Ex {
  t: string;
  d: string;
}

export const same = (s: string): Ex => ({ t: s, d: s });

/** Renders `f` once per dialect: `f` must not draw random numbers (draw them before). */
export const map = (f: (...xs: string[]) => string, ...xs: Ex[]): Ex => ({ t: f(...xs.map((x) => x.t)), d: f(...xs.map((x) => x.d)) });

export type Kind = 'int' | 'dbl' | 'str' | 'dec' | 'date' | 'ts' | 'bool';
export type ValueKind = Exclude<Kind, 'bool'>;

/** Columns of one table by kind; a column may be an expression (e.g. a scaled-down integer). */
export type Schema = Partial<Record<ValueKind, readonly Ex[]>>;

const cols = (prefix: string, names: readonly string[]): Ex[] => names.map((n) => same(prefix + n));

/** `nums`: k unique and never NULL; v, x, s, g with NULLs, negatives, '' and duplicates. */
export const numsSchema = (p = ''): Schema => ({ int: cols(p, ['k', 'v']), dbl: cols(p, ['x']), str: cols(p, ['s', 'g']) });

/** `emp`: bonus is scaled down (so products stay far from integer overflow). */
export const empSchema = (p = ''): Schema => ({
  int: [...cols(p, ['id', 'mgr']), { t: `(${p}bonus / 100)`, d: `(${p}bonus // 100)` }],
  dbl: cols(p, ['rating']),
  str: cols(p, ['name', 'dept']),
  dec: cols(p, ['salary']),
  date: cols(p, ['hired']),
});

/** `ev`: timestamp(3) with milliseconds, before and after 1970, and NULLs. */
export const evSchema = (p = ''): Schema => ({
  int: cols(p, ['id']),
  str: cols(p, ['cat']),
  dec: cols(p, ['amt']),
  date: cols(p, ['d']),
  ts: cols(p, ['ts']),
});

export class ExprGen {
  constructor(
    private readonly rng: Rng,
    private readonly schema: Schema,
    /** Nesting depth at which expressions become leaves. */
    private readonly maxDepth = 3,
  ) {}

  /** Kinds this schema has columns of (plus bool). */
  kinds(): ValueKind[] {
    return (Object.keys(this.schema) as ValueKind[]).filter((k) => (this.schema[k]?.length ?? 0) > 0);
  }

  has(kind: ValueKind): boolean {
    return (this.schema[kind]?.length ?? 0) > 0;
  }

  /** Some column of `kind` (the schema must have one). */
  column(kind: ValueKind): Ex {
    return this.rng.pick(this.schema[kind]!);
  }

  /** Whether `e` reads any column of the schema (else it is a constant). */
  mentionsColumn(e: Ex): boolean {
    const code = e.t.replace(/'[^']*'/g, "''");
    const names = Object.values(this.schema).flatMap((cs) => cs.flatMap((c) => c.t.match(/[a-z_][a-z_0-9]*/g) ?? []));
    return names.some((n) => new RegExp(`\\b${n}\\b`).test(code));
  }

  private col(kind: ValueKind): Ex | undefined {
    const c = this.schema[kind];
    return c && c.length > 0 ? this.rng.pick(c) : undefined;
  }

  private leaf(kind: ValueKind): Ex {
    const r = this.rng;
    const c = r.chance(0.75) ? this.col(kind) : undefined;
    if (c) return c;
    switch (kind) {
      case 'int':
        return same(String(r.int(-5, 20)));
      case 'dbl':
        return same(`${r.pick(['0.5', '2.25', '-1.5', '10.0'])}e0`);
      case 'str':
        return same(`'${r.pick(['a', 'apple', '', 'x y', 'B', 'eng'])}'`);
      case 'dec':
        return same(r.pick(['0.50', '-12.25', '1000.00', '70000.00', '0.05']));
      case 'date':
        return same(`date '${r.pick(['2020-02-29', '2019-12-31', '1999-01-01', '2021-11-30'])}'`);
      case 'ts':
        return same(`timestamp '${r.pick(['2024-01-31 23:59:59.999', '1969-12-31 23:59:59.500', '2020-02-29 12:00:00.000'])}'`);
    }
  }

  expr(kind: Kind, depth = 0): Ex {
    if (kind === 'bool') return this.bool(depth);
    const r = this.rng;
    if (depth >= this.maxDepth || r.chance(0.35)) return this.leaf(kind);
    const d = depth + 1;
    switch (kind) {
      case 'int':
        return this.intExpr(d);
      case 'dbl': {
        const a = this.expr('dbl', d);
        switch (r.int(0, 6)) {
          case 0:
            return map((x, y) => `(${x} + ${y})`, a, this.expr('dbl', d));
          case 1:
            return map((x, y) => `(${x} * ${y})`, a, this.expr('dbl', d));
          case 2:
            return map((x, y) => `(${x} - ${y})`, a, this.expr('int', d));
          case 3:
            return map((x) => `cast(${x} as double)`, this.expr(this.has('dec') && r.chance(0.5) ? 'dec' : 'int', d));
          case 4:
            return map((x) => `abs(${x})`, a);
          case 5:
            return map((x, y) => `coalesce(${x}, ${y})`, a, this.expr('dbl', d));
          default:
            return map((x) => `floor(${x})`, a);
        }
      }
      case 'str':
        return this.strExpr(d);
      case 'dec': {
        const a = this.expr('dec', d);
        switch (r.int(0, 7)) {
          case 0:
            return map((x, y) => `(${x} + ${y})`, a, this.expr('dec', d));
          case 1:
            return map((x, y) => `(${x} - ${y})`, a, this.expr('dec', d));
          case 2: {
            const m = r.pick(['2', '3', '-1']);
            return map((x) => `(${x} * ${m})`, a);
          }
          case 3: {
            const n = r.pick(['0', '1', '-1', '-2']);
            return map((x) => `round(${x}, ${n})`, a);
          }
          case 4:
            return map((x) => `abs(${x})`, a);
          case 5:
            return map((x) => `cast(${x} as decimal(12, 2))`, this.expr('int', d));
          case 6:
            return map((p, x, y) => `(case when ${p} then ${x} else ${y} end)`, this.bool(d), a, this.expr('dec', d));
          default:
            return map((x, y) => `coalesce(${x}, ${y})`, a, this.expr('dec', d));
        }
      }
      case 'date': {
        const a = this.expr('date', d);
        const n = r.int(-40, 40);
        switch (r.int(0, 3)) {
          case 0:
            return { t: `date_add('day', ${n}, ${a.t})`, d: `(${a.d} + ${n})` };
          case 1:
            return { t: `date_add('month', ${n}, ${a.t})`, d: `cast(${a.d} + interval (${n}) month as date)` };
          case 2:
            return this.trunc(a);
          default:
            return map((x, y) => `coalesce(${x}, ${y})`, a, this.expr('date', d));
        }
      }
      case 'ts': {
        const a = this.expr('ts', d);
        const n = r.int(-3000, 3000);
        switch (r.int(0, 4)) {
          case 0: {
            const unit = r.pick(['second', 'minute', 'hour', 'day']);
            return { t: `(${a.t} + interval '${Math.abs(n)}' ${unit})`, d: `(${a.d} + interval (${Math.abs(n)}) ${unit})` };
          }
          case 1:
            return { t: `date_add('millisecond', ${n}, ${a.t})`, d: `(${a.d} + interval (${n}) millisecond)` };
          case 2: {
            const unit = r.pick(['second', 'minute', 'hour', 'day', 'month']);
            return map((x) => `date_trunc('${unit}', ${x})`, a);
          }
          case 3: {
            const dt = this.expr('date', d);
            return { t: `cast(${dt.t} as timestamp(3))`, d: `cast(${dt.d} as timestamp)` };
          }
          default:
            return map((x, y) => `coalesce(${x}, ${y})`, a, this.expr('ts', d));
        }
      }
    }
  }

  private trunc(a: Ex): Ex {
    const unit = this.rng.pick(['month', 'year', 'quarter']);
    return { t: `date_trunc('${unit}', ${a.t})`, d: `cast(date_trunc('${unit}', ${a.d}) as date)` };
  }

  private intExpr(d: number): Ex {
    const r = this.rng;
    const a = this.expr('int', d);
    const b = this.expr('int', d);
    switch (r.int(0, 16)) {
      case 0:
        return map((x, y) => `(${x} + ${y})`, a, b);
      case 1:
        return map((x, y) => `(${x} - ${y})`, a, b);
      case 2:
        return map((x, y) => `(${x} * ${y})`, a, b);
      case 3:
        // Trino's integer division truncates toward zero, as DuckDB's //.
        return { t: `(${a.t} / nullif(${b.t}, 0))`, d: `(${a.d} // nullif(${b.d}, 0))` };
      case 4:
        return map((x, y) => `(${x} % nullif(${y}, 0))`, a, b);
      case 5:
        return map((x) => `abs(${x})`, a);
      case 6:
        return map((x, y) => `coalesce(${x}, ${y})`, a, b);
      case 7:
        return map((x, y) => `nullif(${x}, ${y})`, a, b);
      case 8:
        return map((p, x, y) => `(case when ${p} then ${x} else ${y} end)`, this.bool(d), a, b);
      case 9:
        return map((s) => `length(${s})`, this.expr('str', d));
      case 10: {
        const needle = r.pick(['a', 'e', 'p', ' ']);
        return map((s) => `strpos(${s}, '${needle}')`, this.expr('str', d));
      }
      case 11:
        if (this.has('date')) {
          const dt = this.expr('date', d);
          switch (r.int(0, 3)) {
            case 0:
              return map((x) => `year(${x})`, dt);
            case 1:
              return map((x) => `month(${x})`, dt);
            case 2:
              return { t: `day_of_week(${dt.t})`, d: `isodow(${dt.d})` };
            default:
              return map((x, y) => `date_diff('day', ${x}, ${y})`, dt, this.expr('date', d));
          }
        }
        return map((x) => `(- ${x})`, a);
      case 14:
        if (this.has('ts')) {
          const t = this.expr('ts', d);
          switch (r.int(0, 3)) {
            case 0:
              return map((x) => `hour(${x})`, t);
            case 1:
              return map((x) => `minute(${x})`, t);
            case 2:
              // Trino's millisecond() is the millisecond of the second; DuckDB's counts from the minute.
              return { t: `millisecond(${t.t})`, d: `(millisecond(${t.d}) % 1000)` };
            default: {
              const unit = r.pick(['second', 'minute', 'hour', 'millisecond']);
              // Trino counts whole units elapsed (DuckDB's date_sub), not boundaries crossed.
              const u = this.expr('ts', d);
              return { t: `date_diff('${unit}', ${t.t}, ${u.t})`, d: `date_sub('${unit}', ${t.d}, ${u.d})` };
            }
          }
        }
        return map((x) => `(- ${x})`, a);
      case 12:
        if (this.has('dec')) return map((x) => `cast(${x} as integer)`, this.expr('dec', d));
        return map((x) => `(- ${x})`, a);
      default:
        // A space keeps `- -1` from reading as a comment.
        return map((x) => `(- ${x})`, a);
    }
  }

  private strExpr(d: number): Ex {
    const r = this.rng;
    const a = this.expr('str', d);
    switch (r.int(0, 10)) {
      case 0:
        return map((x) => `upper(${x})`, a);
      case 1:
        return map((x) => `lower(${x})`, a);
      case 2: {
        const [from, len] = [r.int(1, 4), r.int(0, 4)];
        return map((x) => `substr(${x}, ${from}, ${len})`, a);
      }
      case 3:
        return map((x, y) => `(${x} || ${y})`, a, this.expr('str', d));
      case 4: {
        const [search, repl] = [r.pick(['a', 'p', ' ']), r.pick(['', 'Z', '--'])];
        return map((x) => `replace(${x}, '${search}', '${repl}')`, a);
      }
      case 5:
        return map((x) => `trim(${x})`, a);
      case 6: {
        const [fn, width] = [r.pick(['lpad', 'rpad']), r.int(0, 8)];
        return map((x) => `${fn}(${x}, ${width}, '*')`, a);
      }
      case 7:
        return map((x) => `reverse(${x})`, a);
      case 8:
        return map((x) => `cast(${x} as varchar)`, this.expr(this.has('date') && r.chance(0.3) ? 'date' : 'int', d));
      case 9: {
        const [n, part] = [r.pick(["' '", "'a'", "'p'"]), r.int(1, 3)];
        // Trino's split_part past the last field is NULL; DuckDB's is ''.
        return {
          t: `split_part(${a.t}, ${n}, ${part})`,
          d: `(case when len(string_split(${a.d}, ${n})) >= ${part} then split_part(${a.d}, ${n}, ${part}) end)`,
        };
      }
      default:
        return map((x, y) => `coalesce(${x}, ${y})`, a, this.expr('str', d));
    }
  }

  private bool(depth: number): Ex {
    const r = this.rng;
    const d = depth + 1;
    if (depth >= this.maxDepth || r.chance(0.5)) {
      const kinds = this.kinds();
      const k = r.pick([...kinds, 'int' as ValueKind]);
      const a = this.expr(k, d);
      switch (r.int(0, 6)) {
        case 0:
          return map((x) => `(${x} is null)`, a);
        case 1:
          return map((x) => `(${x} is not null)`, a);
        case 2:
          return map((x, y, z) => `(${x} between ${y} and ${z})`, a, this.expr(k, d), this.expr(k, d));
        case 3: {
          const pattern = r.pick(['%a%', 'a%', '%e', '_p%', '', '%', 'B%']);
          return k === 'str'
            ? map((x) => `(${x} like '${pattern}')`, a)
            : map((x, y, z) => `(${x} in (${y}, ${z}))`, a, this.expr(k, d), this.expr(k, d));
        }
        case 4:
          return map((x, y) => `(${x} is distinct from ${y})`, a, this.expr(k, d));
        default: {
          const op = r.pick(['=', '<>', '<', '<=', '>', '>=']);
          return map((x, y) => `(${x} ${op} ${y})`, a, this.expr(k, d));
        }
      }
    }
    const p = this.bool(d);
    switch (r.int(0, 2)) {
      case 0:
        return map((x, y) => `(${x} and ${y})`, p, this.bool(d));
      case 1:
        return map((x, y) => `(${x} or ${y})`, p, this.bool(d));
      default:
        return map((x) => `(not ${x})`, p);
    }
  }
}
