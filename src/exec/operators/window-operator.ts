/**
 * Window: materializes the input, groups it by PARTITION BY, sorts each partition by ORDER BY
 * (stable), then computes every call per row — ranking functions from peer groups, lag/lead from
 * positions, value functions and aggregates over each row's frame (see window-frame.ts). Output
 * rows come partition by partition in sort order: input columns, then one column per call.
 */
import { AegisError } from '../../errors.js';
import type { Accumulator } from '../../functions/registry.js';
import type { WindowCall, WindowNode } from '../../plan/logical/plan-node.js';
import type { Batch } from '../../types/batch.js';
import type { Value } from '../../types/value.js';
import { rowAt, rowsToBatches } from '../batch-util.js';
import { compileExpr, layoutOf, type CompiledExpr } from '../expr/compile-expr.js';
import { RowFrame, type EvalEnv } from '../expr/eval-env.js';
import { encodeKey, encodeValue } from '../key-encoding.js';
import { tupleComparator } from '../sort-keys.js';
import { frameOf, offsetNumber, rangeKeyNumber, type PartitionShape } from '../window-frame.js';

interface Row {
  values: Value[];
  order: Value[];
  args: Value[][];
}

export async function* runWindow(node: WindowNode, input: AsyncIterable<Batch>, env: EvalEnv): AsyncGenerator<Batch> {
  const frame = new RowFrame();
  const layout = layoutOf(node.input.columns);
  const c = (e: Parameters<typeof compileExpr>[0]) => compileExpr(e, layout, frame, env);
  const partFns = node.partitionBy.map(c);
  const orderFns = node.orderBy.map((k) => c(k.expr));
  const argFns = node.calls.map((call) => (call.window ? call.window.args : call.aggregate!.args).map(c));
  const filterFns = node.calls.map((call) => (call.aggregate?.filter ? c(call.aggregate.filter) : undefined));
  const offsetFns = node.calls.map((call) => [call.frame.start.offset, call.frame.end.offset].map((o) => (o ? c(o) : undefined)));
  const all: CompiledExpr[] = [...partFns, ...orderFns, ...argFns.flat(), ...filterFns.filter((f): f is CompiledExpr => !!f)];

  const partitions = new Map<unknown, Row[]>();
  for await (const b of input) {
    for (const f of all) if (f.prepare) await f.prepare(b);
    frame.cols = b.columns;
    for (let r = 0; r < b.length; r++) {
      const pk = partFns.length === 0 ? '' : partFns.length === 1 ? encodeValue(partFns[0]!.eval(r)) : encodeKey(partFns.map((f) => f.eval(r)));
      const row: Row = {
        values: rowAt(b, r),
        order: orderFns.map((f) => f.eval(r)),
        args: argFns.map((fs, i) => {
          const args = fs.map((f) => f.eval(r));
          // A FILTER'd-out row contributes no arguments (marked by a trailing flag).
          if (filterFns[i]) args.push(filterFns[i]!.eval(r) === true);
          return args;
        }),
      };
      let p = partitions.get(pk);
      if (!p) partitions.set(pk, (p = []));
      p.push(row);
    }
  }

  const cmp = tupleComparator(node.orderBy);
  const out: Value[][] = [];
  const ONE: Batch = { length: 1, columns: [] };
  const offsets: [number, number][] = [];
  for (let i = 0; i < node.calls.length; i++) {
    const vals: number[] = [];
    for (const f of offsetFns[i]!) {
      if (!f) vals.push(0);
      else {
        if (f.prepare) await f.prepare(ONE);
        vals.push(offsetNumber(f.eval(0), 'frame'));
      }
    }
    offsets.push(vals as [number, number]);
  }
  for (const rows of partitions.values()) {
    rows.sort((a, b) => cmp(a.order, b.order));
    const shape = shapeOf(rows, node, cmp);
    const results = node.calls.map((call, i) => computeCall(call, i, rows, shape, offsets[i]!, filterFns[i] !== undefined));
    for (let r = 0; r < rows.length; r++) out.push([...rows[r]!.values, ...results.map((res) => res[r]!)]);
  }
  yield* rowsToBatches(
    node.columns.map((col) => col.type),
    out,
  );
}

function shapeOf(rows: Row[], node: WindowNode, cmp: (a: Value[], b: Value[]) => number): PartitionShape {
  const n = rows.length;
  const peerStart = new Int32Array(n);
  const peerEnd = new Int32Array(n);
  const group = new Int32Array(n);
  const groupStart: number[] = [];
  let s = 0;
  for (let i = 0; i < n; i++) {
    if (i === 0 || cmp(rows[i - 1]!.order, rows[i]!.order) !== 0) {
      s = i;
      groupStart.push(i);
    }
    peerStart[i] = s;
    group[i] = groupStart.length - 1;
  }
  for (let i = n - 1, e = n - 1; i >= 0; i--) {
    if (i < n - 1 && group[i] !== group[i + 1]) e = i;
    peerEnd[i] = e;
  }
  const shape: PartitionShape = { n, peerStart, peerEnd, group, groupStart };
  const first = node.orderBy[0];
  if (node.orderBy.length === 1 && first && node.calls.some((c) => c.frame.mode === 'range' && (c.frame.start.offset || c.frame.end.offset))) {
    shape.rangeKey = rows.map((r) => rangeKeyNumber(r.order[0]!, first.expr.type));
    shape.ascending = first.ascending;
  }
  return shape;
}

