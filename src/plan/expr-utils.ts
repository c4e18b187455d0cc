/**
 * Generic helpers over bound expressions: structural keys (to recognise the same expression
 * twice), child mapping, referenced columns, conjunct splitting.
 */
import { formatType } from '../types/sql-type.js';
import type { BoundExpr, ColumnExpr } from './bound-expr.js';

const BOOLEAN = { kind: 'boolean' } as const;

/** A string equal for structurally equal expressions (constants compared by value). */
export function exprKey(e: BoundExpr): string {
  switch (e.kind) {
    case 'const':
      return `c(${formatType(e.type)}:${valueKey(e.value)})`;
    case 'column':
      return `#${e.id}`;
    case 'param':
      return `?${e.index}`;
    case 'call':
      return `${e.fn.name}(${e.args.map(exprKey).join(',')})`;
    case 'cast':
      return `${e.safe ? 'try_cast' : 'cast'}(${exprKey(e.arg)} as ${formatType(e.type)})`;
    case 'and':
    case 'or':
      return `${e.kind}(${e.args.map(exprKey).join(',')})`;
    case 'not':
      return `not(${exprKey(e.arg)})`;
    case 'is_null':
      return `${e.negated ? 'notnull' : 'isnull'}(${exprKey(e.arg)})`;
    case 'case':
      return `case(${e.whens.map((w) => exprKey(w.cond) + ':' + exprKey(w.result)).join(',')};${exprKey(e.else)})`;
    case 'in_list':
      return `in(${exprKey(e.arg)};${e.list.map(exprKey).join(',')})`;
    case 'coalesce':
      return `coalesce(${e.args.map(exprKey).join(',')})`;
    case 'try':
      return `try(${exprKey(e.arg)})`;
    case 'lambda':
      return `lambda(${e.params.map((p) => p.slot).join(',')}:${exprKey(e.body)})`;
    case 'lambda_param':
      return `$${e.slot}`;
    case 'subquery': {
      if (e.source === undefined) return `subquery@${subqueryIds.get(e) ?? register(e)}`;
      // Same text over the same outer values (and probe) is the same subquery.
      const refs = e.outerRefs.map((o) => `${o.id}=${exprKey(o.expr)}`).join(',');
      return `subquery(${e.mode}${e.compare ? ':' + e.compare.name : ''};${e.arg ? exprKey(e.arg) : ''};${refs};${e.source})`;
    }
    case 'grouping':
      return `grouping(${exprKey(e.setIndex)};${e.masks.join(',')})`;
    case 'row':
      return `row:${formatType(e.type)}(${e.args.map(exprKey).join(',')})`;
    case 'field':
      return `field(${exprKey(e.arg)}.${e.index})`;
  }
}

const subqueryIds = new WeakMap<object, number>();
let nextSubquery = 0;
function register(e: object): number {
  const id = nextSubquery++;
  subqueryIds.set(e, id);
  return id;
}

function valueKey(v: unknown): string {
  if (typeof v === 'bigint') return v.toString() + 'n';
  if (v instanceof Uint8Array) return 'x' + Array.from(v).join('.');
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() + 'n' : x)) ?? 'undefined';
}

/** Rebuilds `e` with `f` applied to each direct child expression (not into subquery plans). */
export function mapChildren(e: BoundExpr, f: (c: BoundExpr) => BoundExpr): BoundExpr {
  switch (e.kind) {
    case 'const':
    case 'column':
    case 'param':
    case 'lambda_param':
      return e;
    case 'call':
      return { ...e, args: e.args.map(f) };
    case 'cast':
    case 'not':
    case 'is_null':
    case 'try':
    case 'field':
      return { ...e, arg: f(e.arg) } as BoundExpr;
    case 'and':
    case 'or':
    case 'coalesce':
    case 'row':
      return { ...e, args: e.args.map(f) } as BoundExpr;
    case 'case':
      return { ...e, whens: e.whens.map((w) => ({ cond: f(w.cond), result: f(w.result) })), else: f(e.else) };
    case 'in_list':
      return { ...e, arg: f(e.arg), list: e.list.map(f) };
    case 'lambda':
      return { ...e, body: f(e.body) };
    case 'subquery': {
      const out = { ...e, outerRefs: e.outerRefs.map((o) => ({ id: o.id, expr: f(o.expr) })) };
      if (e.arg) out.arg = f(e.arg);
      return out;
    }
    case 'grouping':
      return { ...e, setIndex: f(e.setIndex) as ColumnExpr };
  }
}

/** Bottom-up rewrite: `f` sees each node after its children were rewritten. */
export function transformExpr(e: BoundExpr, f: (x: BoundExpr) => BoundExpr): BoundExpr {
  return f(mapChildren(e, (c) => transformExpr(c, f)));
}

/** Top-down replace: if `f` returns an expression the subtree is replaced and not descended. */
export function replaceExpr(e: BoundExpr, f: (x: BoundExpr) => BoundExpr | undefined): BoundExpr {
  const r = f(e);
  if (r !== undefined) return r;
  return mapChildren(e, (c) => replaceExpr(c, f));
}

/** Ids of the columns an expression reads (including correlated references of subqueries). */
export function referencedColumns(e: BoundExpr, out: Set<number> = new Set()): Set<number> {
  if (e.kind === 'column') out.add(e.id);
  mapChildren(e, (c) => {
    referencedColumns(c, out);
    return c;
  });
  return out;
}

export function containsSubquery(e: BoundExpr): boolean {
  let found = false;
  transformExpr(e, (x) => {
    if (x.kind === 'subquery') found = true;
    return x;
  });
  return found;
}

/** Whether evaluating `e` may give different answers for the same inputs. */
export function isDeterministic(e: BoundExpr): boolean {
  let det = true;
  transformExpr(e, (x) => {
    if (x.kind === 'call' && !x.fn.deterministic) det = false;
    if (x.kind === 'subquery') det = false;
    return x;
  });
  return det;
}

export function conjuncts(e: BoundExpr): BoundExpr[] {
  if (e.kind === 'and') return e.args.flatMap(conjuncts);
  return [e];
}

export function andAll(list: BoundExpr[]): BoundExpr | undefined {
  if (list.length === 0) return undefined;
  if (list.length === 1) return list[0]!;
  return { kind: 'and', type: BOOLEAN, args: list };
}

export function columnRef(c: { id: number; name: string; type: ColumnExpr['type'] }): ColumnExpr {
  return { kind: 'column', id: c.id, name: c.name, type: c.type };
}
