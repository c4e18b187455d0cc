/**
 * AST statements (see ast.ts for the conventions shared by all nodes).
 */
import type { SqlType } from '../types/sql-type.js';
import type { Identifier, ObjectName, Pos } from './ast.js';
import type { Expr } from './ast-expr.js';
import type { Query } from './ast-query.js';

/** `name = value` in Trino `WITH (…)` property lists (CTAS, UNLOAD). `name` lower-cased. */
export interface Property { name: string; value: Expr; pos?: Pos }
/** `'key' = 'value'` in Hive property lists (TBLPROPERTIES, SERDEPROPERTIES, DBPROPERTIES). */
export interface StringProperty { key: string; value: string }

/** `EXPLAIN [ANALYZE] [VERBOSE] [(TYPE t, FORMAT f)] statement`. */
export interface ExplainStatement {
  kind: 'explain';
  analyze: boolean;
  verbose: boolean;
  type?: 'logical' | 'distributed' | 'validate' | 'io';
  format?: 'text' | 'graphviz' | 'json';
  statement: Statement;
  pos?: Pos;
}
/**
 * `CREATE [OR REPLACE] TABLE [IF NOT EXISTS] t [(c1, …)] [COMMENT '…'] [WITH (props)] AS query
 * [WITH [NO] DATA]` (Trino syntax, Athena CTAS).
 */
export interface CreateTableAsStatement {
  kind: 'create_table_as';
  name: ObjectName;
  orReplace: boolean;
  ifNotExists: boolean;
  columns?: Identifier[];
  comment?: string;
  properties: Property[];
  query: Query;
  withData: boolean;
  pos?: Pos;
}
/** `INSERT INTO t [(c1, …)] query`. */
export interface InsertStatement {
  kind: 'insert';
  table: ObjectName;
  columns?: Identifier[];
  query: Query;
  pos?: Pos;
}
/** `UNLOAD (query) TO 's3://…' WITH (props)`. */
export interface UnloadStatement {
  kind: 'unload';
  query: Query;
  location: string;
  properties: Property[];
  pos?: Pos;
}
/** `PREPARE name FROM statement`. `sql` is the prepared statement's source text. */
export interface PrepareStatement { kind: 'prepare'; name: Identifier; statement: Statement; sql: string; pos?: Pos }
/** `EXECUTE name [USING e1, …]`. */
export interface ExecuteStatement { kind: 'execute'; name: Identifier; args: Expr[]; pos?: Pos }
/** `DEALLOCATE PREPARE name`. */
export interface DeallocateStatement { kind: 'deallocate'; name: Identifier; pos?: Pos }
/**
 * `CREATE [OR REPLACE] VIEW v [COMMENT '…'] [SECURITY DEFINER|INVOKER] AS query`.
 * `sql` is the query's source text, as a catalog stores it.
 */
export interface CreateViewStatement {
  kind: 'create_view';
  name: ObjectName;
  orReplace: boolean;
  comment?: string;
  security?: 'definer' | 'invoker';
  query: Query;
  sql: string;
  pos?: Pos;
}
/** `DROP VIEW [IF EXISTS] v`. */
export interface DropViewStatement { kind: 'drop_view'; name: ObjectName; ifExists: boolean; pos?: Pos }
/** `USE db` / `USE catalog.db`. */
export interface UseStatement { kind: 'use'; catalog?: string; schema: string; pos?: Pos }

/** A column of Hive DDL: `name type [COMMENT '…']`. `typeText` is the Hive spelling. */
export interface ColumnDefinition {
  name: Identifier;
  type: SqlType;
  typeText: string;
  comment?: string;
  pos?: Pos;
}
/** `ROW FORMAT DELIMITED …` (Hive escapes such as `'\t'`, `'\001'` already decoded). */
export interface RowFormatDelimited {
  kind: 'row_format_delimited';
  fieldsTerminatedBy?: string;
  escapedBy?: string;
  collectionItemsTerminatedBy?: string;
  mapKeysTerminatedBy?: string;
  linesTerminatedBy?: string;
  nullDefinedAs?: string;
}
/** `ROW FORMAT SERDE 'class' [WITH SERDEPROPERTIES (…)]`. */
export interface RowFormatSerde { kind: 'row_format_serde'; serde: string; properties: StringProperty[] }
/** `STORED AS fmt` (`format` upper-cased: TEXTFILE, PARQUET, ORC, …) or `STORED AS INPUTFORMAT … OUTPUTFORMAT …`. */
export type StoredAs =
  | { kind: 'stored_as_format'; format: string }
  | { kind: 'stored_as_io'; inputFormat: string; outputFormat: string };

/**
 * Hive-syntax `CREATE [EXTERNAL] TABLE [IF NOT EXISTS] t (cols) [COMMENT] [PARTITIONED BY (cols)]
 * [CLUSTERED BY (c) [SORTED BY …] INTO n BUCKETS] [ROW FORMAT …] [STORED AS …] [LOCATION '…']
 * [TBLPROPERTIES (…)]`. Parsed also without EXTERNAL (`external: false`) so the engine can
 * answer with Athena's own error for non-Iceberg tables.
 */
