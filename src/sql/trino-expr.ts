/**
 * Trino expressions (boolean, value, primary) → {@link Expr}.
 */
import type * as T from 'dt-sql-parser/dist/lib/trino/TrinoSqlParser';
import type { ParseTree } from 'antlr4ng';
import type {
  ComparisonOp,
  Expr,
  FrameBound,
  FunctionCall,
  IntervalField,
  IntervalLiteral,
  SortItem,
  WindowFrame,
  WindowRef,
  WindowSpec,
} from './ast.js';
import {
  decimalLiteral,
  decodeBinaryLiteral,
  decodeTrinoString,
  decodeUnicodeString,
  doubleLiteral,
  integerLiteral,
} from './literals.js';
import { identifierOf, qualifiedNameOf } from './trino-names.js';
import { queryOf } from './trino-query.js';
import { typeOf } from './trino-type.js';
import { labelOf, notSupported, posOf, syntaxError, unsupportedNode, type WalkContext } from './walk-context.js';

/** A `string` rule (basic or Unicode) → its value. */
export function stringOf(ctx: T.StringContext): string {
  if (labelOf(ctx) === 'UnicodeStringLiteral') {
    const u = ctx as T.UnicodeStringLiteralContext;
    return decodeUnicodeString(u.UNICODE_STRING().getText(), u.STRING()?.getText(), posOf(ctx));
  }
  return decodeTrinoString(ctx.getText());
}

