/** Differential queries: subqueries of every kind, set operations, CTEs, VALUES and UNNEST. */
import type { DiffQuery } from './diff-query.js';

export const SUBQUERY_QUERIES: readonly DiffQuery[] = [
  { id: 'S01', name: 'IN (subquery)', sql: 'select id from emp where dept in (select dept from dept where floor <= 2)' },
  { id: 'S02', name: 'NOT IN (subquery containing NULL) selects nothing', sql: 'select id from emp where dept not in (select dept from dept)' },
  { id: 'S03', name: 'NOT IN (subquery without NULL) drops the NULL probe', sql: 'select id from emp where dept not in (select dept from dept where dept is not null)' },
  { id: 'S04', name: 'IN list containing NULL, as a projected value', sql: 'select k, v in (10, null), v in (10, 7) from nums' },
  { id: 'S05', name: 'NOT IN list as a projected three-valued result', sql: 'select k, v not in (3, 7), v not in (3, null) from nums' },
  { id: 'S06', name: 'correlated EXISTS', sql: 'select d.dept, d.floor from dept d where exists (select 1 from emp e where e.dept = d.dept and e.bonus > 1000)' },
  { id: 'S07', name: 'correlated NOT EXISTS keeps NULL-key outer rows', sql: 'select d.dept, d.floor from dept d where not exists (select 1 from emp e where e.dept = d.dept)' },
  {
    id: 'S08',
    name: 'uncorrelated scalar subquery with a decimal avg in arithmetic',
    sql: 'select id, salary - (select avg(salary) from emp) from emp',
    // Trino wins: avg(decimal(10,2)) is decimal(10,2), rounded half up before the subtraction.
    duck: 'select id, salary - round((select avg(salary) from emp), 2)::decimal(10,2) from emp',
  },
  { id: 'S09', name: 'correlated scalar count (0, not NULL, when nothing matches)', sql: 'select e.id, (select count(*) from emp m where m.mgr = e.id) from emp e' },
  {
    id: 'S10',
    name: 'correlated scalar avg in WHERE',
    sql: 'select e.id from emp e where e.salary > (select avg(salary) from emp x where x.dept = e.dept)',
    // Trino wins: avg(decimal(10,2)) is rounded half up to 2 decimals before the comparison.
    duck: 'select e.id from emp e where e.salary > (select round(avg(salary), 2) from emp x where x.dept = e.dept)',
  },
  { id: 'S11', name: 'correlated IN with an inequality correlation', sql: 'select n.k from nums n where n.v in (select m.v from nums m where m.k <> n.k)' },
  { id: 'S12', name: 'scalar subquery over no rows is NULL', sql: "select id, (select floor from dept where dept = 'none') from emp" },
  { id: 'S13', name: 'COALESCE of a correlated scalar sum', sql: 'select d.dept, d.floor, coalesce((select sum(bonus) from emp e where e.dept = d.dept), 0) from dept d' },
  { id: 'S14', name: 'EXISTS over an empty table', sql: 'select count(*) from emp where exists (select 1 from empty_t)' },
  { id: 'S15', name: 'UNION removes duplicates and keeps one NULL', sql: 'select dept from emp union select dept from dept' },
  { id: 'S16', name: 'UNION ALL keeps duplicates', sql: 'select k from l union all select k from r' },
  { id: 'S17', name: 'INTERSECT treats NULLs as equal', sql: 'select k from l intersect select k from r' },
  { id: 'S18', name: 'EXCEPT treats NULLs as equal', sql: 'select k from l except select k from r' },
  { id: 'S19', name: 'INTERSECT ALL keeps the minimum multiplicity', sql: 'select k from l intersect all select k from r' },
  { id: 'S20', name: 'EXCEPT ALL subtracts multiplicities', sql: 'select v from nums except all select v from nums where k > 8' },
  { id: 'S21', name: 'UNION ALL of double and decimal coerces to double', sql: 'select x from nums union all select salary from emp' },
  { id: 'S22', name: 'UNION with ORDER BY NULLS FIRST and LIMIT', sql: 'select k from l union select k from r order by k nulls first limit 4', ordered: true },
  { id: 'S23', name: 'set operation precedence (INTERSECT binds tighter)', sql: 'select k from l union select k from r intersect select k from nums where k > 3' },
  { id: 'S24', name: 'UNION then EXCEPT, left to right', sql: 'select k from l union select k from r except select k from nums where k > 3' },
  { id: 'S25', name: 'CTE filtered', sql: 'with d as (select dept, count(*) c from emp group by dept) select * from d where c > 1' },
  { id: 'S26', name: 'CTE referenced twice (self-join of a CTE)', sql: 'with s as (select g, sum(v) t from nums group by g) select a.g, a.t, b.t from s a join s b on a.g = b.g' },
  { id: 'S27', name: 'chained CTEs', sql: 'with a as (select k, v from nums where v is not null), b as (select v, count(*) c from a group by v) select * from b where c > 1' },
  { id: 'S28', name: 'UNNEST of an array literal', sql: 'select x from unnest(array[3, 1, 2, null]) as t(x)' },
  {
    id: 'S29',
    name: 'CROSS JOIN UNNEST of split() per row',
    sql: "select e.id, w from emp e cross join unnest(split(e.name, 'a')) as t(w)",
    // Trino wins: split is string_split in DuckDB (both keep empty pieces).
    duck: "select e.id, w from emp e cross join unnest(string_split(e.name, 'a')) as t(w)",
  },
  { id: 'S30', name: 'UNNEST WITH ORDINALITY', sql: "select x, o from unnest(array['a', 'b', 'c']) with ordinality as t(x, o)" },
  {
    id: 'S31',
    name: 'UNNEST of two arrays pads the shorter with NULL',
    sql: "select a, b from unnest(array[1, 2, 3], array['x', 'y']) as t(a, b)",
    // Trino wins: DuckDB zips select-list unnests the same way.
    duck: "select unnest([1, 2, 3]) a, unnest(['x', 'y']) b",
  },
  {
    id: 'S32',
    name: 'sum over UNNEST(sequence())',
    sql: 'select sum(x), count(*) from unnest(sequence(1, 100)) as t(x)',
    // Trino wins: sequence(1, 100) includes 100; DuckDB spells it range(1, 101).
    duck: 'select sum(x), count(*) from unnest(range(1, 101)) as t(x)',
  },
  { id: 'S33', name: 'correlated scalar count with a non-equality correlation', sql: 'select e.id, (select count(*) from emp x where x.salary > e.salary) from emp e' },
  { id: 'S34', name: '> ALL (subquery)', sql: "select id from emp where salary > all (select salary from emp where dept = 'sales')" },
  { id: 'S35', name: '= ANY (subquery)', sql: "select id from emp where bonus = any (select bonus from emp where dept = 'eng')" },
  { id: 'S36', name: 'TPC-H scalar subquery in WHERE', sql: 'select count(*) from orders where o_totalprice > (select avg(o_totalprice) from orders)' },
  {
    id: 'S37',
    name: 'TPC-H correlated EXISTS',
    sql: "select count(*) from customer c where exists (select 1 from orders o where o.o_custkey = c.c_custkey and o.o_orderpriority = '1-URGENT')",
  },
  { id: 'S38', name: 'TPC-H correlated NOT EXISTS', sql: 'select count(*) from customer c where not exists (select 1 from orders o where o.o_custkey = c.c_custkey)' },
  { id: 'S39', name: 'derived table with column aliases', sql: 'select a, b from (select k, v from nums) as t(a, b) where b > 5' },
  { id: 'S40', name: 'VALUES as a table with NULLs', sql: "select * from (values (1, 'a'), (2, null), (null, 'c')) as t(x, y)" },
  { id: 'S41', name: 'scalar subquery in HAVING', sql: "select dept, count(*) from emp group by dept having count(*) >= (select count(*) from dept where dept = 'ops')" },
  { id: 'S42', name: 'IN (subquery) projected with NULLs on both sides', sql: 'select k, v in (select v from nums where k < 4) from nums' },
  {
    id: 'S43',
    name: 'NOT IN (subquery) projected, three-valued',
    sql: 'select k, v not in (select bonus / 100 from emp where bonus is not null) from nums',
    // Trino wins: integer division truncates.
    duck: 'select k, v not in (select bonus // 100 from emp where bonus is not null) from nums',
  },
  { id: 'S44', name: 'EXISTS OR another predicate', sql: 'select id from emp e where exists (select 1 from dept d where d.dept = e.dept and d.floor > 2) or e.bonus < 0' },
  {
    id: 'S45',
    name: 'CTE with a window and a set operation',
    sql: 'with ranked as (select k, g, row_number() over (partition by g order by k) rn from nums) select k from ranked where rn = 1 union all select k from ranked where rn = 3',
  },
  { id: 'S46', name: 'nested correlated subquery two levels deep', sql: 'select d.dept from dept d where exists (select 1 from emp e where e.dept = d.dept and e.salary > (select min(salary) from emp x where x.dept = d.dept))' },
  { id: 'S47', name: 'scalar subquery in the select list of a grouped query', sql: 'select g, count(*), (select count(*) from emp) from nums group by g' },
  { id: 'S48', name: 'IN subquery over an aggregate', sql: 'select id, name from emp where salary in (select max(salary) from emp group by dept)' },
  {
    id: 'S49',
    name: 'TPC-H correlated scalar aggregate compared per row',
    sql: 'select count(*) from part p where p_retailprice > (select avg(p2.p_retailprice) from part p2 where p2.p_brand = p.p_brand)',
    // Trino wins: avg(decimal(15,2)) is rounded half up to 2 decimals before the comparison.
    duck: 'select count(*) from part p where p_retailprice > (select round(avg(p2.p_retailprice), 2) from part p2 where p2.p_brand = p.p_brand)',
  },
  { id: 'S50', name: 'UNION of mismatched integer widths', sql: 'select cast(k as smallint) from nums union select cast(l_orderkey as bigint) from lineitem where l_orderkey < 10' },
  {
    id: 'S51',
    name: 'correlated EXISTS inside a correlated scalar count, reaching two levels up (TPC-H, every customer)',
    sql: 'select c.c_custkey, (select count(*) from orders o where o.o_custkey = c.c_custkey and exists (select 1 from lineitem l where l.l_orderkey = o.o_orderkey and l.l_quantity > c.c_custkey % 20)) from customer c',
  },
  {
    id: 'S52',
    name: 'two-level correlation through a non-equality (per-row fallback with an inner semi join)',
    sql: 'select d.dept, d.floor, (select count(*) from emp e where e.id > d.floor and exists (select 1 from emp m where m.mgr = e.id and m.id > d.floor + 2)) from dept d',
  },
  { id: 'S53', name: 'NOT EXISTS two levels deep inside a correlated scalar sum', sql: 'select d.dept, (select sum(e.bonus) from emp e where e.dept = d.dept and not exists (select 1 from emp m where m.mgr = e.id and m.bonus > d.floor * 100)) from dept d' },
  { id: 'S54', name: 'IN two levels deep inside a correlated scalar count', sql: 'select d.dept, d.floor, (select count(*) from emp e where e.dept = d.dept and e.id in (select m.mgr from emp m where m.bonus >= d.floor * 100)) from dept d' },
  { id: 'S55', name: 'EXISTS two levels deep inside a WHERE EXISTS', sql: 'select d.dept, d.floor from dept d where exists (select 1 from emp e where e.dept = d.dept and exists (select 1 from emp m where m.mgr = e.id and m.rating > d.floor))' },
];
