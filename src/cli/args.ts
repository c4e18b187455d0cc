import { AegisError } from '../errors.js';

/** A parsed command line: positionals in order, flags by name (without `--`). */
export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | true>;
}

/**
 * Parses `--flag value`, `--flag=value`, boolean `--flag` (only for names in `booleans`), and
 * `--` (everything after is positional). A flag given twice keeps the last value. A value flag
 * without a value is INVALID_ARGUMENT. A lone `-` is a positional (stdin/stdout), and so is a word
 * holding whitespace (SQL that starts with a `--` comment).
 */
export function parseArgs(argv: readonly string[], booleans: ReadonlySet<string>): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a === '-h') {
      flags.set('help', true);
      continue;
    }
    // A word with whitespace is never a flag: `aegis query "-- note
    // SELECT 1"` is SQL that starts with a comment.
    if (!a.startsWith('--') || a.length === 2 || /\s/.test(a)) {
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq === -1 ? a.slice(2) : a.slice(2, eq);
    if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new AegisError('INVALID_ARGUMENT', `Malformed flag '${a}'.`);
    if (eq !== -1) {
      flags.set(name, a.slice(eq + 1));
    } else if (booleans.has(name)) {
      flags.set(name, true);
    } else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) {
        throw new AegisError('INVALID_ARGUMENT', `Flag --${name} needs a value.`);
      }
      flags.set(name, next);
      i++;
    }
  }
  return { positionals, flags };
}

/** Typed access to a command's flags, rejecting flags the command does not know. */
export class FlagReader {
  constructor(
    private readonly flags: Map<string, string | true>,
    private readonly command: string,
    /** Flags every command accepts (the global settings). */
    private readonly always: readonly string[] = [],
  ) {}

  /** Throws INVALID_ARGUMENT for any flag outside `allowed` and the global ones. */
  only(allowed: readonly string[]): this {
    for (const name of this.flags.keys()) {
      if (!allowed.includes(name) && !this.always.includes(name)) {
        throw new AegisError('INVALID_ARGUMENT', `Unknown flag --${name} for '${this.command}'. Flags: ${allowed.map((f) => `--${f}`).join(' ')}.`);
      }
    }
    return this;
  }

  string(name: string): string | undefined {
    const v = this.flags.get(name);
    if (v === undefined) return undefined;
    if (v === true || v === '') throw new AegisError('INVALID_ARGUMENT', `Flag --${name} needs a value.`);
    return v;
  }

  bool(name: string): boolean {
    const v = this.flags.get(name);
    if (v === undefined) return false;
    if (v === true) return true;
    const s = v.toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(s)) return true;
    if (['0', 'false', 'no', 'off'].includes(s)) return false;
    throw new AegisError('INVALID_ARGUMENT', `Flag --${name} takes true/false, got '${v}'.`);
  }

  int(name: string, min: number, max: number): number | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new AegisError('INVALID_ARGUMENT', `Flag --${name} must be an integer ${min}–${max}, got '${v}'.`);
    return n;
  }

  /** Whether the flag was given at all. */
  has(name: string): boolean {
    return this.flags.has(name);
  }

  /** Flags as a plain record, for resolveConfig. */
  record(): Record<string, string | boolean> {
    return Object.fromEntries(this.flags);
  }
}

/** The positional at `i`, or INVALID_ARGUMENT naming what is missing. */
export function positional(args: readonly string[], i: number, what: string, usage: string): string {
  const v = args[i];
  if (v === undefined || v === '') throw new AegisError('INVALID_ARGUMENT', `Missing ${what}. Usage: ${usage}`);
  return v;
}
