/**
 * Turns a logical plan into a pull-based pipeline of operators (one operator per file under
 * operators/) and runs it. Every operator is an async generator of batches whose columns follow
 * its node's `columns`.
 */
import { AegisError } from '../errors.js';
import type { AggregateNode, FilterNode, LogicalPlan, ScanNode } from '../plan/logical/plan-node.js';
import { aggregateWork, filterWork } from './push-split-work.js';
import type { Batch } from '../types/batch.js';
import type { Value } from '../types/value.js';
import { collectRows } from './batch-util.js';
import type { ExecContext } from './exec-context.js';
import type { EvalEnv } from './expr/eval-env.js';
import { runAggregate } from './operators/aggregate-operator.js';
import { vectorAggregate } from './operators/vector-aggregate.js';
import { runFilter } from './operators/filter-operator.js';
import { runFilterProject } from './operators/filter-project-operator.js';
import { runHashJoin } from './operators/hash-join-operator.js';
import { runLateralJoin } from './operators/lateral-join-operator.js';
import { runLimit } from './operators/limit-operator.js';
import { runNestedLoopJoin } from './operators/nested-loop-join-operator.js';
import { runProject } from './operators/project-operator.js';
import { runScan } from './operators/scan-operator.js';
import { runSetOp } from './operators/setop-operator.js';
import { runSingleRow } from './operators/single-row-operator.js';
import { runSort } from './operators/sort-operator.js';
import { runTopN } from './operators/topn-operator.js';
import { runUnnest } from './operators/unnest-operator.js';
import { runValues } from './operators/values-operator.js';
import { runWindow } from './operators/window-operator.js';

/** Builds the expression environment operators compile against. */
export function envOf(ctx: ExecContext): EvalEnv {
  return {
    ctx: ctx.eval,
    params: ctx.params,
    outer: ctx.outer,
    runSubquery: (plan, outer) => collectRows(executePlan(plan, { ...ctx, outer })),
    ...(ctx.memory ? { memory: ctx.memory } : {}),
  };
}

/** When the event loop last had a turn (shared by all running queries: any yield serves all). */
let lastYield = performance.now();
/** Longest stretch operators compute without letting timers, I/O and cancellation through. */
const YIELD_MS = 50;

/**
 * Passes batches through, giving the event loop a turn every {@link YIELD_MS} ms and stopping on
 * a cancelled signal. Every operator's output goes through one, so a CPU-bound join or aggregate
 * sees Ctrl-C / StopQueryExecution between batches, and a server stays responsive while it runs.
 */
async function* yielding(input: AsyncIterable<Batch>, signal: AbortSignal | undefined): AsyncGenerator<Batch> {
  for await (const b of input) {
    if (performance.now() - lastYield > YIELD_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      lastYield = performance.now();
    }
    if (signal?.aborted) throw new AegisError('QUERY_CANCELLED', 'Query was cancelled');
    yield b;
  }
}

export function executePlan(plan: LogicalPlan, ctx: ExecContext): AsyncIterable<Batch> {
  if (ctx.signal?.aborted) throw new AegisError('QUERY_CANCELLED', 'Query was cancelled');
  const out = yielding(operatorFor(plan, ctx), ctx.signal);
  if (!ctx.profile) return out;
  // A Filter fused into the Project above it produces exactly the Project's rows.
  const nodes = plan.kind === 'project' && plan.input.kind === 'filter' ? [plan, plan.input] : [plan];
  return counted(nodes, out, ctx.profile);
}

async function* counted(nodes: LogicalPlan[], input: AsyncIterable<Batch>, profile: Map<LogicalPlan, number>): AsyncGenerator<Batch> {
  for (const n of nodes) profile.set(n, profile.get(n) ?? 0);
  for await (const b of input) {
    for (const n of nodes) profile.set(n, profile.get(n)! + b.length);
    yield b;
  }
}

