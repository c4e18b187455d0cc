/**
 * A seeded generator of random queries over the small tables (`nums`, `emp`, `l`, `r`), each
 * rendered as Trino SQL for aegis and as DuckDB SQL with the same meaning (expressions from
 * random-expr-gen.ts). Shapes: projections, grouped aggregations (incl. grouping sets), joins of
 * every kind, windows with random partitions/orders/frames, set operations, subqueries, sorted
 * top-N and DISTINCT. Order-sensitive window functions always end their ORDER BY with the unique
 * key, and sorted queries end with it, so every answer is deterministic.
 */
import { empSchema, evSchema, ExprGen, map, numsSchema, Rng, same, type Ex, type Kind, type Schema, type ValueKind } from './random-expr-gen.js';

export interface RandomQuery {
  sql: string;
  duck: string;
  /** The query's ORDER BY is total: compare in order. */
  ordered?: boolean;
}

const both = (parts: (string | Ex)[], ordered = false): RandomQuery => ({
  sql: parts.map((p) => (typeof p === 'string' ? p : p.t)).join(''),
  duck: parts.map((p) => (typeof p === 'string' ? p : p.d)).join(''),
  ...(ordered ? { ordered } : {}),
});

interface Table {
  name: string;
  schema: Schema;
  /** Unique, never NULL key. */
  key: string;
}

const TABLES: readonly Table[] = [
  { name: 'nums', schema: numsSchema(), key: 'k' },
  { name: 'emp', schema: empSchema(), key: 'id' },
  { name: 'ev', schema: evSchema(), key: 'id' },
];

function table(rng: Rng): { t: Table; g: ExprGen } {
  const t = rng.pick(TABLES);
  return { t, g: new ExprGen(rng, t.schema) };
}

/** A projection with an optional filter. */
function projection(rng: Rng): RandomQuery {
  const { t, g } = table(rng);
  const kinds: Kind[] = [...g.kinds(), 'bool'];
  const parts: (string | Ex)[] = [`select ${t.key}`];
  for (let i = rng.int(1, 3); i > 0; i--) parts.push(', ', g.expr(rng.pick(kinds)));
  parts.push(` from ${t.name}`);
  if (rng.chance(0.6)) parts.push(' where ', g.expr('bool'));
  return both(parts);
}

function aggregate(rng: Rng, g: ExprGen): Ex {
  const kinds = g.kinds();
  const numeric = kinds.filter((k) => k === 'int' || k === 'dec');
  switch (rng.int(0, 9)) {
    case 0:
      return same('count(*)');
    case 1:
      return map((x) => `count(${x})`, g.expr(rng.pick(kinds)));
    case 2:
      return map((x) => `sum(${x})`, g.expr(rng.pick(numeric)));
    case 3: {
      const fn = rng.pick(['min', 'max']);
      return map((x) => `${fn}(${x})`, g.expr(rng.pick(kinds)));
    }
    case 4:
      return map((x) => `avg(${x})`, g.expr(rng.pick(numeric)));
    case 5:
      return map((x) => `count(distinct ${x})`, g.expr(rng.pick(kinds)));
    case 6:
      return map((x, p) => `sum(${x}) filter (where ${p})`, g.expr(rng.pick(numeric)), g.expr('bool'));
    case 7:
      return map((p) => `bool_or(${p})`, g.expr('bool'));
    case 8: {
      // DuckDB's count_if is NULL when no input is TRUE or FALSE; Trino's is a count (0).
      const p = g.expr('bool');
      return { t: `count_if(${p.t})`, d: `count(case when ${p.d} then 1 end)` };
    }
    default:
      return map((x) => `sum(distinct ${x})`, g.expr(rng.pick(numeric)));
  }
}

/**
 * A grouping key that refers to a column: a constant integer in GROUP BY would be an ordinal,
 * and a constant key says little.
 */
