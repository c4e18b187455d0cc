import { describe, expect, it } from 'vitest';
import { BatchChannel } from '../../../src/client/batch-channel.js';

const settled = async (p: Promise<unknown>): Promise<boolean> => {
  let done = false;
  void p.then(
    () => (done = true),
    () => (done = true),
  );
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  return done;
};

describe('BatchChannel: bounded hand-off between a query and its reader', () => {
  it('the producer waits at the high-water mark until the reader takes a batch', async () => {
    const ch = new BatchChannel<string>(100);
    expect(await settled(ch.push('a', 60))).toBe(true);
    const second = ch.push('b', 60); // 120 buffered ≥ 100: waits
    expect(await settled(second)).toBe(false);
    expect(await ch.next()).toBe('a');
    expect(await settled(second)).toBe(true);
    ch.end();
    expect(await ch.next()).toBe('b');
    expect(await ch.next()).toBeUndefined();
  });

  it('fail() wakes a waiting producer and a waiting reader with the error, dropping buffered batches', async () => {
    const ch = new BatchChannel<string>(1);
    const push = ch.push('a', 5);
    expect(await settled(push)).toBe(false);
    const err = new Error('stop');
    ch.fail(err);
    await expect(push).rejects.toBe(err);
    await expect(ch.next()).rejects.toBe(err);
    const ch2 = new BatchChannel<string>(1);
    const read = ch2.next();
    ch2.fail(err);
    await expect(read).rejects.toBe(err);
    await expect(ch2.push('x', 1)).rejects.toBe(err);
  });
});
