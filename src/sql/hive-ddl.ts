/**
 * Athena's Hive DDL (CREATE [EXTERNAL] TABLE, databases, partitions, MSCK, SHOW, DESCRIBE) →
 * {@link Statement}. Hive constructs Athena does not accept are refused with NOT_SUPPORTED.
 */
import type * as H from 'dt-sql-parser/dist/lib/hive/HiveSqlParser';
import type { TerminalNode } from 'antlr4ng';
import type {
  ColumnDefinition,
  CreateTableStatement,
  PartitionKeyValue,
  RowFormatDelimited,
  Statement,
  StringProperty,
} from './ast.js';
import { decodeHiveString } from './literals.js';
import { hiveIdentifierOf, hiveObjectNameOf } from './hive-names.js';
import { hiveTypeOf } from './hive-type.js';
import { labelOf, notSupported, posOf, syntaxError, type WalkContext } from './walk-context.js';

function str(t: TerminalNode | null | undefined): string {
  return decodeHiveString(t?.getText() ?? "''");
}

function keyValuesOf(ctx: H.KeyValuePropertyListContext | null | undefined): StringProperty[] {
  return (ctx?.keyValueProperty() ?? []).map((kv) => ({ key: str(kv.StringLiteral(0)), value: str(kv.StringLiteral(1)) }));
}

function tablePropertiesOf(ctx: H.TablePropertiesContext): StringProperty[] {
  const list = ctx.tablePropertiesList();
  const kv = list.keyValuePropertyList();
  if (!kv) throw notSupported(list, 'A property list without values');
  return keyValuesOf(kv);
}

function columnOf(w: WalkContext, ctx: H.ColumnNameTypeConstraintContext): ColumnDefinition {
  if (ctx.columnConstraint()) throw notSupported(ctx.columnConstraint(), 'Column constraints');
  const typeCtx = ctx.columnType().type();
  const col: ColumnDefinition = {
    name: hiveIdentifierOf(ctx.columnNameCreate().id_()),
    type: hiveTypeOf(typeCtx),
    typeText: w.sourceOf(typeCtx),
    pos: posOf(ctx),
  };
  if (ctx.KW_COMMENT()) col.comment = str(ctx.StringLiteral());
  return col;
}

function columnNameOf(ctx: H.ColumnNameContext) {
  const path = ctx.poolPathAllowEmpty();
  const ids = path?.id_() ?? [];
  if (ids.length !== 1) throw syntaxError(posOf(ctx), `Expected a column name, found '${ctx.getText()}'`);
  return hiveIdentifierOf(ids[0]);
}

function rowFormatOf(ctx: H.TableRowFormatContext): CreateTableStatement['rowFormat'] {
  const serde = ctx.rowFormatSerde();
  if (serde) {
    const props = serde.tableProperties();
    return { kind: 'row_format_serde', serde: str(serde.StringLiteral()), properties: props ? tablePropertiesOf(props) : [] };
  }
  const d = ctx.rowFormatDelimited()!;
  const out: RowFormatDelimited = { kind: 'row_format_delimited' };
  const fields = d.tableRowFormatFieldIdentifier();
  if (fields) {
    out.fieldsTerminatedBy = str(fields.StringLiteral(0));
    if (fields.KW_ESCAPED()) out.escapedBy = str(fields.StringLiteral(1));
  }
  const coll = d.tableRowFormatCollItemsIdentifier();
  if (coll) out.collectionItemsTerminatedBy = str(coll.StringLiteral());
  const keys = d.tableRowFormatMapKeysIdentifier();
  if (keys) out.mapKeysTerminatedBy = str(keys.StringLiteral());
  const lines = d.tableRowFormatLinesIdentifier();
  if (lines) out.linesTerminatedBy = str(lines.StringLiteral());
  const nul = d.tableRowNullFormat();
  if (nul) out.nullDefinedAs = str(nul.StringLiteral());
  return out;
}

