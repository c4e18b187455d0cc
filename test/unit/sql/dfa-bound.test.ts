import { afterAll, describe, expect, it } from 'vitest';
import { dfaLimits, parseStats } from '../../../src/sql/antlr-driver.js';
import { parseStatement } from '../../../src/sql/parse.js';
import { TPCH_QUERIES } from '../../../datasets/tpch/queries.js';

const saved = { ...dfaLimits };
afterAll(() => Object.assign(dfaLimits, saved));

describe('parser prediction cache', () => {
  it('is dropped when it outgrows its bound, and parsing stays correct afterwards', () => {
    const texts = TPCH_QUERIES.map((q) => q.sql);
    const before = texts.map((t) => parseStatement(t));
    Object.assign(dfaLimits, { maxStates: 50, checkEvery: 1 });
    const resets = parseStats.dfaResets;
    const after = texts.map((t) => parseStatement(t));
    expect(parseStats.dfaResets).toBeGreaterThan(resets);
    expect(after).toEqual(before);
  });
});