function groupKey(rng: Rng, g: ExprGen): Ex {
  const kind = rng.pick<ValueKind>(g.kinds());
  const e = g.expr(kind, rng.chance(0.5) ? 3 : 2);
  return g.mentionsColumn(e) ? e : g.column(kind);
}

/** A grouped aggregation with an optional HAVING. */
function aggregation(rng: Rng): RandomQuery {
  const { t, g } = table(rng);
  const key = groupKey(rng, g);
  const parts: (string | Ex)[] = ['select ', key];
  for (let i = rng.int(1, 3); i > 0; i--) parts.push(', ', aggregate(rng, g));
  parts.push(` from ${t.name}`);
  if (rng.chance(0.4)) parts.push(' where ', g.expr('bool'));
  parts.push(' group by ', key);
  if (rng.chance(0.3)) parts.push(' having ', rng.pick(['count(*) > 1', 'count(*) >= 1', 'count(*) < 3']));
  return both(parts);
}

/** GROUPING SETS / ROLLUP / CUBE over two generated keys. */
function groupingSets(rng: Rng): RandomQuery {
  const { t, g } = table(rng);
  const a = groupKey(rng, g);
  const b = groupKey(rng, g);
  const spec = rng.pick([
    (x: string, y: string) => `grouping sets ((${x}), (${y}), ())`,
    (x: string, y: string) => `rollup (${x}, ${y})`,
    (x: string, y: string) => `cube (${x}, ${y})`,
    (x: string, y: string) => `grouping sets ((${x}, ${y}), (${x}))`,
  ]);
  const agg = aggregate(rng, g);
  return both(['select ', a, ', ', b, ', count(*), ', agg, ` from ${t.name} group by `, map(spec, a, b)]);
}

/** A join of `l` and `r` (and sometimes `nums`) of a random kind and condition. */
function join(rng: Rng): RandomQuery {
  const kind = rng.pick(['join', 'left join', 'right join', 'full join']);
  const cond = rng.pick([
    'l.k = r.k',
    'l.k < r.k',
    'l.k = r.k + 1',
    "l.k = r.k and r.b <> 'r2'",
    "l.k = r.k and l.a like 'l%'",
    'l.k = r.k or l.k is null',
    'l.k is not distinct from r.k',
    'coalesce(l.k, 0) = coalesce(r.k, 0)',
    'l.k >= r.k and l.k <= r.k + 2',
    "r.b = 'r4'",
    "l.a = 'l2'",
  ]);
  const g = new ExprGen(rng, numsSchema('n.'));
  const third = rng.chance(0.4);
  const parts: (string | Ex)[] = ['select l.k, l.a, r.k, r.b'];
  if (third) parts.push(', n.s');
  parts.push(` from l ${kind} r on ${cond}`);
  if (third) parts.push(` ${rng.pick(['join', 'left join', 'full join'])} nums n on n.k = ${rng.pick(['l.k', 'r.k', 'coalesce(l.k, r.k)'])}`);
  if (third && rng.chance(0.5)) parts.push(' where ', g.expr('bool', 1));
  else if (rng.chance(0.3)) parts.push(` where ${rng.pick(['l.k is null', 'r.k is null', 'l.k > 1', "r.b like 'r%'", 'l.k <> r.k or r.k is null'])}`);
  return both(parts);
}

/** A join followed by an aggregation over both sides. */
function joinAggregation(rng: Rng): RandomQuery {
  const kind = rng.pick(['join', 'left join', 'full join']);
  const g = new ExprGen(rng, empSchema('e.'));
  const key = rng.pick(['d.floor', 'e.dept', 'd.dept', 'e.mgr']);
  const extra = rng.chance(0.5) ? map((p) => ` and ${p}`, g.expr('bool', 2)) : same('');
  return both([
    `select ${key}, count(*), count(e.id), `,
    aggregate(rng, g),
    `, sum(d.budget) from emp e ${kind} dept d on e.dept = d.dept`,
    extra,
    ` group by ${key}`,
  ]);
}

