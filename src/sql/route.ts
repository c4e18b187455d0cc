/**
 * Athena runs DDL through Hive and everything else through Trino; this decides which grammar a
 * statement belongs to from its leading keywords (as Athena does), plus the two statements no
 * grammar has in full: UNLOAD (Athena-only) and PREPARE (whose body may be an UNLOAD).
 */
import type { ScanToken } from './scanner.js';

export type Route = 'trino' | 'hive' | 'unload' | 'prepare';

const QUERY_START = new Set(['SELECT', 'WITH', 'VALUES', 'TABLE', '(']);

/** `CREATE TABLE … AS <query>` (Trino CTAS) vs Hive `CREATE TABLE … (cols) … STORED AS fmt`. */
function isCtas(tokens: ScanToken[]): boolean {
  let depth = 0;
  for (let i = 0; i < tokens.length - 1; i++) {
    const t = tokens[i];
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (depth === 0 && t.type === 'word' && t.text.toUpperCase() === 'AS') {
      const next = tokens[i + 1];
      if (QUERY_START.has(next.type === 'word' ? next.text.toUpperCase() : next.text)) return true;
    }
  }
  return false;
}

/** Chooses the grammar for a statement from its (Trino-scanned) tokens. */
export function routeOf(tokens: ScanToken[]): Route {
  const w = tokens.slice(0, 3).map((t) => (t.type === 'word' ? t.text.toUpperCase() : t.text));
  switch (w[0]) {
    case 'UNLOAD':
      return 'unload';
    case 'PREPARE':
      return 'prepare';
    case 'CREATE':
      switch (w[1]) {
        case 'EXTERNAL':
        case 'DATABASE':
        case 'SCHEMA':
        case 'TEMPORARY':
        case 'TRANSACTIONAL':
        case 'MANAGED':
          return 'hive';
        case 'TABLE':
          return isCtas(tokens) ? 'trino' : 'hive';
        default:
          return 'trino';
      }
    case 'DROP':
      return w[1] === 'TABLE' || w[1] === 'DATABASE' || w[1] === 'SCHEMA' ? 'hive' : 'trino';
    case 'ALTER':
    case 'MSCK':
      return 'hive';
    case 'SHOW':
      return w[1] === 'CREATE' && w[2] === 'VIEW' ? 'trino' : 'hive';
    case 'DESCRIBE':
    case 'DESC':
      return w[1] === 'INPUT' || w[1] === 'OUTPUT' ? 'trino' : 'hive';
    default:
      return 'trino';
  }
}
