/**
 * `aegis` with no command (or `aegis repl`): the interactive SQL shell, or a script runner when
 * stdin is not a terminal (`aegis < script.sql`, `echo "SELECT 1;" | aegis`).
 *
 * Interactive: prompt `aegis:<db>> ` (continuation `-> `), statements end with `;` and may span
 * lines, errors are reported and the session goes on, Ctrl-C cancels the running query or the
 * current input, Ctrl-D / `\q` / `quit` / `exit` leave with exit code 0, history is kept in
 * `<warehouse>/.aegis_history` (mode 0600).
 *
 * Script: no prompts or notes; statements run in order and the first failure stops the script
 * with exit code 1 after its `ERROR <CODE>: message` line on stderr. Stopping is the safe default
 * for scripts: a statement after a failed CREATE or USE would run against the wrong state (psql
 * needs `ON_ERROR_STOP` for this). A last statement without `;` still runs.
 */
import { createInterface, type Interface } from 'node:readline';
import { openEngine } from '../api/open-engine.js';
import { AegisError } from '../errors.js';
import { loadGrammars, warmUpParser } from '../sql/parse.js';
import type { CommandContext, CommandGroup } from './command.js';
import { complete } from './repl-complete.js';
import { HistoryFile } from './repl-history.js';
import { ReplSession } from './repl-session.js';
import { parseResultFormat } from './result-format.js';
import { VERSION } from './version.js';

const USAGE = `aegis [repl] [--database D] [--format table|csv|json] [--interactive]

Interactive SQL shell over the configured warehouse (type \\h inside for meta commands).
With stdin not a terminal, runs the statements read from it without prompts and stops at the
first failing statement with exit code 1 (e.g. aegis < script.sql).
--interactive   prompts, notes and continue-after-error even when stdin is not a terminal`;

export interface ReplStreams {
  input: NodeJS.ReadableStream;
  /** Where prompts go (interactive only). */
  output: NodeJS.WritableStream;
  /** Line editing, history keys and Ctrl-C handling: input and output are a terminal. */
  terminal: boolean;
  /** Prompts, notes, continue after errors, history. */
  interactive: boolean;
  history?: HistoryFile;
  /** Tab completion (terminal only): candidates for the word before the cursor, and that word. */
  completer?: (line: string) => [string[], string];
  /** Shown in the banner. */
  warehouse?: string;
}

/**
 * Reads lines from `streams.input` into `session` until quit or end of input.
 * @returns the exit code: 0, or 1 when a script stopped at a failing statement.
 */
