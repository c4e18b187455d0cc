import { describe, expect, it } from 'vitest';
import { parseTypeName } from '../../../src/types/type-parser.js';
import { formatType } from '../../../src/types/sql-type.js';
import { isAegisError } from '../../../src/errors.js';

describe('parseTypeName', () => {
  it.each([
    ['decimal(10,2)', 'decimal(10,2)'],
    ['DECIMAL', 'decimal(38,0)'],
    ['int', 'integer'],
    ['string', 'varchar'],
    ['varchar(10)', 'varchar(10)'],
    ['char(3)', 'char(3)'],
    ['char', 'char(1)'],
    ['timestamp', 'timestamp(3)'],
    ['timestamp(6) with time zone', 'timestamp(6) with time zone'],
    ['timestamp with time zone', 'timestamp(3) with time zone'],
    ['double precision', 'double'],
    ['float', 'real'],
    ['binary', 'varbinary'],
    ['array(integer)', 'array(integer)'],
    ['array<int>', 'array(integer)'],
    ['map(varchar, array(double))', 'map(varchar, array(double))'],
    ['map<string,int>', 'map(varchar, integer)'],
    ['row(a integer, b varchar(3))', 'row(a integer, b varchar(3))'],
    ['row(integer, varchar)', 'row(integer, varchar)'],
    ['row("x y" double, ts timestamp(3) with time zone)', 'row(x y double, ts timestamp(3) with time zone)'],
    ['struct<a:int,b:array<string>>', 'row(a integer, b array(varchar))'],
    ['interval day to second', 'interval day to second'],
    ['interval year to month', 'interval year to month'],
  ])('%s → %s', (text, expected) => {
    expect(formatType(parseTypeName(text))).toBe(expected);
  });

  it.each(['foo', 'decimal(39,0)', 'decimal(5,6)', 'array(int', 'map(int)', 'varchar(x)'])('rejects %s', (text) => {
    let err: unknown;
    try {
      parseTypeName(text);
    } catch (e) {
      err = e;
    }
    expect(isAegisError(err, 'TYPE_MISMATCH')).toBe(true);
  });
});
