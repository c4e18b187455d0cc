/**
 * One REPL session over an engine: takes input lines, runs the statements they complete and the
 * meta commands they hold, and prints results in the session's format. Input handling (readline,
 * prompts, Ctrl-C/Ctrl-D, scripts) is repl-command.ts's; this file knows nothing of terminals,
 * so it runs the same under a TTY, a pipe, or a test.
 *
 * Output contract: results on `io.out`; each failure as one `ERROR <CODE>: message` line on
 * `io.err`, never after partial rows (the engine returns complete results or throws). Notes for a
 * person (`OK`, `Timing is on.`) are printed only in interactive sessions; the `\timing` line
 * goes to stdout interactively and to stderr in scripts, so piped CSV/JSON output stays clean.
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AegisRuntime } from '../api/open-engine.js';
import { preflightNamedTable } from '../api/preflight-table.js';
import type { QueryResult, QueryStats } from '../api/query-result.js';
import { AegisError, exitCodeOf } from '../errors.js';
import { T } from '../types/sql-type.js';
import type { CommandIo } from './command.js';
import { caretLines } from './error-caret.js';
import { LiveScanStats, ProgressLine } from './progress-line.js';
import { StatementBuffer, type BufferedStatement } from './repl-buffer.js';
import { parseMeta, REPL_HELP, type MetaCommand } from './repl-meta.js';
import { renderResult, type ResultFormat, type TableOptions } from './result-format.js';

/** What one input line led to: all went well, something failed (and was reported), or quit. */
export type LineOutcome = 'ok' | 'error' | 'quit';

export interface ReplSessionOptions {
  /** Prompts, notes and continuing after errors are for people; scripts get none of them. */
  interactive: boolean;
  format?: ResultFormat;
  timing?: boolean;
  /** The terminal's size: tables are cut to its width and long results to its height. */
  terminal?: { columns: number; rows: number };
  /** Where the progress line of a long statement goes (a terminal's stderr); none without. */
  progress?: (text: string) => void;
}

/** How deep `\i` files may include each other. */
const MAX_INCLUDE_DEPTH = 16;

/** The one-line form of any failure (newlines folded so one error is one line). */
export function errorLine(e: unknown): string {
  const line = e instanceof AegisError ? e.toLine() : `ERROR INTERNAL_ERROR: ${e instanceof Error ? e.message : String(e)}`;
  return line.replace(/\s*\n\s*/g, ' ');
}

/**
 * Settles like `work`, or rejects with QUERY_CANCELLED as soon as `signal` aborts: the engine
 * checks the signal between batches and splits, but the prompt must come back at once.
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const cancel = (): void => reject(new AegisError('QUERY_CANCELLED', 'Query was cancelled'));
    if (signal.aborted) cancel();
    signal.addEventListener('abort', cancel, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', cancel));
  });
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** The `\timing` line: `Time: 12.3 ms, scanned 1.2 KiB in 3 objects, 2 KMS calls, query <id>`. */
export function timingLine(stats: QueryStats, queryId?: string): string {
  const objects = stats.objectsRead ?? 0;
  const kms = stats.kmsCalls ?? 0;
  const line = `Time: ${stats.elapsedMs.toFixed(1)} ms, scanned ${formatBytes(stats.bytesScanned)} in ${plural(objects, 'object', 'objects')}, ${plural(kms, 'KMS call', 'KMS calls')}`;
  return queryId ? `${line}, query ${queryId}` : line;
}

/**
 * A statement error whose `line L:C:` position (relative to the statement) is moved to where the
 * statement starts in the input, so a script's errors point into the script.
 */
export function relocated(e: unknown, at: { line: number; column: number }): unknown {
  if (!(e instanceof AegisError) || typeof e.details.line !== 'number' || typeof e.details.column !== 'number') return e;
  const { line, column } = e.details;
  const prefix = `line ${line}:${column}: `;
  if (!e.message.startsWith(prefix)) return e;
  const abs = { line: at.line + line - 1, column: line === 1 ? at.column + column - 1 : column };
  return new AegisError(e.code, `line ${abs.line}:${abs.column}: ${e.message.slice(prefix.length)}`, { ...e.details, ...abs }, { cause: e });
}

export class ReplSession {
  readonly buffer = new StatementBuffer();
  format: ResultFormat;
  timing: boolean;
  /** `\x`: one block per row. */
  expanded = false;
  /** `\o FILE`: results go to this file instead of stdout. */
  outputFile: string | undefined;
  private running: AbortController | undefined;
  private includeDepth = 0;
  private readonly progress: ProgressLine | undefined;

