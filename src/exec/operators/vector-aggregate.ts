/**
 * Vectorized hash aggregation for one grouping set without DISTINCT or ordered aggregates: per
 * batch, the keys, arguments and FILTER clauses are evaluated as vector kernels (sharing common
 * subexpressions), the typed group table maps the rows to group ids, and each aggregate updates
 * its typed state in one loop (vector/typed-aggregates.ts).
 */
import type { BoundExpr } from '../../plan/bound-expr.js';
import type { AggregateNode, FilterNode } from '../../plan/logical/plan-node.js';
import type { Batch } from '../../types/batch.js';
import type { Value } from '../../types/value.js';
import { rowsToBatches } from '../batch-util.js';
import { layoutOf } from '../expr/compile-expr.js';
import type { EvalEnv } from '../expr/eval-env.js';
import { compileVectors, type VectorProgram } from '../vector/compile-vector.js';
import { GroupTable } from '../vector/group-table.js';
import { groupsAccumulatorFor } from '../vector/typed-aggregates.js';
import { selectTrue, type Vec } from '../vector/vec.js';

/** A Filter fused below the aggregation: its predicate, and a counter of the rows it keeps. */
export interface FusedFilter {
  readonly predicate: BoundExpr;
  readonly count?: (rows: number) => void;
}

/**
 * The vectorized aggregation of `node`, or undefined when it needs the row operator. With
 * `filter`, `input` is the filter's input and only rows whose predicate is TRUE are aggregated.
 */
export function vectorAggregate(
  node: AggregateNode,
  input: AsyncIterable<Batch> | (() => AsyncIterable<Batch>),
  env: EvalEnv,
  filter?: FusedFilter,
): AsyncGenerator<Batch> | undefined {
  const sets = node.groupingSets;
  if (sets && (sets.length !== 1 || sets[0]!.length !== node.keys.length || sets[0]!.some((k, i) => k !== i))) return undefined;
  if (node.aggregates.some((a) => a.distinct || a.orderBy)) return undefined;
  const exprs = [...node.keys];
  const argAt: number[][] = [];
  const filterAt: (number | undefined)[] = [];
  for (const a of node.aggregates) {
    argAt.push(a.args.map((x) => exprs.push(x) - 1));
    filterAt.push(a.filter ? exprs.push(a.filter) - 1 : undefined);
  }
  const layout = layoutOf(filter ? (node.input as FilterNode).input.columns : node.input.columns);
  const program = compileVectors(exprs, layout, env);
  if (!program) return undefined;
  let predicate: VectorProgram | undefined;
  if (filter) {
    predicate = compileVectors([filter.predicate], layout, env);
    if (!predicate) return undefined;
  }
  return run(node, typeof input === 'function' ? input() : input, program, argAt, filterAt, predicate, filter?.count);
}

async function* run(
  node: AggregateNode,
  input: AsyncIterable<Batch>,
  program: VectorProgram,
  argAt: number[][],
  filterAt: (number | undefined)[],
  predicate: VectorProgram | undefined,
  count: ((rows: number) => void) | undefined,
): AsyncGenerator<Batch> {
  const nk = node.keys.length;
  const table = new GroupTable(node.keys.map((k) => k.type));
  const accs = node.aggregates.map(groupsAccumulatorFor);
  // A global aggregate has its one group even over empty input.
  if (nk === 0) {
    table.assign([], 0);
    for (const a of accs) a.grow(1);
  }
  let skip = new Uint8Array(0);
  let sel = new Int32Array(0);
  for await (const b of input) {
    let n = b.length;
    if (n === 0) continue;
    let at: Int32Array | null = null;
    if (predicate) {
      if (sel.length < n) sel = new Int32Array(n);
      const kept = selectTrue(predicate.eval(b, null, n)[0]!, null, sel);
      count?.(kept);
      if (kept === 0) continue;
      if (kept < n) at = sel;
      n = kept;
    }
    const vecs = program.eval(b, at, n);
    const gids = table.assign(vecs.slice(0, nk), n);
    for (let i = 0; i < accs.length; i++) {
      const acc = accs[i]!;
      acc.grow(table.size);
      const f = filterAt[i];
      let mask: Uint8Array | null = null;
      if (f !== undefined) {
        if (skip.length < n) skip = new Uint8Array(n);
        mask = skip;
        filterMask(vecs[f]!, n, mask);
      }
      acc.add(gids, n, argAt[i]!.map((j) => vecs[j]!), mask);
    }
  }
  const rows: Value[][] = [];
  for (let g = 0; g < table.size; g++) {
    const row = table.keyValues(g);
    for (const a of accs) row.push(a.result(g));
    if (node.setIndexColumn) row.push(0);
    rows.push(row);
  }
  yield* rowsToBatches(
    node.columns.map((c) => c.type),
    rows,
  );
}

/** skip[i] = 1 where the FILTER clause is not TRUE. */
function filterMask(v: Vec, n: number, skip: Uint8Array): void {
  if (v.kind === 'val') {
    for (let i = 0; i < n; i++) skip[i] = v.data[i] === true ? 0 : 1;
    return;
  }
  if (v.kind === 'num') {
    skip.fill(1, 0, n);
    return;
  }
  for (let i = 0; i < n; i++) skip[i] = v.data[i] === 1 && (v.nulls === null || v.nulls[i] === 0) ? 0 : 1;
}
