/**
 * Differential queries whose inputs and intermediate results span many batches and in-memory
 * chunks (TPC-H lineitem has ~60k rows): many-group aggregation, large joins with duplicate keys,
 * deep OFFSETs in big sorts, windows over large partitions, DISTINCT over many values.
 */
import type { DiffQuery } from './diff-query.js';

export const LARGE_QUERIES: readonly DiffQuery[] = [
  {
    id: 'L01',
    name: 'aggregation into ~60k groups on two keys',
    sql: 'select count(*), sum(c), max(c) from (select l_orderkey, l_partkey, count(*) c from lineitem group by l_orderkey, l_partkey)',
  },
  { id: 'L02', name: 'group by every order with several aggregates', sql: 'select l_orderkey, count(*), sum(l_quantity), min(l_shipdate), max(l_comment) from lineitem group by l_orderkey' },
  {
    id: 'L03',
    name: 'self join of lineitem on the order key (duplicate keys on both sides)',
    sql: 'select count(*), sum(a.l_linenumber * b.l_linenumber) from lineitem a join lineitem b on a.l_orderkey = b.l_orderkey',
  },
  {
    id: 'L04',
    name: 'sort of all of lineitem with a deep OFFSET',
    sql: 'select l_orderkey, l_linenumber, l_extendedprice from lineitem order by l_extendedprice desc, l_orderkey, l_linenumber offset 30000 limit 5',
    ordered: true,
  },
  {
    id: 'L05',
    name: 'window over large partitions (per supplier, ordered by date)',
    sql:
      'select l_suppkey, count(*), sum(rn), max(running) from (select l_suppkey, row_number() over (partition by l_suppkey order by l_shipdate, l_orderkey, l_linenumber) rn, ' +
      'sum(l_quantity) over (partition by l_suppkey order by l_shipdate, l_orderkey, l_linenumber rows unbounded preceding) running from lineitem) t group by l_suppkey',
  },
  {
    id: 'L06',
    name: 'rank over the whole of lineitem by a decimal with ties',
    sql: 'select r, count(*) from (select rank() over (order by l_quantity desc) r from lineitem) t group by r',
  },
  { id: 'L07', name: 'count(distinct) over many values', sql: 'select count(distinct l_comment), count(distinct l_partkey), count(distinct l_orderkey * 10 + l_linenumber) from lineitem' },
  { id: 'L08', name: 'SELECT DISTINCT over two columns of lineitem', sql: 'select count(*) from (select distinct l_partkey, l_suppkey from lineitem)' },
  {
    id: 'L09',
    name: 'left join of orders to a large filtered lineitem',
    sql: "select count(*), count(l.l_orderkey), sum(l.l_quantity) from orders o left join lineitem l on o.o_orderkey = l.l_orderkey and l.l_returnflag = 'R'",
  },
  {
    id: 'L10',
    name: 'full join of two large aggregates',
    sql:
      "select count(*), count(a.k), count(b.k), sum(a.q), sum(b.q) from (select l_partkey k, sum(l_quantity) q from lineitem where l_shipmode = 'AIR' group by 1) a " +
      "full join (select l_partkey k, sum(l_quantity) q from lineitem where l_shipmode = 'MAIL' group by 1) b on a.k = b.k",
  },
  {
    id: 'L11',
    name: 'correlated scalar subquery over a large table (decorrelated)',
    sql: 'select count(*) from lineitem l where l_quantity > (select avg(l_quantity) from lineitem l2 where l2.l_partkey = l.l_partkey)',
    // Trino wins: avg(decimal(15,2)) is rounded half up to 2 decimals before the comparison.
    duck: 'select count(*) from lineitem l where l_quantity > (select round(avg(l_quantity), 2) from lineitem l2 where l2.l_partkey = l.l_partkey)',
  },
  {
    id: 'L12',
    name: 'EXISTS and NOT EXISTS over large tables together',
    sql:
      'select count(*) from orders o where exists (select 1 from lineitem l where l.l_orderkey = o.o_orderkey and l.l_commitdate < l.l_receiptdate) ' +
      'and not exists (select 1 from lineitem l where l.l_orderkey = o.o_orderkey and l.l_shipmode = \'FOB\')',
  },
  {
    id: 'L13',
    name: 'UNION of large inputs (dedupe across batches)',
    sql: 'select count(*) from (select l_partkey k from lineitem union select ps_partkey from partsupp union select p_partkey from part)',
  },
  {
    id: 'L14',
    name: 'INTERSECT / EXCEPT of large inputs',
    sql: "select (select count(*) from (select l_suppkey, l_partkey from lineitem intersect select ps_suppkey, ps_partkey from partsupp)), (select count(*) from (select o_custkey from orders except select c_custkey from customer where c_acctbal > 0))",
  },
  { id: 'L15', name: 'GROUPING SETS over lineitem', sql: 'select l_returnflag, l_shipmode, year(l_shipdate), count(*), sum(l_quantity) from lineitem group by grouping sets ((l_returnflag, l_shipmode), (year(l_shipdate)), ())' },
  {
    id: 'L16',
    name: 'top 10 per group with row_number on a large input',
    sql: 'select l_shipmode, l_orderkey, l_linenumber from (select l_shipmode, l_orderkey, l_linenumber, row_number() over (partition by l_shipmode order by l_extendedprice desc, l_orderkey, l_linenumber) rn from lineitem) t where rn <= 10',
  },
  {
    id: 'L17',
    name: 'lag/lead over all orders of each customer',
    sql:
      "select count(*), sum(date_diff('day', prev, o_orderdate)), count(nxt) from (select o_orderdate, lag(o_orderdate) over (partition by o_custkey order by o_orderdate, o_orderkey) prev, " +
      'lead(o_orderkey) over (partition by o_custkey order by o_orderdate, o_orderkey) nxt from orders) t',
  },
  {
    id: 'L18',
    name: 'string functions over every comment',
    sql: "select count(*), sum(length(l_comment)), count_if(l_comment like '%special%'), max(upper(substr(l_comment, 1, 4))), sum(strpos(l_comment, 'e')) from lineitem",
  },
  {
    id: 'L19',
    name: 'CASE-heavy aggregation over lineitem',
    sql:
      "select l_shipmode, sum(case when l_discount >= 0.05 then l_extendedprice else 0 end), count(case when l_returnflag = 'R' then 1 end), " +
      'sum(case when l_tax > 0.04 then l_quantity end) from lineitem group by l_shipmode',
  },
  {
    id: 'L20',
    name: 'join of orders and a derived per-order aggregate, filtered on both',
    sql:
      'select count(*), sum(o.o_totalprice) from orders o join (select l_orderkey, sum(l_extendedprice) s, count(*) c from lineitem group by l_orderkey) x on o.o_orderkey = x.l_orderkey ' +
      'where x.c >= 4 and o.o_totalprice > x.s',
  },
  {
    id: 'L21',
    name: 'ntile over all of orders',
    sql: 'select b, count(*), min(p), max(p) from (select ntile(10) over (order by o_totalprice, o_orderkey) b, o_totalprice p from orders) t group by 1',
  },
  {
    id: 'L22',
    name: 'distribution functions over all of orders',
    sql: 'select count(*), sum(pr), sum(cd), max(pr) from (select percent_rank() over (order by o_orderdate) pr, cume_dist() over (partition by o_orderpriority order by o_totalprice) cd from orders) t',
  },
  {
    id: 'L23',
    name: 'sum over a RANGE frame on a decimal key across all orders',
    sql: 'select count(*), sum(c) from (select count(*) over (order by o_totalprice range between 100 preceding and 100 following) c from orders) t',
  },
  {
    id: 'L24',
    name: 'IN (subquery) with a large build side and NULL-free anti join',
    sql: "select count(*) from lineitem where l_partkey not in (select p_partkey from part where p_size > 25) and l_suppkey in (select s_suppkey from supplier where s_acctbal > 0)",
  },
];
