/**
 * Filter-first decoding of a row group (late materialization within it): the columns of simple
 * pushed predicates (`col op const`, BETWEEN, IN, IS [NOT] NULL) are decoded first and tested,
 * and the other columns are then decoded only at the rows that passed. On a dictionary-encoded
 * page the predicate is evaluated once per dictionary entry and each row looks its code up; a
 * later predicate reads only the rows earlier ones kept.
 *
 * Inexact by design, like row-group pruning: a row is dropped only when a predicate is certainly
 * not TRUE for it (false, or NULL); anything this module cannot decide exactly (a double NaN, an
 * integer beyond 2^53, an ordering of strings) keeps the row, and the query's filter still runs
 * on what is left.
 */
import type { FileMetaData } from 'hyparquet';
import type { ColumnPredicate, Literal } from '../predicate.js';
import type { ChunkBytes } from './page-checksums.js';
import { scanPages, sourceOf, sourceSize, valueIndexes, type FlatColumnPlan, type PageView, type Source } from './page-decoder.js';

/** A predicate compiled for one file column: a test of one value of a page or dictionary. */
export interface RowTest {
  /** Whether a NULL passes (IS NULL). */
  readonly nullPasses: boolean;
  /** Whether value `k` of `src` may pass: false only when the predicate is certainly not TRUE. */
  readonly test: (src: Source, k: number) => boolean;
}

const TWO32 = 4294967296;
const EXACT = 2 ** 53;

/** A number's test against a literal, or undefined when the literal is not usable exactly. */
function numberTest(p: ColumnPredicate): ((v: number) => boolean) | undefined {
  const num = (l: Literal): number | undefined => {
    if (typeof l === 'number') return Number.isNaN(l) ? undefined : l;
    if (typeof l === 'bigint') return l > -EXACT && l < EXACT ? Number(l) : undefined;
    return undefined;
  };
  switch (p.op) {
    case 'in': {
      const values = p.values.map(num);
      if (values.some((v) => v === undefined)) return undefined;
      const set = new Set(values as number[]);
      return (v) => set.has(v);
    }
    case 'between': {
      const lo = num(p.low);
      const hi = num(p.high);
      if (lo === undefined || hi === undefined) return undefined;
      return (v) => v >= lo && v <= hi;
    }
    case 'isNull':
    case 'isNotNull':
      return () => true;
    default: {
      const c = num(p.value);
      if (c === undefined) return undefined;
      switch (p.op) {
        case 'eq':
          return (v) => v === c;
        case 'ne':
          return (v) => v !== c;
        case 'lt':
          return (v) => v < c;
        case 'le':
          return (v) => v <= c;
        case 'gt':
          return (v) => v > c;
        case 'ge':
          return (v) => v >= c;
      }
    }
  }
}

/** A string's test (equality only: Trino orders strings by code point, JS by UTF-16 unit). */
function stringTest(p: ColumnPredicate): ((v: string) => boolean) | undefined {
  switch (p.op) {
    case 'eq':
    case 'ne': {
      if (typeof p.value !== 'string') return undefined;
      const c = p.value;
      return p.op === 'eq' ? (v) => v === c : (v) => v !== c;
    }
    case 'in': {
      if (!p.values.every((v) => typeof v === 'string')) return undefined;
      const set = new Set(p.values as string[]);
      return (v) => set.has(v);
    }
    case 'isNull':
    case 'isNotNull':
      return () => true;
    default:
      return undefined;
  }
}

/**
 * Compiles `p` for the column `plan` reads, or undefined when it cannot be decided exactly here
 * (then it is not used: the filter above decides).
 */
