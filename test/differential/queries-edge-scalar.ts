/**
 * Differential queries at the edges of window frames, decimal arithmetic, string and date
 * functions. Trino's rules decide wherever DuckDB's differ (noted at each query).
 */
import type { DiffQuery } from './diff-query.js';

export const EDGE_SCALAR_QUERIES: readonly DiffQuery[] = [
  { id: 'Y01', name: 'RANGE frame that excludes the current row (3 PRECEDING AND 1 PRECEDING)', sql: 'select k, v, sum(k) over (order by v range between 3 preceding and 1 preceding) from nums' },
  { id: 'Y02', name: 'RANGE frame entirely after the current value (1 FOLLOWING AND 3 FOLLOWING)', sql: 'select k, v, count(*) over (order by v range between 1 following and 3 following) from nums' },
  { id: 'Y03', name: 'RANGE frame over a decimal key', sql: 'select id, salary, count(*) over (order by salary range between 10000 preceding and current row) from emp' },
  { id: 'Y04', name: 'RANGE UNBOUNDED both ways with ORDER BY', sql: 'select k, sum(x) over (order by v range between unbounded preceding and unbounded following) from nums' },
  { id: 'Y05', name: 'window partitioned by an expression', sql: 'select k, sum(v) over (partition by k % 3 order by k) from nums' },
  {
    id: 'Y06',
    name: 'lag IGNORE NULLS',
    sql: 'select k, lag(x) ignore nulls over (order by k), lead(v) ignore nulls over (order by k) from nums',
    // Trino wins: DuckDB spells IGNORE NULLS inside the call.
    duck: 'select k, lag(x ignore nulls) over (order by k), lead(v ignore nulls) over (order by k) from nums',
  },
  { id: 'Y07', name: 'first_value over a RANGE frame with peers', sql: 'select k, v, first_value(v) over (order by v range between 2 preceding and 2 following) from nums' },
  { id: 'Y08', name: 'row_number without ORDER BY, checked through per-partition max', sql: 'select g, max(rn), count(*) from (select g, row_number() over (partition by g) rn from nums) t group by g' },
  { id: 'Y09', name: 'ntile with NULL order keys', sql: 'select k, ntile(4) over (order by v nulls first, k) from nums' },
  { id: 'Y10', name: 'nested aggregate in a window (sum(sum(x)) over ())', sql: 'select g, sum(v), sum(sum(v)) over (), rank() over (order by count(*) desc, g nulls last) from nums group by g' },
  { id: 'Y11', name: 'window in a CTE joined back', sql: 'with w as (select k, avg(x) over (partition by g) ax from nums) select n.k, n.x, w.ax from nums n join w on n.k = w.k where n.x > w.ax' },
  { id: 'Y12', name: 'count(x) over ROWS frame with NULLs', sql: 'select k, count(x) over (order by k rows between 2 preceding and 2 following), count(*) over (order by k rows between 2 preceding and 2 following) from nums' },
  {
    id: 'Y13',
    name: 'decimal modulo',
    sql: 'select id, salary % 1000, amt % 3 from emp join ev using (id)',
  },
  {
    id: 'Y14',
    name: 'negative decimal division rounds half away from zero',
    sql: 'select id, amt / 3, -7.00 / 2, amt / -7 from ev',
    types: ['integer', /^decimal\(\d+,4\)$/, /^decimal\(\d+,2\)$/, /^decimal\(\d+,4\)$/],
  },
  { id: 'Y15', name: 'decimal products at high precision', sql: 'select sum(l_extendedprice * l_discount * l_tax), max(l_extendedprice * l_extendedprice) from lineitem', types: ['decimal(38,6)', 'decimal(30,4)'] },
  { id: 'Y16', name: 'cast(decimal as double) and back', sql: 'select id, cast(amt as double), cast(cast(amt as double) as decimal(12, 4)) from ev' },
  { id: 'Y17', name: 'decimal comparison within CASE', sql: "select id, case when amt between -1 and 1 then 'small' when amt > 1 then 'pos' else 'neg' end from ev" },
  { id: 'Y18', name: 'IN list mixing integer and decimal', sql: 'select k from nums where v in (3, 7.0, 10.5)' },
  { id: 'Y19', name: 'double equality with a decimal literal', sql: 'select k from nums where x = 1.5 or x = -7.125' },
  { id: 'Y20', name: 'large IN list', sql: `select count(*) from lineitem where l_orderkey in (${Array.from({ length: 150 }, (_, i) => i * 37 + 1).join(', ')})` },
  {
    id: 'Y21',
    name: 'format() with %s and %d',
    sql: "select k, format('%s-%d', s, k) from nums where s is not null",
    duck: "select k, printf('%s-%d', s, k) from nums where s is not null",
  },
  {
    id: 'Y22',
    name: 'levenshtein_distance / hamming_distance / translate',
    sql: "select levenshtein_distance('kitten', 'sitting'), hamming_distance('abc', 'abd'), translate('hello', 'el', 'ip'), levenshtein_distance(s, 'apple') from nums where s is not null",
    duck: "select levenshtein('kitten', 'sitting'), hamming('abc', 'abd'), translate('hello', 'el', 'ip'), levenshtein(s, 'apple') from nums where s is not null",
  },
  {
    id: 'Y23',
    name: 'chr and codepoint',
    sql: "select chr(65), chr(252), codepoint(cast('é' as varchar(1)))",
    duck: "select chr(65), chr(252), unicode('é')",
  },
  {
    id: 'Y24',
    name: 'date_parse to a timestamp',
    sql: "select date_parse('2024/02/29 13:05', '%Y/%m/%d %H:%i'), date_parse('31-12-1999', '%d-%m-%Y')",
    duck: "select strptime('2024/02/29 13:05', '%Y/%m/%d %H:%M'), strptime('31-12-1999', '%d-%m-%Y')",
  },
  {
    id: 'Y25',
    name: 'date_diff in weeks and quarters (whole units)',
    sql: "select id, date_diff('week', d, date '2024-06-15'), date_diff('quarter', d, date '2024-06-15') from ev",
    // Trino wins: whole units elapsed (DuckDB's date_sub).
    duck: "select id, date_sub('week', d, date '2024-06-15'), date_sub('quarter', d, date '2024-06-15') from ev",
  },
  {
    id: 'Y26',
    name: 'day_of_month / dow / doy / year_of_week aliases',
    sql: 'select id, day_of_month(d), dow(d), doy(d), year_of_week(d), extract(week from d) from ev',
    duck: 'select id, day(d), isodow(d), dayofyear(d), isoyear(d), week(d) from ev',
  },
  { id: 'Y27', name: 'timestamp comparisons and ordering with milliseconds', sql: "select id from ev where ts > timestamp '2024-01-31 23:59:59.998' order by ts desc", ordered: true },
  { id: 'Y28', name: 'date BETWEEN with a timestamp bound', sql: "select id from ev where d between date '2024-01-01' and timestamp '2024-02-29 00:00:00'" },
  { id: 'Y29', name: 'substr past the end and zero length', sql: 'select k, substr(s, 3, 0), substr(s, 100, 2), length(substr(s, 1, 100)) from nums' },
  { id: 'Y30', name: 'string comparison operators incl. empty and trailing spaces', sql: "select k, s < 'b', s >= '', s = 'apple ', s > 'A' from nums" },
  { id: 'Y31', name: 'CASE over strings returning NULL branches', sql: "select k, case when s = '' then null when s like '% %' then 'space' end from nums" },
  { id: 'Y32', name: 'coalesce of many arguments with the first non-NULL late', sql: 'select k, coalesce(null, null, v, k) from nums' },
  { id: 'Y33', name: 'nullif with decimals and doubles', sql: 'select id, nullif(salary, 70000), nullif(rating, 3.8e0) from emp' },
  { id: 'Y34', name: 'boolean columns in GROUP BY and ORDER BY', sql: 'select v > 5 b, count(*) from nums group by 1 order by 1 nulls first', ordered: true },
  { id: 'Y35', name: 'try_cast to numbers over a column', sql: 'select k, try_cast(s as integer), try_cast(g as double) from nums' },
  { id: 'Y36', name: 'upper/lower in a join key', sql: 'select n.k, e.name from nums n join emp e on upper(n.s) = upper(e.name)' },
  { id: 'Y37', name: 'arithmetic on NULL literals', sql: 'select k, v + null, null * x, -(null), null / 2 from nums' },
  { id: 'Y38', name: 'round half-up at the edge of precision', sql: 'select round(cast(0.5 as decimal(2, 1))), round(cast(-0.5 as decimal(2, 1))), round(cast(9.95 as decimal(3, 2)), 1), round(cast(-9.95 as decimal(3, 2)), 1)' },
  { id: 'Y39', name: 'sequence of dates unnested', sql: "select x from unnest(sequence(date '2024-02-27', date '2024-03-02')) as t(x)", duck: "select cast(x as date) from unnest(generate_series(date '2024-02-27', date '2024-03-02', interval 1 day)) as t(x)" },
  { id: 'Y40', name: 'sequence with a negative step', sql: 'select x from unnest(sequence(10, 1, -3)) as t(x)', duck: 'select x from unnest(generate_series(10, 1, -3)) as t(x)' },
];
