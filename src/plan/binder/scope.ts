/**
 * Name resolution scopes (Trino's rules). A scope lists the fields a relation exposes; a name
 * `a`, `t.a` or `db.t.a` resolves against the innermost scope first, then enclosing query scopes
 * (a correlated reference). Several matches in one scope is an ambiguity error. A dotted name
 * whose prefix resolves to a row-typed column continues as field dereferences (`col.field`).
 */
import { AegisError } from '../../errors.js';
import type { Pos } from '../../sql/ast.js';
import type { PlanColumn } from '../bound-expr.js';

export interface Field {
  /** Lower-cased column name; undefined for anonymous expressions. */
  readonly name: string | undefined;
  /** Relation qualifier, e.g. ['t'] or ['db', 't'], lower-cased. */
  readonly qualifier: readonly string[];
  readonly column: PlanColumn;
  /** Not expanded by `*` (e.g. the per-side copies of a USING column). */
  readonly hidden?: boolean;
  /** Only reachable with a qualifier (per-side copies of a USING column). */
  readonly qualifiedOnly?: boolean;
}

export interface Resolution {
  readonly field: Field;
  /** 0 = this scope; ≥ 1 = an enclosing query (correlated). */
  readonly depth: number;
  /** Name parts after the column: row field dereferences. */
  readonly rest: string[];
}

export class Scope {
  constructor(
    readonly fields: Field[],
    /** The enclosing query's scope, for correlated references. */
    readonly parent?: Scope,
    /** Lambda parameters visible here: name → slot + type. */
    readonly lambdas?: ReadonlyMap<string, { slot: number; column: PlanColumn }>,
  ) {}

  /** Fields matching `qualifier.name` in this scope only. */
  /** Names match case-insensitively, quoted or not (Athena/Trino column and table names). */
  private matches(qualifier: string[], name: string): Field[] {
    const n = name.toLowerCase();
    return this.fields.filter((f) => {
      if (f.name?.toLowerCase() !== n) return false;
      if (qualifier.length === 0) return !f.qualifiedOnly;
      if (qualifier.length > f.qualifier.length) return false;
      const off = f.qualifier.length - qualifier.length;
      return qualifier.every((q, i) => f.qualifier[off + i]!.toLowerCase() === q.toLowerCase());
    });
  }

  /**
   * Resolves a possibly qualified name.
   * @throws AegisError NOT_FOUND "Column 'x' cannot be resolved"; SYNTAX_ERROR "Column 'x' is ambiguous".
   */
  resolve(parts: string[], pos?: Pos): Resolution {
    const r = this.tryResolve(parts, 0, pos);
    if (r) return r;
    throw errAt('NOT_FOUND', `Column '${parts.join('.')}' cannot be resolved`, pos);
  }

  tryResolve(parts: string[], depth: number, pos?: Pos): Resolution | undefined {
    for (let n = parts.length; n >= 1; n--) {
      const qualifier = parts.slice(0, n - 1);
      const name = parts[n - 1]!;
      const found = this.matches(qualifier, name);
      if (found.length > 1) {
        throw errAt('SYNTAX_ERROR', `Column '${parts.slice(0, n).join('.')}' is ambiguous`, pos);
      }
      if (found.length === 1) return { field: found[0]!, depth, rest: parts.slice(n) };
    }
    return this.parent?.tryResolve(parts, depth + 1, pos);
  }

  /** Whether `qualifier` names a relation of this scope (for `t.*`). */
  fieldsOf(qualifier: string[]): Field[] {
    return this.fields.filter((f) => {
      if (f.hidden) return false;
      if (qualifier.length > f.qualifier.length) return false;
      const off = f.qualifier.length - qualifier.length;
      return qualifier.every((q, i) => f.qualifier[off + i]!.toLowerCase() === q.toLowerCase());
    });
  }

  lambda(name: string): { slot: number; column: PlanColumn } | undefined {
    return this.lambdas?.get(name) ?? undefined;
  }
}

export function posDetails(pos?: Pos): { line?: number; column?: number } {
  return pos ? { line: pos.line, column: pos.column } : {};
}

/** Appends ` at line:col` style position info to error messages (Trino prints `line 1:8:`). */
export function errAt(code: ConstructorParameters<typeof AegisError>[0], message: string, pos?: Pos): AegisError {
  const prefix = pos ? `line ${pos.line}:${pos.column}: ` : '';
  return new AegisError(code, prefix + message, posDetails(pos));
}