const COMPARISON: Record<string, ComparisonOp> = { '=': '=', '<>': '<>', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

function comparisonOp(ctx: T.ComparisonOperatorContext): ComparisonOp {
  return COMPARISON[ctx.getText()];
}

/** `expression` rule. */
export function exprOf(w: WalkContext, ctx: T.ExpressionContext): Expr {
  return booleanOf(w, ctx.booleanExpression());
}

/** `booleanExpression` rule. */
export function booleanOf(w: WalkContext, ctx: T.BooleanExpressionContext): Expr {
  const pos = posOf(ctx);
  switch (labelOf(ctx)) {
    case 'Predicated': {
      const c = ctx as T.PredicatedContext;
      const value = valueOf(w, c.valueExpression());
      const p = c.predicate();
      return p ? predicateOf(w, value, p) : value;
    }
    case 'LogicalNot':
      return { kind: 'not', operand: booleanOf(w, (ctx as T.LogicalNotContext).booleanExpression()), pos };
    case 'And':
    case 'Or': {
      const c = ctx as T.AndContext;
      const left = booleanOf(w, c.booleanExpression(0)!);
      const right = booleanOf(w, c.booleanExpression(1)!);
      return { kind: 'logical', op: labelOf(ctx) === 'And' ? 'and' : 'or', left, right, pos };
    }
    default:
      return unsupportedNode(ctx, 'Expression');
  }
}

function predicateOf(w: WalkContext, left: Expr, ctx: T.PredicateContext): Expr {
  const pos = left.pos;
  switch (labelOf(ctx)) {
    case 'Comparison': {
      const c = ctx as T.ComparisonContext;
      return { kind: 'comparison', op: comparisonOp(c.comparisonOperator()), left, right: valueOf(w, c._right!), pos };
    }
    case 'QuantifiedComparison': {
      const c = ctx as T.QuantifiedComparisonContext;
      const q = c.comparisonQuantifier().getText().toLowerCase();
      return {
        kind: 'quantified_comparison',
        op: comparisonOp(c.comparisonOperator()),
        quantifier: q === 'all' ? 'all' : 'any',
        left,
        query: queryOf(w, c.query()),
        pos,
      };
    }
    case 'Between': {
      const c = ctx as T.BetweenContext;
      return { kind: 'between', operand: left, low: valueOf(w, c._lower!), high: valueOf(w, c._upper!), negated: !!c.KW_NOT(), pos };
    }
    case 'InList': {
      const c = ctx as T.InListContext;
      return { kind: 'in_list', operand: left, list: c.expression().map((e) => exprOf(w, e)), negated: !!c.KW_NOT(), pos };
    }
    case 'InSubquery': {
      const c = ctx as T.InSubqueryContext;
      return { kind: 'in_subquery', operand: left, query: queryOf(w, c.query()), negated: !!c.KW_NOT(), pos };
    }
    case 'Like': {
      const c = ctx as T.LikeContext;
      const out: Expr = { kind: 'like', operand: left, pattern: valueOf(w, c._pattern!), negated: !!c.KW_NOT(), pos };
      if (c._escape) out.escape = valueOf(w, c._escape);
      return out;
    }
    case 'NullPredicate':
      return { kind: 'is_null', operand: left, negated: !!(ctx as T.NullPredicateContext).KW_NOT(), pos };
    case 'DistinctFrom': {
      const c = ctx as T.DistinctFromContext;
      return { kind: 'is_distinct_from', left, right: valueOf(w, c._right!), negated: !!c.KW_NOT(), pos };
    }
    default:
      return unsupportedNode(ctx, 'Predicate');
  }
}

/** `valueExpression` rule. */
export function valueOf(w: WalkContext, ctx: T.ValueExpressionContext): Expr {
  const pos = posOf(ctx);
  switch (labelOf(ctx)) {
    case 'ValueExpressionDefault':
      return primaryOf(w, (ctx as T.ValueExpressionDefaultContext).primaryExpression());
    case 'AtTimeZone': {
      const c = ctx as T.AtTimeZoneContext;
      const tz = c.timeZoneSpecifier();
      const zone: Expr =
        labelOf(tz) === 'TimeZoneInterval'
          ? intervalOf((tz as T.TimeZoneIntervalContext).interval())
          : { kind: 'string', value: stringOf((tz as T.TimeZoneStringContext).string()), pos: posOf(tz) };
      return { kind: 'at_time_zone', operand: valueOf(w, c.valueExpression()), zone, pos };
    }
    case 'ArithmeticUnary': {
      const c = ctx as T.ArithmeticUnaryContext;
      return { kind: 'unary', op: c.MINUS() ? '-' : '+', operand: valueOf(w, c.valueExpression()), pos };
    }
    case 'ArithmeticBinary': {
      const c = ctx as T.ArithmeticBinaryContext;
      const op = c._operator!.text as '+' | '-' | '*' | '/' | '%';
      return { kind: 'arithmetic', op, left: valueOf(w, c._left!), right: valueOf(w, c._right!), pos };
    }
    case 'Concatenation': {
      const c = ctx as T.ConcatenationContext;
      return { kind: 'concat', left: valueOf(w, c._left!), right: valueOf(w, c._right!), pos };
    }
    default:
      return unsupportedNode(ctx, 'Expression');
  }
}

const INTERVAL_FIELDS = new Set(['year', 'month', 'day', 'hour', 'minute', 'second']);

/** `INTERVAL [+|-] 'v' FIELD [TO FIELD]`. */
export function intervalOf(ctx: T.IntervalContext): IntervalLiteral {
  const from = ctx._from_!.getText().toLowerCase() as IntervalField;
  const out: IntervalLiteral = {
    kind: 'interval',
    sign: ctx.MINUS() ? -1 : 1,
    value: stringOf(ctx.string()),
    from,
    pos: posOf(ctx),
  };
  if (ctx._to) {
    const to = ctx._to.getText().toLowerCase();
    if (!INTERVAL_FIELDS.has(to)) throw syntaxError(posOf(ctx._to), `Invalid interval field: ${to}`);
    out.to = to as IntervalField;
  }
  return out;
}

/** `ORDER BY` item. */
export function sortItemOf(w: WalkContext, ctx: T.SortItemContext): SortItem {
  const col = ctx.columnRef();
  const expr: Expr = col
    ? { kind: 'column', parts: qualifiedNameOf(col.qualifiedName()!), pos: posOf(col) }
    : exprOf(w, ctx.expression()!);
  const item: SortItem = { expr, order: ctx.KW_DESC() ? 'desc' : 'asc' };
  if (ctx.KW_NULLS()) item.nulls = ctx.KW_FIRST() ? 'first' : 'last';
  return item;
}

function frameBoundOf(w: WalkContext, ctx: T.FrameBoundContext): FrameBound {
  switch (labelOf(ctx)) {
    case 'UnboundedFrame':
      return { type: (ctx as T.UnboundedFrameContext).KW_PRECEDING() ? 'unbounded_preceding' : 'unbounded_following' };
    case 'CurrentRowBound':
      return { type: 'current_row' };
    default: {
      const c = ctx as T.BoundedFrameContext;
      return { type: c.KW_PRECEDING() ? 'preceding' : 'following', offset: exprOf(w, c.expression()) };
    }
  }
}

function frameOf(w: WalkContext, ctx: T.WindowFrameContext): WindowFrame {
  if (ctx.KW_MEASURES() || ctx.KW_PATTERN() || ctx.KW_DEFINE() || ctx.KW_AFTER()) {
    throw notSupported(ctx, 'Row pattern recognition in a window frame');
  }
  const e = ctx.frameExtent();
  const unit = e.KW_ROWS() ? 'rows' : e.KW_GROUPS() ? 'groups' : 'range';
  const frame: WindowFrame = { unit, start: frameBoundOf(w, e._start!) };
  if (e._end) frame.end = frameBoundOf(w, e._end);
  return frame;
}

/** `(existing PARTITION BY … ORDER BY … frame)`. */
export function windowSpecOf(w: WalkContext, ctx: T.WindowSpecificationContext): WindowSpec {
  const spec: WindowSpec = {
    kind: 'window_spec',
    partitionBy: ctx.partitionBy()?.expression().map((e) => exprOf(w, e)) ?? [],
    orderBy: ctx.sortItem().map((s) => sortItemOf(w, s)),
  };
  if (ctx._existingWindowName) spec.existing = identifierOf(ctx._existingWindowName);
  const frame = ctx.windowFrame();
  if (frame) spec.frame = frameOf(w, frame);
  return spec;
}

function overOf(w: WalkContext, ctx: T.OverContext): WindowSpec | WindowRef {
  const spec = ctx.windowSpecification();
  if (spec) return windowSpecOf(w, spec);
  return { kind: 'window_ref', name: identifierOf(ctx._windowName!) };
}

function functionCallOf(w: WalkContext, ctx: T.FunctionCallContext): FunctionCall {
  if (ctx.processingMode()) throw notSupported(ctx.processingMode(), 'RUNNING/FINAL processing mode');
  const name = qualifiedNameOf(ctx.functionName().qualifiedName())
    .map((p) => p.name.toLowerCase())
    .join('.');
  const call: FunctionCall = { kind: 'function', name, args: [], distinct: false, pos: posOf(ctx) };
  if (ctx.ASTERISK()) {
    if (ctx._label) throw notSupported(ctx, `${name}(${ctx._label.getText()}.*)`);
    call.star = true;
  } else {
    call.distinct = ctx.setQuantifier()?.KW_DISTINCT() != null;
    call.args = ctx.expression().map((e) => exprOf(w, e));
    if (ctx.KW_ORDER()) call.orderBy = ctx.sortItem().map((s) => sortItemOf(w, s));
  }
  const filter = ctx.filter();
  if (filter) call.filter = booleanOf(w, filter.whereClause().booleanExpression());
  const nt = ctx.nullTreatment();
  if (nt) call.nullTreatment = nt.KW_IGNORE() ? 'ignore' : 'respect';
  const over = ctx.over();
  if (over) call.over = overOf(w, over);
  return call;
}

function call(name: string, args: Expr[], ctx: ParseTree): FunctionCall {
  return { kind: 'function', name, args, distinct: false, pos: posOf(ctx) };
}

/** `primaryExpression` rule. */
export function primaryOf(w: WalkContext, ctx: T.PrimaryExpressionContext): Expr {
  const pos = posOf(ctx);
  switch (labelOf(ctx)) {
    case 'NullLiteral':
      return { kind: 'null', pos };
    case 'IntervalLiteral':
      return intervalOf((ctx as T.IntervalLiteralContext).interval());
    case 'TypeConstructor': {
      const c = ctx as T.TypeConstructorContext;
      const id = c.identifier();
      const type = id ? identifierOf(id).name.toLowerCase() : 'double';
      const value = stringOf(c.string());
      return { kind: 'typed_literal', type, value, pos };
    }
    case 'NumericLiteral':
      return numberOf((ctx as T.NumericLiteralContext).number());
    case 'BooleanLiteral':
      return { kind: 'boolean', value: (ctx as T.BooleanLiteralContext).booleanValue().KW_TRUE() != null, pos };
    case 'StringLiteral':
      return { kind: 'string', value: stringOf((ctx as T.StringLiteralContext).string()), pos };
    case 'BinaryLiteral':
      return { kind: 'binary', hex: decodeBinaryLiteral(ctx.getText(), pos), pos };
    case 'Parameter':
      return { kind: 'parameter', index: w.nextParameter++, pos };
    case 'Position': {
      const c = ctx as T.PositionContext;
      return call('strpos', [valueOf(w, c.valueExpression(1)!), valueOf(w, c.valueExpression(0)!)], ctx);
    }
    case 'RowConstructor':
      return { kind: 'row', fields: (ctx as T.RowConstructorContext).expression().map((e) => exprOf(w, e)), pos };
    case 'ListAgg':
      return listAggOf(w, ctx as T.ListAggContext);
    case 'FunctionCall':
      return functionCallOf(w, ctx as T.FunctionCallContext);
    case 'Coalesce':
      return call('coalesce', (ctx as T.CoalesceContext).expression().map((e) => exprOf(w, e)), ctx);
    case 'Lambda': {
      const c = ctx as T.LambdaContext;
      return { kind: 'lambda', params: c.identifier().map(identifierOf), body: exprOf(w, c.expression()), pos };
    }
    case 'SubqueryExpression':
      return { kind: 'subquery', query: queryOf(w, (ctx as T.SubqueryExpressionContext).query()), pos };
    case 'Exists':
      return { kind: 'exists', query: queryOf(w, (ctx as T.ExistsContext).query()), pos };
    case 'SimpleCase': {
      const c = ctx as T.SimpleCaseContext;
      const out: Expr = { kind: 'case', operand: exprOf(w, c._operand!), whens: whensOf(w, c.whenClause()), pos };
      if (c._elseExpression) out.else = exprOf(w, c._elseExpression);
      return out;
    }
    case 'SearchedCase': {
      const c = ctx as T.SearchedCaseContext;
      const out: Expr = { kind: 'case', whens: whensOf(w, c.whenClause()), pos };
      if (c._elseExpression) out.else = exprOf(w, c._elseExpression);
      return out;
    }
    case 'Cast': {
      const c = ctx as T.CastContext;
      const operand = exprOf(w, c.expression());
      const typeCtx = c.type();
      return { kind: 'cast', operand, type: typeOf(typeCtx), typeText: w.sourceOf(typeCtx), safe: c.KW_TRY_CAST() != null, pos };
    }
    case 'ArrayConstructor':
      return { kind: 'array', elements: (ctx as T.ArrayConstructorContext).expression().map((e) => exprOf(w, e)), pos };
    case 'Subscript': {
      const c = ctx as T.SubscriptContext;
      return { kind: 'subscript', base: primaryOf(w, c._value!), index: valueOf(w, c._index!), pos };
    }
    case 'ColumnReference':
      return { kind: 'column', parts: qualifiedNameOf((ctx as T.ColumnReferenceContext).columnName().qualifiedName()!), pos };
    case 'Dereference': {
      const c = ctx as T.DereferenceContext;
      const base = primaryOf(w, c._base!);
      const field = identifierOf(c._fieldName!);
      if (base.kind === 'column') return { kind: 'column', parts: [...base.parts, field], pos: base.pos };
      return { kind: 'field', base, field, pos };
    }
    case 'CurrentDate':
      return { kind: 'current', what: 'current_date', pos };
    case 'CurrentTime':
    case 'CurrentTimestamp':
    case 'LocalTime':
    case 'LocalTimestamp': {
      const label = labelOf(ctx);
      const what = (
        { CurrentTime: 'current_time', CurrentTimestamp: 'current_timestamp', LocalTime: 'localtime', LocalTimestamp: 'localtimestamp' } as const
      )[label as 'CurrentTime'];
      const p = (ctx as T.CurrentTimestampContext)._precision;
      return p ? { kind: 'current', what, precision: Number(p.text), pos } : { kind: 'current', what, pos };
    }
    case 'CurrentUser':
      return { kind: 'current', what: 'current_user', pos };
    case 'CurrentCatalog':
      return { kind: 'current', what: 'current_catalog', pos };
    case 'CurrentSchema':
      return { kind: 'current', what: 'current_schema', pos };
    case 'Trim': {
      const c = ctx as T.TrimContext;
      const spec = c.trimsSpecification()?.getText().toLowerCase() as 'both' | 'leading' | 'trailing' | undefined;
      const out: Expr = { kind: 'trim', spec: spec ?? 'both', operand: valueOf(w, c._trimSource!), pos };
      if (c._trimChar) out.chars = valueOf(w, c._trimChar);
      return out;
    }
    case 'Substring': {
      const c = ctx as T.SubstringContext;
      return call('substr', c.valueExpression().map((v) => valueOf(w, v)), ctx);
    }
    case 'Normalize': {
      const c = ctx as T.NormalizeContext;
      const args: Expr[] = [valueOf(w, c.valueExpression())];
      const form = c.normalForm();
      if (form) args.push({ kind: 'string', value: form.getText().toUpperCase(), pos: posOf(form) });
      return call('normalize', args, ctx);
    }
    case 'Extract': {
      const c = ctx as T.ExtractContext;
      return { kind: 'extract', field: identifierOf(c.identifier()).name.toLowerCase(), operand: valueOf(w, c.valueExpression()), pos };
    }
    case 'ParenthesizedExpression':
      return exprOf(w, (ctx as T.ParenthesizedExpressionContext).expression());
    case 'GroupingOperation': {
      const c = ctx as T.GroupingOperationContext;
      const args: Expr[] = c.qualifiedName().map((q) => ({ kind: 'column', parts: qualifiedNameOf(q), pos: posOf(q) }));
      return call('grouping', args, ctx);
    }
    case 'CurrentPath':
      throw notSupported(ctx, 'CURRENT_PATH');
    case 'Measure':
      throw notSupported(ctx, 'Row pattern measure');
    default:
      return unsupportedNode(ctx, 'Expression');
  }
}

function whensOf(w: WalkContext, ctxs: T.WhenClauseContext[]) {
  return ctxs.map((c) => ({ when: exprOf(w, c._condition!), then: exprOf(w, c._result!) }));
}

function listAggOf(w: WalkContext, ctx: T.ListAggContext): FunctionCall {
  const overflow = ctx.listAggOverflowBehavior();
  if (overflow && !overflow.KW_ERROR()) throw notSupported(overflow, 'LISTAGG ON OVERFLOW TRUNCATE');
  const args: Expr[] = [exprOf(w, ctx.expression())];
  const sep = ctx.string();
  args.push({ kind: 'string', value: sep ? stringOf(sep) : '', pos: posOf(sep ?? ctx) });
  const out = call('listagg', args, ctx);
  out.distinct = ctx.setQuantifier()?.KW_DISTINCT() != null;
  out.orderBy = ctx.sortItem().map((s) => sortItemOf(w, s));
  const filter = ctx.filter();
  if (filter) out.filter = booleanOf(w, filter.whereClause().booleanExpression());
  return out;
}

/** `number` rule (optionally negative). */
export function numberOf(ctx: T.NumberContext): Expr {
  const pos = posOf(ctx);
  const label = labelOf(ctx);
  const c = ctx as T.IntegerLiteralContext;
  const negative = c.MINUS() != null;
  const text = ctx.getText().replace(/^-/, '');
  if (label === 'DecimalLiteral') return decimalLiteral(text, negative, pos);
  if (label === 'DoubleLiteral') return doubleLiteral(text, negative, pos);
  return integerLiteral(text, negative, pos);
}
