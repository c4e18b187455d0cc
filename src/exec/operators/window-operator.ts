/**
 * Window: materializes the input, groups it by PARTITION BY, sorts each partition by ORDER BY
 * (stable), then computes every call per row — ranking functions from peer groups, lag/lead from
 * positions, value functions and aggregates over each row's frame (see window-frame.ts). Output
 * rows come partition by partition in sort order: input columns, then one column per call.
 */
import { AegisError } from '../../errors.js';
import type { Accumulator } from '../../functions/registry.js';
import type { WindowCall, WindowNode } from '../../plan/logical/plan-node.js';
import type { Batch, Column } from '../../types/batch.js';
import { addMonthsToDays, addMonthsToMicros, localToUtc, utcToLocal } from '../../types/datetime.js';
import type { SqlType } from '../../types/sql-type.js';
import type { TimestampTzValue, Value } from '../../types/value.js';
import { BATCH_SIZE, concatColumns, gatherColumn, grown } from '../batch-util.js';
import { compileExpr, layoutOf, type CompiledExpr } from '../expr/compile-expr.js';
import { RowFrame, type EvalEnv } from '../expr/eval-env.js';
import { encodeKey } from '../key-encoding.js';
import { compileVectors } from '../vector/compile-vector.js';
import { GroupTable } from '../vector/group-table.js';
import { typedColumn, type Vec } from '../vector/vec.js';
import { batchBytes, reservationOf, type MemoryReservation } from '../query-memory.js';
import { compareNullable } from '../../types/compare.js';
import { frameOf, offsetNumber, rangeKeyNumber, rangeOffsetNumber, type PartitionShape, type RangeKey } from '../window-frame.js';

export async function* runWindow(node: WindowNode, input: AsyncIterable<Batch>, env: EvalEnv): AsyncGenerator<Batch> {
  // The window holds its whole input (and its output while computing): past the query's budget
  // it fails with EXCEEDED_MEMORY_LIMIT.
  const mem = reservationOf(env.memory, 'Window');
  try {
    yield* windowRows(node, input, env, mem);
  } finally {
    mem.free();
  }
}