function computeCall(call: WindowCall, ci: number, rows: Row[], s: PartitionShape, offs: [number, number], filtered: boolean): Value[] {
  const n = rows.length;
  const res = new Array<Value>(n);
  if (call.window) {
    const w = call.window;
    const arg = (r: number, k: number): Value => rows[r]!.args[ci]![k] ?? null;
    switch (w.fn.name) {
      case 'row_number':
        for (let i = 0; i < n; i++) res[i] = BigInt(i + 1);
        return res;
      case 'rank':
        for (let i = 0; i < n; i++) res[i] = BigInt(s.peerStart[i]! + 1);
        return res;
      case 'dense_rank':
        for (let i = 0; i < n; i++) res[i] = BigInt(s.group[i]! + 1);
        return res;
      case 'percent_rank':
        for (let i = 0; i < n; i++) res[i] = n === 1 ? 0 : s.peerStart[i]! / (n - 1);
        return res;
      case 'cume_dist':
        for (let i = 0; i < n; i++) res[i] = (s.peerEnd[i]! + 1) / n;
        return res;
      case 'ntile':
        for (let i = 0; i < n; i++) {
          const b = arg(i, 0);
          if (b === null) {
            res[i] = null;
            continue;
          }
          const buckets = Number(b);
          if (buckets <= 0) throw new AegisError('INVALID_FUNCTION_ARGUMENT', 'Buckets must be greater than 0');
          const size = Math.floor(n / buckets);
          const extra = n % buckets;
          // The first `extra` buckets hold size+1 rows.
          const cut = extra * (size + 1);
          res[i] = BigInt(i < cut ? Math.floor(i / (size + 1)) + 1 : extra + Math.floor((i - cut) / Math.max(size, 1)) + 1);
        }
        return res;
      case 'lag':
      case 'lead': {
        const dir = w.fn.name === 'lag' ? -1 : 1;
        for (let i = 0; i < n; i++) {
          const offV = rows[i]!.args[ci]!.length > 1 ? arg(i, 1) : 1n;
          if (offV === null) {
            res[i] = null;
            continue;
          }
          const off = Number(offV);
          if (off < 0) throw new AegisError('INVALID_FUNCTION_ARGUMENT', 'Offset must be at least 0');
          const dflt = rows[i]!.args[ci]!.length > 2 ? arg(i, 2) : null;
          let j: number;
          if (w.ignoreNulls) {
            j = i;
            let left = off;
            if (off === 0) j = i;
            while (left > 0) {
              j += dir;
              if (j < 0 || j >= n) break;
              if (arg(j, 0) !== null) left--;
            }
          } else j = i + dir * off;
          res[i] = j >= 0 && j < n ? arg(j, 0) : dflt;
        }
        return res;
      }
      case 'first_value':
      case 'last_value':
      case 'nth_value':
        for (let i = 0; i < n; i++) {
          const [a, b] = frameOf(call.frame, offs, i, s);
          res[i] = null;
          if (b < a) continue;
          if (w.fn.name === 'nth_value') {
            const kv = arg(i, 1);
            if (kv === null) continue;
            const k = Number(kv);
            if (k <= 0) throw new AegisError('INVALID_FUNCTION_ARGUMENT', 'Offset must be at least 1');
            let seen = 0;
            for (let j = a; j <= b; j++) {
              if (w.ignoreNulls && arg(j, 0) === null) continue;
              if (++seen === k) {
                res[i] = arg(j, 0);
                break;
              }
            }
          } else if (w.fn.name === 'first_value') {
            for (let j = a; j <= b; j++) {
              const v = arg(j, 0);
              if (v !== null || !w.ignoreNulls) {
                res[i] = v;
                break;
              }
            }
          } else {
            for (let j = b; j >= a; j--) {
              const v = arg(j, 0);
              if (v !== null || !w.ignoreNulls) {
                res[i] = v;
                break;
              }
            }
          }
        }
        return res;
    }
  }
  // Aggregate over the frame.
  const agg = call.aggregate!;
  const argsOf = (j: number): Value[] | undefined => {
    const a = rows[j]!.args[ci]!;
    if (filtered) return a[a.length - 1] === true ? a.slice(0, -1) : undefined;
    return a;
  };
  const incremental = call.frame.start.type === 'unbounded_preceding' && !agg.distinct;
  let acc: Accumulator | undefined;
  let added = -1;
  for (let i = 0; i < n; i++) {
    const [a, b] = frameOf(call.frame, offs, i, s);
    if (incremental && a === 0) {
      // Frames that all start at the partition's first row only grow: add the new rows.
      if (!acc) acc = agg.fn.create();
      if (b < added) {
        acc = agg.fn.create();
        added = -1;
      }
      for (let j = added + 1; j <= b; j++) {
        const args = argsOf(j);
        if (args) acc.add(args);
      }
      added = Math.max(added, b);
      res[i] = acc.result();
      continue;
    }
    const fresh = agg.fn.create();
    const seen = agg.distinct ? new Set<string>() : undefined;
    for (let j = a; j <= b; j++) {
      const args = argsOf(j);
      if (!args) continue;
      if (seen) {
        const k = encodeKey(args);
        if (seen.has(k)) continue;
        seen.add(k);
      }
      fresh.add(args);
    }
    res[i] = fresh.result();
  }
  return res;
}
