/**
 * `DESCRIBE [FORMATTED|EXTENDED] t [column]`: `col_name`, `data_type`, `comment` rows as Hive
 * prints them — every column (partition keys included), then, for a partitioned table, the
 * `# Partition Information` section repeating the keys. FORMATTED adds Hive's
 * `# Detailed Table Information` and `# Storage Information` sections (or `# View Information`).
 */
import { AegisError } from '../../errors.js';
import type { DescribeStatement } from '../../sql/ast.js';
import { normalizeName, type TableMeta } from '../catalog.js';
import { atPos, requireTable, textResult, type DdlContext, type DdlResult } from './ddl-context.js';

type Row = [string, string, string];

const BLANK: Row = ['', '', ''];

export function describeTable(stmt: DescribeStatement, ctx: DdlContext): DdlResult {
  return atPos(stmt.pos, () => {
    const t = requireTable(ctx, stmt.table);
    const all = [...t.columns, ...t.partitionKeys];
    let rows: Row[];
    if (stmt.column !== undefined) {
      const name = normalizeName(stmt.column);
      const c = all.find((x) => x.name === name);
      if (!c) throw new AegisError('NOT_FOUND', `Column ${name} does not exist in ${t.database}.${t.name}`, { database: t.database, table: t.name });
      rows = [[c.name, c.hiveType, c.comment ?? '']];
    } else {
      rows = [];
      if (stmt.formatted) rows.push(['# col_name', 'data_type', 'comment']);
      rows.push(...all.map((c): Row => [c.name, c.hiveType, c.comment ?? '']));
      if (t.partitionKeys.length > 0) {
        rows.push(BLANK, ['# Partition Information', '', ''], ['# col_name', 'data_type', 'comment'], BLANK);
        rows.push(...t.partitionKeys.map((c): Row => [c.name, c.hiveType, c.comment ?? '']));
      }
      if (stmt.formatted || stmt.extended) rows.push(...detailRows(t));
    }
    return textResult(['col_name', 'data_type', 'comment'], rows);
  });
}

function detailRows(t: TableMeta): Row[] {
  const rows: Row[] = [
    BLANK,
    ['# Detailed Table Information', '', ''],
    ['Database:', t.database, ''],
    ['CreateTime:', t.createTime.toUTCString(), ''],
    ['LastAccessTime:', 'UNKNOWN', ''],
  ];
  if (t.tableType === 'EXTERNAL_TABLE') rows.push(['Location:', t.storage.location, '']);
  rows.push(['Table Type:', t.tableType, '']);
  if (t.comment !== undefined) rows.push(['Comment:', t.comment, '']);
  const params = Object.entries(t.parameters).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (params.length > 0) {
    rows.push(['Table Parameters:', '', '']);
    rows.push(...params.map(([k, v]): Row => ['', k, v]));
  }
  if (t.tableType === 'VIRTUAL_VIEW') {
    rows.push(BLANK, ['# View Information', '', ''], ['View Original Text:', t.view?.sql ?? '', '']);
    return rows;
  }
  const s = t.storage;
  rows.push(
    BLANK,
    ['# Storage Information', '', ''],
    ['SerDe Library:', s.serdeLib ?? '', ''],
    ['InputFormat:', s.inputFormat ?? '', ''],
    ['OutputFormat:', s.outputFormat ?? '', ''],
    ['Compressed:', 'No', ''],
    ['Num Buckets:', String(s.bucketing?.count ?? -1), ''],
    ['Bucket Columns:', `[${(s.bucketing?.columns ?? []).join(', ')}]`, ''],
    ['Sort Columns:', `[${(s.bucketing?.sortedBy ?? []).map((c) => `Order(col:${c.column}, order:${c.order === 'asc' ? 1 : 0})`).join(', ')}]`, ''],
  );
  const sp = Object.entries(s.serdeProperties).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (sp.length > 0) {
    rows.push(['Storage Desc Params:', '', '']);
    rows.push(...sp.map(([k, v]): Row => ['', k, v]));
  }
  return rows;
}
