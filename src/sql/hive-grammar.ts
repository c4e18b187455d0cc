/**
 * The Hive grammar: dt-sql-parser's HiveSQL, about 2 MB of generated lexer and parser whose ATNs
 * are deserialized when the module loads. Only Athena DDL, SHOW and DESCRIBE route to it, so
 * antlr-driver.ts imports this module on demand (`loadDialect('hive')`), not with the front end.
 */
import { HiveSQL } from 'dt-sql-parser/dist/parser/hive/index.js';

export const hiveSql = new HiveSQL();
