/**
 * The shell's progress line for a long statement: after `delayMs` (0.5 s) it shows, on stderr,
 * elapsed time, rows, bytes scanned, objects and the share of splits done, refreshing every
 * `everyMs`; `stop()` erases it, so the result and the
 * prompt print on a clean line. Only for terminals — the caller decides (scripts never get one).
 */
export interface ProgressStatus {
  elapsedMs: number;
  rows: number;
  /** Scan counters so far (summed over the statement's plan runs). */
  bytesScanned?: number;
  objectsRead?: number;
  splitsRun?: number;
  splitsPlanned?: number;
}

/** Collects the live scan counters of a statement's plan runs (Engine's `onScanStats`). */
export class LiveScanStats {
  private readonly runs: Readonly<Record<string, number>>[] = [];
  readonly add = (live: Readonly<Record<string, number>>): void => void this.runs.push(live);
  sum(key: string): number {
    return this.runs.reduce((a, r) => a + (r[key] ?? 0), 0);
  }
}

export class ProgressLine {
  private timer: NodeJS.Timeout | undefined;
  private shown = false;
  private started = 0;

  constructor(
    private readonly write: (text: string) => void,
    private readonly delayMs = 500,
    private readonly everyMs = 100,
  ) {}

  /** Starts the clock; `rows()` and `scan` are read at each refresh. */
  start(rows: () => number, scan?: LiveScanStats): void {
    this.stop();
    this.started = performance.now();
    const tick = (): void => {
      this.shown = true;
      const counters = scan
        ? { bytesScanned: scan.sum('bytesScanned'), objectsRead: scan.sum('objectsRead'), splitsRun: scan.sum('splitsRun'), splitsPlanned: scan.sum('splitsPlanned') }
        : {};
      this.write(`\r\x1b[K${progressText({ elapsedMs: performance.now() - this.started, rows: rows(), ...counters })}`);
      this.timer = setTimeout(tick, this.everyMs);
    };
    this.timer = setTimeout(tick, this.delayMs);
  }

  /** Stops refreshing and erases the line if it was shown. */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.shown) this.write('\r\x1b[K');
    this.shown = false;
  }
}

function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} B` : `${v.toFixed(1)} ${units[u]}`;
}

/** `Running 1.2 s · 12,345 rows · 3.1 MiB in 4 objects · 40% of splits · Ctrl-C to cancel`. */
export function progressText(s: ProgressStatus): string {
  const parts = [`Running ${(s.elapsedMs / 1000).toFixed(1)} s`, `${s.rows.toLocaleString('en-US')} row${s.rows === 1 ? '' : 's'}`];
  if (s.splitsPlanned) {
    const objects = s.objectsRead ?? 0;
    parts.push(`${bytes(s.bytesScanned ?? 0)} in ${objects} object${objects === 1 ? '' : 's'}`);
    parts.push(`${Math.min(100, Math.floor((100 * (s.splitsRun ?? 0)) / s.splitsPlanned))}% of splits`);
  }
  parts.push('Ctrl-C to cancel');
  return parts.join(' · ');
}