  constructor(
    private readonly rt: AegisRuntime,
    private readonly io: CommandIo,
    private readonly options: ReplSessionOptions,
  ) {
    this.format = options.format ?? 'table';
    this.timing = options.timing ?? false;
    this.progress = options.progress ? new ProgressLine(options.progress) : undefined;
  }

  /** `aegis:<database>> `, or `-> ` aligned under it while a statement is pending. */
  get prompt(): string {
    const main = `aegis:${this.rt.engine.currentDatabase}> `;
    return this.buffer.empty && !this.buffer.insideQuote ? main : '-> '.padStart(main.length);
  }

  /** True while a statement or meta command is running. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /**
   * Handles one input line: a meta command, or SQL text whose completed statements run in
   * order. Interactively every statement runs and failures are reported; in a script the
   * first failure stops the line (and the caller stops the script).
   */
  async handleLine(line: string): Promise<LineOutcome> {
    let meta: MetaCommand | undefined;
    try {
      meta = this.buffer.insideQuote ? undefined : parseMeta(line, !this.buffer.empty);
    } catch (e) {
      await this.fail(e);
      return 'error';
    }
    if (meta) return this.runMeta(meta);
    return this.runAll(this.buffer.push(line));
  }

  /** At end of input: runs what is pending (scripts may omit the last `;`). */
  async finish(): Promise<LineOutcome> {
    return this.runAll(this.buffer.flush());
  }

  /**
   * Ctrl-C: cancels the running statement if there is one, else drops the pending input.
   * @returns what was interrupted.
   */
  interrupt(): 'query' | 'input' | 'nothing' {
    if (this.running) {
      this.running.abort();
      return 'query';
    }
    const pending = !this.buffer.empty || this.buffer.insideQuote;
    this.buffer.clear();
    return pending ? 'input' : 'nothing';
  }

  private async runAll(statements: BufferedStatement[]): Promise<LineOutcome> {
    let outcome: LineOutcome = 'ok';
    for (const stmt of statements) {
      // In a script, positions point into the script; interactively, into the statement typed.
      if (await this.runSql(stmt.text, this.options.interactive ? undefined : stmt)) continue;
      outcome = 'error';
      if (!this.options.interactive) break;
    }
    return outcome;
  }

  /** Runs one statement; prints its result or its ERROR line. @returns whether it succeeded. */
  private async runSql(sql: string, at?: { line: number; column: number }): Promise<boolean> {
    let rows = 0;
    const scan = new LiveScanStats();
    this.progress?.start(() => rows, scan);
    try {
      const sink = { columns: async () => undefined, rows: async (r: unknown[]) => void (rows += r.length) };
      const x = await this.cancellable((signal) => this.rt.execute(sql, { signal, sink, onScanStats: scan.add }));
      this.progress?.stop();
      await this.show(x.result);
      if (this.timing) await this.timingNote(timingLine(x.result.stats, x.queryId));
      return true;
    } catch (e) {
      this.progress?.stop();
      await this.fail(at ? relocated(e, at) : e, at ? undefined : sql);
      return false;
    }
  }

  private async show(r: QueryResult): Promise<void> {
    // DDL and USE have no result columns: a person gets `OK`, a CSV/JSON reader gets nothing.
    if (r.columns.length === 0) return this.note('OK');
    if (this.outputFile !== undefined) {
      // A file gets the whole result, whatever the terminal's size.
      appendFileSync(this.outputFile, renderResult(r, this.format, { expanded: this.expanded }));
      return;
    }
    const t = this.options.terminal;
    const limits: TableOptions = t ? { maxWidth: t.columns, maxRows: Math.max(10, t.rows - 4) } : {};
    await this.io.out(renderResult(r, this.format, { ...limits, expanded: this.expanded }));
  }

