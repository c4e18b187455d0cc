/**
 * The function catalog: docs/functions.md is exactly what scripts/functions-doc.ts generates
 * from the registry and docs/trino-functions.tsv, every documented function is implemented or
 * refused with NOT_SUPPORTED and its reason, and every operator / syntax probe runs (or, when
 * refused, fails).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isAegisError } from '../../../src/errors.js';
import { refused } from '../../../src/functions/function-table.js';
import { isAggregateFunction, isScalarFunction, isWindowFunction, resolveAggregate, resolveScalar } from '../../../src/functions/registry.js';
import { CATALOG_DOC, readTrinoList, renderFunctionCatalog, statusOf } from '../../../scripts/functions-doc.js';
import { newSltEngine } from '../../sql/slt-runner.js';

const entries = readTrinoList();
const functions = entries.filter((e) => e.kind === 'scalar' || e.kind === 'aggregate' || e.kind === 'window');

describe('function catalog', () => {
  it('docs/functions.md is up to date (regenerate with `npx tsx scripts/functions-doc.ts`)', () => {
    expect(readFileSync(CATALOG_DOC, 'utf8')).toBe(renderFunctionCatalog(entries));
  });

  it('every documented function is implemented or refused with a reason', () => {
    const missing = functions.filter((e) => statusOf(e).implemented === false && statusOf(e).reason === undefined).map((e) => e.name);
    expect(missing).toEqual([]);
  });

  it('implemented functions are registered with their documented kind', () => {
    const wrongKind = functions.filter((e) => statusOf(e).implemented).filter((e) => {
      if (e.kind === 'window') return !isWindowFunction(e.name);
      if (e.kind === 'aggregate') return !isAggregateFunction(e.name);
      return !isScalarFunction(e.name);
    });
    expect(wrongKind.map((e) => e.name)).toEqual([]);
  });

  it('no refused name is also implemented, and every refused name is documented', () => {
    const names = new Set(entries.map((e) => e.name));
    for (const [name] of refused) {
      expect(isScalarFunction(name) || isAggregateFunction(name) || isWindowFunction(name), `${name} is implemented: drop its refusal`).toBe(false);
      expect(names.has(name) || entries.some((e) => e.name === name), `${name} is refused but not in docs/trino-functions.tsv`).toBe(true);
    }
  });

  it.each([...refused.entries()].map(([name, r]) => [name, r.kind, r.reason] as const))('%s (%s) fails with NOT_SUPPORTED and its reason', (name, kind, reason) => {
    const call = kind === 'aggregate' ? () => resolveAggregate(name, [{ kind: 'bigint' }]) : () => resolveScalar(name, [{ kind: 'bigint' }]);
    let code: string | undefined;
    let message = '';
    try {
      call();
    } catch (e) {
      if (!isAegisError(e)) throw e;
      code = e.code;
      message = e.message;
    }
    expect(code).toBe('NOT_SUPPORTED');
    expect(message).toContain(reason);
  });

  const probes = entries.filter((e) => e.probe);
  it.each(probes.map((e) => [e.family, e.name, e.probe!, e.refusal] as const))('%s %s: probe', async (_family, _name, probe, refusal) => {
    const engine = newSltEngine();
    let error: unknown;
    try {
      await engine.execute(probe);
    } catch (e) {
      error = e;
    }
    if (!refusal) {
      expect(error).toBeUndefined();
      return;
    }
    // Refused syntax: NOT_SUPPORTED, or a syntax error where the grammar has no rule for it.
    expect(isAegisError(error) ? error.code : String(error)).toMatch(/^(NOT_SUPPORTED|SYNTAX_ERROR)$/);
  });
});