/** A window function with a random partition, order and frame. */
function windowed(rng: Rng): RandomQuery {
  const { t, g } = table(rng);
  const key = t.key;
  const pk = g.expr(rng.pick(g.kinds()), 3);
  const part = rng.chance(0.3) ? same('') : map((x) => `partition by ${x} `, pk);
  const ok = g.expr(rng.pick(g.kinds()), 3);
  const dir = `${rng.pick(['', ' desc'])}${rng.pick(['', ' nulls first', ' nulls last'])}`;
  const order = map((x) => `order by ${x}${dir}`, ok);
  const fn = rng.int(0, 11);
  if (fn < 3) {
    const f = rng.pick(['row_number()', 'rank()', 'dense_rank()', 'percent_rank()', 'cume_dist()', `ntile(${rng.int(1, 5)})`]);
    // row_number and ntile need a total order; the ranking ones are deterministic over peers.
    const total = f === 'row_number()' || f.startsWith('ntile') ? `, ${key}` : '';
    return both([`select ${key}, ${f} over (`, part, order, `${total}) from ${t.name}`]);
  }
  const argKind = rng.pick(g.kinds().filter((k) => k === 'int' || k === 'dbl' || k === 'dec'));
  const arg = g.expr(argKind, 1);
  const frame = rng.pick([
    '',
    ' rows between unbounded preceding and current row',
    ` rows between ${rng.int(0, 3)} preceding and ${rng.int(0, 3)} following`,
    ' rows between current row and unbounded following',
    ` rows between ${rng.int(1, 3)} following and ${rng.int(3, 5)} following`,
    ' range between unbounded preceding and unbounded following',
  ]);
  const agg = rng.pick(['sum', 'min', 'max', 'count', 'avg']);
  const offset = rng.int(1, 3);
  const over = (f: Ex, withFrame: boolean): RandomQuery =>
    both([`select ${key}, `, f, ' over (', part, order, `, ${key}${withFrame ? frame : ''}) from ${t.name}`]);
  switch (fn) {
    case 3:
    case 4:
    case 5:
      return over(map((x) => `${agg}(${x})`, arg), true);
    case 6:
      return over(map((x) => `lag(${x}, ${offset})`, arg), false);
    case 7:
      return over(map((x) => `lead(${x}, ${offset})`, arg), false);
    case 8:
      return over(map((x) => `first_value(${x})`, arg), true);
    case 9:
      return over(map((x) => `last_value(${x})`, arg), true);
    case 10:
      return over(map((x) => `nth_value(${x}, ${offset})`, arg), true);
    default: {
      // Value-offset RANGE frames need a single numeric key.
      const [a, b] = [rng.int(0, 6), rng.int(0, 6)];
      const numKey = t.name === 'nums' ? 'v' : 'id';
      return both([`select ${key}, `, map((x) => `sum(${x})`, arg), ' over (', part, `order by ${numKey}${dir} range between ${a} preceding and ${b} following) from ${t.name}`]);
    }
  }
}

/** A set operation of two filtered projections. */
function setOperation(rng: Rng): RandomQuery {
  const { t, g } = table(rng);
  const kinds = g.kinds();
  const cols = Array.from({ length: rng.int(1, 2) }, () => g.expr(rng.pick(kinds), 2));
  const list = cols.reduce<Ex>((acc, c, i) => (i === 0 ? c : map((x, y) => `${x}, ${y}`, acc, c)), same(''));
  const op = rng.pick(['union', 'union all', 'intersect', 'except', 'intersect all', 'except all']);
  return both(['select ', list, ` from ${t.name} where `, g.expr('bool', 1), ` ${op} select `, list, ` from ${t.name} where `, g.expr('bool', 1)]);
}