function storedAsOf(ctx: H.TableFileFormatContext): CreateTableStatement['storedAs'] {
  if (ctx.KW_BY() || ctx.KW_INPUTDRIVER()) throw notSupported(ctx, 'This STORED BY/AS form');
  if (ctx.KW_INPUTFORMAT()) {
    return { kind: 'stored_as_io', inputFormat: str(ctx.StringLiteral(0)), outputFormat: str(ctx.StringLiteral(1)) };
  }
  // `STORED AS PARQUET` reaches the grammar's generic-spec alternative, `STORED AS fmt` others.
  const spec = ctx._fileformat ?? ctx._genericSpec;
  return { kind: 'stored_as_format', format: spec!.getText().toUpperCase() };
}

function createTableOf(w: WalkContext, ctx: H.CreateTableStatementContext): Statement {
  if (ctx.KW_TEMPORARY()) throw notSupported(ctx.KW_TEMPORARY(), 'CREATE TEMPORARY TABLE');
  if (ctx.KW_TRANSACTIONAL()) throw notSupported(ctx.KW_TRANSACTIONAL(), 'CREATE TRANSACTIONAL TABLE');
  if (ctx.KW_MANAGED()) throw notSupported(ctx.KW_MANAGED(), 'CREATE MANAGED TABLE');
  if (ctx.likeTableOrFile()) throw notSupported(ctx.likeTableOrFile(), 'CREATE TABLE … LIKE');
  if (ctx.KW_AS()) throw notSupported(ctx.KW_AS(), 'Hive CREATE TABLE … AS SELECT; use CREATE TABLE t WITH (…) AS SELECT');
  if (ctx.tableSkewed()) throw notSupported(ctx.tableSkewed(), 'SKEWED BY');
  if (ctx.tableLifecycle()) throw notSupported(ctx.tableLifecycle(), 'LIFECYCLE');
  const columns = (ctx.columnNameTypeOrConstraintList()?.columnNameTypeOrConstraint() ?? []).map((c) => {
    const col = c.columnNameTypeConstraint();
    if (!col) throw notSupported(c, 'Table constraints');
    return columnOf(w, col);
  });
  const out: CreateTableStatement = {
    kind: 'create_table',
    external: ctx.KW_EXTERNAL() != null,
    ifNotExists: ctx.ifNotExists() != null,
    name: hiveObjectNameOf(ctx.tableNameCreate()),
    columns,
    partitionedBy: [],
    tblProperties: [],
    pos: posOf(ctx),
  };
  const comment = ctx.tableComment();
  if (comment) out.comment = str(comment.StringLiteral());
  const part = ctx.createTablePartitionSpec();
  if (part) {
    const typed = part.createTablePartitionColumnTypeSpec();
    if (!typed) throw notSupported(part, 'PARTITIONED BY without column types (Iceberg partition transforms)');
    out.partitionedBy = typed.columnNameTypeConstraint().map((c) => columnOf(w, c));
  }
  const buckets = ctx.tableBuckets();
  if (buckets) {
    const n = Number(buckets.Number().getText());
    if (!Number.isInteger(n) || n < 1) throw syntaxError(posOf(buckets.Number()), `Invalid bucket count: ${buckets.Number().getText()}`);
    out.clusteredBy = { columns: buckets.columnNameList().columnName().map(columnNameOf), buckets: n };
    const sorted = buckets.columnNameOrderList();
    if (sorted) {
      out.clusteredBy.sortedBy = sorted.columnNameOrder().map((o) => ({
        column: columnNameOf(o.columnName()),
        order: o.orderSpecification()?.KW_DESC() ? ('desc' as const) : ('asc' as const),
      }));
    }
  }
  const rf = ctx.tableRowFormat();
  if (rf) out.rowFormat = rowFormatOf(rf);
  const ff = ctx.tableFileFormat();
  if (ff) out.storedAs = storedAsOf(ff);
  const loc = ctx.locationPath();
  if (loc) out.location = str(loc.StringLiteral());
  const props = ctx.tablePropertiesPrefixed();
  if (props) out.tblProperties = tablePropertiesOf(props.tableProperties());
  return out;
}

