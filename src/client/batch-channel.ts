/**
 * A bounded hand-off between a running query (producer) and whoever reads its rows (consumer).
 * The producer's `push` resolves only while fewer than `highWater` rows are buffered, so a slow
 * reader slows the query down instead of letting rows pile up: memory stays bounded by one batch
 * past the mark, whatever the size of the result.
 */
export class BatchChannel<T> {
  private readonly queue: { item: T; rows: number }[] = [];
  private buffered = 0;
  private ended = false;
  private failure: { error: unknown } | undefined;
  private wakeConsumer: (() => void) | undefined;
  private wakeProducer: (() => void) | undefined;

  constructor(private readonly highWater: number) {}

  /**
   * Hands over one batch of `rows` rows; waits while the buffer is at its mark.
   * @throws the channel's failure once it has failed (the reader went away or the query was cancelled).
   */
  async push(item: T, rows: number): Promise<void> {
    if (this.failure) throw this.failure.error;
    this.queue.push({ item, rows });
    this.buffered += rows;
    this.wake();
    while (this.buffered >= this.highWater && !this.failure) {
      await new Promise<void>((resolve) => (this.wakeProducer = resolve));
    }
    const failed = this.failure as { error: unknown } | undefined;
    if (failed) throw failed.error;
  }

  /** No more batches: readers get what is buffered, then the end. */
  end(): void {
    this.ended = true;
    this.wake();
  }

  /** Fails both sides at once: a waiting reader and a waiting producer get `error`; buffered batches are dropped. */
  fail(error: unknown): void {
    if (this.failure) return;
    this.failure = { error };
    this.queue.length = 0;
    this.buffered = 0;
    this.wake();
  }

  /** The next batch, or undefined at the end. @throws the failure. */
  async next(): Promise<T | undefined> {
    for (;;) {
      if (this.failure) throw this.failure.error;
      const head = this.queue.shift();
      if (head) {
        this.buffered -= head.rows;
        this.wake();
        return head.item;
      }
      if (this.ended) return undefined;
      await new Promise<void>((resolve) => (this.wakeConsumer = resolve));
    }
  }

  private wake(): void {
    const c = this.wakeConsumer;
    const p = this.wakeProducer;
    this.wakeConsumer = undefined;
    this.wakeProducer = undefined;
    c?.();
    p?.();
  }
}
