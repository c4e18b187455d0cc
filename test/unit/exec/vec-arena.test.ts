/**
 * The thread's vector arena: a `reuse` program's arrays come back at its next evaluation, exactly
 * as long as asked, zeroed where a kernel relies on zeros, and never shared with a program that
 * does not reuse.
 */
import { describe, expect, it } from 'vitest';
import { f64, f64z, u8, u8z, VecArena, withArena } from '../../../src/exec/vector/vec.js';

describe('VecArena', () => {
  it('hands the same arrays out again after reset, sized to each request', () => {
    const a = new VecArena();
    const [x, y] = withArena(a, () => [f64(5000), u8(5000)] as const);
    x.fill(7);
    y.fill(9);
    a.reset();
    const [x2, y2, x3] = withArena(a, () => [f64(4000), u8(100), f64(10)] as const);
    expect(x2.buffer).toBe(x.buffer);
    expect(y2.buffer).toBe(y.buffer);
    expect(x3.buffer).not.toBe(x.buffer);
    expect([x2.length, y2.length, x3.length]).toEqual([4000, 100, 10]);
  });

  it('zeroes a reused array for the kernels that set NULL flags one by one', () => {
    const a = new VecArena();
    withArena(a, () => {
      f64(3000).fill(1e300);
      u8(3000).fill(1);
    });
    a.reset();
    const [z, n] = withArena(a, () => [f64z(3000), u8z(2000)] as const);
    expect(z.every((v) => v === 0)).toBe(true);
    expect(n.every((v) => v === 0)).toBe(true);
  });

  it('leaves vectors outside an arena, and very long ones, to new arrays', () => {
    const a = new VecArena();
    const inside = withArena(a, () => f64(2048));
    a.reset();
    expect(withArena(null, () => f64(2048)).buffer).not.toBe(inside.buffer);
    const long = withArena(a, () => f64((1 << 20) + 1));
    a.reset();
    expect(withArena(a, () => f64((1 << 20) + 1)).buffer).not.toBe(long.buffer);
  });

  it('restores the enclosing arena after a nested evaluation, even one that throws', () => {
    const outer = new VecArena();
    const inner = new VecArena();
    withArena(outer, () => {
      expect(() => withArena(inner, () => { throw new Error('kernel failed'); })).toThrow('kernel failed');
      const first = f64(1500);
      outer.reset();
      expect(f64(1500).buffer).toBe(first.buffer);
    });
  });
});
