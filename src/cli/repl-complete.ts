/**
 * Tab completion for the REPL: backslash commands at the start of a line; elsewhere SQL keywords,
 * database names, and the tables and columns of the current database (`db.` completes that
 * database's tables). Names come from the catalog at each Tab, so new tables show up at once.
 */
import type { Catalog } from '../catalog/catalog.js';

const META = ['\\d', '\\format', '\\h', '\\i', '\\l', '\\o', '\\preflight', '\\q', '\\r', '\\timing', '\\x'];

const KEYWORDS = `SELECT FROM WHERE GROUP BY HAVING ORDER LIMIT OFFSET FETCH FIRST ROWS ONLY WITH AS ON USING JOIN
INNER LEFT RIGHT FULL OUTER CROSS LATERAL UNNEST UNION INTERSECT EXCEPT ALL DISTINCT AND OR NOT IN IS NULL
LIKE BETWEEN EXISTS CASE WHEN THEN ELSE END CAST TRY_CAST ASC DESC NULLS LAST OVER PARTITION WINDOW VALUES
TRUE FALSE INTERVAL DATE TIMESTAMP CREATE EXTERNAL TABLE DATABASE SCHEMA VIEW DROP IF EXISTS INSERT INTO
SHOW TABLES DATABASES COLUMNS PARTITIONS DESCRIBE USE MSCK REPAIR ALTER ADD LOCATION PARTITIONED STORED
ROW FORMAT SERDE DELIMITED FIELDS TERMINATED TBLPROPERTIES EXPLAIN ANALYZE PREPARE EXECUTE DEALLOCATE UNLOAD
PARQUET TEXTFILE ORC JSON`.split(/\s+/);

/** The word being typed at the end of `line` (letters, digits, `_`, `$`, and one `.`). */
function currentWord(line: string): string {
  return /[A-Za-z_$][\w$]*(?:\.[\w$]*)?$|\.[\w$]*$/.exec(line)?.[0] ?? '';
}

/**
 * readline's completer contract: the candidates for the word before the cursor and that word.
 * Keywords follow the case the user types; catalog failures mean no candidates, never an error.
 */
export function complete(catalog: Catalog, database: string, line: string): [string[], string] {
  if (/^\s*\\\S*$/.test(line)) {
    const word = line.trim();
    return [META.filter((m) => m.startsWith(word)), word];
  }
  const word = currentWord(line);
  if (word === '') return [[], word];
  const lower = word.toLowerCase();
  let names: string[];
  try {
    const dot = word.indexOf('.');
    if (dot > 0) {
      const db = lower.slice(0, dot);
      names = catalog.listTables(db).map((t) => `${db}.${t.name}`);
    } else {
      const tables = catalog.listTables(database);
      names = [
        ...catalog.listDatabases().map((d) => d.name),
        ...tables.map((t) => t.name),
        ...tables.flatMap((t) => [...t.columns, ...t.partitionKeys].map((c) => c.name)),
        ...KEYWORDS.map((k) => (word === word.toUpperCase() ? k : k.toLowerCase())),
      ];
    }
  } catch {
    names = [];
  }
  const hits = [...new Set(names.filter((n) => n.toLowerCase().startsWith(lower)))].sort();
  return [hits, word];
}
