/**
 * Partition projection settings from TBLPROPERTIES (Athena's `projection.*` and
 * `storage.location.template`), parsed and validated. CREATE TABLE validates them so a typo fails
 * the DDL naming the property, instead of failing every later query.
 */
import { AegisError } from '../../errors.js';
import { DateFormat, parseUnit, type ChronoUnit } from './date-format.js';

export type ColumnProjection =
  | { type: 'enum'; values: string[] }
  | { type: 'integer'; min: number; max: number; interval: number; digits?: number }
  | { type: 'date'; format: DateFormat; start: DateBound; end: DateBound; interval: number; unit: ChronoUnit }
  | { type: 'injected' };

/** A date range end: a fixed date, or NOW shifted by an amount (`NOW-3YEARS`). */
export type DateBound = { kind: 'fixed'; date: Date } | { kind: 'now'; amount: number; unit: ChronoUnit };

export interface ProjectionConfig {
  readonly enabled: boolean;
  /** Per partition key (lower-case), in key order. */
  readonly columns: ReadonlyMap<string, ColumnProjection>;
  /** `storage.location.template` with `${key}` placeholders. */
  readonly locationTemplate?: string;
}

const COLUMN_PROPS = new Set(['type', 'values', 'range', 'format', 'interval', 'interval.unit', 'digits']);
const TYPES = new Set(['enum', 'integer', 'date', 'injected']);

function invalid(property: string, value: string | undefined, why: string): never {
  const shown = value === undefined ? '' : ` = '${value}'`;
  throw new AegisError('INVALID_ARGUMENT', `Invalid table property '${property}'${shown}: ${why}`, { property });
}

/** Whether `projection.enabled` is set to true. */
export function projectionEnabled(params: Readonly<Record<string, string>>): boolean {
  return (params['projection.enabled'] ?? '').trim().toLowerCase() === 'true';
}

/**
 * Parses and validates the projection properties against the partition keys.
 * With `projection.enabled=true` every partition key needs a complete configuration.
 * @throws AegisError INVALID_ARGUMENT naming the offending property.
 */
export function parseProjectionConfig(params: Readonly<Record<string, string>>, partitionKeys: readonly string[]): ProjectionConfig {
  const keys = partitionKeys.map((k) => k.toLowerCase());
  const enabledText = params['projection.enabled'];
  if (enabledText !== undefined && !/^(true|false)$/i.test(enabledText.trim())) {
    invalid('projection.enabled', enabledText, "must be 'true' or 'false'");
  }
  const enabled = projectionEnabled(params);
  if (enabled && keys.length === 0) invalid('projection.enabled', enabledText, 'the table has no partition keys to project');

  // Group projection.<col>.<prop> by column, rejecting unknown columns and properties.
  const byColumn = new Map<string, Map<string, string>>();
  for (const [prop, value] of Object.entries(params)) {
    if (!prop.startsWith('projection.') || prop === 'projection.enabled') continue;
    const rest = prop.slice('projection.'.length);
    const dot = rest.indexOf('.');
    const col = dot < 0 ? rest : rest.slice(0, dot).toLowerCase();
    const sub = dot < 0 ? '' : rest.slice(dot + 1);
    if (!keys.includes(col)) invalid(prop, value, `'${col}' is not a partition key of the table`);
    if (!COLUMN_PROPS.has(sub)) invalid(prop, value, `unknown projection setting '${sub}'`);
    let m = byColumn.get(col);
    if (!m) byColumn.set(col, (m = new Map()));
    m.set(sub, value);
  }

  const columns = new Map<string, ColumnProjection>();
  for (const col of keys) {
    const m = byColumn.get(col);
    if (!m) {
      if (enabled) invalid(`projection.${col}.type`, undefined, `partition key '${col}' has no projection type (enum, integer, date or injected)`);
      continue;
    }
    columns.set(col, parseColumn(col, m, enabled));
  }

  const template = params['storage.location.template'];
  if (template !== undefined) {
    if (!/^s3:\/\/[^/]+\//.test(template)) invalid('storage.location.template', template, 'must be an s3://bucket/… URI');
    for (const [, name] of template.matchAll(/\$\{([^}]*)\}/g)) {
      if (!keys.includes(name!.toLowerCase())) invalid('storage.location.template', template, `placeholder \${${name}} is not a partition key`);
    }
  }
  return { enabled, columns, ...(template !== undefined ? { locationTemplate: template } : {}) };
}

