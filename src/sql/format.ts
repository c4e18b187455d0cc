/**
 * AST → SQL text (Trino syntax), for error messages, EXPLAIN and plan display.
 *
 * The promise: `parseStatement(formatStatement(s))` gives back `s` (ignoring `pos`), for every
 * statement of the Trino side (queries, EXPLAIN, CTAS, INSERT, UNLOAD, prepared statements,
 * views, USE). Compound operands are parenthesised, so precedence never changes meaning.
 */
import { AegisError } from '../errors.js';
import type {
  Expr,
  FrameBound,
  FunctionCall,
  GroupingElement,
  Identifier,
  ObjectName,
  Property,
  Query,
  QueryBody,
  Relation,
  RelationAlias,
  SelectItem,
  SortItem,
  Statement,
  WindowRef,
  WindowSpec,
} from './ast.js';

/** An identifier as written: quoted when it was quoted. */
export function formatIdentifier(id: Identifier): string {
  return id.quoted ? `"${id.name.replace(/"/g, '""')}"` : id.name;
}

/** Trino's reserved words: as object-name parts they must be quoted. */
const RESERVED = new Set(
  ('alter and as between by case cast constraint create cross cube current_catalog current_date current_path ' +
    'current_role current_schema current_time current_timestamp current_user deallocate delete describe distinct ' +
    'drop else end escape except execute exists extract false for from full function group grouping having in ' +
    'inner insert intersect into is join json_array json_exists json_object json_query json_table json_value ' +
    'left like listagg localtime localtimestamp natural normalize not null on or order outer prepare recursive ' +
    'right rollup select skip table then trim true uescape union unnest using values when where with coalesce ' +
    'try_cast substring position')
    .split(' '),
);

/** An object-name part (which no longer knows whether it was quoted): quoted when it must be. */
function namePart(p: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(p) && !RESERVED.has(p) ? p : `"${p.replace(/"/g, '""')}"`;
}

function nameOf(n: ObjectName): string {
  return [n.catalog, n.schema, n.name]
    .filter((p): p is string => p !== undefined)
    .map(namePart)
    .join('.');
}

function quote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

const ATOMIC = new Set<Expr['kind']>([
  'null', 'boolean', 'integer', 'decimal', 'double', 'string', 'binary', 'typed_literal', 'interval',
  'column', 'parameter', 'function', 'case', 'cast', 'array', 'row', 'subscript', 'field', 'extract',
  'current', 'trim', 'subquery', 'exists',
]);

/** Wraps compound expressions in parentheses. */
function operand(e: Expr): string {
  const s = formatExpr(e);
  // A negative literal as the left of an infix operator is fine; `- -1` needs the space.
  return ATOMIC.has(e.kind) ? s : `(${s})`;
}

function list(es: Expr[]): string {
  return es.map(formatExpr).join(', ');
}

function sortItem(s: SortItem): string {
  return `${formatExpr(s.expr)} ${s.order.toUpperCase()}${s.nulls ? ` NULLS ${s.nulls.toUpperCase()}` : ''}`;
}

function bound(b: FrameBound): string {
  switch (b.type) {
    case 'unbounded_preceding':
      return 'UNBOUNDED PRECEDING';
    case 'unbounded_following':
      return 'UNBOUNDED FOLLOWING';
    case 'current_row':
      return 'CURRENT ROW';
    default:
      return `${operand(b.offset!)} ${b.type.toUpperCase()}`;
  }
}

function windowSpec(w: WindowSpec): string {
  const parts: string[] = [];
  if (w.existing) parts.push(formatIdentifier(w.existing));
  if (w.partitionBy.length) parts.push(`PARTITION BY ${list(w.partitionBy)}`);
  if (w.orderBy.length) parts.push(`ORDER BY ${w.orderBy.map(sortItem).join(', ')}`);
  if (w.frame) {
    const f = w.frame;
    parts.push(`${f.unit.toUpperCase()} ${f.end ? `BETWEEN ${bound(f.start)} AND ${bound(f.end)}` : bound(f.start)}`);
  }
  return `(${parts.join(' ')})`;
}

function over(o: WindowSpec | WindowRef): string {
  return o.kind === 'window_ref' ? formatIdentifier(o.name) : windowSpec(o);
}

