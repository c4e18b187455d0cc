/**
 * Seeded random queries over TPC-H (lineitem, orders, customer), rendered per dialect like
 * random-query-gen.ts, shaped so that answers stay small (aggregates over ~60k rows) while the
 * work spans many batches and in-memory chunks: summaries of random expressions, grouped
 * aggregates, windows over large partitions reduced to aggregates, joins with random filters,
 * top-N with a unique tie-breaker, and EXISTS / NOT EXISTS.
 */
import { ExprGen, map, Rng, same, type Ex, type Schema, type ValueKind } from './random-expr-gen.js';
import type { RandomQuery } from './random-query-gen.js';

const cols = (names: readonly string[]): Ex[] => names.map(same);

const LINEITEM: Schema = {
  int: cols(['l_orderkey', 'l_partkey', 'l_suppkey', 'l_linenumber']),
  dec: cols(['l_quantity', 'l_extendedprice', 'l_discount', 'l_tax']),
  date: cols(['l_shipdate', 'l_commitdate', 'l_receiptdate']),
  str: cols(['l_returnflag', 'l_linestatus', 'l_shipmode', 'l_shipinstruct']),
};

const ORDERS_CUSTOMER: Schema = {
  int: cols(['o_orderkey', 'o_custkey', 'c_nationkey', 'o_shippriority']),
  dec: cols(['o_totalprice', 'c_acctbal']),
  date: cols(['o_orderdate']),
  str: cols(['o_orderstatus', 'o_orderpriority', 'c_mktsegment']),
};

const both = (parts: (string | Ex)[], ordered = false): RandomQuery => ({
  sql: parts.map((p) => (typeof p === 'string' ? p : p.t)).join(''),
  duck: parts.map((p) => (typeof p === 'string' ? p : p.d)).join(''),
  ...(ordered ? { ordered } : {}),
});

function anyKind(rng: Rng, g: ExprGen): ValueKind {
  return rng.pick(g.kinds());
}

function numericAgg(rng: Rng, g: ExprGen): Ex {
  const e = g.expr(rng.pick<ValueKind>(['int', 'dec']), 1);
  const fn = rng.pick(['sum', 'min', 'max', 'count', 'avg']);
  return map((x) => `${fn}(${x})`, e);
}

/** Summary aggregates of random expressions over all of lineitem. */
function summary(rng: Rng): RandomQuery {
  const g = new ExprGen(rng, LINEITEM);
  const a = g.expr(anyKind(rng, g), 1);
  const b = g.expr(anyKind(rng, g), 1);
  const p = g.expr('bool', 1);
  return both(['select count(*), count(distinct ', a, '), min(', b, '), max(', b, '), count(case when ', p, ' then 1 end), ', numericAgg(rng, g), ' from lineitem']);
}

/** A grouped aggregate with a low-cardinality key and a random filter. */
function grouped(rng: Rng): RandomQuery {
  const g = new ExprGen(rng, LINEITEM);
  const key = rng.pick<Ex>([
    same('l_returnflag'),
    same('l_shipmode'),
    same('l_linenumber'),
    same('year(l_shipdate)'),
    { t: 'day_of_week(l_commitdate)', d: 'isodow(l_commitdate)' },
    same('l_discount'),
    map((x) => `(${x} is null)`, g.expr(anyKind(rng, g), 1)),
  ]);
  const where = rng.chance(0.6) ? map((x) => ` where ${x}`, g.expr('bool', 1)) : same('');
  return both(['select ', key, ', count(*), ', numericAgg(rng, g), ', ', numericAgg(rng, g), ' from lineitem', where, ' group by ', key]);
}