async function* windowRows(node: WindowNode, input: AsyncIterable<Batch>, env: EvalEnv, mem: MemoryReservation): AsyncGenerator<Batch> {
  const frame = new RowFrame();
  const layout = layoutOf(node.input.columns);
  const c = (e: Parameters<typeof compileExpr>[0]) => compileExpr(e, layout, frame, env);
  const partFns = node.partitionBy.map(c);
  const orderFns = node.orderBy.map((k) => c(k.expr));
  const argFns = node.calls.map((call) => (call.window ? call.window.args : call.aggregate!.args).map(c));
  const filterFns = node.calls.map((call) => (call.aggregate?.filter ? c(call.aggregate.filter) : undefined));
  const offsetFns = node.calls.map((call) => [call.frame.start.offset, call.frame.end.offset].map((o) => (o ? c(o) : undefined)));
  const all: CompiledExpr[] = [...partFns, ...orderFns, ...argFns.flat(), ...filterFns.filter((f): f is CompiledExpr => !!f)];

  // The input is held as its own (typed) batches and rows are referred to by index (no per-row
  // objects); partition keys are mapped to dense partition ids by the typed group table.
  const held: Batch[] = [];
  let count = 0;
  const cols: WindowColumns = {
    order: orderFns.map(() => []),
    args: argFns.map((fs) => fs.map(() => [])),
    filter: filterFns.map((f) => (f ? [] : undefined)),
  };
  const partProgram = partFns.length > 0 ? compileVectors(node.partitionBy, layout, env, { reuse: true }) : undefined;
  const partTable = new GroupTable(node.partitionBy.map((e) => e.type));
  let partOf = new Int32Array(1024);
  const perRow = 16 + 16 * (orderFns.length + argFns.flat().length) + 4;
  let tableBytes = 0;
  for await (const b of input) {
    const n = b.length;
    if (n === 0) continue;
    for (const f of all) if (f.prepare) await f.prepare(b);
    mem.grow(2 * batchBytes(b) + perRow * n);
    frame.cols = b.columns;
    held.push(b);
    orderFns.forEach((f, k) => {
      const out = cols.order[k]!;
      for (let r = 0; r < n; r++) out.push(f.eval(r));
    });
    argFns.forEach((fs, i) =>
      fs.forEach((f, k) => {
        const out = cols.args[i]![k]!;
        for (let r = 0; r < n; r++) out.push(f.eval(r));
      }),
    );
    filterFns.forEach((f, i) => {
      if (!f) return;
      const out = cols.filter[i]!;
      for (let r = 0; r < n; r++) out.push(f.eval(r) === true);
    });
    const keys: Vec[] = partProgram
      ? partProgram.eval(b, null, n)
      : partFns.map((f) => {
          const data = new Array<Value>(n);
          for (let r = 0; r < n; r++) data[r] = f.eval(r);
          return { kind: 'val', data };
        });
    const gids = partTable.assign(keys, n);
    partOf = grown(partOf, count + n);
    partOf.set(gids.subarray(0, n), count);
    count += n;
    if (partTable.bytes > tableBytes) {
      mem.grow(partTable.bytes - tableBytes);
      tableBytes = partTable.bytes;
    }
  }
  // Rows by partition (partitions in order of first appearance, rows in input order).
  const parts = partTable.size;
  const starts = new Int32Array(parts + 1);
  for (let i = 0; i < count; i++) starts[partOf[i]! + 1]!++;
  for (let p = 0; p < parts; p++) starts[p + 1]! += starts[p]!;
  const byPart = new Int32Array(count);
  const fill = starts.slice(0, parts);
  for (let i = 0; i < count; i++) byPart[fill[partOf[i]!]!++] = i;
  partOf = new Int32Array(0);

  const asc = node.orderBy.map((k) => k.ascending);
  const nullsFirst = node.orderBy.map((k) => k.nullsFirst);
  const cmp = (a: number, b: number): number => {
    for (let k = 0; k < cols.order.length; k++) {
      const x = cols.order[k]![a]!;
      const y = cols.order[k]![b]!;
      let v: number;
      if (x === null || y === null) v = compareNullable(x, y, nullsFirst[k]!);
      else {
        v = compareNullable(x, y, false);
        if (!asc[k]) v = -v;
      }
      if (v !== 0) return v;
    }
    return 0;
  };
  const ONE: Batch = { length: 1, columns: [] };
  const offsets: [RangeKey, RangeKey][] = [];
  for (let i = 0; i < node.calls.length; i++) {
    const vals: RangeKey[] = [];
    const fr = node.calls[i]!.frame;
    const bounds = [fr.start.offset, fr.end.offset];
    for (let k = 0; k < 2; k++) {
      const f = offsetFns[i]![k];
      if (!f) vals.push(0);
      else {
        if (f.prepare) await f.prepare(ONE);
        const v = f.eval(0);
        const key = node.orderBy[0]?.expr.type;
        const b = k === 0 ? fr.start : fr.end;
        vals.push(fr.mode === 'range' && key ? rangeOffsetNumber(v, bounds[k]!.type, key, b.type) : offsetNumber(v, 'frame'));
      }
    }
    offsets.push(vals as [RangeKey, RangeKey]);
  }
  const types = node.columns.map((col) => col.type);
  const width = node.input.columns.length;
  const inputs = node.input.columns.map((col, j) => concatColumns(col.type, held.map((b) => b.columns[j]!)));
  held.length = 0;
  const sel = new Int32Array(BATCH_SIZE);
  let outCalls: Value[][] = node.calls.map(() => []);
  let pending = 0;
  const flush = (): Batch => {
    const n = pending;
    const columns: Column[] = [];
    for (let j = 0; j < width; j++) columns.push({ ...gatherColumn(inputs[j]!, sel, n), type: types[j]! } as Column);
    for (let k = 0; k < outCalls.length; k++) columns.push(typedColumn(types[width + k]!, outCalls[k]!));
    outCalls = node.calls.map(() => []);
    pending = 0;
    return { length: n, columns };
  };
  for (let p = 0; p < parts; p++) {
    // Stable: ties keep input order (the partition's rows are in input order).
    const rows = Array.from(byPart.subarray(starts[p]!, starts[p + 1]!));
    rows.sort((a, b) => cmp(a, b) || a - b);
    const shape = shapeOf(rows, node, cmp, cols);
    const plain: PartitionShape = { ...shape, addMonths: undefined };
    const results = node.calls.map((call, i) => computeCall(call, i, rows, monthOffsets(call) ? shape : plain, offsets[i]!, cols));
    for (let r = 0; r < rows.length; r++) {
      sel[pending] = rows[r]!;
      for (let k = 0; k < results.length; k++) outCalls[k]!.push(results[k]![r]!);
      if (++pending >= BATCH_SIZE) yield flush();
    }
  }
  if (pending > 0) yield flush();
}

