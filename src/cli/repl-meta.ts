/**
 * The REPL's meta commands (psql-style backslash commands plus the bare words `help`, `quit` and
 * `exit`), parsed into what to do. Running them is the session's job (repl-session.ts).
 */
import { AegisError } from '../errors.js';
import { parseResultFormat, type ResultFormat } from './result-format.js';

export type MetaCommand =
  | { kind: 'quit' }
  | { kind: 'help' }
  /** Clears the pending statement text. */
  | { kind: 'reset' }
  /** A statement the command stands for (`\d` → SHOW TABLES). */
  | { kind: 'sql'; sql: string }
  /** `\format` without an argument shows the current format. */
  | { kind: 'format'; format?: ResultFormat }
  /** `\timing` toggles; `\timing on|off` sets. */
  | { kind: 'timing'; on?: boolean }
  | { kind: 'preflight'; table: string }
  /** `\x` toggles expanded display; `\x on|off` sets it. */
  | { kind: 'expanded'; on?: boolean }
  /** `\o FILE` sends results to FILE; `\o` alone back to standard output. */
  | { kind: 'output'; file?: string }
  /** `\i FILE` runs the file as if typed. */
  | { kind: 'include'; file: string };

export const REPL_HELP = `Statements end with ';' (a ';' inside a string or comment does not count) and may span lines.
Meta commands:
  \\d                 list tables of the current database (SHOW TABLES)
  \\d TABLE           describe a table (DESCRIBE TABLE)
  \\l                 list databases (SHOW DATABASES)
  USE db;            switch database (shown in the prompt)
  \\format [table|csv|json]   show or set the result format
  \\timing [on|off]   toggle a line with elapsed time, bytes scanned, objects and KMS calls
  \\preflight TABLE   every object of a table with its encryption and verdict, without reading data
  \\x [on|off]        expanded display: one block of column | value lines per row
  \\o [FILE]          send results to FILE (emptied first); \\o alone: back to the terminal
  \\i FILE            run the statements and meta commands of FILE as if typed
  \\r                 clear the statement being typed (Ctrl-C does too)
  \\h, help           this help
  \\q, quit, exit     leave (Ctrl-D too)
Ctrl-C cancels the running query or the current input; Tab completes keywords, databases,
tables and columns; history is kept in <warehouse>/.aegis_history.
`;

const BARE_WORDS: Record<string, MetaCommand> = {
  help: { kind: 'help' },
  quit: { kind: 'quit' },
  exit: { kind: 'quit' },
};

/**
 * Recognizes a meta command in one input line. Backslash commands are recognized anywhere
 * outside a string; the bare words only when no statement is pending (`exit` alone on the first
 * line, as psql does), with an optional `;`.
 * @returns undefined when the line is SQL.
 * @throws AegisError INVALID_ARGUMENT for an unknown backslash command or a bad argument.
 */
export function parseMeta(line: string, statementPending: boolean): MetaCommand | undefined {
  const t = line.trim();
  if (!t.startsWith('\\')) {
    if (statementPending) return undefined;
    return BARE_WORDS[t.replace(/\s*;$/, '').toLowerCase()];
  }
  const [name = '', ...rest] = t.replace(/\s*;$/, '').split(/\s+/);
  const arg = rest.join(' ');
  const noArg = (m: MetaCommand): MetaCommand => {
    if (arg !== '') throw new AegisError('INVALID_ARGUMENT', `${name} takes no argument`);
    return m;
  };
  switch (name) {
    case '\\q':
      return noArg({ kind: 'quit' });
    case '\\h':
    case '\\?':
      return noArg({ kind: 'help' });
    case '\\r':
      return noArg({ kind: 'reset' });
    case '\\l':
      return noArg({ kind: 'sql', sql: 'SHOW DATABASES' });
    case '\\d':
      return { kind: 'sql', sql: arg === '' ? 'SHOW TABLES' : `DESCRIBE ${arg}` };
    case '\\format':
      if (arg === '') return { kind: 'format' };
      try {
        return { kind: 'format', format: parseResultFormat(arg) };
      } catch {
        throw new AegisError('INVALID_ARGUMENT', `\\format takes table, csv or json (got '${arg}')`);
      }
    case '\\timing': {
      if (arg === '') return { kind: 'timing' };
      const word = arg.toLowerCase();
      if (word !== 'on' && word !== 'off') throw new AegisError('INVALID_ARGUMENT', `\\timing takes on or off (got '${arg}')`);
      return { kind: 'timing', on: word === 'on' };
    }
    case '\\x': {
      if (arg === '') return { kind: 'expanded' };
      const word = arg.toLowerCase();
      if (word !== 'on' && word !== 'off') throw new AegisError('INVALID_ARGUMENT', `\\x takes on or off (got '${arg}')`);
      return { kind: 'expanded', on: word === 'on' };
    }
    case '\\o':
      return arg === '' ? { kind: 'output' } : { kind: 'output', file: arg };
    case '\\i':
      if (arg === '') throw new AegisError('INVALID_ARGUMENT', '\\i needs a file: \\i FILE');
      return { kind: 'include', file: arg };
    case '\\preflight':
      if (arg === '') throw new AegisError('INVALID_ARGUMENT', '\\preflight needs a table: \\preflight [db.]table');
      return { kind: 'preflight', table: arg };
    default:
      throw new AegisError('INVALID_ARGUMENT', `Unknown command '${name}'. Type \\h for help`);
  }
}
