/**
 * Small hand-made tables for the differential queries: NULLs in every column kind, negative
 * numbers, empty strings, duplicate join keys, NULL join keys, an empty table, timestamps with
 * milliseconds and dates around month ends and leap days.
 */
import type { SqlType } from '../../src/types/sql-type.js';
import type { Value } from '../../src/types/value.js';
import type { TableDef } from './diff-fixture.js';

const INT: SqlType = { kind: 'integer' };
const DBL: SqlType = { kind: 'double' };
const STR: SqlType = { kind: 'varchar' };
const DATE: SqlType = { kind: 'date' };
const TS: SqlType = { kind: 'timestamp', precision: 3 };
const dec = (precision: number, scale: number): SqlType => ({ kind: 'decimal', precision, scale });

/** Decimal text → unscaled bigint at `scale` ("95000.5", 2 → 9500050n). */
function d(text: string | null, scale: number): Value {
  if (text === null) return null;
  const neg = text.startsWith('-');
  const [int, frac = ''] = (neg ? text.slice(1) : text).split('.');
  const v = BigInt(int! + frac.padEnd(scale, '0'));
  return neg ? -v : v;
}

const day = (iso: string | null): Value => (iso === null ? null : Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
const ts = (text: string | null): Value => (text === null ? null : Date.parse(`${text.replace(' ', 'T')}Z`) * 1000);

/** Employees: duplicate names, an empty name, NULL dept/salary/bonus/hired/mgr/rating, negatives. */
const emp: TableDef = {
  name: 'emp',
  columns: [
    { name: 'id', type: INT }, { name: 'name', type: STR }, { name: 'dept', type: STR }, { name: 'salary', type: dec(10, 2) },
    { name: 'bonus', type: INT }, { name: 'hired', type: DATE }, { name: 'mgr', type: INT }, { name: 'rating', type: DBL },
  ],
  rows: (
    [
      [1, 'Alice', 'eng', '120000.00', 5000, '2019-03-15', null, 4.5],
      [2, 'Bob', 'eng', '95000.50', null, '2020-07-01', 1, 3.8],
      [3, 'Carol', 'sales', '70000.00', -200, '2018-01-31', 1, null],
      [4, 'Dan', 'sales', '70000.00', 1500, '2021-11-30', 3, 4.0],
      [5, '', 'hr', '55000.25', 0, '2022-02-28', 1, 2.5],
      [6, 'Eve', null, '88000.75', 300, '2017-06-30', 2, 3.8],
      [7, 'Bob', 'ops', null, 700, '2020-02-29', 4, -1.25],
      [8, 'Frank', 'eng', '101000.10', 5000, '2019-12-31', 2, 4.5],
      [9, 'Grace', 'ops', '64000.00', null, null, 7, 0],
      [10, 'Heidi', 'sales', '82000.99', 1200, '2023-05-05', 3, 3.25],
    ] as const
  ).map(([id, name, dept, sal, bonus, hired, mgr, rating]) => [id, name, dept, d(sal, 2), bonus, day(hired), mgr, rating]),
};

/** Departments: a NULL key, a key no employee has, a duplicate key ('ops'), a NULL budget. */
const dept: TableDef = {
  name: 'dept',
  columns: [{ name: 'dept', type: STR }, { name: 'floor', type: INT }, { name: 'budget', type: dec(12, 2) }],
  rows: (
    [
      ['eng', 3, '500000.00'],
      ['sales', 2, '250000.50'],
      ['hr', 1, null],
      ['legal', 4, '90000.00'],
      [null, 5, '1000.00'],
      ['ops', 2, '120000.00'],
      ['ops', 6, '5000.00'],
    ] as const
  ).map(([n, f, b]) => [n, f, d(b, 2)]),
};

/** Join sides with NULL keys on both sides and duplicate keys on both sides. */
const l: TableDef = {
  name: 'l',
  columns: [{ name: 'k', type: INT }, { name: 'a', type: STR }],
  rows: [[1, 'l1'], [2, 'l2'], [2, 'l2b'], [null, 'lnull'], [4, 'l4'], [null, 'lnull2'], [6, '']],
};
const r: TableDef = {
  name: 'r',
  columns: [{ name: 'k', type: INT }, { name: 'b', type: STR }],
  rows: [[2, 'r2'], [2, 'r2b'], [3, 'r3'], [null, 'rnull'], [4, 'r4'], [5, null], [6, 'r6']],
};

/** Mixed numbers and strings: duplicates, NULLs, negatives, '', LIKE metacharacters, spaces. */
const nums: TableDef = {
  name: 'nums',
  columns: [{ name: 'k', type: INT }, { name: 'v', type: INT }, { name: 'x', type: DBL }, { name: 's', type: STR }, { name: 'g', type: STR }],
  rows: [
    [1, 10, 1.5, 'apple', 'a'],
    [2, -5, -2.25, 'Banana', 'a'],
    [3, null, 0.0, 'cherry', 'b'],
    [4, 10, null, '', 'b'],
    [5, 7, 3.75, null, 'a'],
    [6, 0, 100.0, 'date', null],
    [7, -5, -0.5, 'Elder berry', 'c'],
    [8, 22, 2.5, 'fig', 'b'],
    [9, 10, 1.5, 'apple', 'c'],
    [10, null, null, 'grape%', 'a'],
    [11, 3, 7.125, 'a_b', 'b'],
    [12, 3, -7.125, '  pad  ', 'c'],
  ],
};

/** Events: timestamps with milliseconds, leap day, pre-1970, NULLs, 4-decimal amounts. */
const ev: TableDef = {
  name: 'ev',
  columns: [{ name: 'id', type: INT }, { name: 'ts', type: TS }, { name: 'd', type: DATE }, { name: 'amt', type: dec(12, 4) }, { name: 'cat', type: STR }],
  rows: (
    [
      [1, '2024-01-15 10:30:00.123', '2024-01-15', '12.3456', 'x'],
      [2, '2024-01-31 23:59:59.999', '2024-01-31', '-0.0050', 'y'],
      [3, '2024-02-29 00:00:00.000', '2024-02-29', '100.0000', 'x'],
      [4, '2023-12-31 12:00:00.500', '2023-12-31', '0.0001', null],
      [5, null, null, null, 'y'],
      [6, '2020-03-01 06:07:08.009', '1999-12-31', '99999.9999', 'z'],
      [7, '1969-07-20 20:17:40.000', '1969-07-20', '-12.5000', 'x'],
      [8, '2024-03-31 18:45:30.250', '2024-03-31', '-2.3450', 'z'],
    ] as const
  ).map(([id, t, dd, amt, cat]) => [id, ts(t), day(dd), d(amt, 4), cat]),
};

/** No rows at all. */
const emptyT: TableDef = { name: 'empty_t', columns: [{ name: 'k', type: INT }, { name: 'v', type: INT }], rows: [] };

export const SMALL_TABLES: readonly TableDef[] = [emp, dept, l, r, nums, ev, emptyT];