function functionCall(f: FunctionCall): string {
  const tail =
    (f.filter ? ` FILTER (WHERE ${formatExpr(f.filter)})` : '') +
    (f.nullTreatment ? ` ${f.nullTreatment.toUpperCase()} NULLS` : '') +
    (f.over ? ` OVER ${over(f.over)}` : '');
  if (f.name === 'listagg' && f.orderBy) {
    return `listagg(${f.distinct ? 'DISTINCT ' : ''}${list(f.args)}) WITHIN GROUP (ORDER BY ${f.orderBy.map(sortItem).join(', ')})${tail}`;
  }
  if (f.name === 'normalize' && f.args.length === 2 && f.args[1].kind === 'string') {
    return `normalize(${formatExpr(f.args[0])}, ${f.args[1].value})${tail}`;
  }
  const args = f.star ? '*' : `${f.distinct ? 'DISTINCT ' : ''}${list(f.args)}${f.orderBy ? ` ORDER BY ${f.orderBy.map(sortItem).join(', ')}` : ''}`;
  return `${f.name}(${args})${tail}`;
}

/** Formats an expression. */
export function formatExpr(e: Expr): string {
  switch (e.kind) {
    case 'null':
      return 'NULL';
    case 'boolean':
      return e.value ? 'TRUE' : 'FALSE';
    case 'integer':
    case 'decimal':
    case 'double':
      return e.text;
    case 'string':
      return quote(e.value);
    case 'binary':
      return `X'${e.hex}'`;
    case 'typed_literal':
      return `${e.type.toUpperCase()} ${quote(e.value)}`;
    case 'interval':
      return `INTERVAL ${e.sign < 0 ? '-' : ''}${quote(e.value)} ${e.from.toUpperCase()}${e.to ? ` TO ${e.to.toUpperCase()}` : ''}`;
    case 'column':
      return e.parts.map(formatIdentifier).join('.');
    case 'parameter':
      return '?';
    case 'unary': {
      // `-(5)`: a sign glued to a number literal would read back as a negative literal.
      const lit = e.operand.kind === 'integer' || e.operand.kind === 'decimal' || e.operand.kind === 'double';
      return `${e.op}${lit ? `(${formatExpr(e.operand)})` : operand(e.operand)}`;
    }
    case 'arithmetic':
      return `${operand(e.left)} ${e.op} ${operand(e.right)}`;
    case 'concat':
      return `${operand(e.left)} || ${operand(e.right)}`;
    case 'comparison':
      return `${operand(e.left)} ${e.op} ${operand(e.right)}`;
    case 'logical':
      return `${operand(e.left)} ${e.op.toUpperCase()} ${operand(e.right)}`;
    case 'not':
      return `NOT ${operand(e.operand)}`;
    case 'is_null':
      return `${operand(e.operand)} IS ${e.negated ? 'NOT ' : ''}NULL`;
    case 'is_distinct_from':
      return `${operand(e.left)} IS ${e.negated ? 'NOT ' : ''}DISTINCT FROM ${operand(e.right)}`;
    case 'between':
      return `${operand(e.operand)} ${e.negated ? 'NOT ' : ''}BETWEEN ${operand(e.low)} AND ${operand(e.high)}`;
    case 'in_list':
      return `${operand(e.operand)} ${e.negated ? 'NOT ' : ''}IN (${list(e.list)})`;
    case 'in_subquery':
      return `${operand(e.operand)} ${e.negated ? 'NOT ' : ''}IN (${formatQuery(e.query)})`;
    case 'like':
      return `${operand(e.operand)} ${e.negated ? 'NOT ' : ''}LIKE ${operand(e.pattern)}${e.escape ? ` ESCAPE ${operand(e.escape)}` : ''}`;
    case 'exists':
      return `EXISTS (${formatQuery(e.query)})`;
    case 'subquery':
      return `(${formatQuery(e.query)})`;
    case 'quantified_comparison':
      return `${operand(e.left)} ${e.op} ${e.quantifier.toUpperCase()} (${formatQuery(e.query)})`;
    case 'case':
      return `CASE${e.operand ? ` ${formatExpr(e.operand)}` : ''}${e.whens.map((w) => ` WHEN ${formatExpr(w.when)} THEN ${formatExpr(w.then)}`).join('')}${e.else ? ` ELSE ${formatExpr(e.else)}` : ''} END`;
    case 'cast':
      return `${e.safe ? 'TRY_CAST' : 'CAST'}(${formatExpr(e.operand)} AS ${e.typeText})`;
    case 'function':
      return functionCall(e);
    case 'lambda':
      return `${e.params.length === 1 ? formatIdentifier(e.params[0]) : `(${e.params.map(formatIdentifier).join(', ')})`} -> ${formatExpr(e.body)}`;
    case 'array':
      return `ARRAY[${list(e.elements)}]`;
    case 'row':
      return `ROW(${list(e.fields)})`;
    case 'subscript':
      return `${operand(e.base)}[${formatExpr(e.index)}]`;
    case 'field':
      return `(${formatExpr(e.base)}).${formatIdentifier(e.field)}`;
    case 'extract':
      return `EXTRACT(${e.field.toUpperCase()} FROM ${formatExpr(e.operand)})`;
    case 'at_time_zone':
      return `${operand(e.operand)} AT TIME ZONE ${formatExpr(e.zone)}`;
    case 'current':
      return `${e.what.toUpperCase()}${e.precision !== undefined ? `(${e.precision})` : ''}`;
    case 'trim':
      return `trim(${e.spec.toUpperCase()} ${e.chars ? `${formatExpr(e.chars)} ` : ''}FROM ${formatExpr(e.operand)})`;
  }
}

