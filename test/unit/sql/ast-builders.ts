/**
 * Tiny constructors for expected AST nodes in golden tests, plus `noPos` to drop positions
 * (positions have their own tests). Each builder returns exactly the node the parser emits.
 */
import type { Expr, Identifier, Query, QueryBody, Relation, SelectItem, Statement } from '../../../src/sql/ast.js';
import { parseStatement } from '../../../src/sql/parse.js';

/** Deep copy without `pos` fields. */
export function noPos<T>(v: T): T {
  if (Array.isArray(v)) return v.map(noPos) as T;
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (k !== 'pos') out[k] = noPos(x);
    return out as T;
  }
  return v;
}

/** Parses and drops positions. */
export function ast(sql: string): Statement {
  return noPos(parseStatement(sql));
}

/** The single select-list expression of `SELECT <expr>`. */
export function expr(exprSql: string): Expr {
  const q = ast(`SELECT ${exprSql}`) as Query;
  if (q.body.kind !== 'select' || q.body.items[0].kind !== 'select_expr') throw new Error('not a select expr');
  return q.body.items[0].expr;
}

/** The WHERE expression of `SELECT * FROM t WHERE <cond>`. */
export function where(cond: string): Expr {
  const q = ast(`SELECT * FROM t WHERE ${cond}`) as Query;
  if (q.body.kind !== 'select' || !q.body.where) throw new Error('no where');
  return q.body.where;
}

export const id = (name: string, quoted = false): Identifier => ({ name, quoted });
export const col = (...parts: string[]): Expr => ({ kind: 'column', parts: parts.map((p) => id(p)) });
export const int = (n: number | bigint): Expr => ({ kind: 'integer', text: String(n), value: BigInt(n) });
export const str = (value: string): Expr => ({ kind: 'string', value });
export const bool = (value: boolean): Expr => ({ kind: 'boolean', value });
export const cmp = (op: '=' | '<>' | '<' | '<=' | '>' | '>=', left: Expr, right: Expr): Expr => ({ kind: 'comparison', op, left, right });
export const and = (left: Expr, right: Expr): Expr => ({ kind: 'logical', op: 'and', left, right });
export const or = (left: Expr, right: Expr): Expr => ({ kind: 'logical', op: 'or', left, right });
export const fn = (name: string, ...args: Expr[]): Expr => ({ kind: 'function', name, args, distinct: false });
export const table = (name: string, schema?: string): Relation =>
  schema ? { kind: 'table', name: { name, schema } } : { kind: 'table', name: { name } };
export const item = (e: Expr, alias?: string): SelectItem => (alias ? { kind: 'select_expr', expr: e, alias: id(alias) } : { kind: 'select_expr', expr: e });
export const star: SelectItem = { kind: 'select_star' };

/** `SELECT items [FROM from] [WHERE where]` body with the defaults the parser fills in. */
export function select(items: SelectItem[], from?: Relation, extra: Partial<Extract<QueryBody, { kind: 'select' }>> = {}): QueryBody {
  return { kind: 'select', distinct: false, items, windows: [], ...(from ? { from } : {}), ...extra };
}

/** A query wrapping `body` with no ORDER BY/LIMIT. */
export function query(body: QueryBody, extra: Partial<Query> = {}): Query {
  return { kind: 'query', body, orderBy: [], ...extra };
}
