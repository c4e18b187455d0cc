/**
 * Trino statements (queries, CTAS, INSERT, views, EXPLAIN, prepared statements, USE) →
 * {@link Statement}. DDL that Athena runs through Hive never reaches this file (see route.ts),
 * except CREATE TABLE without AS written in Trino syntax, which is refused with a hint.
 */
import type * as T from 'dt-sql-parser/dist/lib/trino/TrinoSqlParser';
import type { Identifier, Property, Statement } from './ast.js';
import { exprOf, stringOf } from './trino-expr.js';
import { identifierOf, qualifiedNameOf, schemaNameOf, tableNameOf } from './trino-names.js';
import { rootQueryOf } from './trino-query.js';
import { labelOf, notSupported, posOf, syntaxError, type WalkContext } from './walk-context.js';

/** `WITH (name = value, …)` → properties (`DEFAULT` values are not supported). */
export function propertiesOf(w: WalkContext, ctx: T.PropertiesContext): Property[] {
  return ctx
    .propertyAssignments()
    .property()
    .map((p) => {
      const value = p.propertyValue();
      if (labelOf(value) === 'DefaultPropertyValue') throw notSupported(value, 'DEFAULT property value');
      return {
        name: identifierOf(p.identifier()).name.toLowerCase(),
        value: exprOf(w, (value as T.NonDefaultPropertyValueContext).expression()),
        pos: posOf(p),
      };
    });
}

const MULTI_WORD = new Set(['CREATE', 'DROP', 'ALTER', 'SHOW', 'COMMENT', 'SET', 'RESET', 'START', 'DESCRIBE', 'REFRESH']);

/** Statement keywords for the NOT_SUPPORTED message (`DELETE`, `CREATE MATERIALIZED VIEW`…). */
function statementName(ctx: T.StatementContext): string {
  const words: string[] = [];
  for (let i = 0; i < ctx.getChildCount() && words.length < 3; i++) {
    const child = ctx.getChild(i)!;
    if (labelOf(child) !== 'Terminal') break;
    words.push(child.getText().toUpperCase());
    if (!MULTI_WORD.has(words[0])) break;
  }
  return words.join(' ') || labelOf(ctx);
}

/** `singleStatement` rule. */
export function singleStatementOf(w: WalkContext, ctx: T.SingleStatementContext): Statement {
  return statementOf(w, ctx.statement());
}

/** `statement` rule. */
export function statementOf(w: WalkContext, ctx: T.StatementContext): Statement {
  const pos = posOf(ctx);
  switch (labelOf(ctx)) {
    case 'StatementDefault':
      return rootQueryOf(w, (ctx as T.StatementDefaultContext).rootQuery());
    case 'Use': {
      const name = schemaNameOf((ctx as T.UseContext).schemaRef());
      return { kind: 'use', ...name, pos };
    }
    case 'CreateTableAsSelect': {
      const c = ctx as T.CreateTableAsSelectContext;
      const cols = c.columnListCreate();
      const props = c.properties();
      const comment = c.string();
      const query = rootQueryOf(w, c.rootQuery()!);
      return {
        kind: 'create_table_as',
        name: tableNameOf(c.tableNameCreate()),
        orReplace: c.KW_REPLACE() != null,
        ifNotExists: c.KW_EXISTS() != null,
        ...(cols ? { columns: cols.columnNameCreate().map((n) => identifierOf(n.identifier())) } : {}),
        ...(comment ? { comment: stringOf(comment) } : {}),
        properties: props ? propertiesOf(w, props) : [],
        query,
        withData: c.KW_NO() == null,
        pos,
      };
    }
    case 'InsertInto': {
      const c = ctx as T.InsertIntoContext;
      const table = tableNameOf(c.tableRef());
      const list = c.columnList();
      let columns: Identifier[] | undefined;
      if (list) {
        columns = list.columnRef().map((r) => {
          const parts = qualifiedNameOf(r.qualifiedName()!);
          if (parts.length !== 1) throw syntaxError(posOf(r), `Column name in INSERT must not be qualified: ${r.getText()}`);
          return parts[0];
        });
      }
      const query = rootQueryOf(w, c.rootQuery());
      return { kind: 'insert', table, ...(columns ? { columns } : {}), query, pos };
    }
    case 'CreateView': {
      const c = ctx as T.CreateViewContext;
      if (c.properties()) throw notSupported(c.properties(), 'CREATE VIEW … WITH (properties)');
      const comment = c.string();
      const rq = c.rootQuery();
      return {
        kind: 'create_view',
        name: tableNameOf(c.viewNameCreate()),
        orReplace: c.KW_REPLACE() != null,
        ...(comment ? { comment: stringOf(comment) } : {}),
        ...(c.KW_SECURITY() ? { security: c.KW_DEFINER() ? ('definer' as const) : ('invoker' as const) } : {}),
        query: rootQueryOf(w, rq),
        sql: w.sourceOf(rq),
        pos,
      };
    }
    case 'DropView': {
      const c = ctx as T.DropViewContext;
      return { kind: 'drop_view', name: tableNameOf(c.viewRef()), ifExists: c.KW_EXISTS() != null, pos };
    }
    case 'Explain': {
      const c = ctx as T.ExplainContext;
      const out: Statement = { kind: 'explain', analyze: false, verbose: false, statement: statementOf(w, c.statement()), pos };
      for (const o of c.explainOption()) {
        const v = (o as T.ExplainTypeContext)._value!.text!.toLowerCase();
        if (labelOf(o) === 'ExplainType') out.type = v as 'logical' | 'distributed' | 'validate' | 'io';
        else out.format = v as 'text' | 'graphviz' | 'json';
      }
      return out;
    }
    case 'ExplainAnalyze': {
      const c = ctx as T.ExplainAnalyzeContext;
      return { kind: 'explain', analyze: true, verbose: c.KW_VERBOSE() != null, statement: statementOf(w, c.statement()), pos };
    }
    case 'Prepare': {
      const c = ctx as T.PrepareContext;
      const inner = c.statement();
      return { kind: 'prepare', name: identifierOf(c.identifier()), statement: statementOf(w, inner), sql: w.sourceOf(inner), pos };
    }
    case 'Execute': {
      const c = ctx as T.ExecuteContext;
      return { kind: 'execute', name: identifierOf(c.identifier()), args: c.expression().map((e) => exprOf(w, e)), pos };
    }
    case 'Deallocate':
      return { kind: 'deallocate', name: identifierOf((ctx as T.DeallocateContext).identifier()), pos };
    case 'ShowCreateView':
      return { kind: 'show_create', object: 'view', name: tableNameOf((ctx as T.ShowCreateViewContext).viewRef()), pos };
    case 'CreateTable':
      throw notSupported(ctx, 'CREATE TABLE with Trino column syntax; use CREATE EXTERNAL TABLE (Hive DDL) or CREATE TABLE … AS');
    default:
      throw notSupported(ctx, `Statement ${statementName(ctx)}`);
  }
}
