/**
 * Differential queries: date and timestamp arithmetic and extraction, decimal arithmetic and
 * rounding, numeric functions and casts. Trino's rules decide wherever DuckDB's differ (noted at
 * each query).
 */
import type { DiffQuery } from './diff-query.js';

export const TYPED_QUERIES: readonly DiffQuery[] = [
  {
    id: 'D01',
    name: 'date + interval day / month / year (month-end clamping, leap day)',
    sql: "select id, d + interval '1' day, d - interval '1' month, d + interval '1' year, d + interval '13' month from ev",
    types: ['integer', 'date', 'date', 'date', 'date'],
    // Trino wins: date ± interval is a date; DuckDB yields a timestamp.
    duck:
      "select id, cast(d + interval 1 day as date), cast(d - interval 1 month as date), cast(d + interval 1 year as date), " +
      'cast(d + interval 13 month as date) from ev',
  },
  {
    id: 'D02',
    name: 'date_add with day, week, month, quarter, year units',
    sql: "select id, date_add('day', 10, d), date_add('week', -2, d), date_add('month', 1, d), date_add('quarter', 1, d), date_add('year', -1, d) from ev",
    types: ['integer', 'date', 'date', 'date', 'date', 'date'],
    duck:
      'select id, cast(d + interval 10 day as date), cast(d - interval 14 day as date), cast(d + interval 1 month as date), ' +
      'cast(d + interval 3 month as date), cast(d - interval 1 year as date) from ev',
  },
  {
    id: 'D03',
    name: 'date_diff in days, months, years (whole units)',
    sql: "select id, date_diff('day', d, date '2024-06-15'), date_diff('month', d, date '2024-06-15'), date_diff('year', d, date '2024-06-15'), date_diff('day', date '2024-06-15', d) from ev",
    types: ['integer', 'bigint', 'bigint', 'bigint', 'bigint'],
    // Trino wins: date_diff counts whole months/years elapsed (DuckDB's date_sub), not boundaries crossed (DuckDB's date_diff).
    duck:
      "select id, date_diff('day', d, date '2024-06-15'), date_sub('month', d, date '2024-06-15'), date_sub('year', d, date '2024-06-15'), " +
      "date_diff('day', date '2024-06-15', d) from ev",
  },
  {
    id: 'D04',
    name: 'year / month / day / quarter / day_of_week / day_of_year / week',
    sql: 'select id, year(d), month(d), day(d), quarter(d), day_of_week(d), day_of_year(d), week(d) from ev',
    // Trino wins: day_of_week is ISO (Monday 1 … Sunday 7), DuckDB's isodow.
    duck: 'select id, year(d), month(d), day(d), quarter(d), isodow(d), dayofyear(d), week(d) from ev',
  },
  {
    id: 'D05',
    name: 'EXTRACT from dates and timestamps',
    sql: 'select id, extract(year from d), extract(month from ts), extract(hour from ts), extract(minute from ts), extract(second from ts), extract(dow from d), extract(doy from d) from ev',
    // Trino wins: EXTRACT(DOW) is ISO (Monday 1 … Sunday 7); SECOND is the whole seconds.
    duck: 'select id, extract(year from d), extract(month from ts), extract(hour from ts), extract(minute from ts), extract(second from ts), isodow(d), dayofyear(d) from ev',
  },
  {
    id: 'D06',
    name: 'date_trunc of a date is a date',
    sql: "select id, date_trunc('month', d), date_trunc('quarter', d), date_trunc('year', d), date_trunc('week', d) from ev",
    types: ['integer', 'date', 'date', 'date', 'date'],
    // Trino wins: date_trunc(unit, date) is a date; DuckDB answers a timestamp.
    duck: "select id, cast(date_trunc('month', d) as date), cast(date_trunc('quarter', d) as date), cast(date_trunc('year', d) as date), cast(date_trunc('week', d) as date) from ev",
  },
  { id: 'D07', name: 'date_trunc of a timestamp', sql: "select id, date_trunc('hour', ts), date_trunc('minute', ts), date_trunc('second', ts), date_trunc('day', ts) from ev" },
  {
    id: 'D08',
    name: 'timestamp ± interval and cast to date',
    sql: "select id, ts + interval '90' minute, ts - interval '1' day, cast(ts as date), ts + interval '1' month from ev",
  },
  {
    id: 'D09',
    name: 'date_diff of timestamps in seconds and hours (whole units)',
    sql: "select id, date_diff('second', ts, timestamp '2024-03-01 00:00:00'), date_diff('hour', ts, timestamp '2024-03-01 00:00:00'), date_diff('millisecond', ts, timestamp '2024-03-01 00:00:00') from ev",
    // Trino wins: whole units elapsed (DuckDB's date_sub), not boundaries crossed.
    duck:
      "select id, date_sub('second', ts, timestamp '2024-03-01 00:00:00'), date_sub('hour', ts, timestamp '2024-03-01 00:00:00'), " +
      "date_sub('millisecond', ts, timestamp '2024-03-01 00:00:00') from ev",
  },
  {
    id: 'D10',
    name: 'last_day_of_month',
    sql: 'select id, last_day_of_month(d) from ev',
    duck: 'select id, last_day(d) from ev',
  },
  { id: 'D11', name: 'comparing a timestamp with a date literal', sql: "select id from ev where ts >= date '2024-01-31' and ts < date '2024-03-01'" },
  {
    id: 'D12',
    name: 'cast(timestamp(3) as varchar) keeps three fraction digits',
    sql: 'select id, cast(ts as varchar), cast(d as varchar) from ev',
    // Trino wins: timestamp(3) text always has .fff; DuckDB drops a zero fraction.
    duck: "select id, strftime(ts, '%Y-%m-%d %H:%M:%S.%g'), cast(d as varchar) from ev",
  },
  {
    id: 'D13',
    name: 'date_format with MySQL-style specifiers',
    sql: "select id, date_format(ts, '%Y-%m-%d %H:%i:%s'), date_format(d, '%d/%m/%y') from ev",
    duck: "select id, strftime(ts, '%Y-%m-%d %H:%M:%S'), strftime(d, '%d/%m/%y') from ev",
  },
  {
    id: 'D14',
    name: 'to_unixtime',
    sql: 'select id, to_unixtime(ts) from ev',
    duck: 'select id, epoch(ts) from ev',
  },
  { id: 'D15', name: 'cast between date, timestamp and varchar', sql: "select cast(date '2024-02-29' as timestamp), cast('2024-02-29' as date), cast(timestamp '2024-02-29 13:14:15.678' as date), cast('1999-12-31 23:59:59.5' as timestamp)" },
  { id: 'D16', name: 'TPC-H orders per year and month', sql: 'select year(o_orderdate), month(o_orderdate), count(*), sum(o_totalprice) from orders group by 1, 2' },
  {
    id: 'D17',
    name: 'TPC-H ship-to-receipt day differences',
    sql: "select date_diff('day', l_shipdate, l_receiptdate) dd, count(*) from lineitem group by 1",
  },
  {
    id: 'D18',
    name: 'TPC-H date range built with interval arithmetic',
    sql: "select count(*), sum(o_totalprice) from orders where o_orderdate >= date '1994-01-01' and o_orderdate < date '1994-01-01' + interval '3' month",
  },
  {
    id: 'N01',
    name: 'round(decimal, n) is half away from zero, including negative n',
    sql: 'select id, round(amt, 2), round(amt, 0), round(amt), round(amt, -1), round(amt, 3) from ev',
    // Trino: round(decimal(p, s), n) is decimal(p + 1, s) (rounding may carry a digit); round(decimal(p, s)) is decimal(p - s + 1, 0).
    types: ['integer', 'decimal(13,4)', 'decimal(13,4)', 'decimal(9,0)', 'decimal(13,4)', 'decimal(13,4)'],
  },
  {
    id: 'N02',
    name: 'round(double) is half away from zero',
    sql: 'select k, round(x), round(x, 1), round(x, 2), round(-x * 10) from nums',
  },
  { id: 'N03', name: 'ceil / floor / abs / sign of decimals', sql: 'select id, ceil(amt), floor(amt), abs(amt), sign(amt) from ev' },
  { id: 'N04', name: 'ceil / floor / abs / sign of doubles', sql: 'select k, ceil(x), floor(x), abs(x), sign(x), abs(v) from nums' },
  {
    id: 'N05',
    name: 'truncate of doubles',
    sql: 'select k, truncate(x) from nums',
    duck: 'select k, trunc(x) from nums',
  },
  {
    id: 'N06',
    name: 'power / sqrt / ln / exp / log10 / cbrt / mod',
    sql: 'select k, power(k, 2), sqrt(k), ln(k), exp(k / 4.0e0), log10(k), cbrt(k - 6), mod(v, 4), mod(x, 2.0e0) from nums',
    types: ['integer', 'double', 'double', 'double', 'double', 'double', 'double', 'integer', 'double'],
    // Trino wins: mod of doubles takes the dividend's sign (Java %); DuckDB's fmod here does not, so it is spelled out.
    duck: 'select k, power(k, 2), sqrt(k), ln(k), exp(k / 4.0), log10(k), cbrt(k - 6), v % 4, x - 2.0 * trunc(x / 2.0) from nums',
  },
  { id: 'N07', name: 'decimal + - * keep exact scales', sql: 'select id, salary + 0.01, salary - 1000.5, salary * 2, salary * 1.5, salary * bonus from emp' },
  {
    id: 'N08',
    name: 'decimal / integer rounds half up to the decimal scale',
    sql: 'select id, salary / 3, salary / 7, salary / bonus from emp where bonus <> 0',
    types: ['integer', /^decimal\(\d+,2\)$/, /^decimal\(\d+,2\)$/, /^decimal\(\d+,2\)$/],
  },
  {
    id: 'N09',
    name: 'decimal / decimal takes the larger scale',
    sql: 'select ev.id, amt / 3.0, amt / 0.25, salary / amt from ev, emp where emp.id = ev.id and amt <> 0',
    types: ['integer', /^decimal\(\d+,4\)$/, /^decimal\(\d+,4\)$/, /^decimal\(\d+,4\)$/],
  },
  {
    id: 'N10',
    name: 'decimal literal arithmetic',
    sql: 'select 1.10 + 2.205, 0.1 * 3, 10.5 / 4, 7.00 - 10, -1.5 * -1.5, 1 / 3.000',
    types: ['decimal(5,3)', 'decimal(11,1)', /^decimal\(\d+,1\)$/, /^decimal\(\d+,2\)$/, 'decimal(4,2)', /^decimal\(\d+,3\)$/],
  },
  { id: 'N11', name: 'decimal mixed with double is double', sql: 'select id, salary + rating, salary * 0.5e0 from emp', types: ['integer', 'double', 'double'] },
  {
    id: 'N12',
    name: 'cast(double as integer/bigint) rounds half away from zero',
    sql: 'select k, cast(x as integer), cast(x * 3 as bigint) from nums',
    types: ['integer', 'integer', 'bigint'],
    // Trino wins: the cast rounds half away from zero; DuckDB's rounds half to even.
    duck: 'select k, cast(round(x) as integer), cast(round(x * 3) as bigint) from nums',
  },
  { id: 'N13', name: 'cast(decimal as integer/bigint) rounds half up', sql: 'select id, cast(salary as integer), cast(salary as bigint), cast(amt as integer) from emp left join ev using (id)' },
  {
    id: 'N14',
    name: 'cast(double as decimal) rounds half up',
    sql: 'select k, cast(x as decimal(10, 2)), cast(x as decimal(10, 1)), cast(v as decimal(5, 1)) from nums',
    // Trino wins: the double's shortest decimal text is rounded HALF_UP (7.125 → 7.13).
    duck: 'select k, cast(round(x, 2) as decimal(10, 2)), cast(round(x, 1) as decimal(10, 1)), cast(v as decimal(5, 1)) from nums',
  },
  { id: 'N15', name: 'cast numbers and dates to varchar', sql: 'select id, cast(id as varchar), cast(salary as varchar), cast(hired as varchar), cast(bonus as varchar) from emp' },
  { id: 'N16', name: 'cast(double as varchar) for plain magnitudes', sql: 'select k, cast(x as varchar) from nums where abs(x) < 1000' },
  {
    id: 'N17',
    name: 'cast varchar to numbers and try_cast failures',
    sql: "select cast('12' as integer), cast('-0012' as bigint), cast('1.50' as decimal(5, 2)), try_cast('abc' as integer), try_cast('2024-02-30' as date), cast('2.5' as double), try_cast('' as integer)",
  },
  { id: 'N18', name: 'cast(decimal) to a smaller scale rounds half up', sql: 'select id, cast(amt as decimal(10, 2)), cast(amt as decimal(12, 1)) from ev' },
  { id: 'N19', name: 'cast boolean to varchar and back', sql: "select k, cast(v > 5 as varchar), cast('true' as boolean), cast(v > 5 as integer) from nums" },
  {
    id: 'N20',
    name: 'TPC-H round of an avg (avg is already rounded to scale 2)',
    sql: 'select l_returnflag, round(avg(l_quantity), 1), round(avg(l_discount), 1) from lineitem group by l_returnflag',
    // Trino wins: avg(decimal(15,2)) is rounded half up to 2 decimals, then round(…, 1) again.
    duck: 'select l_returnflag, round(round(avg(l_quantity), 2)::decimal(15,2), 1), round(round(avg(l_discount), 2)::decimal(15,2), 1) from lineitem group by l_returnflag',
  },
  {
    id: 'N21',
    name: 'TPC-H decimal quotient per line, min and max',
    sql: 'select l_shipmode, min(l_extendedprice / l_quantity), max(l_extendedprice / l_quantity) from lineitem group by l_shipmode',
    types: ['varchar', /^decimal\(\d+,2\)$/, /^decimal\(\d+,2\)$/],
  },
  {
    id: 'N22',
    name: 'TPC-H exact sum of decimal products per mode',
    sql: 'select l_shipmode, sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)) from lineitem group by l_shipmode',
    types: ['varchar', 'decimal(38,6)'],
  },
  { id: 'N23', name: 'unary minus and abs on integer columns', sql: 'select k, -v, abs(v), -(-v), v * -1 from nums' },
  { id: 'N24', name: 'integer arithmetic widened to bigint', sql: 'select k, cast(k as bigint) * 3000000000, k * 1000000 from nums' },
  {
    id: 'N25',
    name: 'double special values from arithmetic',
    sql: "select k, x / 0e0, sqrt(-1e0 * abs(x) - 1), cast('Infinity' as double) from nums where x is not null",
    // Trino wins: IEEE results (±Infinity, NaN); DuckDB answers NULL for x / 0 and fails on sqrt(-1).
    duck:
      "select k, case when x > 0 then 'Infinity'::double when x < 0 then '-Infinity'::double else 'NaN'::double end, " +
      "'NaN'::double, 'Infinity'::double from nums where x is not null",
  },
  { id: 'N26', name: 'decimal comparison across scales', sql: 'select id from ev where amt > 0.005 and amt < 100.00001' },
  {
    id: 'N27',
    name: 'long decimal division rounds half away from zero',
    sql: "select cast('12345678901234567890.12' as decimal(22,2)) / 7, cast('-12345678901234567890.15' as decimal(22,2)) / 4, cast('98765432109876543210.987654321' as decimal(30,9)) / 3.3",
    types: ['decimal(22,2)', 'decimal(22,2)', 'decimal(31,9)'],
    // Trino wins: exact quotients rounded HALF_UP (computed with exact decimal arithmetic); DuckDB divides in double.
    duck: 'select 1763668414462081127.16::decimal(22,2), -3086419725308641972.54::decimal(22,2), 29928918821174710063.935652825::decimal(31,9)',
  },
  {
    id: 'N28',
    name: 'avg of long decimals',
    sql: "select avg(x) from (values cast('12345678901234567890.12' as decimal(22,2)), cast('-98765432109876543.21' as decimal(22,2)), cast('55555555555555555555.55' as decimal(22,2))) t(x)",
    types: ['decimal(22,2)'],
    duck: 'select 22600823008226748967.49::decimal(22,2)',
  },
  {
    id: 'N29',
    name: 'round / ceil / floor / mod of long negative decimals',
    sql:
      "select round(cast('-99999999999999999999.995' as decimal(23,3)), 2), ceil(cast('-12345678901234567890.5' as decimal(21,1))), " +
      "floor(cast('-12345678901234567890.5' as decimal(21,1))), cast('12345678901234567890.5' as decimal(21,1)) % 7, round(cast('123456789012345678901234.5678' as decimal(28,4)), 2)",
    duck: "select -100000000000000000000.000::decimal(24,3), -12345678901234567890::decimal(21,0), -12345678901234567891::decimal(21,0), 1.5, 123456789012345678901234.57::decimal(29,2)",
  },
  {
    id: 'N30',
    name: 'long decimal sums and comparisons across scales',
    sql:
      "select sum(x), max(x), min(x), count(case when x > cast('555.5' as decimal(30,10)) then 1 end) from (values (cast('12345678901234567890.12' as decimal(22,2))), " +
      "(cast('-98765432109876543.21' as decimal(22,2))), (cast('555.50' as decimal(22,2))), (cast('555.51' as decimal(22,2)))) t(x)",
  },
  { id: 'E94', name: 'decimal addition past 38 digits is an overflow error', sql: "select cast('99999999999999999999999999999999999999' as decimal(38,0)) + 1", error: 'NUMERIC_OVERFLOW' },
  { id: 'E95', name: 'decimal product past 38 digits is an overflow error', sql: "select cast('1234567890.1234567890' as decimal(20,10)) * cast('1234567890.1234567890' as decimal(20,10))", error: 'NUMERIC_OVERFLOW' },
  {
    id: 'E96',
    name: 'date_diff by month, quarter and year over every pair of dates (Joda end-of-month rule, negative = minus forward)',
    sql: "select a.id, b.id, date_diff('month', a.d, b.d), date_diff('quarter', a.d, b.d), date_diff('year', a.d, b.d), date_diff('week', a.d, b.d), date_diff('day', a.d, b.d) from ev a cross join ev b",
    // Trino wins: DuckDB's datesub counts whole calendar units the same way as Joda's field difference.
    duck: "select a.id, b.id, datesub('month', a.d, b.d), datesub('quarter', a.d, b.d), datesub('year', a.d, b.d), datesub('week', a.d, b.d), datesub('day', a.d, b.d) from ev a cross join ev b",
  },
  {
    id: 'E97',
    name: 'date_diff by month and year over every pair of timestamps (time of day in the remainder)',
    sql: "select a.id, b.id, date_diff('month', a.ts, b.ts), date_diff('year', a.ts, b.ts), date_diff('hour', a.ts, b.ts) from ev a cross join ev b",
    duck: "select a.id, b.id, datesub('month', a.ts, b.ts), datesub('year', a.ts, b.ts), datesub('hour', a.ts, b.ts) from ev a cross join ev b",
  },
  {
    id: 'E98',
    name: 'date_diff by month between TPC-H order and receipt dates, both directions',
    sql: "select l_orderkey, l_linenumber, date_diff('month', o_orderdate, l_receiptdate), date_diff('month', l_receiptdate, o_orderdate), date_diff('quarter', l_shipdate, o_orderdate) from lineitem join orders on l_orderkey = o_orderkey where l_orderkey < 2000",
    duck: "select l_orderkey, l_linenumber, datesub('month', o_orderdate, l_receiptdate), datesub('month', l_receiptdate, o_orderdate), datesub('quarter', l_shipdate, o_orderdate) from lineitem join orders on l_orderkey = o_orderkey where l_orderkey < 2000",
  },
];
