import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateTpch } from '../../../datasets/tpch/generate.js';
import { batchToRows } from '../../../src/types/batch.js';

function digest(sf: number): string {
  const h = createHash('sha256');
  for (const t of Object.values(generateTpch(sf))) {
    for (const row of batchToRows(t.batch)) h.update(row.map(String).join('|') + '\n');
  }
  return h.digest('hex');
}

describe('TPC-H-like generator', () => {
  const db = generateTpch(0.01);

  it('has TPC-H cardinalities at SF 0.01', () => {
    expect(db.region!.batch.length).toBe(5);
    expect(db.nation!.batch.length).toBe(25);
    expect(db.supplier!.batch.length).toBe(100);
    expect(db.part!.batch.length).toBe(2000);
    expect(db.partsupp!.batch.length).toBe(8000);
    expect(db.customer!.batch.length).toBe(1500);
    expect(db.orders!.batch.length).toBe(15000);
    const li = db.lineitem!.batch.length;
    expect(li).toBeGreaterThan(15000 * 3.5);
    expect(li).toBeLessThan(15000 * 4.5);
  });

  it('is deterministic', () => {
    expect(digest(0.002)).toBe(digest(0.002));
  });

  it('keeps TPC-H invariants: ship after order, status from line statuses, sparse keys', () => {
    const orders = batchToRows(db.orders!.batch);
    const keys = new Set(orders.map((r) => r[0]));
    expect(keys.has(1)).toBe(true);
    expect(keys.has(9)).toBe(false); // only the first 8 of every 32 keys exist
    const orderDate = new Map(orders.map((r) => [r[0], r[4] as number]));
    for (const l of batchToRows(db.lineitem!.batch)) {
      const od = orderDate.get(l[0])!;
      expect(l[10] as number).toBeGreaterThan(od);
      expect(l[12] as number).toBeGreaterThan(l[10] as number);
    }
    // no customer with key divisible by 3 has orders
    expect(orders.some((r) => (r[1] as number) % 3 === 0)).toBe(false);
  });
});