/** A window over large partitions, reduced to aggregates of its values. */
function windowed(rng: Rng): RandomQuery {
  const g = new ExprGen(rng, LINEITEM);
  const part = rng.pick(['partition by l_orderkey ', 'partition by l_suppkey ', 'partition by l_shipmode ', 'partition by l_returnflag, l_linestatus ', '']);
  const ok = g.expr(anyKind(rng, g), 2);
  const dir = rng.pick(['', ' desc', ' desc nulls first']);
  const order = map((x) => `order by ${x}${dir}, l_orderkey, l_linenumber`, ok);
  const arg = g.expr(rng.pick<ValueKind>(['int', 'dec']), 2);
  const frame = rng.pick(['', ' rows between 2 preceding and current row', ' rows between unbounded preceding and 1 following', ' rows between 3 following and 5 following']);
  const offset = rng.int(1, 3);
  const fn = rng.pick<Ex>([
    same('row_number()'),
    same('rank()'),
    same('dense_rank()'),
    map((x) => `sum(${x})`, arg),
    map((x) => `min(${x})`, arg),
    map((x) => `count(${x})`, arg),
    map((x) => `lag(${x}, ${offset})`, arg),
    map((x) => `lead(${x}, ${offset})`, arg),
    map((x) => `first_value(${x})`, arg),
  ]);
  const framed = !/^(row_number|rank|dense_rank|lag|lead)/.test(fn.t);
  return both(['select count(*), count(w), sum(w), min(w), max(w) from (select ', fn, ' over (', part, order, framed ? frame : '', ') w from lineitem) t']);
}

/** orders ⋈ customer ⋈ lineitem with a random filter, grouped. */
function joined(rng: Rng): RandomQuery {
  const g = new ExprGen(rng, ORDERS_CUSTOMER);
  const key = rng.pick(['c_mktsegment', 'o_orderpriority', 'o_orderstatus', 'c_nationkey', 'year(o_orderdate)']);
  const kind = rng.pick(['join', 'left join']);
  return both([
    `select ${key}, count(*), count(l_orderkey), sum(l_quantity), `,
    numericAgg(rng, g),
    ` from orders join customer on o_custkey = c_custkey ${kind} lineitem on l_orderkey = o_orderkey and l_linenumber <= ${rng.int(1, 7)} where `,
    g.expr('bool', 1),
    ` group by ${key}`,
  ]);
}

/** Top-N by a random expression with a unique tie-breaker. */
function topN(rng: Rng): RandomQuery {
  const g = new ExprGen(rng, LINEITEM);
  const e = g.expr(anyKind(rng, g), 1);
  const dir = `${rng.pick(['', ' desc'])}${rng.pick(['', ' nulls first'])}`;
  const tail = rng.pick([` limit ${rng.int(1, 12)}`, ` offset ${rng.int(100, 40000)} limit ${rng.int(1, 6)}`]);
  return both(['select l_orderkey, l_linenumber, ', e, ` from lineitem order by 3${dir}, 1, 2${tail}`], true);
}

/** EXISTS / NOT EXISTS / IN between orders and lineitem with random inner filters. */
function semi(rng: Rng): RandomQuery {
  const g = new ExprGen(rng, LINEITEM);
  const p = g.expr('bool', 1);
  switch (rng.int(0, 2)) {
    case 0:
      return both([`select count(*) from orders where ${rng.pick(['exists', 'not exists'])} (select 1 from lineitem where l_orderkey = o_orderkey and `, p, ')']);
    case 1:
      return both([`select count(*), sum(o_totalprice) from orders where o_orderkey ${rng.pick(['in', 'not in'])} (select l_orderkey from lineitem where `, p, ')']);
    default:
      // Trino wins: avg(decimal(15,2)) is rounded half up to 2 decimals before the product.
      return {
        sql: `select o_orderpriority, count(*) from orders where o_totalprice > (select avg(l_extendedprice) * 10 from lineitem where l_orderkey = o_orderkey and ${p.t}) group by o_orderpriority`,
        duck: `select o_orderpriority, count(*) from orders where o_totalprice > (select round(avg(l_extendedprice), 2) * 10 from lineitem where l_orderkey = o_orderkey and ${p.d}) group by o_orderpriority`,
      };
  }
}

const SHAPES = [summary, grouped, grouped, windowed, windowed, joined, topN, semi];

/** The `i`-th random TPC-H query (deterministic). */
export function randomTpchQuery(i: number): RandomQuery {
  const rng = new Rng(0x7c4 + i * 104729);
  return rng.pick(SHAPES)(rng);
}