export function runRepl(session: ReplSession, streams: ReplStreams): Promise<number> {
  const { interactive, terminal, history } = streams;
  return new Promise<number>((resolve) => {
    const rl: Interface = createInterface({
      input: streams.input,
      ...(interactive ? { output: streams.output } : {}),
      terminal,
      history: interactive ? (history?.load() ?? []) : [],
      historySize: history?.limit ?? 1000,
      removeHistoryDuplicates: true,
      prompt: session.prompt,
      ...(terminal && streams.completer ? { completer: streams.completer } : {}),
    });
    const queue: string[] = [];
    /** The lines of the statement being typed, kept as one history entry once it is complete. */
    let statementLines: string[] = [];
    let closed = false;
    let pumping = false;
    let done = false;

    const prompt = (): void => {
      if (!interactive || done) return;
      rl.setPrompt(session.prompt);
      rl.prompt();
    };
    const finish = (code: number): void => {
      if (done) return;
      done = true;
      rl.close();
      resolve(code);
    };
    // Lines are handled one at a time, in order; lines typed while a query runs wait their turn.
    const pump = async (): Promise<void> => {
      if (pumping) return;
      pumping = true;
      try {
        while (!done && queue.length > 0) {
          const line = queue.shift()!;
          const pending = !session.buffer.empty || session.buffer.insideQuote;
          // The buffer takes the line before the statement starts running, so the history entry
          // is there (for ↑) while it runs.
          const running = session.handleLine(line);
          if (interactive) statementLines = remember(statementLines, line, pending, !session.buffer.empty || session.buffer.insideQuote);
          const outcome = await running;
          if (outcome === 'quit') return finish(0);
          if (outcome === 'error' && !interactive) return finish(session.lastFailureExitCode);
          prompt();
        }
        if (closed && !done) {
          if (interactive) {
            // Ctrl-D: leave; an unfinished statement is dropped, as psql does.
            if (terminal) streams.output.write('\n');
            return finish(0);
          }
          return finish((await session.finish()) === 'error' ? session.lastFailureExitCode : 0);
        }
      } catch (e) {
        // handleLine reports statement failures itself; anything else is a bug worth surfacing.
        process.stderr.write(`ERROR INTERNAL_ERROR: ${e instanceof Error ? e.message : String(e)}\n`);
        finish(2);
      } finally {
        pumping = false;
      }
    };

    rl.on('line', (line) => {
      queue.push(line);
      void pump();
    });
    rl.on('close', () => {
      closed = true;
      void pump();
    });
    /**
     * History keeps whole statements: a statement typed over several lines is one entry (recalled
     * whole with ↑, and one entry in the history file), replacing its lines' separate entries.
     */
    const remember = (lines: string[], line: string, wasPending: boolean, stillPending: boolean): string[] => {
      const typed = wasPending ? [...lines, line] : [line];
      if (stillPending) return typed;
      const entry = typed.join('\n');
      if (typed.length > 1 && terminal) {
        const h = (rl as unknown as { history: string[] }).history;
        h.splice(0, typed.length, entry);
      }
      history?.add(entry);
      return [];
    };
    rl.on('SIGINT', () => {
      if (session.interrupt() === 'query') return; // the running statement prints QUERY_CANCELLED
      // Drop what is typed on the current line too, then start over at a fresh prompt.
      rl.write(null, { ctrl: true, name: 'e' });
      rl.write(null, { ctrl: true, name: 'u' });
      streams.output.write('^C\n');
      prompt();
    });

    if (interactive) {
      const where = streams.warehouse ? `, warehouse ${streams.warehouse}` : '';
      streams.output.write(`aegis ${VERSION}${where} — Athena-compatible SQL over (encrypted) S3 objects. Type \\h for help, \\q to quit.\n`);
      prompt();
      // The first parse in a process costs hundreds of milliseconds; pay it while the user types
      // (the Hive grammar of DDL included).
      if (terminal) setImmediate(() => void loadGrammars().then(warmUpParser, () => undefined));
    }
  });
}

async function run(ctx: CommandContext): Promise<number> {
  ctx.flags.only(['database', 'format', 'interactive']);
  if (ctx.args.length > 0) {
    throw new AegisError('INVALID_ARGUMENT', `aegis repl takes no arguments (got '${ctx.args[0]}'); to run one statement: aegis query "SQL"`);
  }
  const format = parseResultFormat(ctx.flags.string('format'));
  const database = ctx.flags.string('database');
  const terminal = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const interactive = ctx.flags.bool('interactive') || Boolean(process.stdin.isTTY);
  const config = ctx.config();
  const rt = openEngine(config, database ? { database } : {});
  try {
    const session = new ReplSession(rt, ctx.io, {
      interactive,
      format,
      // A person at a terminal: tables fit it, long statements show progress on stderr.
      ...(terminal ? { terminal: { columns: process.stdout.columns ?? 80, rows: process.stdout.rows ?? 24 } } : {}),
      ...(terminal && process.stderr.isTTY ? { progress: (t: string) => void process.stderr.write(t) } : {}),
    });
    return await runRepl(session, {
      input: process.stdin,
      output: process.stdout,
      terminal,
      interactive,
      ...(interactive ? { history: HistoryFile.forWarehouse(config.warehouse) } : {}),
      completer: (line) => complete(rt.catalog, rt.engine.currentDatabase, line),
      warehouse: config.warehouse,
    });
  } finally {
    await rt.close();
  }
}

export const replCommand: CommandGroup = {
  name: 'repl',
  summary: 'interactive SQL shell (the default); runs a script from stdin',
  usage: USAGE,
  booleanFlags: ['interactive'],
  run,
};
