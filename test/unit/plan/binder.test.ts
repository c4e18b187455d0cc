/**
 * The binder on its own (optimizer off): output names and types, implicit coercions, scoping of
 * aliases, USING/star expansion, correlated references recorded on subqueries.
 */
import { describe, expect, it } from 'vitest';
import { MemoryCatalog } from '../../../src/api/memory-catalog.js';
import { isAegisError } from '../../../src/errors.js';
import type { BoundExpr } from '../../../src/plan/bound-expr.js';
import type { LogicalPlan } from '../../../src/plan/logical/plan-node.js';
import { nodeExprs, planChildren } from '../../../src/plan/plan-walk.js';
import { planQuery } from '../../../src/plan/plan-statement.js';
import { parseStatement } from '../../../src/sql/parse.js';
import type { Query } from '../../../src/sql/ast.js';
import { formatType } from '../../../src/types/sql-type.js';

const catalog = new MemoryCatalog();
catalog.createTable('default', 'a', [
  { name: 'k', type: { kind: 'integer' } },
  { name: 'x', type: { kind: 'decimal', precision: 5, scale: 2 } },
]);
catalog.createTable('default', 'b', [
  { name: 'k', type: { kind: 'bigint' } },
  { name: 'y', type: { kind: 'varchar' } },
]);

function bind(sql: string): LogicalPlan {
  return planQuery(parseStatement(sql) as Query, {
    catalog,
    database: 'default',
    eval: { sessionTimeZone: 'UTC', now: new Date(0), random: Math.random },
    evaluate: () => expect.unreachable('the bound plan is not optimized'),
    optimize: false,
  });
}
const sig = (p: LogicalPlan) => p.columns.map((c) => `${c.name}:${formatType(c.type)}`);

function findExprs(p: LogicalPlan, pred: (e: BoundExpr) => boolean): BoundExpr[] {
  const out: BoundExpr[] = [];
  const visit = (e: BoundExpr): void => {
    if (pred(e)) out.push(e);
    for (const v of Object.values(e)) {
      if (v && typeof v === 'object' && 'kind' in v && 'type' in v) visit(v as BoundExpr);
      if (Array.isArray(v)) for (const x of v) if (x && typeof x === 'object' && 'kind' in x && 'type' in x) visit(x as BoundExpr);
    }
  };
  const walk = (n: LogicalPlan): void => {
    nodeExprs(n).forEach(visit);
    planChildren(n).forEach(walk);
  };
  walk(p);
  return out;
}

describe('binder', () => {
  it('types outputs with Trino rules and names them (aliases, column names, _colN)', () => {
    expect(sig(bind('SELECT a.k, x * 2, a.k + x AS s, y FROM a JOIN b ON a.k = b.k'))).toEqual([
      'k:integer',
      '_col1:decimal(15,2)',
      's:decimal(13,2)',
      'y:varchar',
    ]);
  });

  it('coerces join keys to their common super type', () => {
    const casts = findExprs(bind('SELECT 1 FROM a JOIN b ON a.k = b.k'), (e) => e.kind === 'cast');
    expect(casts.map((c) => `${formatType((c as { arg: BoundExpr }).arg.type)}->${formatType(c.type)}`)).toEqual(['integer->bigint']);
  });

  it('expands * over USING with the join column once, first', () => {
    expect(sig(bind('SELECT * FROM a JOIN b USING (k)'))).toEqual(['k:bigint', 'x:decimal(5,2)', 'y:varchar']);
  });

  it('sees select aliases in ORDER BY but not in WHERE', () => {
    expect(sig(bind('SELECT k AS kk FROM a ORDER BY kk'))).toEqual(['kk:integer']);
    let err: unknown;
    try {
      bind('SELECT k AS kk FROM a WHERE kk > 1');
    } catch (e) {
      err = e;
    }
    expect(isAegisError(err, 'NOT_FOUND')).toBe(true);
    expect((err as Error).message).toBe("line 1:29: Column 'kk' cannot be resolved");
  });

  it('records correlated references on subqueries', () => {
    const subs = findExprs(bind('SELECT k FROM a WHERE EXISTS (SELECT 1 FROM b WHERE b.k = a.k)'), (e) => e.kind === 'subquery');
    expect(subs).toHaveLength(1);
    const s = subs[0] as Extract<BoundExpr, { kind: 'subquery' }>;
    expect(s.mode).toBe('exists');
    expect(s.outerRefs.map((o) => (o.expr as { name: string }).name)).toEqual(['k']);
  });

  it('rejects a non-boolean WHERE and an unknown table with Trino wording', () => {
    expect(() => bind('SELECT k FROM a WHERE k')).toThrow('WHERE clause must evaluate to a boolean (actual: integer)');
    expect(() => bind('SELECT 1 FROM nope')).toThrow("Table 'default.nope' does not exist");
  });
});