export function compileRowTest(p: ColumnPredicate, plan: FlatColumnPlan): RowTest | undefined {
  const nullPasses = p.op === 'isNull';
  if (p.op === 'isNull') return { nullPasses, test: () => false };
  switch (plan.target) {
    case 'i32':
    case 'i64':
    case 'i64-from-i32': {
      if (!['integer', 'bigint', 'decimal', 'date'].includes(plan.table.kind)) return undefined;
      const t = numberTest(p);
      if (!t) return undefined;
      return {
        nullPasses,
        test: (src, k) => {
          if (src.kind === 'i32') return t(src.data[k]!);
          if (src.kind !== 'words') return true;
          const v = src.data[2 * k + 1]! * TWO32 + (src.data[2 * k]! >>> 0);
          // Beyond 2^53 the double is rounded; it still orders correctly against a literal
          // below 2^53 and never equals one.
          return t(v);
        },
      };
    }
    case 'f64':
    case 'f32': {
      if (p.op === 'ne') return undefined;
      const t = numberTest(p);
      if (!t) return undefined;
      return {
        nullPasses,
        test: (src, k) => {
          if (src.kind !== 'f64') return true;
          const v = src.data[k] as number;
          return Number.isNaN(v) || t(v);
        },
      };
    }
    case 'utf8': {
      const t = stringTest(p);
      if (!t) return undefined;
      return { nullPasses, test: (src, k) => src.kind !== 'str' || t(src.data[k]!) };
    }
    default:
      return undefined;
  }
}

/** The conjunction of tests on one column. */
export function allOf(tests: readonly RowTest[]): RowTest {
  if (tests.length === 1) return tests[0]!;
  return { nullPasses: tests.every((t) => t.nullPasses), test: (src, k) => tests.every((t) => t.test(src, k)) };
}

/**
 * The rows of row group `rg` (among `sel`, ascending; all rows when null) that may pass `test` on
 * the column `plan` reads, ascending; and the pages visited (they cover every row of `sel`), for
 * the column's own decoding to reuse.
 */
export function selectRows(bytes: ChunkBytes, md: FileMetaData, rg: number, plan: FlatColumnPlan, test: RowTest, sel: Int32Array | null): { rows: Int32Array; pages: PageView[] } {
  const rows = Number(md.row_groups[rg]!.num_rows);
  const out = new Int32Array(sel ? sel.length : rows);
  const pages: PageView[] = [];
  let m = 0;
  let t = 0;
  let table: Uint8Array | undefined;
  let tableOf = -1;
  const wants = sel
    ? (pos: number, n: number): boolean => {
        while (t < sel.length && sel[t]! < pos) t++;
        return t < sel.length && sel[t]! < pos + n;
      }
    : undefined;
  const nullPass = test.nullPasses;
  scanPages(bytes, md, rg, plan, (page) => {
    pages.push(page);
    const { pos, n, levels, present } = page;
    const stop = pos + n;
    // Per value index: may it pass? Dictionary pages decide once per entry.
    let pass: (k: number) => boolean;
    if (page.dictEncoded) {
      const dict = page.dict!;
      if (tableOf !== page.dictGeneration) {
        const size = sourceSize(dict);
        table = new Uint8Array(size);
        for (let d = 0; d < size; d++) table[d] = test.test(dict, d) ? 1 : 0;
        tableOf = page.dictGeneration;
      }
      const tab = table!;
      if (!levels || present === n) {
        // The common case: no NULL in the page, codes tested straight from the table.
        if (!sel) m = page.selectWhere(tab, out, m);
        else {
          let to = t;
          while (to < sel.length && sel[to]! < stop) to++;
          const idx = page.indicesOf(sel, t, to);
          // Branch-free: written always, kept when it passes (out has room: m <= t).
          for (let i = 0; t < to; t++, i++) {
            out[m] = sel[t]!;
            m += tab[idx[i]!]!;
          }
        }
        return;
      }
      const idx = page.indices();
      pass = (k) => tab[idx[k]!] === 1;
    } else {
      const src = sourceOf(page.plain, plan.target, present);
      pass = (k) => test.test(src, k);
    }
    const at = levels && present !== n ? valueIndexes(levels, n) : undefined;
    const one = (r: number): boolean => {
      const k = at ? at[r]! : r;
      return k < 0 ? nullPass : pass(k);
    };
    if (!sel) {
      for (let i = 0; i < n; i++) if (one(i)) out[m++] = pos + i;
    } else {
      for (; t < sel.length && sel[t]! < stop; t++) if (one(sel[t]! - pos)) out[m++] = sel[t]!;
    }
  }, wants);
  return { rows: out.subarray(0, m), pages };
}
