/**
 * Pushed scan filters → Parquet row-group predicates: which conjuncts become predicates, with
 * literals in the column's own representation, and which stay out because the conversion would
 * not be exact.
 */
import { describe, expect, it } from 'vitest';
import '../../../src/functions/families.js';
import { formatPredicate } from '../../../src/formats/predicate.js';
import { resolveScalar } from '../../../src/functions/registry.js';
import type { BoundExpr } from '../../../src/plan/bound-expr.js';
import { columnPredicateOf, columnPredicatesOf, literalFor } from '../../../src/scan/row-group-pushdown.js';
import { T, type SqlType } from '../../../src/types/sql-type.js';
import type { Value } from '../../../src/types/value.js';

const columns = [
  { name: 'id', type: T.integer },
  { name: 'price', type: T.decimal(10, 2) },
  { name: 'shipped', type: T.date },
  { name: 'name', type: T.varchar },
  { name: 'tags', type: { kind: 'array', element: T.varchar } as SqlType },
  { name: 'score', type: T.double },
];

const col = (id: number): BoundExpr => ({ kind: 'column', id, name: columns[id]!.name, type: columns[id]!.type });
const lit = (type: SqlType, value: Value): BoundExpr => ({ kind: 'const', type, value });
function cmp(op: string, a: BoundExpr, b: BoundExpr): BoundExpr {
  return { kind: 'call', type: T.boolean, fn: resolveScalar(op, [a.type, b.type]), args: [a, b] };
}

describe('row-group predicates from pushed filters', () => {
  it('takes column-op-constant comparisons on either side, flipping the operator', () => {
    expect(columnPredicateOf(cmp('$ge', col(0), lit(T.integer, 5)), columns)).toEqual({ op: 'ge', column: 'id', type: T.integer, value: 5n });
    expect(columnPredicateOf(cmp('$lt', lit(T.date, 9000), col(2)), columns)).toEqual({ op: 'gt', column: 'shipped', type: T.date, value: 9000 });
    expect(columnPredicateOf(cmp('$ne', col(3), lit(T.varchar, 'x')), columns)).toEqual({ op: 'ne', column: 'name', type: T.varchar, value: 'x' });
    expect(columnPredicateOf(cmp('$eq', col(5), lit(T.double, 1.5)), columns)).toEqual({ op: 'eq', column: 'score', type: T.double, value: 1.5 });
  });

  it('rescales decimal constants to the column scale, and drops ones that would round', () => {
    const p = columnPredicateOf(cmp('$gt', col(1), lit(T.decimal(3, 1), 105n)), columns);
    expect(p).toEqual({ op: 'gt', column: 'price', type: T.decimal(10, 2), value: 1050n });
    expect(formatPredicate(p!)).toBe('price > 10.50');
    expect(literalFor(12300n, T.decimal(6, 3), T.decimal(10, 2))).toBe(1230n);
    expect(literalFor(12345n, T.decimal(6, 3), T.decimal(10, 2))).toBeUndefined();
  });

  it('takes IN lists and IS [NOT] NULL, not casts, nested columns, NULL constants or ORs', () => {
    const inList: BoundExpr = { kind: 'in_list', type: T.boolean, arg: col(3), list: [lit(T.varchar, 'a'), lit(T.varchar, 'b')] };
    expect(columnPredicateOf(inList, columns)).toEqual({ op: 'in', column: 'name', type: T.varchar, values: ['a', 'b'] });
    expect(columnPredicateOf({ kind: 'is_null', type: T.boolean, arg: col(0), negated: true }, columns)).toEqual({ op: 'isNotNull', column: 'id', type: T.integer });
    const cast: BoundExpr = { kind: 'cast', type: T.double, arg: col(0), safe: false };
    expect(columnPredicateOf(cmp('$eq', cast, lit(T.double, 1)), columns)).toBeUndefined();
    expect(columnPredicateOf({ kind: 'is_null', type: T.boolean, arg: col(4), negated: false }, columns)).toBeUndefined();
    expect(columnPredicateOf(cmp('$eq', col(0), lit(T.integer, null)), columns)).toBeUndefined();
    const or: BoundExpr = { kind: 'or', type: T.boolean, args: [cmp('$eq', col(0), lit(T.integer, 1)), cmp('$eq', col(0), lit(T.integer, 2))] };
    expect(columnPredicateOf(or, columns)).toBeUndefined();
    // A column id past the data columns (a partition key) is not a data-column predicate.
    expect(columnPredicateOf(cmp('$eq', { kind: 'column', id: 6, name: 'dt', type: T.varchar }, lit(T.varchar, 'x')), columns)).toBeUndefined();
  });

  it('splits AND trees into conjuncts and keeps only the usable ones', () => {
    const and: BoundExpr = {
      kind: 'and',
      type: T.boolean,
      args: [cmp('$ge', col(2), lit(T.date, 8000)), cmp('$lt', col(2), lit(T.date, 8365)), cmp('$eq', { kind: 'cast', type: T.bigint, arg: col(0), safe: false }, lit(T.bigint, 1n))],
    };
    expect(columnPredicatesOf([and, cmp('$le', col(0), lit(T.integer, 9))], columns).map(formatPredicate)).toEqual([
      "shipped >= DATE '1991-11-27'",
      "shipped < DATE '1992-11-26'",
      'id <= 9',
    ]);
  });
});