function constantText(ctx: H.ConstantContext): string {
  const strings = ctx.StringLiteral();
  if (strings.length > 0 && !ctx.KW_DATE() && !ctx.KW_TIMESTAMP() && !ctx.CharSetName()) {
    return strings.map((s) => decodeHiveString(s.getText())).join('');
  }
  if (ctx.Number() || ctx.IntegralLiteral() || ctx.NumberLiteral()) return ctx.getText();
  if (ctx.KW_TRUE() || ctx.KW_FALSE()) return ctx.getText().toLowerCase();
  throw notSupported(ctx, `Partition value ${ctx.getText()}`);
}

function partitionSpecOf(ctx: H.PartitionSpecContext): PartitionKeyValue[] {
  return ctx.partitionVal().map((v) => {
    const c = v.constant();
    if (!c) throw syntaxError(posOf(v), `Partition column ${v.getText()} needs a value`);
    return { key: hiveIdentifierOf(v.id_()).name, value: constantText(c) };
  });
}

function alterOf(w: WalkContext, ctx: H.AlterStatementContext): Statement {
  const suffix = ctx.alterTableStatementSuffix();
  const table = ctx.tableName();
  if (!suffix || !table) throw notSupported(ctx, 'This ALTER statement');
  const name = hiveObjectNameOf(table);
  const pos = posOf(ctx);
  const drop = suffix.alterStatementSuffixDropPartitions();
  if (drop) {
    if (drop.KW_PURGE() || drop.KW_IGNORE()) throw notSupported(drop, 'DROP PARTITION … PURGE/IGNORE PROTECTION');
    const partitions = drop.partitionSelectorSpec().map((spec) =>
      spec.partitionSelectorVal().map((v) => {
        const op = v.subQuerySelectorOperator();
        if (v.KW_LIKE() || (op && op.getText() !== '=')) throw notSupported(v, 'A partition filter other than =');
        return { key: hiveIdentifierOf(v.id_()).name, value: constantText(v.constant()!) };
      }),
    );
    return { kind: 'drop_partitions', table: name, ifExists: drop.ifExists() != null, partitions, pos };
  }
  if (suffix.KW_ADD() && suffix.partitionSpec().length > 0) {
    // PARTITION (…) [LOCATION '…'] pairs, in order.
    const partitions: { spec: PartitionKeyValue[]; location?: string }[] = [];
    for (const child of suffix.children ?? []) {
      const label = labelOf(child);
      if (label === 'PartitionSpec') partitions.push({ spec: partitionSpecOf(child as H.PartitionSpecContext) });
      else if (label === 'LocationPath') partitions[partitions.length - 1].location = str((child as H.LocationPathContext).StringLiteral());
    }
    return { kind: 'add_partitions', table: name, ifNotExists: suffix.ifNotExists() != null, partitions, pos };
  }
  if (suffix.KW_SET() && suffix.KW_TBLPROPERTIES() && suffix.tableProperties()) {
    return { kind: 'set_tblproperties', table: name, properties: tablePropertiesOf(suffix.tableProperties()!), pos };
  }
  const part = suffix.alterTblPartitionStatementSuffix();
  if (part) {
    const spec = suffix.partitionSpec()[0];
    if (part.KW_SET() && part.KW_LOCATION()) {
      const out: Statement = { kind: 'set_location', table: name, location: str(part.StringLiteral()), pos };
      if (spec) out.partition = partitionSpecOf(spec);
      return out;
    }
    const list = part.columnNameTypeList();
    if (!spec && list && part.KW_COLUMNS() && (part.KW_ADD() || part.KW_REPLACE()) && !part.KW_CASCADE() && !part.restrictOrCascade()) {
      const columns = list.columnNameType().map((c) => {
        const typeCtx = c.columnType().type();
        const col: ColumnDefinition = {
          name: hiveIdentifierOf(c.columnNameCreate().id_()),
          type: hiveTypeOf(typeCtx),
          typeText: w.sourceOf(typeCtx),
          pos: posOf(c),
        };
        if (c.KW_COMMENT()) col.comment = str(c.StringLiteral());
        return col;
      });
      return { kind: part.KW_ADD() ? 'add_columns' : 'replace_columns', table: name, columns, pos };
    }
    throw notSupported(part, `ALTER TABLE … ${part.start?.text?.toUpperCase() ?? ''}`.trim());
  }
  throw notSupported(suffix, `ALTER TABLE ${suffix.start?.text?.toUpperCase() ?? ''}`.trim());
}

