/**
 * Differential queries aimed at optimizer rewrites that are easy to get wrong: predicates that
 * must not move below windows, LIMITs or outer joins; one-sided ON conditions of outer joins;
 * lazy CASE/IF/TRY evaluation (no error from a branch not taken); constant folding; projection
 * pruning through stars and USING; plus the errors Trino raises where DuckDB answers.
 */
import type { DiffQuery } from './diff-query.js';

export const REWRITE_QUERIES: readonly DiffQuery[] = [
  { id: 'O01', name: 'filter on a non-partition column stays above the window', sql: 'select * from (select k, g, row_number() over (partition by g order by k) rn from nums) t where k > 5' },
  { id: 'O02', name: 'filter on the partition column below the window is safe', sql: "select * from (select k, g, sum(v) over (partition by g order by k) s from nums) t where g = 'a'" },
  { id: 'O03', name: 'filter stays above ORDER BY … LIMIT', sql: 'select * from (select k from nums order by k limit 5) t where k > 2' },
  { id: 'O04', name: 'filter on an aggregate output stays above the aggregate', sql: 'select * from (select g, count(*) c, sum(v) s from nums group by g) t where c > 2 and s > 0' },
  { id: 'O05', name: 'filter through UNION ALL into both branches', sql: 'select * from (select k, a as t from l union all select k, b from r) u where k > 2' },
  { id: 'O06', name: 'filter through EXCEPT', sql: 'select * from (select k from l except select k from r where k > 3) u where k is not null' },
  { id: 'O07', name: 'COALESCE over the nullable side is not pushed into it', sql: 'select e.id, d.floor from emp e left join dept d on e.dept = d.dept where coalesce(d.floor, 0) = 0' },
  { id: 'O08', name: 'left join ON condition on the left side only does not drop left rows', sql: "select l.k, l.a, r.b from l left join r on l.k = r.k and l.a = 'l2'" },
  { id: 'O09', name: 'right join ON condition on the right side only does not drop right rows', sql: "select l.a, r.k, r.b from l right join r on l.k = r.k and r.b = 'r2'" },
  { id: 'O10', name: 'full join with one-sided ON conditions on both sides', sql: "select l.a, r.b from l full join r on l.k = r.k and l.a <> 'l2' and r.b <> 'r4'" },
  { id: 'O11', name: 'inner join after a left join makes the chain inner', sql: 'select l.a, r.b, n.s from l left join r on l.k = r.k join nums n on n.k = r.k' },
  { id: 'O12', name: 'left join of a left join with a WHERE on the middle table', sql: "select l.a, r.b, n.s from l left join r on l.k = r.k left join nums n on n.k = r.k where r.b is null or r.b like 'r%'" },
  {
    id: 'O13',
    name: 'CASE does not evaluate the branch not taken (no division by zero)',
    sql: 'select k, case when v = 0 then -1 else 100 / v end, case when v <> 0 then 100 / v end from nums',
    // Trino wins: integer division truncates (DuckDB's //).
    duck: 'select k, case when v = 0 then -1 else 100 // v end, case when v <> 0 then 100 // v end from nums',
  },
  {
    id: 'O14',
    name: 'IF and COALESCE guard a division',
    sql: 'select k, if(v = 0, null, 100 / v), coalesce(100 / nullif(v, 0), -1) from nums',
    duck: 'select k, case when v = 0 then null else 100 // v end, coalesce(100 // nullif(v, 0), -1) from nums',
  },
  {
    id: 'O15',
    name: 'TRY turns a division by zero into NULL',
    sql: 'select k, try(100 / v), try(cast(s as integer)) from nums',
    duck: 'select k, case when v = 0 then null else 100 // v end, try_cast(s as integer) from nums',
  },
  { id: 'O16', name: 'WHERE with constant TRUE/FALSE/NULL parts', sql: 'select k from nums where (1 = 1 and k > 8) or null or 1 = 0' },
  { id: 'O17', name: 'aggregates over a filter that is always false', sql: 'select count(*), sum(v), max(s) from nums where 1 = 0' },
  { id: 'O18', name: 'GROUP BY a constant over an empty input gives no rows', sql: "select 'x', count(*) from empty_t group by 1" },
  { id: 'O19', name: 'count of constants and NULL', sql: 'select count(1), sum(1), count(null), min(1) from nums' },
  { id: 'O20', name: 'SELECT * of a USING join lists the key once', sql: 'select * from l join r using (k)' },
  { id: 'O21', name: 'qualified star with an outer join', sql: 'select l.*, r.b from l left join r on l.k = r.k' },
  { id: 'O22', name: 'correlated subquery over a grouped column', sql: 'select dept, count(*), (select count(*) from dept d where d.dept = e.dept) from emp e group by dept' },
  { id: 'O23', name: 'same subquery twice in one query', sql: 'select k from nums where v > (select avg(v) from nums) and x < (select avg(v) from nums) + 100' },
  { id: 'O24', name: 'projection pruning under a window (unused window column)', sql: 'select k from (select k, v, rank() over (order by v) r from nums) t where k < 4' },
  { id: 'O25', name: 'DISTINCT above a join with duplicates', sql: 'select distinct l.k, r.k from l join r on l.k = r.k' },
  { id: 'O26', name: 'semi join (IN) with duplicates does not duplicate rows', sql: 'select a from l where k in (select k from r)' },
  { id: 'O27', name: 'EXISTS with duplicates does not duplicate rows', sql: 'select a from l where exists (select 1 from r where r.k = l.k)' },
  { id: 'O28', name: 'join predicate derived through equalities (transitivity)', sql: 'select l.a, r.b, n.s from l, r, nums n where l.k = r.k and r.k = n.k and n.k = 2' },
  { id: 'O29', name: 'filter on a CASE over the nullable side of a left join', sql: "select e.id from emp e left join dept d on e.dept = d.dept where case when d.floor is null then 'none' else 'some' end = 'none'" },
  { id: 'O30', name: 'NOT over a subquery predicate with NULLs', sql: 'select k from nums where not (v in (select bonus / 100 from emp))', duck: 'select k from nums where not (v in (select bonus // 100 from emp))' },
  { id: 'O31', name: 'OR of EXISTS subqueries', sql: 'select k from nums n where exists (select 1 from l where l.k = n.k) or exists (select 1 from r where r.k = n.k)' },
  { id: 'O32', name: 'predicate with OR across join sides stays above the join', sql: "select l.a, r.b from l join r on l.k = r.k where l.a = 'l2' or r.b = 'r4'" },
  { id: 'O33', name: 'LIMIT under an aggregate over a join', sql: 'select count(*) from (select l.a from l join r on l.k = r.k order by l.a, r.b limit 3)' },
  { id: 'O34', name: 'window over a DISTINCT derived table', sql: 'select v, rank() over (order by v desc nulls first) from (select distinct v from nums) t' },
  { id: 'O35', name: 'HAVING referencing a grouped expression and an aggregate', sql: 'select k % 3, sum(v) from nums group by k % 3 having k % 3 <> 1 and sum(v) is not null' },
  // Trino raises these errors; DuckDB answers NULL or a first row instead, so only aegis runs.
  { id: 'E90', name: 'division by zero is an error (Trino), even behind an aggregate', sql: 'select sum(100 / v) from nums', error: 'DIVISION_BY_ZERO' },
  { id: 'E91', name: 'a scalar subquery with two rows is an error', sql: 'select (select k from nums where k < 3)', error: 'INVALID_ARGUMENT' },
  { id: 'E92', name: 'a failing cast of a column value is an error', sql: 'select cast(s as integer) from nums', error: 'INVALID_CAST' },
  { id: 'E93', name: 'integer overflow is an error', sql: 'select v * 1000000000 from nums', error: 'NUMERIC_OVERFLOW' },
];