/** A subquery predicate (IN / NOT IN / EXISTS / scalar), correlated or not. */
function subquery(rng: Rng): RandomQuery {
  const g = new ExprGen(rng, numsSchema('n.'));
  const inner = new ExprGen(rng, numsSchema('m.'));
  switch (rng.int(0, 5)) {
    case 0:
      return both([`select n.k from nums n where n.v ${rng.pick(['in', 'not in'])} (select m.v from nums m where `, inner.expr('bool', 1), ')']);
    case 1:
      return both([`select n.k from nums n where ${rng.pick(['exists', 'not exists'])} (select 1 from nums m where m.g = n.g and `, inner.expr('bool', 1), ')']);
    case 2:
      return both([`select n.k, (select count(*) from nums m where m.v ${rng.pick(['=', '<', '>'])} n.v and `, inner.expr('bool', 2), ') from nums n']);
    case 3:
      return both(['select n.k, ', g.expr('int', 2), ' in (select m.k from nums m where ', inner.expr('bool', 2), ') from nums n']);
    case 4:
      return both([`select e.id, (select ${rng.pick(['max', 'min', 'sum', 'count'])}(m.v) from nums m where m.k = e.mgr or m.v = e.id) from emp e`]);
    default:
      return both([`select n.k from nums n where n.v > (select ${rng.pick(['min', 'max', 'avg'])}(m.v) from nums m where m.g = n.g)`]);
  }
}

/** ORDER BY a generated expression, ties broken by the key, with LIMIT/OFFSET. */
function sorted(rng: Rng): RandomQuery {
  const { t, g } = table(rng);
  const e = g.expr(rng.pick(g.kinds()), 1);
  const dir = `${rng.pick(['', ' desc'])}${rng.pick(['', ' nulls first', ' nulls last'])}`;
  const tail = rng.pick(['', ` limit ${rng.int(0, 6)}`, ` offset ${rng.int(1, 5)} limit ${rng.int(1, 4)}`]);
  return both([`select ${t.key}, `, e, ` from ${t.name} order by 2${dir}, 1${tail}`], true);
}

/** SELECT DISTINCT of generated expressions. */
function distinct(rng: Rng): RandomQuery {
  const { t, g } = table(rng);
  return both(['select distinct ', g.expr(rng.pick(g.kinds()), 2), ', ', g.expr(rng.pick(g.kinds()), 2), ` from ${t.name}`]);
}

/**
 * Windows over a grouped aggregate over outer joins: rank by count, running sum of sums, both
 * ordered totally (the group key is unique per group).
 */
function composite(rng: Rng): RandomQuery {
  const schema: Schema = { ...numsSchema(), str: [same('s'), same('g'), same('a'), same('b')] };
  const g = new ExprGen(rng, schema);
  const key = groupKey(rng, g);
  const e = g.expr('int', 1);
  const j1 = rng.pick(['left join', 'join', 'full join']);
  const j2 = rng.pick(['left join', 'join']);
  const where = rng.chance(0.5) ? map((p) => ` where ${p}`, g.expr('bool', 1)) : same('');
  return both([
    'select ', key, ', count(*), sum(', e, '), rank() over (order by count(*) desc, ', key, ' nulls first), ',
    'sum(sum(', e, ')) over (order by ', key, ' nulls first rows unbounded preceding) from (select n.k, n.v, n.x, n.s, n.g, l.a, r.b from nums n ',
    `${j1} l on l.k = n.k % 7 ${j2} r on r.k = n.v % 5) t`, where, ' group by ', key,
  ]);
}

const SHAPES = [
  projection,
  projection,
  aggregation,
  aggregation,
  groupingSets,
  join,
  joinAggregation,
  windowed,
  windowed,
  setOperation,
  subquery,
  sorted,
  distinct,
  composite,
];

/** The `i`-th random query of the suite (deterministic). */
export function randomQuery(i: number): RandomQuery {
  const rng = new Rng(0x5eed + i * 7919);
  return rng.pick(SHAPES)(rng);
}