function operatorFor(plan: LogicalPlan, ctx: ExecContext): AsyncIterable<Batch> {
  const env = envOf(ctx);
  const run = (p: LogicalPlan) => executePlan(p, ctx);
  switch (plan.kind) {
    case 'scan':
      return runScan(plan, ctx);
    case 'values':
      return runValues(plan, env);
    case 'filter':
      return pushedFilter(plan, ctx) ?? runFilter(plan, run(plan.input), env);
    case 'project':
      if (plan.input.kind === 'filter') {
        const filtered = pushedFilter(plan.input, ctx);
        if (filtered) return runProject(plan, filtered, env);
        return runFilterProject(plan, plan.input, run(plan.input.input), env);
      }
      return runProject(plan, run(plan.input), env);
    case 'aggregate': {
      const pushed = pushedAggregate(plan, ctx, env);
      if (pushed) return pushed;
      // A Filter directly below runs fused when the aggregation is vectorized: the predicate's
      // selection feeds the keys and arguments, and the filtered batch is never gathered.
      const filter = plan.input.kind === 'filter' ? plan.input : undefined;
      if (filter) {
        const profile = ctx.profile;
        if (profile) profile.set(filter, profile.get(filter) ?? 0);
        const count = profile ? (n: number) => profile.set(filter, profile.get(filter)! + n) : undefined;
        const fused = vectorAggregate(plan, () => run(filter.input), env, { filter: { predicate: filter.predicate, ...(count ? { count } : {}) }, inputColumns: filter.input.columns });
        if (fused) return fused;
      }
      return runAggregate(plan, run(plan.input), env);
    }
    case 'join':
      if (plan.lateral) return runLateralJoin(plan, run(plan.left), env);
      if (plan.equi.length > 0) return runHashJoin(plan, run(plan.left), run(plan.right), env);
      return runNestedLoopJoin(plan, run(plan.left), run(plan.right), env);
    case 'sort':
      return runSort(plan, run(plan.input), env);
    case 'limit':
      return runLimit(plan, run(plan.input), env);
    case 'topn':
      return runTopN(plan, run(plan.input), env);
    case 'window':
      return runWindow(plan, run(plan.input), env);
    case 'setop':
      return runSetOp(plan, plan.inputs.map(run), ctx.memory);
    case 'unnest':
      return runUnnest(plan, run(plan.input), env);
    case 'single_row':
      return runSingleRow(plan, run(plan.input));
  }
}

/** Profile counts of a scan (rows read) and the filter above it (rows kept) run by split work. */
function splitRows(ctx: ExecContext, scan: ScanNode, filter: FilterNode | undefined): ((read: number, kept: number) => void) | undefined {
  const profile = ctx.profile;
  if (!profile) return undefined;
  profile.set(scan, profile.get(scan) ?? 0);
  if (filter) profile.set(filter, profile.get(filter) ?? 0);
  return (read, kept) => {
    profile.set(scan, profile.get(scan)! + read);
    if (filter) profile.set(filter, profile.get(filter)! + kept);
  };
}

/** `Filter → Scan` with the filter run by the scan's splits (push-split-work.ts), or undefined. */
function pushedFilter(filter: FilterNode, ctx: ExecContext): AsyncIterable<Batch> | undefined {
  const scan = filter.input;
  if (scan.kind !== 'scan') return undefined;
  const work = filterWork(scan, filter.predicate, ctx);
  if (!work) return undefined;
  const rows = splitRows(ctx, scan, undefined);
  return yielding(runScan(scan, ctx, { work, ...(rows ? { rows } : {}) }), ctx.signal);
}

/**
 * `Aggregate → [Filter →] Scan` as a partial aggregation in the scan's splits and a final one
 * here (push-split-work.ts), or undefined.
 */
function pushedAggregate(node: AggregateNode, ctx: ExecContext, env: EvalEnv): AsyncIterable<Batch> | undefined {
  const filter = node.input.kind === 'filter' ? node.input : undefined;
  const scan = filter ? filter.input : node.input;
  if (scan.kind !== 'scan') return undefined;
  const work = aggregateWork(node, scan, filter?.predicate, ctx);
  if (!work) return undefined;
  const rows = splitRows(ctx, scan, filter);
  const partial = yielding(runScan(scan, ctx, { work, ...(rows ? { rows } : {}) }), ctx.signal);
  const merged = vectorAggregate(node, partial, env, { mode: 'final' });
  if (!merged) throw new AegisError('INTERNAL_ERROR', 'The final aggregation of split states did not compile');
  return merged;
}

/** Runs a plan to completion and returns its rows (the result of a query is never partial). */
export async function executeToRows(plan: LogicalPlan, ctx: ExecContext): Promise<Value[][]> {
  return collectRows(executePlan(plan, ctx));
}
