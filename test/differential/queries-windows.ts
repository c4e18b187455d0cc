/**
 * Differential queries: window functions (ranking, offsets, value functions, distributions) and
 * aggregates over ROWS and RANGE frames. Every ORDER BY inside OVER that feeds an order-sensitive
 * function is made total (or the function's value is the same for all peers), so the answer is
 * deterministic.
 */
import type { DiffQuery } from './diff-query.js';

export const WINDOW_QUERIES: readonly DiffQuery[] = [
  { id: 'W01', name: 'row_number per partition (NULL partition included)', sql: 'select id, dept, row_number() over (partition by dept order by id) from emp' },
  {
    id: 'W02',
    name: 'rank and dense_rank with ties and a NULL key (NULLS LAST by default)',
    sql: 'select id, salary, rank() over (order by salary desc), dense_rank() over (order by salary desc) from emp',
    types: ['integer', 'decimal(10,2)', 'bigint', 'bigint'],
  },
  { id: 'W03', name: 'lag and lead with offset and default', sql: "select id, lag(salary) over (order by id), lead(name, 2, 'none') over (order by id), lag(bonus, 1, -1) over (order by id) from emp" },
  {
    id: 'W04',
    name: 'first_value / last_value with the default frame over a total order',
    sql: 'select id, first_value(name) over (partition by dept order by salary, id), last_value(name) over (partition by dept order by salary, id) from emp',
  },
  { id: 'W05', name: 'nth_value over the whole partition', sql: 'select id, nth_value(name, 2) over (partition by dept order by id rows between unbounded preceding and unbounded following) from emp' },
  { id: 'W06', name: 'ntile over ten rows into three buckets', sql: 'select id, ntile(3) over (order by id), ntile(4) over (partition by dept order by id) from emp' },
  {
    id: 'W07',
    name: 'percent_rank and cume_dist with ties and NULLs',
    sql: 'select id, percent_rank() over (order by salary), cume_dist() over (order by salary) from emp',
    types: ['integer', 'double', 'double'],
  },
  { id: 'W08', name: 'sum over ROWS 2 PRECEDING', sql: 'select k, sum(v) over (order by k rows between 2 preceding and current row) from nums' },
  { id: 'W09', name: 'avg over ROWS 1 PRECEDING AND 1 FOLLOWING', sql: 'select k, avg(x) over (order by k rows between 1 preceding and 1 following) from nums' },
  { id: 'W10', name: 'count over the default RANGE frame counts peers', sql: 'select k, v, count(*) over (order by v), sum(k) over (order by v) from nums' },
  { id: 'W11', name: 'sum over RANGE 5 PRECEDING on an integer key with NULLs', sql: 'select k, v, sum(k) over (order by v range between 5 preceding and current row) from nums' },
  { id: 'W12', name: 'sum over RANGE CURRENT ROW AND UNBOUNDED FOLLOWING', sql: 'select k, sum(x) over (order by k range between current row and unbounded following) from nums' },
  { id: 'W13', name: 'partition without ORDER BY: whole-partition aggregates', sql: 'select id, dept, count(*) over (partition by dept), sum(salary) over (partition by dept), max(bonus) over (partition by dept) from emp' },
  { id: 'W14', name: 'empty OVER ()', sql: 'select id, max(salary) over (), count(bonus) over () from emp' },
  { id: 'W15', name: 'rank over an aggregate in a grouped query', sql: 'select dept, sum(salary) s, rank() over (order by sum(salary) desc) from emp group by dept' },
  {
    id: 'W16',
    name: 'TPC-H lag per customer with date_diff',
    sql: "select o_custkey, o_orderkey, date_diff('day', lag(o_orderdate) over (partition by o_custkey order by o_orderdate, o_orderkey), o_orderdate) from orders where o_custkey < 60",
  },
  {
    id: 'W17',
    name: 'TPC-H top-2 per group through row_number',
    sql: 'select * from (select o_custkey, o_orderkey, row_number() over (partition by o_custkey order by o_totalprice desc, o_orderkey) rn from orders) t where rn <= 2 and o_custkey < 100',
  },
  {
    id: 'W18',
    name: 'two windows with different partitions',
    sql: 'select id, rank() over (partition by dept order by salary desc nulls last, id), sum(bonus) over (partition by mgr) from emp',
  },
  { id: 'W19', name: 'row_number with NULLS FIRST', sql: 'select k, x, row_number() over (order by x nulls first, k) from nums' },
  { id: 'W20', name: 'lead by 0 and lag beyond the partition', sql: 'select k, lead(k, 0) over (order by k), lag(k, 3) over (order by k), lead(v, 20) over (order by k) from nums' },
  {
    id: 'W21',
    name: 'last_value IGNORE NULLS (fill forward)',
    sql: 'select k, x, last_value(x) ignore nulls over (order by k rows between unbounded preceding and current row) from nums',
    // Trino wins: DuckDB spells IGNORE NULLS inside the call.
    duck: 'select k, x, last_value(x ignore nulls) over (order by k rows between unbounded preceding and current row) from nums',
  },
  { id: 'W22', name: 'running sum of an expression per partition with a NULL partition', sql: 'select k, g, sum(v * 2) over (partition by g order by k rows unbounded preceding) from nums' },
  { id: 'W23', name: 'cume_dist per partition with peers', sql: 'select k, g, cume_dist() over (partition by g order by v) from nums' },
  { id: 'W24', name: 'filter on a dense_rank in an outer query', sql: 'select * from (select k, v, dense_rank() over (order by v desc) dr from nums) t where dr <= 3' },
  {
    id: 'W25',
    name: 'running min and reverse-running max',
    sql: 'select k, min(x) over (order by k rows between unbounded preceding and current row), max(x) over (order by k rows between current row and unbounded following) from nums',
  },
  { id: 'W26', name: 'ROWS frame entirely after the current row', sql: 'select k, sum(v) over (order by k rows between 1 following and 3 following), count(v) over (order by k rows between 1 following and 3 following) from nums' },
  { id: 'W27', name: 'ROWS frame entirely before the current row', sql: 'select k, sum(v) over (order by k rows between 3 preceding and 1 preceding) from nums' },
  { id: 'W28', name: 'ntile with more buckets than rows', sql: 'select id, ntile(20) over (partition by dept order by id) from emp' },
  {
    id: 'W29',
    name: 'avg of a decimal over a partition is a decimal (Trino)',
    sql: 'select id, avg(salary) over (partition by dept) from emp',
    types: ['integer', 'decimal(10,2)'],
  },
  { id: 'W30', name: 'percent_rank on single-row partitions is 0', sql: 'select id, percent_rank() over (partition by name order by id), cume_dist() over (partition by name order by id) from emp' },
  { id: 'W31', name: 'nth_value beyond a sliding frame is NULL', sql: 'select k, nth_value(k, 3) over (order by k rows between 1 preceding and 1 following), nth_value(k, 2) over (order by k rows between 1 preceding and 1 following) from nums' },
  {
    id: 'W32',
    name: 'TPC-H running quantity per order',
    sql: 'select l_orderkey, l_linenumber, sum(l_quantity) over (partition by l_orderkey order by l_linenumber), count(*) over (partition by l_orderkey) from lineitem where l_orderkey < 100',
  },
  {
    id: 'W33',
    name: 'window function in ORDER BY',
    sql: 'select id, name from emp order by row_number() over (order by salary desc nulls last, id)',
    ordered: true,
  },
  { id: 'W34', name: 'rank with NULLS FIRST within partitions', sql: 'select k, g, rank() over (partition by g order by v nulls first) from nums' },
  {
    id: 'W35',
    name: 'RANGE frame with an interval offset over dates',
    sql: "select o_orderkey, count(*) over (order by o_orderdate range between interval '3' day preceding and current row) from orders where o_custkey < 40",
  },
  { id: 'W36', name: 'sum over RANGE UNBOUNDED PRECEDING on a double key', sql: 'select k, x, sum(v) over (order by x range unbounded preceding) from nums' },
  { id: 'W37', name: 'window over DESC order with a value offset', sql: 'select k, v, sum(k) over (order by v desc range between 2 preceding and 2 following) from nums' },
  { id: 'W38', name: 'window over a join result', sql: 'select e.id, d.floor, sum(e.bonus) over (partition by d.floor order by e.id) from emp e join dept d on e.dept = d.dept' },
  { id: 'W39', name: 'first_value of a ROWS frame that can be empty', sql: 'select k, first_value(k) over (order by k rows between 2 following and 3 following), last_value(s) over (order by k rows between 2 following and 3 following) from nums' },
  { id: 'W40', name: 'count(distinct) through a derived table, then a window', sql: 'select g, c, sum(c) over (order by g nulls first) from (select g, count(distinct v) c from nums group by g) t' },
  {
    id: 'W41',
    name: 'RANGE frame with a month interval offset over dates (month-end clamping)',
    sql: "select id, d, count(*) over (order by d range between interval '1' month preceding and current row), sum(id) over (order by d desc range between interval '2' month preceding and current row) from ev",
  },
  {
    id: 'W42',
    name: 'RANGE frame with month and year interval offsets over timestamps',
    sql: "select id, ts, count(*) over (order by ts range between interval '1' month preceding and interval '1' month following), count(*) over (order by ts range between current row and interval '30' year following) from ev",
  },
  {
    id: 'W43',
    name: 'RANGE month frame over TPC-H order dates, per customer',
    sql: "select o_orderkey, sum(o_totalprice) over (partition by o_custkey order by o_orderdate range between interval '6' month preceding and current row) from orders where o_custkey < 60",
  },
];
