/**
 * The thread's column-buffer pool: only its own buffers come back, each once, zeroed when issued
 * again; a batch gives back its built data and dictionary codes, never a lazily built column's
 * data it would have to build.
 */
import { describe, expect, it } from 'vitest';
import { lazyNumDictColumn, type Batch } from '../../../src/types/batch.js';
import { releaseBatchBuffers, releaseBuffer, takeBuffer } from '../../../src/types/buffer-pool.js';

const BIG = 256 * 1024;

describe('buffer pool', () => {
  it('reissues a released buffer of the same size, zeroed', () => {
    const a = takeBuffer(BIG + 8);
    new Float64Array(a).fill(3.5);
    releaseBuffer(a);
    const b = takeBuffer(BIG + 8);
    expect(b).toBe(a);
    expect(new Float64Array(b).every((x) => x === 0)).toBe(true);
    expect(takeBuffer(BIG + 8)).not.toBe(a);
  });

  it('ignores buffers it did not issue, second releases and small sizes', () => {
    const foreign = new ArrayBuffer(BIG + 16);
    releaseBuffer(foreign);
    expect(takeBuffer(BIG + 16)).not.toBe(foreign);
    const once = takeBuffer(BIG + 24);
    releaseBuffer(once);
    releaseBuffer(once);
    expect(takeBuffer(BIG + 24)).toBe(once);
    expect(takeBuffer(BIG + 24)).not.toBe(once);
    const small = takeBuffer(1024);
    releaseBuffer(small);
    expect(takeBuffer(1024)).not.toBe(small);
  });

  it('gives back a batch’s built data and codes, without building lazy data', () => {
    const rows = BIG / 4;
    const data = new Int32Array(takeBuffer(4 * rows));
    const codes = new Int32Array(takeBuffer(4 * rows + 4)).subarray(0, rows);
    const dict = lazyNumDictColumn({ kind: 'integer' }, rows, null, { codes, values: Int32Array.of(7, 9) });
    const b: Batch = { length: rows, columns: [{ type: { kind: 'integer' }, length: rows, kind: 'i32', data, valid: null }, dict] };
    releaseBatchBuffers(b);
    expect(Object.getOwnPropertyDescriptor(dict, 'data')?.get).toBeDefined();
    expect(takeBuffer(4 * rows)).toBe(data.buffer);
    expect(takeBuffer(4 * rows + 4)).toBe(codes.buffer);
  });
});
