/**
 * A scan worker thread that dies (an uncaught error, out of memory) fails its split with a clear
 * INTERNAL_ERROR naming the object; piscina starts a replacement, so the next split runs. Piscina
 * is replaced by a stand-in whose first thread dies, to make the crash deterministic.
 */
import { describe, expect, it, vi } from 'vitest';

let runs = 0;
vi.mock('piscina', () => ({
  Piscina: class {
    async run(): Promise<unknown> {
      runs++;
      if (runs === 1) throw new Error('Worker terminated due to reaching memory limit: JS heap out of memory');
      return { ok: true, output: { batches: [], stats: { bytesScanned: 0, objectsRead: 1, kmsCalls: 0, rowGroupsRead: 0, rowGroupsSkipped: 0 } } };
    }
    async destroy(): Promise<void> {}
  },
}));

const { ScanPool } = await import('../../../src/scan/worker-pool.js');
const { AegisError } = await import('../../../src/errors.js');

describe('a crashed scan worker', () => {
  it('fails the split with INTERNAL_ERROR naming the object, and the pool keeps working', async () => {
    const pool = new ScanPool(1);
    const task = { split: { uri: 's3://lake/t/part-0.parquet' }, columns: [], engineRegion: 'us-east-1', principal: 'p', config: {} } as unknown as Parameters<typeof pool.run>[0];
    const e = await pool.run(task).then(() => undefined, (err: unknown) => err);
    expect(e).toBeInstanceOf(AegisError);
    expect((e as InstanceType<typeof AegisError>).code).toBe('INTERNAL_ERROR');
    expect((e as Error).message).toContain('s3://lake/t/part-0.parquet');
    expect((e as Error).message).toMatch(/stopped unexpectedly .*replaced/);
    expect((e as InstanceType<typeof AegisError>).details).toEqual({ uri: 's3://lake/t/part-0.parquet' });
    await expect(pool.run(task)).resolves.toMatchObject({ stats: { objectsRead: 1 } });
    await pool.close();
  });
});
