/**
 * `SHOW CREATE TABLE t` / `SHOW CREATE VIEW v`: the DDL that recreates the object, laid out as
 * Hive (and so Athena) prints it, one `createtab_stmt` row per line:
 *
 *   CREATE EXTERNAL TABLE `db`.`t`(
 *     `id` int COMMENT 'the id',
 *     `name` string)
 *   PARTITIONED BY (
 *     `dt` string)
 *   ROW FORMAT SERDE
 *     'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
 *   STORED AS INPUTFORMAT
 *     '…'
 *   OUTPUTFORMAT
 *     '…'
 *   LOCATION
 *     's3://bucket/t/'
 *   TBLPROPERTIES (
 *     'classification'='parquet')
 *
 * A LazySimpleSerDe table whose SerDe properties are only delimiters prints as
 * `ROW FORMAT DELIMITED` with its clauses, as Hive does. Hive's trailing spaces are not kept.
 */
import { AegisError } from '../../errors.js';
import type { ShowCreateStatement } from '../../sql/ast.js';
import type { TableMeta } from '../catalog.js';
import { DELIMITED_PROPERTIES, SERDE } from '../storage-format.js';
import { atPos, requireTable, textResult, type DdlContext, type DdlResult } from './ddl-context.js';

export function showCreateTable(stmt: ShowCreateStatement, ctx: DdlContext): DdlResult {
  return atPos(stmt.pos, () => {
    const t = requireTable(ctx, stmt.name);
    const isView = t.tableType === 'VIRTUAL_VIEW';
    if (stmt.object === 'view' && !isView) {
      throw new AegisError('INVALID_ARGUMENT', `Relation ${t.database}.${t.name} is a table, not a view`, { database: t.database, table: t.name });
    }
    if (stmt.object === 'table' && isView) {
      throw new AegisError('INVALID_ARGUMENT', `Relation ${t.database}.${t.name} is a view, not a table; use SHOW CREATE VIEW`, {
        database: t.database,
        table: t.name,
      });
    }
    const lines = isView ? viewDdl(t) : tableDdl(t);
    return textResult(['createtab_stmt'], lines.map((l) => [l]));
  });
}

/** Single-quoted Hive string literal with Java-style escapes for quotes and control characters. */
export function quoteHive(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === "'") out += "\\'";
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `'${out}'`;
}

function columnLines(cols: TableMeta['columns']): string[] {
  return cols.map((c, i) => `  \`${c.name}\` ${c.hiveType}${c.comment !== undefined ? ` COMMENT ${quoteHive(c.comment)}` : ''}${i < cols.length - 1 ? ',' : ')'}`);
}

function propertyLines(props: Readonly<Record<string, string>>): string[] {
  const entries = Object.entries(props).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.map(([k, v], i) => `  ${quoteHive(k)}=${quoteHive(v)}${i < entries.length - 1 ? ',' : ')'}`);
}

export function tableDdl(t: TableMeta): string[] {
  const s = t.storage;
  const lines = [`CREATE EXTERNAL TABLE \`${t.database}\`.\`${t.name}\`(`, ...columnLines(t.columns)];
  if (t.comment !== undefined) lines.push(`COMMENT ${quoteHive(t.comment)}`);
  if (t.partitionKeys.length > 0) lines.push('PARTITIONED BY (', ...columnLines(t.partitionKeys));
  if (s.bucketing) {
    lines.push('CLUSTERED BY (', `  ${s.bucketing.columns.join(', ')})`);
    if (s.bucketing.sortedBy && s.bucketing.sortedBy.length > 0) lines.push('SORTED BY (', `  ${s.bucketing.sortedBy.map((c) => `${c.column} ${c.order.toUpperCase()}`).join(', ')})`);
    lines.push(`INTO ${s.bucketing.count} BUCKETS`);
  }
  const delimProps = new Set<string>([...Object.values(DELIMITED_PROPERTIES), 'serialization.format']);
  const serdeProps = Object.entries(s.serdeProperties);
  if (s.serdeLib === SERDE.lazySimple && serdeProps.every(([k]) => delimProps.has(k))) {
    lines.push('ROW FORMAT DELIMITED');
    const p = s.serdeProperties;
    if (p['field.delim'] !== undefined) {
      lines.push(`  FIELDS TERMINATED BY ${quoteHive(p['field.delim'])}${p['escape.delim'] !== undefined ? ` ESCAPED BY ${quoteHive(p['escape.delim'])}` : ''}`);
    }
    if (p['collection.delim'] !== undefined) lines.push(`  COLLECTION ITEMS TERMINATED BY ${quoteHive(p['collection.delim'])}`);
    if (p['mapkey.delim'] !== undefined) lines.push(`  MAP KEYS TERMINATED BY ${quoteHive(p['mapkey.delim'])}`);
    if (p['line.delim'] !== undefined) lines.push(`  LINES TERMINATED BY ${quoteHive(p['line.delim'])}`);
    if (p['serialization.null.format'] !== undefined) lines.push(`  NULL DEFINED AS ${quoteHive(p['serialization.null.format'])}`);
  } else {
    lines.push('ROW FORMAT SERDE', `  ${quoteHive(s.serdeLib ?? SERDE.lazySimple)}`);
    if (serdeProps.length > 0) lines.push('WITH SERDEPROPERTIES (', ...propertyLines(s.serdeProperties));
  }
  lines.push('STORED AS INPUTFORMAT', `  ${quoteHive(s.inputFormat ?? '')}`, 'OUTPUTFORMAT', `  ${quoteHive(s.outputFormat ?? '')}`);
  lines.push('LOCATION', `  ${quoteHive(s.location)}`);
  if (Object.keys(t.parameters).length > 0) lines.push('TBLPROPERTIES (', ...propertyLines(t.parameters));
  return lines;
}

function viewDdl(t: TableMeta): string[] {
  return [`CREATE VIEW "${t.database}"."${t.name}" AS`, ...(t.view?.sql ?? '').split('\n')];
}
