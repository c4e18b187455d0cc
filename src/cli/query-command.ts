import { readFileSync } from 'node:fs';
import { openEngine } from '../api/open-engine.js';
import { AegisError } from '../errors.js';
import { describeEncryption } from '../results/result-configuration.js';
import { splitStatements } from '../sql/parse.js';
import type { CommandContext, CommandGroup } from './command.js';
import { caretLines } from './error-caret.js';
import { page } from './pager.js';
import { LiveScanStats, ProgressLine } from './progress-line.js';
import { errorLine, relocated } from './repl-session.js';
import { parseResultFormat, renderResult, type TableOptions } from './result-format.js';

const USAGE = `aegis query "SQL" | -f FILE | - [--database D] [--format table|csv|json] [--stats]
            [--workgroup W] [--output-location s3://bucket/prefix/]
            [--result-encryption SSE_S3|SSE_KMS|CSE_KMS] [--result-kms-key KEY]

Runs one statement against the configured warehouse (embedded by default) and prints its result
on stdout. 'aegis query -f FILE' (or --file FILE) runs the statements of a file in order, and
'aegis query -' those read from stdin; the first failure stops them (exit code 1). SQL may start
with a '--' comment. Every statement is a query execution: its result is also written, encrypted,
to <output location><query id>.csv (.txt for DDL), and stderr says where:
  query <id> → s3://aegis-results-us-east-1/<id>.csv (SSE_S3)
The workgroup's settings apply unless the flags override them (a workgroup that enforces its
configuration wins). 'aegis result <id>' reads a stored result back; 'aegis history' lists them.
--format json writes one object per row with typed values (numbers as numbers where exact,
DECIMAL as strings, NULL as null). On a terminal, wide tables are cut to its width, a table taller
than the terminal goes through $PAGER (else shows its first and last rows), and a statement
running longer than 0.5 s shows a progress line on stderr.
--stats prints bytes scanned, objects read, partitions pruned and KMS calls to stderr.`;

/** One statement to run and where it starts in its source (for error positions). */
interface Source {
  text: string;
  line: number;
  column: number;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** The statements to run: the SQL argument, or those of `-f FILE` / `--file FILE` / `-` (stdin). */
async function statements(ctx: CommandContext): Promise<{ list: Source[]; script: string }> {
  const file = ctx.flags.string('file') ?? (ctx.args[0] === '-f' ? ctx.args[1] : undefined);
  if (ctx.args[0] === '-f' && file === undefined) throw new AegisError('INVALID_ARGUMENT', `-f needs a file. Usage: ${USAGE.split('\n')[0]}`);
  let script: string;
  if (file !== undefined) {
    try {
      script = readFileSync(file, 'utf8');
    } catch (e) {
      throw new AegisError('NOT_FOUND', `Cannot read SQL file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { path: file });
    }
  } else if (ctx.args[0] === '-') {
    script = await readStdin();
  } else {
    const sql = ctx.args[0];
    if (sql === undefined || sql.trim() === '') throw new AegisError('INVALID_ARGUMENT', `Missing "SQL". Usage: ${USAGE}`);
    return { list: [{ text: sql, line: 1, column: 1 }], script: sql };
  }
  const list = splitStatements(script).map((s) => ({ text: s.text, line: s.line, column: s.column }));
  if (list.length === 0) throw new AegisError('INVALID_ARGUMENT', `No SQL statement in ${file ?? 'stdin'}.`);
  return { list, script };
}

async function run(ctx: CommandContext): Promise<number> {
  ctx.flags.only(['database', 'format', 'stats', 'file']);
  const { list, script } = await statements(ctx);
  const format = parseResultFormat(ctx.flags.string('format'));
  const database = ctx.flags.string('database');
  // Terminal niceties only for a person at a terminal; pipes get every byte, one error line.
  const table: TableOptions = process.stdout.isTTY ? { maxWidth: process.stdout.columns, maxRows: Math.max(10, (process.stdout.rows ?? 24) - 4) } : {};
  const progress = process.stderr.isTTY ? new ProgressLine((t) => process.stderr.write(t)) : undefined;
  const rt = openEngine(ctx.config(), database ? { database } : {});
  try {
    for (const stmt of list) {
      let rows = 0;
      const scan = new LiveScanStats();
      progress?.start(() => rows, scan);
      try {
        const x = await rt.execute(stmt.text, {
          onScanStats: scan.add,
          sink: {
            columns: async () => undefined,
            rows: async (r) => void (rows += r.length),
          },
        });
        progress?.stop();
        // A tall table on a terminal goes through $PAGER whole; without one it is cut to head and tail.
        const pager = process.stdout.isTTY && format === 'table' ? { pager: process.env.PAGER, rows: process.stdout.rows ?? 24 } : undefined;
        const whole = pager?.pager ? renderResult(x.result, format, { ...table, maxRows: undefined }) : undefined;
        if (!(whole !== undefined && pager && page(whole, pager))) await ctx.io.out(renderResult(x.result, format, table));
        const enc = x.written.kmsKeyArn ? { option: x.resultConfiguration.encryption.option, kmsKey: x.written.kmsKeyArn } : x.resultConfiguration.encryption;
        await ctx.io.err(`query ${x.queryId} → ${x.written.uri} (${describeEncryption(enc)})\n`);
        if (ctx.flags.bool('stats')) await ctx.io.err(JSON.stringify(x.result.stats) + '\n');
      } catch (e) {
        progress?.stop();
        // Positions point into the file; a failure stays the one `ERROR <CODE>: …` line unless
        // a person reads stderr, who also gets the line and a caret under the position.
        const err = relocated(e, stmt);
        if (!process.stderr.isTTY) throw err;
        await ctx.io.err([errorLine(err), ...caretLines(err, script)].join('\n') + '\n');
        return 1;
      }
    }
    return 0;
  } finally {
    progress?.stop();
    await rt.close();
  }
}

export const queryCommand: CommandGroup = {
  name: 'query',
  summary: 'run one SQL statement, print its result and store it encrypted',
  usage: USAGE,
  booleanFlags: ['stats'],
  run,
};