function alias(a: RelationAlias | undefined): string {
  if (!a) return '';
  return ` AS ${formatIdentifier(a.name)}${a.columns ? ` (${a.columns.map(formatIdentifier).join(', ')})` : ''}`;
}

function relation(r: Relation): string {
  switch (r.kind) {
    case 'table':
      return nameOf(r.name) + alias(r.alias);
    case 'subquery_relation':
      return `(${formatQuery(r.query)})${alias(r.alias)}`;
    case 'lateral':
      return `LATERAL (${formatQuery(r.query)})${alias(r.alias)}`;
    case 'unnest':
      return `UNNEST(${list(r.args)})${r.withOrdinality ? ' WITH ORDINALITY' : ''}${alias(r.alias)}`;
    case 'sample':
      return `${relation(r.relation)} TABLESAMPLE ${r.method.toUpperCase()} (${formatExpr(r.percentage)})`;
    case 'join': {
      const right = r.right.kind === 'join' ? `(${relation(r.right)})` : relation(r.right);
      if (r.type === 'implicit') return `${relation(r.left)}, ${right}`;
      const left = r.left.kind === 'join' && r.left.type === 'implicit' ? `(${relation(r.left)})` : relation(r.left);
      if (r.type === 'cross') return `${left} CROSS JOIN ${right}`;
      const kw = `${r.natural ? 'NATURAL ' : ''}${r.type.toUpperCase()} JOIN`;
      const crit = r.on ? ` ON ${formatExpr(r.on)}` : r.using ? ` USING (${r.using.map(formatIdentifier).join(', ')})` : '';
      return `${left} ${kw} ${right}${crit}`;
    }
  }
}

function selectItem(i: SelectItem): string {
  if (i.kind === 'select_star') {
    const q = i.qualifier ? `${i.qualifier.map(formatIdentifier).join('.')}.*` : '*';
    return i.aliases ? `${q} AS (${i.aliases.map(formatIdentifier).join(', ')})` : q;
  }
  return formatExpr(i.expr) + (i.alias ? ` AS ${formatIdentifier(i.alias)}` : '');
}

function groupingElement(g: GroupingElement): string {
  const set = (es: Expr[]) => `(${list(es)})`;
  switch (g.kind) {
    case 'group_simple':
      return g.exprs.length === 1 ? formatExpr(g.exprs[0]) : set(g.exprs);
    case 'group_rollup':
      return `ROLLUP (${g.sets.map(set).join(', ')})`;
    case 'group_cube':
      return `CUBE (${g.sets.map(set).join(', ')})`;
    case 'group_sets':
      return `GROUPING SETS (${g.sets.map(set).join(', ')})`;
  }
}

function body(b: QueryBody, nested: boolean): string {
  switch (b.kind) {
    case 'select': {
      let s = `SELECT ${b.distinct ? 'DISTINCT ' : ''}${b.items.map(selectItem).join(', ')}`;
      if (b.from) s += ` FROM ${relation(b.from)}`;
      if (b.where) s += ` WHERE ${formatExpr(b.where)}`;
      if (b.groupBy) {
        s += ` GROUP BY ${b.groupBy.quantifier ? `${b.groupBy.quantifier.toUpperCase()} ` : ''}${b.groupBy.elements.map(groupingElement).join(', ')}`;
      }
      if (b.having) s += ` HAVING ${formatExpr(b.having)}`;
      if (b.windows.length) s += ` WINDOW ${b.windows.map((w) => `${formatIdentifier(w.name)} AS ${windowSpec(w.spec)}`).join(', ')}`;
      return nested ? `(${s})` : s;
    }
    case 'set_operation': {
      const s = `${body(b.left, true)} ${b.op.toUpperCase()} ${b.all ? 'ALL' : 'DISTINCT'} ${body(b.right, true)}`;
      return nested ? `(${s})` : s;
    }
    case 'values':
      return `${nested ? '(' : ''}VALUES ${b.rows.map((r) => (r.length === 1 ? formatExpr(r[0]) : `(${list(r)})`)).join(', ')}${nested ? ')' : ''}`;
    case 'table_body':
      return `${nested ? '(' : ''}TABLE ${nameOf(b.name)}${nested ? ')' : ''}`;
    case 'query':
      return `(${formatQuery(b)})`;
  }
}

