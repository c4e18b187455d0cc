/**
 * Text form of bound expressions for EXPLAIN: SQL-like, with column names (plus `#id` only when
 * a name is ambiguous is not attempted — names are for reading, ids stay internal).
 */
import { formatValue } from '../types/format-value.js';
import { formatType } from '../types/sql-type.js';
import type { BoundExpr } from './bound-expr.js';

const INFIX: Record<string, string> = {
  $add: '+',
  $subtract: '-',
  $multiply: '*',
  $divide: '/',
  $modulus: '%',
  $eq: '=',
  $ne: '<>',
  $lt: '<',
  $le: '<=',
  $gt: '>',
  $ge: '>=',
  $concat: '||',
  $like: 'LIKE',
  $is_distinct_from: 'IS DISTINCT FROM',
};

function literal(e: Extract<BoundExpr, { kind: 'const' }>): string {
  if (e.value === null) return 'NULL';
  const text = formatValue(e.value, e.type) ?? 'NULL';
  switch (e.type.kind) {
    case 'varchar':
    case 'char':
      return `'${text.replace(/'/g, "''")}'`;
    case 'integer':
    case 'boolean':
    case 'double':
    case 'decimal':
      return text;
    case 'array':
      return `ARRAY${text}`;
    default:
      return `${formatType(e.type).toUpperCase()} '${text}'`;
  }
}

/** Formats `e`; `name` maps a column id to a display name (defaults to the reference's name). */
export function formatExpr(e: BoundExpr, name?: (id: number) => string | undefined): string {
  const f = (x: BoundExpr) => formatExpr(x, name);
  switch (e.kind) {
    case 'const':
      return literal(e);
    case 'column':
      return name?.(e.id) ?? e.name;
    case 'param':
      return '?';
    case 'call': {
      const op = INFIX[e.fn.name];
      if (op && e.args.length === 2) return `(${f(e.args[0]!)} ${op} ${f(e.args[1]!)})`;
      if (e.fn.name === '$negate') return `(-${f(e.args[0]!)})`;
      return `${e.fn.name.replace(/^\$/, '')}(${e.args.map(f).join(', ')})`;
    }
    case 'cast':
      return `${e.safe ? 'TRY_CAST' : 'CAST'}(${f(e.arg)} AS ${formatType(e.type)})`;
    case 'and':
    case 'or':
      return `(${e.args.map(f).join(e.kind === 'and' ? ' AND ' : ' OR ')})`;
    case 'not':
      return `(NOT ${f(e.arg)})`;
    case 'is_null':
      return `(${f(e.arg)} IS ${e.negated ? 'NOT ' : ''}NULL)`;
    case 'case':
      return `CASE ${e.whens.map((w) => `WHEN ${f(w.cond)} THEN ${f(w.result)}`).join(' ')} ELSE ${f(e.else)} END`;
    case 'in_list':
      return `(${f(e.arg)} IN (${e.list.map(f).join(', ')}))`;
    case 'coalesce':
      return `COALESCE(${e.args.map(f).join(', ')})`;
    case 'try':
      return `TRY(${f(e.arg)})`;
    case 'lambda':
      return `(${e.params.map((p) => p.name).join(', ')}) -> ${f(e.body)}`;
    case 'lambda_param':
      return e.name;
    case 'subquery':
      return `${e.mode.toUpperCase()}(${e.arg ? f(e.arg) + ', ' : ''}<subquery>)`;
    case 'grouping':
      return `GROUPING(${e.masks.join(',')})`;
    case 'row':
      return `${e.type.kind === 'array' ? 'ARRAY[' : 'ROW('}${e.args.map(f).join(', ')}${e.type.kind === 'array' ? ']' : ')'}`;
    case 'field':
      return `${f(e.arg)}.${e.arg.type.kind === 'row' ? (e.arg.type.fields[e.index]?.name ?? `field${e.index}`) : e.index}`;
  }
}
