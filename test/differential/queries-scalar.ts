/**
 * Differential queries: CASE, COALESCE/NULLIF, three-valued logic, string functions, LIKE,
 * BETWEEN, IN lists, ORDER BY with NULLS FIRST/LAST, LIMIT/OFFSET, arrays.
 */
import type { DiffQuery } from './diff-query.js';

export const SCALAR_QUERIES: readonly DiffQuery[] = [
  { id: 'E01', name: 'searched CASE with a NULL operand falling to ELSE', sql: "select k, case when v > 5 then 'big' when v < 0 then 'neg' else 'small' end from nums" },
  { id: 'E02', name: 'simple CASE never matches WHEN NULL, no ELSE gives NULL', sql: "select k, case v when 10 then 'ten' when null then 'null?' end from nums" },
  { id: 'E03', name: 'COALESCE and NULLIF', sql: "select k, coalesce(v, k * -1), nullif(v, 10), coalesce(s, g, 'none'), nullif(s, '') from nums" },
  { id: 'E04', name: 'IS [NOT] DISTINCT FROM', sql: 'select k, v is distinct from 10, v is not distinct from null, x is distinct from v from nums' },
  {
    id: 'E05',
    name: '|| and concat() propagate NULL',
    sql: "select k, s || '-' || g, concat(s, g), concat(s, '!') from nums",
    // Trino wins: concat() is NULL when any argument is NULL; DuckDB's concat skips NULLs, its || does not.
    duck: "select k, s || '-' || g, s || g, s || '!' from nums",
  },
  { id: 'E06', name: 'upper / lower / length incl. empty string', sql: 'select k, upper(s), lower(s), length(s) from nums', types: ['integer', 'varchar', 'varchar', 'bigint'] },
  { id: 'E07', name: 'trim / ltrim / rtrim', sql: "select k, '[' || trim(s) || ']', '[' || ltrim(s) || ']', '[' || rtrim(s) || ']' from nums" },
  { id: 'E08', name: 'substr with positive and negative starts', sql: 'select k, substr(s, 2), substr(s, 2, 3), substr(s, -3), substr(s, -3, 2), substr(s, 20) from nums' },
  { id: 'E09', name: 'replace / reverse / strpos / position', sql: "select k, replace(s, 'a', 'A'), reverse(s), strpos(s, 'e'), position('p' in s) from nums" },
  {
    id: 'E10',
    name: 'two-argument replace removes the search string',
    sql: "select k, replace(s, 'p') from nums",
    // Trino wins: replace(s, search) deletes; DuckDB needs the empty replacement spelled out.
    duck: "select k, replace(s, 'p', '') from nums",
  },
  { id: 'E11', name: 'lpad / rpad pad and truncate', sql: "select k, lpad(s, 8, '*'), rpad(s, 3, '-'), lpad(s, 7, 'xy') from nums" },
  {
    id: 'E12',
    name: 'split_part beyond the last field is NULL',
    sql: "select k, split_part(s, 'p', 2), split_part(s, ' ', 3) from nums",
    // Trino wins: split_part returns NULL past the last field; DuckDB returns ''.
    duck:
      "select k, case when len(string_split(s, 'p')) >= 2 then split_part(s, 'p', 2) end, " +
      "case when len(string_split(s, ' ')) >= 3 then split_part(s, ' ', 3) end from nums",
  },
  { id: 'E13', name: "LIKE '%e%'", sql: "select k from nums where s like '%e%'" },
  { id: 'E14', name: 'LIKE _ wildcard', sql: "select k from nums where s like 'a_b' or s like '_ig'" },
  { id: 'E15', name: 'LIKE with ESCAPE for _ and %', sql: "select k from nums where s like 'a\\_b' escape '\\' or s like '%\\%' escape '\\'" },
  { id: 'E16', name: 'NOT LIKE with NULL operands projected', sql: "select k, s not like 'a%', s like '' from nums" },
  { id: 'E17', name: 'BETWEEN and NOT BETWEEN', sql: 'select k from nums where v between 0 and 10 and x not between -1 and 2' },
  { id: 'E18', name: 'BETWEEN with a NULL bound projected', sql: 'select k, v between 0 and null, v between null and 5, v between 10 and 0 from nums' },
  {
    id: 'E19',
    name: 'integer division and modulo truncate toward zero',
    sql: 'select k, v / 3, v % 3, -v / 4, v / -3 from nums',
    types: ['integer', 'integer', 'integer', 'integer', 'integer'],
    // Trino wins: integer / integer truncates toward zero; DuckDB's // does the same.
    duck: 'select k, v // 3, v % 3, -v // 4, v // -3 from nums',
  },
  { id: 'E20', name: 'double arithmetic', sql: 'select k, x * 2, x / 4, -x, x + v, x - 0.5e0 from nums' },
  { id: 'E21', name: 'searched CASE mixing integer and double branches', sql: 'select k, case when k > 6 then v else x end from nums', types: ['integer', 'double'] },
  {
    id: 'E22',
    name: 'greatest / least are NULL when any argument is NULL',
    sql: 'select k, greatest(v, k), least(v, k, 5), greatest(x, 1.0e0) from nums',
    // Trino wins: greatest/least return NULL if any argument is NULL; DuckDB skips NULLs.
    duck:
      'select k, case when v is null then null else greatest(v, k) end, case when v is null then null else least(v, k, 5) end, ' +
      'case when x is null then null else greatest(x, 1.0) end from nums',
  },
  {
    id: 'E23',
    name: 'if() with and without an else value',
    sql: "select k, if(v > 5, 'y', 'n'), if(v > 5, 'y') from nums",
    duck: "select k, case when v > 5 then 'y' else 'n' end, case when v > 5 then 'y' end from nums",
  },
  { id: 'E24', name: 'three-valued AND / OR / NOT projected', sql: 'select k, v > 5 and x > 0, v > 5 or x > 0, not (v > 5) from nums' },
  { id: 'E25', name: 'IN list of strings containing NULL as a filter', sql: "select k from nums where s in ('apple', 'fig', null)" },
  {
    id: 'E26',
    name: 'regexp_like / regexp_replace / regexp_extract (no match is NULL)',
    sql: "select k, regexp_like(s, 'an+'), regexp_replace(s, '[aeiou]', '#'), regexp_extract(s, '[a-z]p+') from nums",
    // Trino wins: regexp_extract without a match is NULL (DuckDB: ''; the pattern cannot match '').
    duck: "select k, regexp_matches(s, 'an+'), regexp_replace(s, '[aeiou]', '#', 'g'), nullif(regexp_extract(s, '[a-z]p+'), '') from nums",
  },
  {
    id: 'E27',
    name: 'regexp_extract with a capture group',
    sql: "select k, regexp_extract(s, '([a-z])([a-z])', 2) from nums",
    duck: "select k, nullif(regexp_extract(s, '([a-z])([a-z])', 2), '') from nums",
  },
  { id: 'E28', name: 'starts_with and strpos on an empty string', sql: "select k, starts_with(s, 'a'), strpos(s, ''), strpos('', s) from nums" },
  { id: 'E29', name: 'ORDER BY NULLS FIRST', sql: 'select k, x from nums order by x nulls first, k', ordered: true },
  { id: 'E30', name: 'ORDER BY DESC NULLS LAST', sql: 'select k, x from nums order by x desc nulls last, k desc', ordered: true },
  { id: 'E31', name: 'ORDER BY ASC puts NULLs last by default', sql: 'select k, v from nums order by v, k', ordered: true },
  { id: 'E32', name: 'ORDER BY DESC puts NULLs last by default', sql: 'select k, v from nums order by v desc, k', ordered: true },
  { id: 'E33', name: 'OFFSET then LIMIT', sql: 'select k from nums order by k offset 3 limit 4', ordered: true },
  { id: 'E34', name: 'FETCH FIRST n ROWS ONLY', sql: 'select k from nums order by k desc fetch first 3 rows only', ordered: true },
  { id: 'E35', name: 'LIMIT 0', sql: 'select k from nums limit 0' },
  { id: 'E36', name: 'LIMIT larger than the input', sql: 'select k, s from nums order by k limit 100', ordered: true },
  { id: 'E37', name: 'ORDER BY an expression not in the select list', sql: 'select name from emp order by length(name) desc, id', ordered: true },
  { id: 'E38', name: 'ORDER BY an alias and an ordinal', sql: 'select dept, count(*) c from emp group by dept order by c desc, 1 nulls first', ordered: true },
  { id: 'E39', name: 'ORDER BY strings is by code point', sql: 'select k, s from nums order by s, k', ordered: true },
  { id: 'E40', name: 'OFFSET past the end', sql: 'select k from nums order by k offset 20' },
  { id: 'E41', name: 'TPC-H ORDER BY two keys with LIMIT', sql: 'select o_orderkey, o_totalprice from orders order by o_totalprice desc, o_orderkey limit 7', ordered: true },
  { id: 'E42', name: 'TPC-H LIKE on names', sql: "select count(*), min(p_name) from part where p_name like '%green%' and p_name not like 'green%'" },
  {
    id: 'E43',
    name: 'TPC-H grouped upper(substr()) with ORDER BY count',
    sql: 'select upper(substr(p_name, 1, 5)) p, count(*) c from part group by 1 order by 2 desc, 1 limit 5',
    ordered: true,
  },
  {
    id: 'E44',
    name: 'arrays: cardinality / contains / element_at / subscript',
    sql: "select k, cardinality(split(s, 'a')), contains(array[1, 3, 10], v), element_at(array[10, 20, 30], 2), array[k, v][2] from nums",
    // Trino wins: contains(array, NULL) is NULL (DuckDB's list_contains says false); split is string_split.
    duck:
      "select k, len(string_split(s, 'a')), case when v is null then null else list_contains([1, 3, 10], v) end, [10, 20, 30][2], [k, v][2] from nums",
  },
  {
    id: 'E45',
    name: 'arrays: array_sort / array_distinct / array_max / array_join',
    sql: "select array_sort(array[3, 1, 2, 1]), array_distinct(array[3, 1, 3]), array_max(array[4, 9, 2]), array_join(array['a', 'b', 'c'], '-')",
    // Trino wins: array_distinct keeps first occurrences in order (DuckDB's list_distinct does not promise an order).
    duck: "select list_sort([3, 1, 2, 1]), list_filter([3, 1, 3], (x, i) -> list_position([3, 1, 3], x) = i), list_max([4, 9, 2]), array_to_string(['a', 'b', 'c'], '-')",
  },
  { id: 'E46', name: 'length and substr on multi-byte characters', sql: "select length('héllo wörld'), substr('héllo wörld', 2, 4), upper('àéîõ'), reverse('añb')" },
  { id: 'E47', name: 'comparison of a double with an integer column', sql: 'select k from nums where x > v' },
  { id: 'E48', name: 'comparison of a decimal with a double literal', sql: 'select id from emp where salary > 9.5e4' },
  { id: 'E49', name: 'CASE with aggregates in branches', sql: "select g, case when count(*) > 3 then 'many' else cast(count(*) as varchar) end from nums group by g" },
  {
    id: 'E50',
    name: 'concat_ws skips NULLs',
    sql: "select k, concat_ws(',', s, g, 'z') from nums",
  },
  { id: 'E51', name: 'chained string functions', sql: "select k, upper(substr(trim(s), 1, 1)) || lower(substr(trim(s), 2)) from nums" },
  { id: 'E52', name: 'NOT over IS NULL / IS NOT NULL mix', sql: 'select k from nums where not (v is null) and s is not null and not (x is null or g is null)' },
  { id: 'E53', name: 'identifiers are case-insensitive, quoted or not', sql: 'select "K", Nums.V from NUMS where k < 3' },
  {
    id: 'E54',
    name: 'CROSS JOIN UNNEST of NULL arrays and NULL elements',
    sql: 'select n.k, t.e from nums n cross join unnest(case when n.k % 2 = 0 then array[n.v, null] else null end) as t(e)',
    duck: 'select n.k, t.e from nums n cross join lateral (select unnest(case when n.k % 2 = 0 then [n.v, null] else null end) e) t',
  },
  { id: 'E55', name: 'array_agg ordered DESC NULLS FIRST', sql: 'select g, array_agg(v order by v desc nulls first, k) from nums group by g' },
  {
    id: 'E56',
    name: 'binary, Unicode-escape and decimal literal forms',
    sql: "select x'0A0B' = from_hex('0a0b'), U&'\\0041b', 'it''s', .5 + 5., 1e3",
    duck: "select true, 'Ab', 'it''s', 5.5, 1000.0",
  },
];