  private async runMeta(m: MetaCommand): Promise<LineOutcome> {
    switch (m.kind) {
      case 'quit':
        return 'quit';
      case 'help':
        await this.io.out(REPL_HELP);
        return 'ok';
      case 'reset':
        this.buffer.clear();
        await this.note('Statement buffer cleared.');
        return 'ok';
      case 'sql':
        return (await this.runSql(m.sql)) ? 'ok' : 'error';
      case 'format':
        if (m.format) this.format = m.format;
        await this.note(`Output format is ${this.format}.`);
        return 'ok';
      case 'timing':
        this.timing = m.on ?? !this.timing;
        await this.note(`Timing is ${this.timing ? 'on' : 'off'}.`);
        return 'ok';
      case 'preflight':
        try {
          await this.preflight(m.table);
          return 'ok';
        } catch (e) {
          await this.fail(e);
          return 'error';
        }
      case 'expanded':
        this.expanded = m.on ?? !this.expanded;
        await this.note(`Expanded display is ${this.expanded ? 'on' : 'off'}.`);
        return 'ok';
      case 'output':
        return this.redirect(m.file);
      case 'include':
        return this.include(m.file);
    }
  }

  /** `\o FILE` sends results to FILE (emptied first); `\o` alone back to the terminal. */
  private async redirect(file: string | undefined): Promise<LineOutcome> {
    if (file === undefined) {
      this.outputFile = undefined;
      await this.note('Results go to standard output.');
      return 'ok';
    }
    const path = resolve(file);
    try {
      writeFileSync(path, '');
    } catch (e) {
      await this.fail(new AegisError('INVALID_ARGUMENT', `Cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { path }));
      return 'error';
    }
    this.outputFile = path;
    await this.note(`Results go to ${path}.`);
    return 'ok';
  }

  /** `\i FILE`: runs the file's lines as if typed (meta commands included), then its last statement. */
  private async include(file: string): Promise<LineOutcome> {
    let text: string;
    try {
      if (this.includeDepth >= MAX_INCLUDE_DEPTH) throw new AegisError('INVALID_ARGUMENT', `\\i is nested more than ${MAX_INCLUDE_DEPTH} deep (a file including itself?)`);
      text = readFileSync(resolve(file), 'utf8');
    } catch (e) {
      await this.fail(e instanceof AegisError ? e : new AegisError('NOT_FOUND', `Cannot read ${resolve(file)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { path: resolve(file) }));
      return 'error';
    }
    this.includeDepth++;
    let outcome: LineOutcome = 'ok';
    try {
      for (const line of text.replace(/\n$/, '').split('\n')) {
        const r = await this.handleLine(line);
        if (r === 'quit') return 'quit';
        if (r === 'error') outcome = 'error';
      }
      if ((await this.finish()) === 'error') outcome = 'error';
    } finally {
      this.includeDepth--;
    }
    return outcome;
  }

  /** `\preflight`: the preflight report as a result in the session's format. */
  private async preflight(name: string): Promise<void> {
    const entries = await this.cancellable(() => preflightNamedTable(this.rt, name));
    const columns = ['object', 'mode', 'key', 'region', 'verdict'].map((n) => ({ name: n, type: T.varchar }));
    const rows = entries.map((e) => [e.uri, e.mode, e.keyId, e.region, e.verdict === 'readable' ? 'readable' : `refused ${e.code}: ${e.reason}`]);
    await this.io.out(renderResult({ columns, rows, statementType: 'UTILITY', stats: { elapsedMs: 0, planningMs: 0, executionMs: 0, rowsRead: 0, splitsRun: 0, bytesScanned: 0 } }, this.format));
    const refused = entries.filter((e) => e.verdict === 'refused').length;
    await this.note(`${plural(entries.length, 'object', 'objects')}: ${entries.length - refused} readable, ${refused} refused`);
  }

  private async cancellable<R>(work: (signal: AbortSignal) => Promise<R>): Promise<R> {
    const ac = new AbortController();
    this.running = ac;
    try {
      return await untilAborted(work(ac.signal), ac.signal);
    } finally {
      this.running = undefined;
    }
  }

  /** The ERROR line; interactively also the statement line with a caret under the error's position. */
  /** The exit code the last failure calls for (see exitCodeOf): 2 when it was internal. */
  lastFailureExitCode: 1 | 2 = 1;

  private async fail(e: unknown, sql?: string): Promise<void> {
    this.lastFailureExitCode = exitCodeOf(e);
    const context = this.options.interactive && sql !== undefined ? caretLines(e, sql) : [];
    await this.io.err([errorLine(e), ...context].join('\n') + '\n');
  }

  /** A line for a person at the terminal; scripts print none. */
  private async note(text: string): Promise<void> {
    if (this.options.interactive) await this.io.out(text + '\n');
  }

  private async timingNote(text: string): Promise<void> {
    if (this.options.interactive) await this.io.out(text + '\n');
    else await this.io.err(text + '\n');
  }
}
