/**
 * The shell's progress line for a long statement: after `delayMs` (0.5 s) it shows, on stderr,
 * `elapsed · rows` and refreshes every `everyMs`; `stop()` erases it, so the result and the
 * prompt print on a clean line. Only for terminals — the caller decides (scripts never get one).
 */
export interface ProgressStatus {
  elapsedMs: number;
  rows: number;
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

  /** Starts the clock; `rows()` is read at each refresh. */
  start(rows: () => number): void {
    this.stop();
    this.started = performance.now();
    const tick = (): void => {
      this.shown = true;
      this.write(`\r\x1b[K${progressText({ elapsedMs: performance.now() - this.started, rows: rows() })}`);
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

/** `Running 1.2 s · 12,345 rows · Ctrl-C to cancel`. */
export function progressText(s: ProgressStatus): string {
  const rows = `${s.rows.toLocaleString('en-US')} row${s.rows === 1 ? '' : 's'}`;
  return `Running ${(s.elapsedMs / 1000).toFixed(1)} s · ${rows} · Ctrl-C to cancel`;
}