/** Formats a query (WITH, body, ORDER BY, OFFSET, LIMIT). */
export function formatQuery(q: Query): string {
  let s = '';
  if (q.with) {
    s += `WITH ${q.with.ctes
      .map((c) => `${formatIdentifier(c.name)}${c.columns ? ` (${c.columns.map(formatIdentifier).join(', ')})` : ''} AS (${formatQuery(c.query)})`)
      .join(', ')} `;
  }
  s += body(q.body, false);
  if (q.orderBy.length) s += ` ORDER BY ${q.orderBy.map(sortItem).join(', ')}`;
  if (q.offset) s += ` OFFSET ${formatExpr(q.offset)}`;
  if (q.limit) s += q.limit.withTies ? ` FETCH FIRST ${formatExpr(q.limit.count)} ROWS WITH TIES` : ` LIMIT ${formatExpr(q.limit.count)}`;
  return s;
}

function properties(ps: Property[]): string {
  return `(${ps.map((p) => `${p.name} = ${formatExpr(p.value)}`).join(', ')})`;
}

/**
 * Formats a Trino-side statement.
 * @throws AegisError NOT_SUPPORTED for Hive DDL statements (they keep their source text).
 */
export function formatStatement(s: Statement): string {
  switch (s.kind) {
    case 'query':
      return formatQuery(s);
    case 'explain': {
      const opts = [s.type ? `TYPE ${s.type.toUpperCase()}` : '', s.format ? `FORMAT ${s.format.toUpperCase()}` : ''].filter(Boolean);
      const head = s.analyze ? `EXPLAIN ANALYZE${s.verbose ? ' VERBOSE' : ''}` : `EXPLAIN${opts.length ? ` (${opts.join(', ')})` : ''}`;
      return `${head} ${formatStatement(s.statement)}`;
    }
    case 'create_table_as':
      return (
        `CREATE ${s.orReplace ? 'OR REPLACE ' : ''}TABLE ${s.ifNotExists ? 'IF NOT EXISTS ' : ''}${nameOf(s.name)}` +
        (s.columns ? ` (${s.columns.map(formatIdentifier).join(', ')})` : '') +
        (s.comment !== undefined ? ` COMMENT ${quote(s.comment)}` : '') +
        (s.properties.length ? ` WITH ${properties(s.properties)}` : '') +
        ` AS ${formatQuery(s.query)}${s.withData ? '' : ' WITH NO DATA'}`
      );
    case 'insert':
      return `INSERT INTO ${nameOf(s.table)}${s.columns ? ` (${s.columns.map(formatIdentifier).join(', ')})` : ''} ${formatQuery(s.query)}`;
    case 'unload':
      return `UNLOAD (${formatQuery(s.query)}) TO ${quote(s.location)}${s.properties.length ? ` WITH ${properties(s.properties)}` : ''}`;
    case 'prepare':
      return `PREPARE ${formatIdentifier(s.name)} FROM ${formatStatement(s.statement)}`;
    case 'execute':
      return `EXECUTE ${formatIdentifier(s.name)}${s.args.length ? ` USING ${list(s.args)}` : ''}`;
    case 'deallocate':
      return `DEALLOCATE PREPARE ${formatIdentifier(s.name)}`;
    case 'create_view':
      return (
        `CREATE ${s.orReplace ? 'OR REPLACE ' : ''}VIEW ${nameOf(s.name)}` +
        (s.comment !== undefined ? ` COMMENT ${quote(s.comment)}` : '') +
        (s.security ? ` SECURITY ${s.security.toUpperCase()}` : '') +
        ` AS ${formatQuery(s.query)}`
      );
    case 'drop_view':
      return `DROP VIEW ${s.ifExists ? 'IF EXISTS ' : ''}${nameOf(s.name)}`;
    case 'use':
      return `USE ${s.catalog ? `${s.catalog}.` : ''}${s.schema}`;
    default:
      throw new AegisError('NOT_SUPPORTED', `Formatting ${s.kind} statements is not supported`);
  }
}
