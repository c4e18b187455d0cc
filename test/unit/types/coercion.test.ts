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
  ])('%s, %s → %s', (a, b, r) => {
    expect(formatType(commonSuperType(p(a), p(b))!)).toBe(r);
    expect(formatType(commonSuperType(p(b), p(a))!)).toBe(r);
  });

  it.each([
    ['varchar', 'integer'],
    ['boolean', 'bigint'],
    ['date', 'varchar'],
    ['array(integer)', 'map(integer, integer)'],
  ])('%s, %s → incompatible', (a, b) => {
    expect(commonSuperType(p(a), p(b))).toBeUndefined();
  });
});
