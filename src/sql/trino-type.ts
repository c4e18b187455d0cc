/**
 * Trino type syntax (`CAST(x AS decimal(10,2))`, `array(row(a integer))`, …) → {@link SqlType}.
 */
import type {
  ArrayTypeContext,
  DateTimeTypeContext,
  TimeTypeContext,
  GenericTypeContext,
  IntervalTypeContext,
  LegacyArrayTypeContext,
  LegacyMapTypeContext,
  RowTypeContext,
  TypeContext,
  TypeParameterContext,
} from 'dt-sql-parser/dist/lib/trino/TrinoSqlParser';
import type { SqlType } from '../types/sql-type.js';
import { identifierOf } from './trino-names.js';
import { labelOf, notSupported, posOf, syntaxError } from './walk-context.js';

function intParam(p: TypeParameterContext | null, what: string): number {
  const tok = p?.INTEGER_VALUE();
  if (!p || !tok) throw syntaxError(posOf(p), `${what} must be an integer`);
  return Number(tok.getText().replace(/_/g, ''));
}

function typeParam(p: TypeParameterContext): SqlType {
  const t = p.type();
  if (!t) throw syntaxError(posOf(p), 'Expected a type parameter');
  return typeOf(t);
}

function checkArity(ctx: GenericTypeContext, name: string, min: number, max: number): TypeParameterContext[] {
  const params = ctx.typeParameter();
  if (params.length < min || params.length > max) {
    throw syntaxError(posOf(ctx), `Type ${name} takes ${min === max ? min : `${min} to ${max}`} parameter(s), got ${params.length}`);
  }
  return params;
}

function genericType(ctx: GenericTypeContext): SqlType {
  const name = identifierOf(ctx.identifier()).name.toLowerCase();
  switch (name) {
    case 'boolean':
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'bigint':
    case 'real':
    case 'double':
    case 'varbinary':
    case 'date':
    case 'json':
      checkArity(ctx, name, 0, 0);
      return { kind: name };
    case 'int':
      checkArity(ctx, name, 0, 0);
      return { kind: 'integer' };
    case 'decimal':
    case 'numeric': {
      const ps = checkArity(ctx, name, 0, 2);
      const precision = ps.length > 0 ? intParam(ps[0], 'DECIMAL precision') : 38;
      const scale = ps.length > 1 ? intParam(ps[1], 'DECIMAL scale') : 0;
      if (precision < 1 || precision > 38) throw syntaxError(posOf(ctx), `DECIMAL precision must be in range [1, 38]: ${precision}`);
      if (scale < 0 || scale > precision) throw syntaxError(posOf(ctx), `DECIMAL scale must be in range [0, precision (${precision})]: ${scale}`);
      return { kind: 'decimal', precision, scale };
    }
    case 'varchar': {
      const ps = checkArity(ctx, name, 0, 1);
      return ps.length ? { kind: 'varchar', length: intParam(ps[0], 'VARCHAR length') } : { kind: 'varchar' };
    }
    case 'char': {
      const ps = checkArity(ctx, name, 0, 1);
      return { kind: 'char', length: ps.length ? intParam(ps[0], 'CHAR length') : 1 };
    }
    case 'array': {
      const [p] = checkArity(ctx, name, 1, 1);
      return { kind: 'array', element: typeParam(p) };
    }
    case 'map': {
      const [k, v] = checkArity(ctx, name, 2, 2);
      return { kind: 'map', key: typeParam(k), value: typeParam(v) };
    }
    default:
      throw notSupported(ctx, `Type '${name}'`);
  }
}

/** Converts a parsed Trino type; throws NOT_SUPPORTED for types aegis has no representation of. */
export function typeOf(ctx: TypeContext): SqlType {
  switch (labelOf(ctx)) {
    case 'GenericType':
      return genericType(ctx as GenericTypeContext);
    case 'RowType':
      return {
        kind: 'row',
        fields: (ctx as RowTypeContext).rowField().map((f) => {
          const id = f.identifier();
          const type = typeOf(f.type());
          return id ? { name: identifierOf(id).name, type } : { type };
        }),
      };
    case 'DoublePrecisionType':
      return { kind: 'double' };
    case 'DateTimeType': {
      const c = ctx as DateTimeTypeContext;
      const p = c._precision ? intParam(c._precision, 'TIMESTAMP precision') : 3;
      if (p < 0 || p > 12) throw syntaxError(posOf(ctx), `TIMESTAMP precision must be in range [0, 12]: ${p}`);
      return c.KW_WITH() ? { kind: 'timestamp', precision: p, withTimeZone: true } : { kind: 'timestamp', precision: p };
    }
    case 'IntervalType': {
      const c = ctx as IntervalTypeContext;
      const from = c._from_?.getText().toLowerCase();
      const to = c._to?.getText().toLowerCase();
      if (from === 'year' && (to === 'month' || to === undefined)) return { kind: 'interval_year_month' };
      if (from === 'day' && (to === 'second' || to === undefined)) return { kind: 'interval_day_second' };
      throw notSupported(ctx, `Interval type INTERVAL ${from?.toUpperCase()}${to ? ` TO ${to.toUpperCase()}` : ''}`);
    }
    case 'LegacyArrayType':
      return { kind: 'array', element: typeOf((ctx as LegacyArrayTypeContext).type()) };
    case 'LegacyMapType': {
      const c = ctx as LegacyMapTypeContext;
      return { kind: 'map', key: typeOf(c.type_(0)!), value: typeOf(c.type_(1)!) };
    }
    case 'ArrayType': {
      const c = ctx as ArrayTypeContext;
      if (c.INTEGER_VALUE()) throw notSupported(ctx, 'Array type with a maximum cardinality');
      return { kind: 'array', element: typeOf(c.type()) };
    }
    case 'TimeType': {
      const c = ctx as TimeTypeContext;
      const p = c._precision ? intParam(c._precision, 'TIME precision') : 3;
      if (p < 0 || p > 12) throw syntaxError(posOf(ctx), `TIME precision must be in range [0, 12]: ${p}`);
      return c.KW_WITH() ? { kind: 'time', precision: p, withTimeZone: true } : { kind: 'time', precision: p };
    }
    default:
      throw notSupported(ctx, `Type ${ctx.getText()}`);
  }
}