interface WindowColumns {
  /** Per ORDER BY key: value by row index. */
  order: Value[][];
  /** Per call, per argument: value by row index. */
  args: Value[][][];
  /** Per call with FILTER (WHERE …): whether the row passes. */
  filter: (boolean[] | undefined)[];
}

function shapeOf(rows: number[], node: WindowNode, cmp: (a: number, b: number) => number, cols: WindowColumns): PartitionShape {
  const n = rows.length;
  const peerStart = new Int32Array(n);
  const peerEnd = new Int32Array(n);
  const group = new Int32Array(n);
  const groupStart: number[] = [];
  let s = 0;
  for (let i = 0; i < n; i++) {
    if (i === 0 || cmp(rows[i - 1]!, rows[i]!) !== 0) {
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
    shape.rangeKey = rows.map((r) => rangeKeyNumber(cols.order[0]![r]!, first.expr.type));
    shape.ascending = first.ascending;
    if (node.calls.some(monthOffsets)) {
      shape.addMonths = monthMover(first.expr.type, rows.map((r) => cols.order[0]![r]!));
    }
  }
  return shape;
}

/** Whether a call's RANGE offsets are `interval year to month` (moved by calendar months). */
function monthOffsets(call: WindowCall): boolean {
  return [call.frame.start.offset, call.frame.end.offset].some((o) => o?.type.kind === 'interval_year_month');
}

/**
 * Moves a RANGE key by calendar months (Trino evaluates `key ± interval 'n' month`): dates by
 * days, timestamps on their wall clock, zoned timestamps on the wall clock of their own zone.
 * timestamp(7..9) keys are bigint epoch nanoseconds: their micros move, the nanoseconds within
 * the microsecond stay.
 */
function monthMover(t: SqlType, keys: Value[]): (key: RangeKey, months: number, row: number) => RangeKey {
  if (t.kind === 'date') return (k, m) => addMonthsToDays(k as number, m);
  const nanos = t.kind === 'timestamp' && t.precision > 6;
  // Applies a micros → micros move to a key of either representation.
  const onMicros = (k: RangeKey, f: (micros: number) => number): RangeKey => {
    if (!nanos) return f(k as number);
    const n = k as bigint;
    const sub = ((n % 1000n) + 1000n) % 1000n;
    return BigInt(f(Number((n - sub) / 1000n))) * 1000n + sub;
  };
  if (t.kind === 'timestamp' && t.withTimeZone) {
    return (k, m, row) => {
      const zone = (keys[row] as TimestampTzValue).zone;
      return onMicros(k, (micros) => localToUtc(addMonthsToMicros(utcToLocal(micros, zone), m), zone));
    };
  }
  if (t.kind === 'timestamp') return (k, m) => onMicros(k, (micros) => addMonthsToMicros(micros, m));
  throw new AegisError('TYPE_MISMATCH', 'Window frame RANGE value type (interval year to month) not compatible with sort item type');
}

function computeCall(call: WindowCall, ci: number, rows: number[], s: PartitionShape, offs: [RangeKey, RangeKey], cols: WindowColumns): Value[] {
  const n = rows.length;
  const res = new Array<Value>(n);
  if (call.window) {
    const w = call.window;
    const argCols = cols.args[ci]!;
    const arg = (r: number, k: number): Value => (k < argCols.length ? (argCols[k]![rows[r]!] ?? null) : null);
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
          const offV = argCols.length > 1 ? arg(i, 1) : 1n;
          if (offV === null) {
            res[i] = null;
            continue;
          }
          const off = Number(offV);
          if (off < 0) throw new AegisError('INVALID_FUNCTION_ARGUMENT', 'Offset must be at least 0');
          const dflt = argCols.length > 2 ? arg(i, 2) : null;
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
  const argCols = cols.args[ci]!;
  const pass = cols.filter[ci];
  const argsOf = (j: number): Value[] | undefined => {
    const idx = rows[j]!;
    if (pass && !pass[idx]) return undefined;
    const a = new Array<Value>(argCols.length);
    for (let k = 0; k < argCols.length; k++) a[k] = argCols[k]![idx] ?? null;
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