export interface CreateTableStatement {
  kind: 'create_table';
  external: boolean;
  ifNotExists: boolean;
  name: ObjectName;
  columns: ColumnDefinition[];
  comment?: string;
  partitionedBy: ColumnDefinition[];
  clusteredBy?: { columns: Identifier[]; sortedBy?: { column: Identifier; order: 'asc' | 'desc' }[]; buckets: number };
  rowFormat?: RowFormatDelimited | RowFormatSerde;
  storedAs?: StoredAs;
  location?: string;
  tblProperties: StringProperty[];
  pos?: Pos;
}
/** `CREATE DATABASE|SCHEMA [IF NOT EXISTS] db [COMMENT '…'] [LOCATION '…'] [WITH DBPROPERTIES (…)]`. */
export interface CreateDatabaseStatement {
  kind: 'create_database';
  name: string;
  ifNotExists: boolean;
  comment?: string;
  location?: string;
  properties: StringProperty[];
  pos?: Pos;
}
/** `DROP DATABASE|SCHEMA [IF EXISTS] db [CASCADE|RESTRICT]` (`cascade: false` = RESTRICT/default). */
export interface DropDatabaseStatement { kind: 'drop_database'; name: string; ifExists: boolean; cascade: boolean; pos?: Pos }
/** `DROP TABLE [IF EXISTS] t`. */
export interface DropTableStatement { kind: 'drop_table'; name: ObjectName; ifExists: boolean; pos?: Pos }
/**
 * A partition key/value pair in `PARTITION (k = v, …)`. `value` is the constant's text: string
 * literals unquoted/unescaped, numbers as written.
 */
export interface PartitionKeyValue { key: string; value: string }
/** `ALTER TABLE t ADD [IF NOT EXISTS] PARTITION (…) [LOCATION '…'] [PARTITION …]…`. */
export interface AddPartitionsStatement {
  kind: 'add_partitions';
  table: ObjectName;
  ifNotExists: boolean;
  partitions: { spec: PartitionKeyValue[]; location?: string }[];
  pos?: Pos;
}
/** `ALTER TABLE t DROP [IF EXISTS] PARTITION (…)[, PARTITION (…)]…`. */
export interface DropPartitionsStatement {
  kind: 'drop_partitions';
  table: ObjectName;
  ifExists: boolean;
  partitions: PartitionKeyValue[][];
  pos?: Pos;
}
/** `ALTER TABLE t SET TBLPROPERTIES ('k'='v', …)`. */
export interface SetTblPropertiesStatement { kind: 'set_tblproperties'; table: ObjectName; properties: StringProperty[]; pos?: Pos }
/** `ALTER TABLE t ADD COLUMNS (…)` / `ALTER TABLE t REPLACE COLUMNS (…)`. */
export interface AlterColumnsStatement {
  kind: 'add_columns' | 'replace_columns';
  table: ObjectName;
  columns: ColumnDefinition[];
  pos?: Pos;
}
/** `ALTER TABLE t [PARTITION (…)] SET LOCATION '…'`. */
export interface SetLocationStatement {
  kind: 'set_location';
  table: ObjectName;
  partition?: PartitionKeyValue[];
  location: string;
  pos?: Pos;
}
/** `MSCK REPAIR TABLE t`. */
export interface MsckRepairStatement { kind: 'msck_repair'; table: ObjectName; pos?: Pos }

/** `SHOW DATABASES|SCHEMAS [LIKE 'p']`. */
export interface ShowDatabasesStatement { kind: 'show_databases'; like?: string; pos?: Pos }
/** `SHOW TABLES [IN db] ['p' | LIKE 'p']`. */
export interface ShowTablesStatement { kind: 'show_tables'; database?: string; like?: string; pos?: Pos }
/** `SHOW VIEWS [IN db] [LIKE 'p']`. */
export interface ShowViewsStatement { kind: 'show_views'; database?: string; like?: string; pos?: Pos }
/** `SHOW PARTITIONS t`. */
export interface ShowPartitionsStatement { kind: 'show_partitions'; table: ObjectName; pos?: Pos }
/** `SHOW COLUMNS IN|FROM t [IN|FROM db]` (a second `db` fills `table.schema`). */
export interface ShowColumnsStatement { kind: 'show_columns'; table: ObjectName; pos?: Pos }
/** `SHOW CREATE TABLE t` / `SHOW CREATE VIEW v`. */
export interface ShowCreateStatement { kind: 'show_create'; object: 'table' | 'view'; name: ObjectName; pos?: Pos }
/** `SHOW TBLPROPERTIES t [('key')]`. */
export interface ShowTblPropertiesStatement { kind: 'show_tblproperties'; table: ObjectName; property?: string; pos?: Pos }
/** `SHOW FUNCTIONS [LIKE 'p']`. */
export interface ShowFunctionsStatement { kind: 'show_functions'; like?: string; pos?: Pos }
/** `DESCRIBE|DESC [FORMATTED|EXTENDED] t [column]`. */
export interface DescribeStatement {
  kind: 'describe';
  table: ObjectName;
  formatted: boolean;
  extended: boolean;
  column?: string;
  pos?: Pos;
}

/** Any statement aegis parses. `Query` stands for itself (a SELECT/VALUES/… statement). */
export type Statement =
  | Query
  | ExplainStatement
  | CreateTableAsStatement
  | InsertStatement
  | UnloadStatement
  | PrepareStatement
  | ExecuteStatement
  | DeallocateStatement
  | CreateViewStatement
  | DropViewStatement
  | UseStatement
  | CreateTableStatement
  | CreateDatabaseStatement
  | DropDatabaseStatement
  | DropTableStatement
  | AddPartitionsStatement
  | DropPartitionsStatement
  | MsckRepairStatement
  | SetTblPropertiesStatement
  | AlterColumnsStatement
  | SetLocationStatement
  | ShowDatabasesStatement
  | ShowTablesStatement
  | ShowViewsStatement
  | ShowPartitionsStatement
  | ShowColumnsStatement
  | ShowCreateStatement
  | ShowTblPropertiesStatement
  | ShowFunctionsStatement
  | DescribeStatement;

/** Statement kinds, for exhaustive switches. */
export type StatementKind = Statement['kind'];
/** Expression kinds, for exhaustive switches. */
export type ExprKind = Expr['kind'];