function parseColumn(col: string, m: Map<string, string>, enabled: boolean): ColumnProjection {
  const p = (sub: string): string => `projection.${col}.${sub}`;
  const typeText = m.get('type');
  if (typeText === undefined) {
    if (enabled) invalid(p('type'), undefined, 'is required');
    return { type: 'injected' };
  }
  const type = typeText.trim().toLowerCase();
  if (!TYPES.has(type)) invalid(p('type'), typeText, 'must be one of enum, integer, date, injected');
  const allowed: Record<string, string[]> = {
    enum: ['type', 'values'],
    integer: ['type', 'range', 'interval', 'digits'],
    date: ['type', 'range', 'format', 'interval', 'interval.unit'],
    injected: ['type'],
  };
  for (const sub of m.keys()) {
    if (!allowed[type]!.includes(sub)) invalid(p(sub), m.get(sub), `does not apply to projection type ${type}`);
  }
  const positiveInt = (sub: string): number | undefined => {
    const v = m.get(sub);
    if (v === undefined) return undefined;
    if (!/^\s*\d+\s*$/.test(v) || Number(v) < 1) invalid(p(sub), v, 'must be a positive integer');
    return Number(v);
  };
  switch (type) {
    case 'enum': {
      const v = m.get('values');
      if (v === undefined || v.trim() === '') invalid(p('values'), v, 'is required for enum projection (comma-separated values)');
      return { type: 'enum', values: v.split(',').map((s) => s.trim()) };
    }
    case 'integer': {
      const r = m.get('range');
      const mm = r === undefined ? null : /^\s*(-?\d+)\s*,\s*(-?\d+)\s*$/.exec(r);
      if (!mm) invalid(p('range'), r, "is required for integer projection as 'min,max'");
      const min = Number(mm[1]);
      const max = Number(mm[2]);
      if (min > max) invalid(p('range'), r, 'min must not exceed max');
      const digits = positiveInt('digits');
      return { type: 'integer', min, max, interval: positiveInt('interval') ?? 1, ...(digits !== undefined ? { digits } : {}) };
    }
    case 'date': {
      const f = m.get('format');
      if (f === undefined || f.trim() === '') invalid(p('format'), f, 'is required for date projection (a Java date pattern)');
      let format: DateFormat;
      try {
        format = new DateFormat(f);
      } catch (e) {
        invalid(p('format'), f, e instanceof Error ? e.message : String(e));
      }
      const r = m.get('range');
      const parts = r?.split(',');
      if (!parts || parts.length !== 2) invalid(p('range'), r, "is required for date projection as 'start,end' (dates in the format, or NOW[+-N<UNIT>])");
      const start = parseDateBound(parts[0]!.trim(), format, p('range'), r);
      const end = parseDateBound(parts[1]!.trim(), format, p('range'), r);
      const unitText = m.get('interval.unit');
      const unit = unitText === undefined ? format.finestUnit() : parseUnit(unitText);
      if (!unit) invalid(p('interval.unit'), unitText, 'must be one of YEARS, MONTHS, WEEKS, DAYS, HOURS, MINUTES, SECONDS');
      return { type: 'date', format, start, end, interval: positiveInt('interval') ?? 1, unit };
    }
    default:
      return { type: 'injected' };
  }
}

function parseDateBound(text: string, format: DateFormat, prop: string, value: string | undefined): DateBound {
  const now = /^NOW\s*(?:([+-])\s*(\d+)\s*([A-Za-z]+))?$/i.exec(text);
  if (now) {
    if (!now[1]) return { kind: 'now', amount: 0, unit: 'DAYS' };
    const unit = parseUnit(now[3]!);
    if (!unit) invalid(prop, value, `unknown unit '${now[3]}' in '${text}'`);
    return { kind: 'now', amount: (now[1] === '-' ? -1 : 1) * Number(now[2]), unit };
  }
  const d = format.parse(text);
  if (!d) invalid(prop, value, `'${text}' does not match the format '${format.pattern}'`);
  return { kind: 'fixed', date: d };
}
