/**
 * Whether a statement may resolve a table of the catalog, so an engine loads the object scan
 * (scan/, formats/: hyparquet, apache-arrow …) only for statements that can read objects. The
 * answer errs towards yes: any table reference anywhere in the tree (a CTE's name, a view and
 * `information_schema` included), the target of INSERT and CREATE TABLE AS (their existence is
 * checked through the catalog), and the statement an EXECUTE runs.
 */
import type * as A from '../sql/ast.js';

/** AST kinds whose presence means a table may be resolved. */
const RESOLVING_KINDS = new Set(['table', 'table_body', 'insert', 'create_table_as']);

/** Nesting of EXECUTE through prepared statements followed before answering yes anyway. */
const MAX_PREPARED_DEPTH = 8;

export function mayResolveTables(stmt: A.Statement, prepared: (name: string) => A.Statement | undefined): boolean {
  const visit = (node: unknown, depth: number): boolean => {
    if (Array.isArray(node)) return node.some((n) => visit(n, depth));
    if (node === null || typeof node !== 'object') return false;
    const kind = (node as { kind?: unknown }).kind;
    if (typeof kind === 'string' && RESOLVING_KINDS.has(kind)) return true;
    if (kind === 'execute') {
      if (depth >= MAX_PREPARED_DEPTH) return true;
      const target = prepared((node as A.ExecuteStatement).name.name);
      if (target && visit(target, depth + 1)) return true;
    }
    for (const v of Object.values(node)) if (visit(v, depth)) return true;
    return false;
  };
  return visit(stmt, 0);
}
