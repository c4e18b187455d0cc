import { describe, expect, it } from 'vitest';
import { canCoerce, commonSuperType } from '../../../src/types/coercion.js';
import { parseTypeName as p } from '../../../src/types/type-parser.js';
import { formatType } from '../../../src/types/sql-type.js';

describe('canCoerce (Trino implicit coercions)', () => {
  it.each([
    ['tinyint', 'smallint', true],
    ['integer', 'bigint', true],
    ['bigint', 'integer', false],
    ['integer', 'decimal(10,0)', true],
    ['integer', 'decimal(9,0)', false],
    ['bigint', 'double', true],
    ['decimal(10,2)', 'decimal(12,2)', true],
    ['decimal(10,2)', 'decimal(10,3)', false],
    ['decimal(10,2)', 'double', true],
    ['real', 'double', true],
    ['double', 'real', false],
    ['varchar(3)', 'varchar', true],
    ['varchar', 'varchar(3)', false],
    ['varchar(3)', 'char(3)', true],
    ['date', 'timestamp(3)', true],
    ['timestamp(3)', 'timestamp(6)', true],
    ['timestamp(6)', 'timestamp(3)', false],
    ['timestamp(3)', 'timestamp(3) with time zone', true],
    ['unknown', 'array(integer)', true],
    ['array(integer)', 'array(bigint)', true],
    ['map(varchar, integer)', 'map(varchar, double)', true],
    ['row(a integer)', 'row(a bigint)', true],
    ['varchar', 'integer', false],
    ['integer', 'varchar', false],
    ['boolean', 'integer', false],
    // the base table (Trino's coerceTypeBase) and same-base widening after a step
    ['date', 'timestamp(0) with time zone', true],
    ['date', 'timestamp(9) with time zone', true],
    ['timestamp(3)', 'timestamp(6) with time zone', true],
    ['timestamp(6)', 'timestamp(3) with time zone', false],
    ['timestamp(3) with time zone', 'timestamp(3)', false],
    ['smallint', 'decimal(5,0)', true],
    ['smallint', 'decimal(6,2)', false],
    ['bigint', 'real', true],
    ['varchar', 'char(3)', false],
    ['varchar(4)', 'char(3)', false],
    ['char(3)', 'varchar(3)', false],
    ['interval day to second', 'interval year to month', false],
    // covariant containers
    ['array(varchar(3))', 'array(varchar(5))', true],
    ['map(varchar(7), integer)', 'map(varchar(9), bigint)', true],
    ['array(timestamp(3))', 'array(timestamp(3) with time zone)', true],
    ['array(array(tinyint))', 'array(array(decimal(3,0)))', true],
    ['array(bigint)', 'array(integer)', false],
    ['row(a integer, b varchar(1))', 'row(x bigint, y varchar)', true],
    ['row(a integer)', 'row(a integer, b integer)', false],
  ])('%s → %s: %s', (a, b, ok) => {
    expect(canCoerce(p(a), p(b))).toBe(ok);
  });
});

describe('commonSuperType', () => {
  it.each([
    ['integer', 'bigint', 'bigint'],
    ['tinyint', 'integer', 'integer'],
    ['integer', 'decimal(5,2)', 'decimal(12,2)'],
    ['bigint', 'decimal(38,0)', 'decimal(38,0)'],
    ['bigint', 'decimal(20,5)', 'decimal(24,5)'],
    ['bigint', 'decimal(30,20)', 'decimal(38,20)'],
    ['decimal(5,2)', 'decimal(7,1)', 'decimal(8,2)'],
    ['bigint', 'double', 'double'],
    ['decimal(10,2)', 'real', 'real'],
    ['varchar(3)', 'varchar(5)', 'varchar(5)'],
    ['varchar', 'varchar(5)', 'varchar'],
    ['date', 'timestamp(3)', 'timestamp(3)'],
    ['timestamp(3)', 'timestamp(6) with time zone', 'timestamp(6) with time zone'],
    ['unknown', 'date', 'date'],
    ['array(integer)', 'array(double)', 'array(double)'],
    ['map(varchar, integer)', 'map(varchar(2), bigint)', 'map(varchar, bigint)'],
    ['map(varchar(7), integer)', 'map(varchar(9), tinyint)', 'map(varchar(9), integer)'],
    ['date', 'timestamp(3) with time zone', 'timestamp(3) with time zone'],
    ['timestamp(9)', 'timestamp(3) with time zone', 'timestamp(9) with time zone'],
    ['smallint', 'real', 'real'],
    ['decimal(20,2)', 'double', 'double'],
    ['varchar(2)', 'char(5)', 'char(5)'],
    ['varchar', 'char(5)', 'varchar'],
    ['row(a integer, b date)', 'row(a bigint, c timestamp(3))', 'row(a bigint, timestamp(3))'],
    ['array(row(x integer))', 'array(row(x decimal(5,2)))', 'array(row(x decimal(12,2)))'],
  ])('%s, %s → %s', (a, b, r) => {
    expect(formatType(commonSuperType(p(a), p(b))!)).toBe(r);
    expect(formatType(commonSuperType(p(b), p(a))!)).toBe(r);
  });

  it.each([
    ['varchar', 'integer'],
    ['boolean', 'bigint'],
    ['date', 'varchar'],
    ['array(integer)', 'map(integer, integer)'],
    ['timestamp(3)', 'interval day to second'],
    ['row(a integer)', 'row(a integer, b integer)'],
    ['array(varchar)', 'array(integer)'],
  ])('%s, %s → incompatible', (a, b) => {
    expect(commonSuperType(p(a), p(b))).toBeUndefined();
  });
});