function patternOf(ctx: H.ShowStmtIdentifierContext | null | undefined): string | undefined {
  if (!ctx) return undefined;
  const s = ctx.StringLiteral();
  return s ? str(s) : ctx.getText();
}

function tableOrViewName(ctx: H.TableOrViewContext) {
  return hiveObjectNameOf((ctx.tableName() ?? ctx.viewName())!);
}

function showOf(ctx: H.ShowStatementContext): Statement {
  const pos = posOf(ctx);
  const db = ctx.dbSchemaName();
  const dbName = db ? hiveIdentifierOf(db.id_()).name : undefined;
  if (ctx.KW_DATABASES() || ctx.KW_SCHEMAS()) {
    const like = patternOf(ctx.showStmtIdentifier());
    return like === undefined ? { kind: 'show_databases', pos } : { kind: 'show_databases', like, pos };
  }
  if (ctx.KW_TABLES() && !ctx.KW_EXTENDED()) {
    const filter = ctx.showTablesFilterExpr();
    if (filter?.KW_WHERE()) throw notSupported(filter, 'SHOW TABLES … WHERE');
    const like = patternOf(filter?.showStmtIdentifier());
    return { kind: 'show_tables', ...(dbName ? { database: dbName } : {}), ...(like !== undefined ? { like } : {}), pos };
  }
  if (ctx.KW_VIEWS() && !ctx.KW_MATERIALIZED()) {
    const like = patternOf(ctx.showStmtIdentifier());
    return { kind: 'show_views', ...(dbName ? { database: dbName } : {}), ...(like !== undefined ? { like } : {}), pos };
  }
  if (ctx.KW_COLUMNS() && !ctx.KW_SORTED()) {
    const table = tableOrViewName(ctx.tableOrView()!);
    if (dbName) table.schema = dbName;
    return { kind: 'show_columns', table, pos };
  }
  if (ctx.KW_PARTITIONS()) {
    if (ctx.partitionSpec() || ctx.whereClause() || ctx.orderByClause() || ctx.limitClause()) {
      throw notSupported(ctx, 'SHOW PARTITIONS with a filter');
    }
    return { kind: 'show_partitions', table: tableOrViewName(ctx.tableOrView()!), pos };
  }
  if (ctx.KW_CREATE() && ctx.KW_TABLE()) return { kind: 'show_create', object: 'table', name: hiveObjectNameOf(ctx.tableName()!), pos };
  if (ctx.KW_TBLPROPERTIES()) {
    const table = hiveObjectNameOf(ctx.tableName()!);
    const key = ctx.StringLiteral();
    return key ? { kind: 'show_tblproperties', table, property: str(key), pos } : { kind: 'show_tblproperties', table, pos };
  }
  if (ctx.KW_FUNCTIONS()) {
    const like = patternOf(ctx.showStmtIdentifier());
    return like === undefined ? { kind: 'show_functions', pos } : { kind: 'show_functions', like, pos };
  }
  throw notSupported(ctx, `SHOW ${ctx.getChild(1)?.getText().toUpperCase() ?? ''}`.trim());
}

