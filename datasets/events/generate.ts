/**
 * A deterministic, Hive-partitioned sales dataset (`dt=YYYY-MM-DD/`), with the types users meet in
 * practice: bigint ids, timestamps, strings, integers, exact decimals, booleans and arrays.
 */
import { batchFromRows, type Batch } from '../../src/types/batch.js';
import type { SqlType } from '../../src/types/sql-type.js';
import type { Value } from '../../src/types/value.js';
import { Rng } from '../tpch/random.js';

export const SALES_COLUMNS: { name: string; type: SqlType; hiveType: string }[] = [
  { name: 'sale_id', type: { kind: 'bigint' }, hiveType: 'bigint' },
  { name: 'sold_at', type: { kind: 'timestamp', precision: 3 }, hiveType: 'timestamp' },
  { name: 'customer', type: { kind: 'varchar' }, hiveType: 'string' },
  { name: 'product', type: { kind: 'varchar' }, hiveType: 'string' },
  { name: 'quantity', type: { kind: 'integer' }, hiveType: 'int' },
  { name: 'price', type: { kind: 'decimal', precision: 10, scale: 2 }, hiveType: 'decimal(10,2)' },
  { name: 'discounted', type: { kind: 'boolean' }, hiveType: 'boolean' },
  { name: 'tags', type: { kind: 'array', element: { kind: 'varchar' } }, hiveType: 'array<string>' },
];

const PRODUCTS = ['widget', 'gadget', 'gizmo', 'doohickey', 'sprocket', 'flange'];
const CUSTOMERS = ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark', 'wayne', 'wonka'];
const TAGS = ['promo', 'online', 'store', 'gift', 'bulk'];

export interface SalesPartition {
  dt: string;
  batch: Batch;
}

/** `days` daily partitions from 2024-01-01, `rowsPerDay` rows each. */
export function generateSales(days = 10, rowsPerDay = 200): SalesPartition[] {
  const rng = new Rng(42);
  const start = Date.UTC(2024, 0, 1);
  const out: SalesPartition[] = [];
  let id = 1n;
  for (let d = 0; d < days; d++) {
    const dayMs = start + d * 86_400_000;
    const rows: Value[][] = [];
    for (let i = 0; i < rowsPerDay; i++) {
      const tags = TAGS.filter(() => rng.int(0, 3) === 0);
      rows.push([
        id++,
        (dayMs + rng.int(0, 86_399_999)) * 1000,
        rng.pick(CUSTOMERS),
        rng.pick(PRODUCTS),
        rng.int(1, 20),
        BigInt(rng.int(99, 99_999)),
        rng.int(0, 4) === 0,
        tags,
      ]);
    }
    out.push({ dt: new Date(dayMs).toISOString().slice(0, 10), batch: batchFromRows(SALES_COLUMNS.map((c) => c.type), rows) });
  }
  return out;
}
