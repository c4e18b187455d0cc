/**
 * EXPLAIN text: one line per plan node, children indented by two spaces. Scans show the columns
 * they read, the filters pushed into the source and the source's own note (e.g. pruning).
 * The format is stable: tests match it with regular expressions.
 */
import { scanRequestOf } from './table-source.js';
import type { SortKey } from './bound-expr.js';
import { formatExpr } from './format-expr.js';
import type { LogicalPlan } from './logical/plan-node.js';
import { planChildren } from './plan-walk.js';

function sortText(keys: SortKey[]): string {
  return keys.map((k) => `${formatExpr(k.expr)} ${k.ascending ? 'ASC' : 'DESC'} NULLS ${k.nullsFirst ? 'FIRST' : 'LAST'}`).join(', ');
}

function names(p: LogicalPlan): string {
  return p.columns.map((c) => c.name).join(', ');
}

function describe(p: LogicalPlan): string {
  switch (p.kind) {
    case 'scan': {
      const tableCols = p.source.columns;
      const byOrdinal = (id: number) => tableCols[id]?.name;
      const parts = [`table=${p.table}`, `columns=[${p.ordinals.map((o) => tableCols[o]?.name ?? `#${o}`).join(', ')}]`];
      if (p.pushedFilters.length > 0) parts.push(`filters=[${p.pushedFilters.map((f) => formatExpr(f, byOrdinal)).join(', ')}]`);
      if (p.limit !== undefined) parts.push(`limit=${p.limit}`);
      const note = p.source.explain?.(scanRequestOf(p));
      if (note) parts.push(note);
      return `Scan[${parts.join(', ')}]`;
    }
    case 'values':
      return `Values[rows=${p.rows.length}, columns=[${names(p)}]]`;
    case 'filter':
      return `Filter[${formatExpr(p.predicate)}]`;
    case 'project':
      return `Project[${p.columns.map((c, i) => {
        const e = p.exprs[i]!;
        const t = formatExpr(e);
        return t === c.name ? t : `${c.name} := ${t}`;
      }).join(', ')}]`;
    case 'aggregate': {
      const parts = [`keys=[${p.keys.map((k) => formatExpr(k)).join(', ')}]`];
      if (p.groupingSets) parts.push(`sets=${JSON.stringify(p.groupingSets)}`);
      if (p.aggregates.length > 0) {
        parts.push(
          `aggregates=[${p.aggregates
            .map((a, i) => `${p.columns[p.keys.length + i]!.name} := ${a.fn.name}(${a.distinct ? 'DISTINCT ' : ''}${a.args.map((x) => formatExpr(x)).join(', ')})${a.filter ? ` FILTER (WHERE ${formatExpr(a.filter)})` : ''}`)
            .join(', ')}]`,
        );
      }
      return `Aggregate[${parts.join(', ')}]`;
    }
    case 'join': {
      const parts = [p.joinType.toUpperCase()];
      if (p.equi.length > 0) parts.push(`keys=[${p.equi.map((k) => `${formatExpr(k.left)} = ${formatExpr(k.right)}`).join(', ')}]`);
      if (p.residual) parts.push(`filter=${formatExpr(p.residual)}`);
      if (p.nullAware) parts.push('null-aware');
      if (p.lateral) return `LateralJoin[${parts.join(', ')}]`;
      return `${p.equi.length > 0 ? 'HashJoin' : 'NestedLoopJoin'}[${parts.join(', ')}]`;
    }
    case 'sort':
      return `Sort[${sortText(p.keys)}]`;
    case 'limit':
      return `Limit[${p.limit ?? 'ALL'}${p.offset ? `, offset=${p.offset}` : ''}${p.ties ? ', with ties' : ''}]`;
    case 'topn':
      return `TopN[${p.limit}${p.offset ? `, offset=${p.offset}` : ''}, ${sortText(p.keys)}]`;
    case 'window': {
      const parts: string[] = [];
      if (p.partitionBy.length > 0) parts.push(`partition=[${p.partitionBy.map((x) => formatExpr(x)).join(', ')}]`);
      if (p.orderBy.length > 0) parts.push(`order=[${sortText(p.orderBy)}]`);
      parts.push(`calls=[${p.calls.map((c) => `${c.column.name} := ${c.window?.fn.name ?? c.aggregate!.fn.name}(${(c.window?.args ?? c.aggregate!.args).map((x) => formatExpr(x)).join(', ')})`).join(', ')}]`);
      return `Window[${parts.join(', ')}]`;
    }
    case 'setop':
      return `${p.op[0]!.toUpperCase()}${p.op.slice(1)}[${p.all ? 'ALL' : 'DISTINCT'}]`;
    case 'unnest':
      return `Unnest[${p.exprs.map((x) => formatExpr(x)).join(', ')}${p.ordinality ? ', ordinality' : ''}${p.outer ? ', outer' : ''}]`;
    case 'single_row':
      return 'EnforceSingleRow';
  }
}

/**
 * Renders a plan as indented lines. With `rowsOf` (EXPLAIN ANALYZE) each node that ran is
 * followed by ` → N rows`, the rows it produced.
 */
export function explainPlan(p: LogicalPlan, depth = 0, rowsOf?: (node: LogicalPlan) => number | undefined): string[] {
  const n = rowsOf?.(p);
  const lines = [`${'  '.repeat(depth)}${describe(p)}${n !== undefined ? ` → ${n} rows` : ''}`];
  for (const c of planChildren(p)) lines.push(...explainPlan(c, depth + 1, rowsOf));
  return lines;
}
