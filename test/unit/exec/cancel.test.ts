import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/api/engine.js';

describe('cancellation', () => {
  it('a CPU-bound query stops with QUERY_CANCELLED when its signal aborts', async () => {
    const engine = new Engine({ memoryChunkRows: 1024 });
    await engine.execute('CREATE TABLE big AS SELECT a.x * 10000 + b.x AS x FROM UNNEST(sequence(0, 0)) AS a(x) CROSS JOIN UNNEST(sequence(1, 4000)) AS b(x)');
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    // 1.6·10⁷ pairs: longer than the 100 ms before the abort.
    const run = engine.execute('SELECT count(*) FROM big a CROSS JOIN big b WHERE a.x + b.x = 7', { signal: ac.signal });
    await expect(run).rejects.toMatchObject({ code: 'QUERY_CANCELLED' });
  });
});
