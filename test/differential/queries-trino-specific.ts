/**
 * Differential queries on Trino-specific behaviour: result types (typeof), double-to-text,
 * REAL arithmetic, varchar(n) casts, arrays and lambdas, binary and JSON functions, pre-1970
 * timestamps, WINDOW clauses and GROUPS frames, recursive CTEs, FETCH … WITH TIES. Where DuckDB
 * has no equivalent, its side is a literal or a rewrite that computes Trino's answer.
 */
import type { DiffQuery } from './diff-query.js';

export const TRINO_SPECIFIC_QUERIES: readonly DiffQuery[] = [
  {
    id: 'T01',
    name: 'typeof literals and arithmetic results',
    sql: "select typeof(1.5), typeof('abc'), typeof(1e0), typeof(1), typeof(10000000000), typeof(1.5 * 2.25), typeof(1 / 2), typeof(cast(1 as bigint) + 1), typeof(true)",
    // Trino wins: its type names, e.g. a string literal is varchar(n), a big integer literal bigint.
    duck: "select 'decimal(2,1)', 'varchar(3)', 'double', 'integer', 'bigint', 'decimal(5,3)', 'integer', 'bigint', 'boolean'",
  },
  {
    id: 'T02',
    name: 'typeof aggregates and column expressions',
    sql: "select typeof(sum(salary)), typeof(avg(salary)), typeof(avg(bonus)), typeof(count(*)), typeof(sum(bonus)), typeof(max(hired)), typeof(min(rating)) from emp",
    duck: "select 'decimal(38,2)', 'decimal(10,2)', 'double', 'bigint', 'bigint', 'date', 'double'",
  },
  {
    id: 'T03',
    name: 'typeof decimal arithmetic results',
    sql: "select typeof(salary * 2), typeof(salary + amt), typeof(salary * amt), typeof(round(amt, 2)), typeof(salary / 3), typeof(-salary), typeof(abs(amt)) from emp join ev using (id) where id = 1",
    // Trino wins: decimal(p,s) op integer treats the integer as decimal(10,0);
    // + : (1 + max(p1-s1, p2-s2) + max(s1,s2), max(s1,s2)); * : (p1+p2, s1+s2);
    // / : (p1 - s1 + s2 + max(s1,s2), max(s1,s2)).
    duck: "select 'decimal(20,2)', 'decimal(13,4)', 'decimal(22,6)', 'decimal(13,4)', 'decimal(10,2)', 'decimal(10,2)', 'decimal(12,4)'",
  },
  {
    id: 'T04',
    name: 'typeof dates, timestamps, arrays',
    sql: "select typeof(d + interval '1' day), typeof(ts), typeof(date_trunc('month', d)), typeof(cast(ts as date)), typeof(array[1, 2]), typeof(split(cat, ',')), typeof(date_diff('day', d, d)) from ev where id = 1",
    duck: "select 'date', 'timestamp(3)', 'date', 'date', 'array(integer)', 'array(varchar)', 'bigint'",
  },
  {
    id: 'T05',
    name: 'cast(double as varchar) uses scientific notation outside [1e-3, 1e7)',
    sql: 'select cast(1e10 as varchar), cast(1.5e-5 as varchar), cast(123456789.0e0 as varchar), cast(1e7 as varchar), cast(9999999.0e0 as varchar), cast(0.001e0 as varchar), cast(-2.5e-4 as varchar)',
    // Trino wins: Java's Double.toString text.
    duck: "select '1.0E10', '1.5E-5', '1.23456789E8', '1.0E7', '9999999.0', '0.001', '-2.5E-4'",
  },
  {
    id: 'T06',
    name: 'REAL arithmetic rounds to single precision',
    sql: 'select k, cast(x as real) * 3, cast(x as real) / 7, cast(0.1 as real) + cast(0.2 as real) from nums where x is not null',
    // DuckDB's FLOAT is IEEE single precision like Trino's REAL.
    duck: 'select k, cast(x as float) * 3, cast(x as float) / 7, cast(0.1 as float) + cast(0.2 as float) from nums where x is not null',
  },
  {
    id: 'T07',
    name: 'cast to varchar(n) truncates',
    sql: 'select k, cast(s as varchar(3)), cast(s as varchar(100)) from nums',
    // Trino wins: the cast truncates to n characters; DuckDB ignores n.
    duck: 'select k, substr(s, 1, 3), s from nums',
  },
  {
    id: 'T08',
    name: 'transform / filter / reduce lambdas',
    sql: 'select k, transform(array[k, v, k + 1], e -> e * 2), filter(array[k, v, 3], e -> e > 2), reduce(array[k, 2, 3], 0, (acc, e) -> acc + e, acc -> acc * 10) from nums',
    duck: 'select k, list_transform([k, v, k + 1], e -> e * 2), list_filter([k, v, 3], e -> e > 2), (k + 2 + 3) * 10 from nums',
  },
  {
    id: 'T09',
    name: 'array functions: slice / array_position / concat / flatten / reverse / array_min',
    sql: 'select slice(array[1, 2, 3, 4], 2, 3), array_position(array[5, 6, 7], 7), array[1, 2] || array[3], concat(array[1], array[2, 3]), flatten(array[array[1], array[2, 3]]), reverse(array[1, 2, 3]), array_min(array[3, 1, 2])',
    // Trino wins: slice(array, start, length); DuckDB's list_slice takes an end index.
    duck: 'select list_slice([1, 2, 3, 4], 2, 4), list_position([5, 6, 7], 7), [1, 2] || [3], [1] || [2, 3], flatten([[1], [2, 3]]), list_reverse([1, 2, 3]), list_min([3, 1, 2])',
  },
  {
    id: 'T10',
    name: 'array set functions keep first-occurrence order',
    sql: 'select array_union(array[3, 1, 2], array[2, 5, 3]), array_intersect(array[3, 1, 2, 3], array[2, 3]), array_except(array[3, 1, 2, 1], array[2]), array_remove(array[1, 2, 1, 3], 1), arrays_overlap(array[1, 2], array[2, 9])',
    // Trino wins: results in first-occurrence order without duplicates (literal answers).
    duck: 'select [3, 1, 2, 5], [3, 2], [3, 1], [2, 3], true',
  },
  {
    id: 'T11',
    name: 'array_agg of DISTINCT, sorted',
    sql: 'select g, array_sort(array_agg(distinct v)) from nums group by g',
    duck: 'select g, list_sort(list_distinct(list(v))) || case when count(*) > count(v) then [null::integer] else [] end from nums group by g',
  },
  {
    id: 'T12',
    name: 'array_agg over no rows is NULL',
    sql: 'select array_agg(k), max(k), count(k) from empty_t',
  },
  {
    id: 'T13',
    name: 'max(x, n) and min(x, n)',
    sql: 'select max(v, 3), min(x, 2), max(salary, 2) from nums, (select max(salary) salary from emp)',
  },
  {
    id: 'T14',
    name: 'to_hex(md5(to_utf8())) and sha256',
    sql: "select k, to_hex(md5(to_utf8(s))), lower(to_hex(sha256(to_utf8(s)))), length(to_utf8(s)) from nums where s is not null",
    // Trino wins: to_hex is upper case; DuckDB hashes varchar straight to lower-case hex.
    duck: 'select k, upper(md5(s)), sha256(s), octet_length(encode(s)) from nums where s is not null',
  },
  {
    id: 'T15',
    name: 'json_extract_scalar and json_array_length',
    sql: `select json_extract_scalar('{"a":{"b":5},"c":[1,2,3],"s":"x"}', '$.a.b'), json_extract_scalar('{"a":1}', '$.missing'), json_array_length('[1,2,3]'), json_extract_scalar('{"s":"x"}', '$.s')`,
    duck: `select '5', null, 3, 'x'`,
  },
  {
    id: 'T16',
    name: 'timestamps before 1970 with milliseconds: fields, truncation, casts',
    sql:
      "select millisecond(t), second(t), minute(t), hour(t), date_trunc('second', t), cast(t as date), day_of_week(cast(t as date)), to_unixtime(t) " +
      "from (values timestamp '1969-12-31 23:59:59.999', timestamp '1969-07-20 20:17:40.500', timestamp '1900-01-01 00:00:00.001') v(t)",
    duck:
      "select millisecond(t) % 1000, second(t), minute(t), hour(t), date_trunc('second', t), cast(t as date), isodow(cast(t as date)), epoch(t) " +
      "from (values (timestamp '1969-12-31 23:59:59.999'), (timestamp '1969-07-20 20:17:40.500'), (timestamp '1900-01-01 00:00:00.001')) v(t)",
  },
  {
    id: 'T17',
    name: 'dates far from 1970: fields and arithmetic',
    sql:
      "select year(x), month(x), day(x), day_of_week(x), day_of_year(x), week(x), last_day_of_month(x), x + interval '1' day, date_diff('day', x, date '2000-01-01') " +
      "from (values date '1600-02-29', date '1899-12-31', date '1900-02-28', date '0001-01-01', date '9999-12-30') v(x)",
    duck:
      "select year(x), month(x), day(x), isodow(x), dayofyear(x), week(x), last_day(x), cast(x + interval 1 day as date), date_diff('day', x, date '2000-01-01') " +
      "from (values (date '1600-02-29'), (date '1899-12-31'), (date '1900-02-28'), (date '0001-01-01'), (date '9999-12-30')) v(x)",
  },
  {
    id: 'T18',
    name: 'named WINDOW clause',
    sql: 'select k, sum(v) over w, rank() over w from nums window w as (partition by g order by k)',
  },
  {
    id: 'T19',
    name: 'GROUPS frame',
    sql: 'select k, v, sum(k) over (order by v groups between 1 preceding and current row) from nums',
  },
  {
    id: 'T20',
    name: 'WITH RECURSIVE counting',
    sql: 'with recursive t(n) as (select 1 union all select n + 1 from t where n < 10) select sum(n), count(*) from t',
  },
  {
    id: 'T21',
    name: 'FETCH FIRST n ROWS WITH TIES',
    sql: 'select k, v from nums order by v fetch first 3 rows with ties',
    // Trino wins: DuckDB has no WITH TIES; rank() <= n keeps the same rows.
    duck: 'select k, v from (select k, v, rank() over (order by v) r from nums) where r <= 3',
  },
  {
    id: 'T22',
    name: 'is_nan / is_finite / is_infinite / infinity() / nan()',
    sql: 'select k, is_nan(x / 0e0), is_finite(x), is_infinite(x / 0e0), infinity() > x, is_nan(nan()) from nums where x is not null',
    duck: "select k, x = 0, isfinite(x), x <> 0, true, true from nums where x is not null",
  },
  {
    id: 'T23',
    name: 'bitwise functions',
    sql: 'select k, bitwise_and(k, 6), bitwise_or(k, 6), bitwise_xor(k, 6), bitwise_not(k), bit_count(k, 64) from nums',
    duck: 'select k, k & 6, k | 6, xor(k, 6), ~k, bit_count(k::bigint) from nums',
  },
  {
    id: 'T24',
    name: 'ORDER BY doubles with NaN and infinities',
    sql: 'select x from (values 1.0e0, nan(), infinity(), -infinity(), null, -0.5e0) t(x) order by x',
    ordered: true,
    // Trino wins: NaN sorts after +Infinity, NULL last (DuckDB agrees once spelled).
    duck: "select x from (values (1.0::double), ('nan'::double), ('inf'::double), ('-inf'::double), (null), (-0.5::double)) t(x) order by x",
  },
  {
    id: 'T25',
    name: 'parenthesized ORDER BY … LIMIT branches in UNION ALL',
    sql: '(select k from nums order by k limit 2) union all (select k from nums order by k desc limit 2)',
  },
  {
    id: 'T26',
    name: 'IN / NOT IN (empty subquery) is FALSE / TRUE even for NULL',
    sql: 'select k, v in (select k from empty_t), v not in (select k from empty_t) from nums',
  },
  {
    id: 'T27',
    name: 'LEFT JOIN UNNEST … ON TRUE keeps rows with empty arrays',
    sql: "select n.k, t.w from nums n left join unnest(filter(split(coalesce(n.s, ''), 'p'), e -> e <> '')) as t(w) on true",
    duck: "select n.k, t.w from nums n left join lateral (select unnest(list_filter(string_split(coalesce(n.s, ''), 'p'), e -> e <> '')) w) t on true",
  },
  {
    id: 'T28',
    name: 'CROSS JOIN UNNEST drops rows with empty arrays',
    sql: "select n.k, t.w from nums n cross join unnest(filter(split(coalesce(n.s, ''), 'p'), e -> e <> '')) as t(w)",
    duck: "select n.k, t.w from nums n cross join lateral (select unnest(list_filter(string_split(coalesce(n.s, ''), 'p'), e -> e <> '')) w) t",
  },
  {
    id: 'T29',
    name: 'substring(… FROM … FOR …) and trim(BOTH/LEADING/TRAILING … FROM …)',
    sql: "select k, substring(s from 2 for 3), trim(both 'a' from s), trim(leading 'a' from s), trim(trailing 'e' from s) from nums",
    duck: "select k, substring(s, 2, 3), trim(s, 'a'), ltrim(s, 'a'), rtrim(s, 'e') from nums",
  },
  {
    id: 'T30',
    name: 'scalar subquery with ORDER BY … LIMIT 1',
    sql: 'select id, (select name from emp x order by salary desc nulls last, id limit 1) from emp',
  },
  {
    id: 'T31',
    name: 'correlated subquery using an outer column in its select list',
    sql: 'select e.id, (select e.bonus + count(*) from emp x where x.dept = e.dept) from emp e',
  },
  {
    id: 'T32',
    name: 'EXISTS over a global aggregate is always true',
    sql: 'select count(*) from nums where exists (select count(*) from emp where 1 = 0)',
  },
  {
    id: 'T33',
    name: 'GROUP BY keeps NULL and empty string apart',
    sql: "select s = '', count(*) from nums group by s = ''",
  },
  {
    id: 'T34',
    name: 'array_agg as a window function over a ROWS frame',
    sql: 'select k, array_agg(k) over (order by k rows between 1 preceding and 1 following) from nums',
  },
  {
    id: 'T35',
    name: 'max_by as a window aggregate',
    sql: 'select id, max_by(name, salary) over (partition by dept) from emp',
  },
  {
    id: 'T36',
    name: 'integer division and modulo of negative bigints',
    sql: 'select cast(-7 as bigint) / 2, cast(-7 as bigint) % 3, mod(-7, -3), mod(7, -3), cast(-7 as smallint) / cast(2 as tinyint)',
    duck: 'select (-7)::bigint // 2, (-7)::bigint % 3, (-7) % (-3), 7 % (-3), (-7)::smallint // 2::tinyint',
  },
  {
    id: 'T37',
    name: 'REAL aggregates stay REAL',
    sql: 'select typeof(avg(cast(x as real))), typeof(sum(cast(x as real))), avg(cast(x as real)), sum(cast(x as real) / 3) from nums',
    // Trino wins: avg/sum of real are real (single precision), DuckDB's are double.
    duck: "select 'real', 'real', cast(avg(cast(x as float)) as float), cast(sum(cast(x as float) / 3) as float) from nums",
  },
  {
    id: 'T38',
    name: 'to_iso8601 of dates and timestamps',
    sql: 'select id, to_iso8601(d), to_iso8601(ts) from ev',
    duck: "select id, strftime(d, '%Y-%m-%d'), strftime(ts, '%Y-%m-%dT%H:%M:%S.%g') from ev",
  },
  {
    id: 'T39',
    name: 'geometric_mean and bitwise aggregates',
    sql: 'select geometric_mean(k), bitwise_and_agg(k), bitwise_or_agg(k), bitwise_xor_agg(k) from nums',
    duck: 'select geomean(k), bit_and(k), bit_or(k), bit_xor(k) from nums',
  },
  {
    id: 'T40',
    name: 'regexp_extract_all / regexp_count / regexp_split',
    sql: "select k, regexp_extract_all(s, '[aeiou]'), regexp_count(s, 'p'), regexp_split(s, 'p') from nums where s is not null",
    duck: "select k, regexp_extract_all(s, '[aeiou]'), len(regexp_extract_all(s, 'p')), regexp_split_to_array(s, 'p') from nums where s is not null",
  },
  {
    id: 'T41',
    name: 'repeat() builds an array; array_join with a NULL replacement',
    sql: "select k, repeat(k, 2), array_join(array[s, null, g], '-', 'N') from nums",
    duck: "select k, [k, k], concat_ws('-', coalesce(s, 'N'), 'N', coalesce(g, 'N')) from nums",
  },
  {
    id: 'T42',
    name: 'sequence of dates by a month interval clamps to month ends',
    sql: "select sequence(date '2024-01-31', date '2024-05-01', interval '1' month)",
    duck: "select ['2024-01-31'::date, '2024-02-29'::date, '2024-03-31'::date, '2024-04-30'::date]",
  },
  {
    id: 'T43',
    name: 'date_format with names, day of year and fraction',
    sql: "select date_format(timestamp '2024-03-05 07:08:09.012', '%a %b %e %H %i %s %f %p %W %M %j'), from_iso8601_date('2024-02-29')",
    duck: "select 'Tue Mar 5 07 08 09 012000 AM Tuesday March 065', date '2024-02-29'",
  },
  {
    id: 'T44',
    name: 'max_by / min_by with n',
    sql: 'select max_by(s, k, 2), min_by(k, x, 3) from nums',
    duck: "select ['  pad  ', 'a_b'], [12, 2, 7]",
  },
  {
    id: 'T45',
    name: 'timestamp with time zone across DST changes (gap and overlap)',
    sql:
      "select hour(timestamp '2024-03-10 01:30:00 America/New_York' + interval '1' hour), to_unixtime(timestamp '2024-03-10 01:30:00 America/New_York' + interval '1' hour), " +
      "hour(at_timezone(timestamp '2024-03-10 06:30:00 UTC', 'America/New_York')), cast(timestamp '2024-11-03 01:30:00 America/New_York' as varchar), " +
      "to_unixtime(timestamp '2024-11-03 01:30:00 America/New_York'), hour(date_add('day', 1, timestamp '2024-03-09 02:30:00 America/New_York'))",
    // Trino wins (Joda rules): adding an hour crosses the spring-forward gap in instant time; the
    // ambiguous 01:30 of the fall-back day is the earlier (EDT) instant; a day added into the gap
    // moves forward to 03:30. DuckDB's ICU agrees on the instants (epoch 1710055800).
    duck: "select 3, 1710055800.0, 1, '2024-11-03 01:30:00 America/New_York', 1730611800.0, 3",
  },
];
