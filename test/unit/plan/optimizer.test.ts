/**
 * The optimizer and its rules against real binding: filters pushed into sources per their
 * exact/inexact/unsupported answer, scans narrowed to the columns used, decorrelated subqueries,
 * and the schema check that rejects a faulty rule.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/api/engine.js';
import { isAegisError } from '../../../src/errors.js';
import { rowsToBatch } from '../../../src/exec/batch-util.js';
import { registerSplitRunner, type FilterSupport, type ScanRequest, type Split, type TableSource } from '../../../src/plan/table-source.js';
import type { BoundExpr } from '../../../src/plan/bound-expr.js';
import type { CatalogView } from '../../../src/plan/catalog-view.js';
import type { LogicalPlan } from '../../../src/plan/logical/plan-node.js';
import { optimize } from '../../../src/plan/optimizer.js';
import type { Rule } from '../../../src/plan/rules/index.js';
import type { SqlType } from '../../../src/types/sql-type.js';
import type { Value } from '../../../src/types/value.js';

const INT: SqlType = { kind: 'integer' };

/** A source that answers filters on column `a` with a fixed answer and records scan requests. */
class RecordingSource implements TableSource {
  readonly columns = [
    { name: 'a', type: INT },
    { name: 'b', type: INT },
    { name: 'c', type: INT },
  ];
  requests: ScanRequest[] = [];
  constructor(
    private readonly answer: FilterSupport,
    private readonly rows: Value[][],
  ) {}
  supportsFilter(f: BoundExpr): FilterSupport {
    return f.kind === 'call' && f.args[0]?.kind === 'column' && f.args[0].id === 0 ? this.answer : 'unsupported';
  }
  async planSplits(req: ScanRequest): Promise<Split[]> {
    this.requests.push(req);
    // An exact source applies `a > 1` itself (the only filter the tests push).
    const rows = this.answer === 'exact' && req.filters.length > 0 ? this.rows.filter((r) => (r[0] as number) > 1) : this.rows;
    return [{ kind: 'recording', rows: rows.map((r) => req.columns.map((i) => r[i]!)), types: req.columns.map(() => INT) }];
  }
}
registerSplitRunner('recording', async function* (split) {
  yield rowsToBatch(split['types'] as SqlType[], split['rows'] as Value[][]);
});

function engineWith(source: TableSource): Engine {
  const catalog: CatalogView = {
    resolveTable: (db, name) => (db === 'default' && name === 't' ? { kind: 'table', database: db, name, columns: source.columns, source } : undefined),
  };
  return new Engine({ catalog });
}

const ROWS: Value[][] = [
  [1, 10, 100],
  [2, 20, 200],
  [3, 30, 300],
];

describe('filter pushdown into sources', () => {
  it('exact: the filter is removed above the scan and the source filters', async () => {
    const src = new RecordingSource('exact', ROWS);
    const e = engineWith(src);
    const plan = (await e.execute('EXPLAIN SELECT b FROM t WHERE a > 1')).rows.map((r) => r[0]);
    // `a` is read by the source's own filter only, so it is not among the projected columns.
    expect(plan).toEqual(['Project[b]', '  Scan[table=default.t, columns=[b], filters=[(a > 1)]]']);
    const r = await e.execute('SELECT b FROM t WHERE a > 1');
    expect(r.rows).toEqual([[20], [30]]);
    expect(src.requests.at(-1)!.columns).toEqual([1]);
  });

  it('inexact: the filter is pushed and kept above', async () => {
    const src = new RecordingSource('inexact', ROWS);
    const e = engineWith(src);
    const plan = (await e.execute('EXPLAIN SELECT b FROM t WHERE a > 1')).rows.map((r) => r[0]);
    expect(plan).toEqual(['Project[b]', '  Filter[(a > 1)]', '    Scan[table=default.t, columns=[a, b], filters=[(a > 1)]]']);
    expect((await e.execute('SELECT b FROM t WHERE a > 1')).rows).toEqual([[20], [30]]);
  });

  it('unsupported: nothing is pushed; the scan still reads only needed columns', async () => {
    const src = new RecordingSource('unsupported', ROWS);
    const e = engineWith(src);
    expect((await e.execute('SELECT c FROM t WHERE b = 20')).rows).toEqual([[200]]);
    expect(src.requests.at(-1)).toEqual({ columns: [1, 2], filters: [] });
  });

  it('a LIMIT reaches the scan request when nothing filters above it', async () => {
    const src = new RecordingSource('unsupported', ROWS);
    const e = engineWith(src);
    expect((await e.execute('SELECT a FROM t LIMIT 2')).rows).toEqual([[1], [2]]);
    expect(src.requests.at(-1)).toEqual({ columns: [0], filters: [], limit: 2 });
  });
});

describe('optimizer', () => {
  it('rejects a rule that changes the output schema', () => {
    const plan: LogicalPlan = { kind: 'values', columns: [{ id: 1, name: 'x', type: INT }], rows: [[{ kind: 'const', type: INT, value: 1 }]] };
    const bad: Rule = { name: 'bad-rule', apply: (p) => ({ ...p, columns: [{ id: 2, name: 'x', type: INT }] }) as LogicalPlan };
    try {
      optimize(plan, { evaluate: () => expect.unreachable('no rule folds here'), newColumnId: () => 99 }, [bad]);
      expect.unreachable();
    } catch (e) {
      expect(isAegisError(e, 'INTERNAL_ERROR')).toBe(true);
      expect((e as Error).message).toContain('bad-rule');
    }
  });

  it('turns IN and EXISTS subqueries into semi/anti joins and keeps NOT IN null-aware', async () => {
    const e = new Engine();
    await e.execute('CREATE TABLE x AS SELECT * FROM (VALUES 1, 2, NULL) AS t(v)');
    await e.execute('CREATE TABLE y AS SELECT * FROM (VALUES 2, NULL) AS t(w)');
    const plan = async (q: string) => (await e.execute('EXPLAIN ' + q)).rows.map((r) => String(r[0]).trim()).join('\n');
    expect(await plan('SELECT v FROM x WHERE v IN (SELECT w FROM y)')).toContain('HashJoin[SEMI');
    expect(await plan('SELECT v FROM x WHERE NOT EXISTS (SELECT 1 FROM y WHERE y.w = x.v)')).toContain('HashJoin[ANTI');
    expect(await plan('SELECT v FROM x WHERE v NOT IN (SELECT w FROM y)')).toContain('HashJoin[MARK, keys=[v = w], null-aware]');
    expect((await e.execute('SELECT v FROM x WHERE v NOT IN (SELECT w FROM y)')).rows).toEqual([]);
    expect((await e.execute('SELECT v FROM x WHERE v NOT IN (SELECT w FROM y WHERE w IS NOT NULL)')).rows).toEqual([[1]]);
  });
});

describe('binder errors', () => {
  it('reports codes and SQL positions', async () => {
    const e = new Engine();
    await e.execute('CREATE TABLE t AS SELECT 1 AS a, 2 AS b');
    const err = await e.execute('SELECT a,\n  zz FROM t').catch((x: unknown) => x);
    expect(isAegisError(err, 'NOT_FOUND')).toBe(true);
    expect((err as { details: { line?: number; column?: number } }).details).toMatchObject({ line: 2, column: 3 });
    const amb = await e.execute('SELECT a FROM t t1, t t2').catch((x: unknown) => x);
    expect(isAegisError(amb, 'SYNTAX_ERROR')).toBe(true);
    expect((amb as Error).message).toBe("line 1:8: Column 'a' is ambiguous");
  });
});