function describeOf(ctx: H.DescStatementContext): Statement {
  const expr = ctx.tabPartColTypeExpr();
  if (!expr) throw notSupported(ctx, 'DESCRIBE DATABASE/FUNCTION');
  if (expr.partitionSpec()) throw notSupported(expr.partitionSpec(), 'DESCRIBE of a partition');
  const out: Statement = {
    kind: 'describe',
    table: tableOrViewName(expr.tableOrView()),
    formatted: ctx.KW_FORMATTED() != null,
    extended: ctx.KW_EXTENDED() != null,
    pos: posOf(ctx),
  };
  const col = expr.extColumnName();
  if (col) {
    if (col.DOT().length > 0) throw notSupported(col, 'DESCRIBE of a nested field');
    out.column = columnNameOf(col.columnName()).name;
  }
  return out;
}

/** Hive `statement` rule → AST. */
export function hiveStatementOf(w: WalkContext, ctx: H.StatementContext): Statement {
  const exec = ctx.execStatement();
  const ddl = exec?.ddlStatement();
  if (!ddl) throw notSupported(ctx, 'This Hive statement');
  const pos = posOf(ddl);
  const c = ddl.getChild(0)!;
  switch (labelOf(c)) {
    case 'CreateTableStatement':
      return createTableOf(w, c as H.CreateTableStatementContext);
    case 'CreateDatabaseStatement': {
      const d = c as H.CreateDatabaseStatementContext;
      if (d.KW_REMOTE() || d.KW_MANAGEDLOCATION()) throw notSupported(d, 'REMOTE/MANAGEDLOCATION databases');
      const comment = d.databaseComment();
      const loc = d.locationPath();
      return {
        kind: 'create_database',
        name: hiveIdentifierOf(d.dbSchemaNameCreate()!.id_()).name,
        ifNotExists: d.ifNotExists() != null,
        ...(comment ? { comment: str(comment.StringLiteral()) } : {}),
        ...(loc ? { location: str(loc.StringLiteral()) } : {}),
        properties: keyValuesOf(d.keyValueProperties()?.keyValuePropertyList()),
        pos,
      };
    }
    case 'DropDatabaseStatement': {
      const d = c as H.DropDatabaseStatementContext;
      return {
        kind: 'drop_database',
        name: hiveIdentifierOf(d.dbSchemaName().id_()).name,
        ifExists: d.ifExists() != null,
        cascade: d.restrictOrCascade()?.KW_CASCADE() != null,
        pos,
      };
    }
    case 'DropTableStatement': {
      const d = c as H.DropTableStatementContext;
      if (d.KW_PURGE()) throw notSupported(d.KW_PURGE(), 'DROP TABLE … PURGE');
      return { kind: 'drop_table', name: hiveObjectNameOf(d.tableName()), ifExists: d.ifExists() != null, pos };
    }
    case 'AlterStatement':
      return alterOf(w, c as H.AlterStatementContext);
    case 'MetastoreCheck': {
      const m = c as H.MetastoreCheckContext;
      if (!m.KW_REPAIR() || !m.tableName()) throw syntaxError(pos, 'Expected MSCK REPAIR TABLE <table>');
      if (m.KW_PARTITIONS()) throw notSupported(m.KW_PARTITIONS(), 'MSCK REPAIR TABLE … ADD/DROP/SYNC PARTITIONS');
      return { kind: 'msck_repair', table: hiveObjectNameOf(m.tableName()!), pos };
    }
    case 'ShowStatement':
      return showOf(c as H.ShowStatementContext);
    case 'DescStatement':
      return describeOf(c as H.DescStatementContext);
    default:
      throw notSupported(ddl, `Statement ${ddl.start?.text?.toUpperCase() ?? ''}`.trim());
  }
}
