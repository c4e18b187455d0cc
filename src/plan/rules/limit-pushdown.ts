/**
 * Limit pushdown: LIMIT over ORDER BY becomes a TopN; a LIMIT passes through projections (which
 * keep row counts); a copy of `offset + limit` goes into each branch of a UNION ALL and into a
 * scan with nothing filtering above it (the Limit itself stays, so results are unchanged). A
 * TopN right above a scan (keys that are scan columns, at most 10,000 rows) tells the scan, whose
 * splits then keep only their own top rows.
 */
import type { LogicalPlan } from '../logical/plan-node.js';
import { transformPlan } from '../plan-walk.js';
import type { Rule } from './rule.js';

/** Splits keep at most this many rows each for a TopN pushed into a scan. */
const MAX_SCAN_TOPN = 10_000;

/** A TopN over a scan (directly or through a projection of plain columns) tells the scan. */
function pushTopN(node: LogicalPlan): LogicalPlan {
  if (node.kind !== 'topn') return node;
  const keep = node.limit + node.offset;
  if (keep > MAX_SCAN_TOPN || keep === 0) return node;
  let input = node.input;
  // Key column ids as the scan produces them.
  let rename = new Map<number, number>();
  if (input.kind === 'project') {
    if (input.input.kind !== 'scan') return node;
    input.columns.forEach((c, i) => {
      const e = input.kind === 'project' ? input.exprs[i]! : undefined;
      if (e?.kind === 'column') rename.set(c.id, e.id);
    });
    input = input.input;
  } else rename = new Map(input.columns.map((c) => [c.id, c.id]));
  if (input.kind !== 'scan') return node;
  const scan = input;
  const keys: { id: number; ascending: boolean; nullsFirst: boolean }[] = [];
  for (const k of node.keys) {
    if (k.expr.kind !== 'column') return node;
    const id = rename.get(k.expr.id);
    if (id === undefined || !scan.columns.some((c) => c.id === id)) return node;
    keys.push({ id, ascending: k.ascending, nullsFirst: k.nullsFirst });
  }
  const same = scan.topN && scan.topN.limit === keep && scan.topN.keys.length === keys.length &&
    scan.topN.keys.every((k, i) => k.id === keys[i]!.id && k.ascending === keys[i]!.ascending && k.nullsFirst === keys[i]!.nullsFirst);
  if (same) return node;
  const newScan: LogicalPlan = { ...scan, topN: { keys, limit: keep } };
  return { ...node, input: node.input.kind === 'project' ? { ...node.input, input: newScan } : newScan };
}

function push(node: LogicalPlan): LogicalPlan {
  if (node.kind === 'topn') return pushTopN(node);
  if (node.kind !== 'limit' || node.limit === undefined || node.ties) return node;
  const n = node.limit + node.offset;
  const input = node.input;
  switch (input.kind) {
    case 'sort':
      return { kind: 'topn', input: input.input, columns: node.columns, keys: input.keys, limit: node.limit, offset: node.offset };
    case 'project':
      if (input.exprs.some((e) => e.kind === 'subquery')) return node;
      return { ...input, input: { ...node, input: input.input, columns: input.input.columns } };
    case 'scan':
      if (input.limit !== undefined && input.limit <= n) return node;
      return { ...node, input: { ...input, limit: n } };
    case 'setop': {
      if (input.op !== 'union' || !input.all) return node;
      let changed = false;
      const inputs = input.inputs.map((c) => {
        if (c.kind === 'limit' && c.offset === 0 && c.limit !== undefined && c.limit <= n) return c;
        changed = true;
        return { kind: 'limit', input: c, columns: c.columns, offset: 0, limit: n } as LogicalPlan;
      });
      return changed ? { ...node, input: { ...input, inputs } } : node;
    }
    default:
      return node;
  }
}

export const limitPushdown: Rule = {
  name: 'limit-pushdown',
  apply(plan) {
    return transformPlan(plan, push);
  },
};
