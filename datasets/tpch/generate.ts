/**
 * A deterministic TPC-H-like generator. Column names, types, cardinalities and value rules follow
 * the TPC-H specification closely enough that the 22 queries return meaningful, non-empty results;
 * text fields use a smaller vocabulary than dbgen. Output is columnar, in aegis's value
 * representation: integer keys as Int32, decimals as unscaled BigInt64 (scale 2), dates as day
 * numbers, strings as JS strings.
 */
import type { Batch, Column } from '../../src/types/batch.js';
import type { SqlType } from '../../src/types/sql-type.js';
import { Rng } from './random.js';
import * as V from './vocabulary.js';

export interface GeneratedTable {
  name: string;
  columns: { name: string; type: SqlType }[];
  batch: Batch;
}

const INT: SqlType = { kind: 'integer' };
const MONEY: SqlType = { kind: 'decimal', precision: 15, scale: 2 };
const STR: SqlType = { kind: 'varchar' };
const DATE: SqlType = { kind: 'date' };

const DAY_MS = 86_400_000;
const dayOf = (iso: string): number => Date.parse(iso + 'T00:00:00Z') / DAY_MS;
const START_DATE = dayOf('1992-01-01');
const END_DATE = dayOf('1998-12-31');
const CURRENT_DATE = dayOf('1995-06-17');

type ColSpec = [name: string, type: SqlType];

/** Accumulates one table column by column. */
class TableBuilder {
  private readonly data: unknown[][];
  constructor(readonly name: string, private readonly specs: ColSpec[]) {
    this.data = specs.map(() => []);
  }
  add(...values: unknown[]): void {
    for (let i = 0; i < values.length; i++) this.data[i]!.push(values[i]);
  }
  build(): GeneratedTable {
    const length = this.data[0]!.length;
    const columns: Column[] = this.specs.map(([, type], i) => {
      const vals = this.data[i]!;
      switch (type.kind) {
        case 'integer':
        case 'date':
          return { type, length, kind: 'i32', data: Int32Array.from(vals as number[]), valid: null };
        case 'decimal':
          return { type, length, kind: 'i64', data: BigInt64Array.from(vals as bigint[]), valid: null };
        default:
          return { type, length, kind: 'values', data: vals as string[] };
      }
    });
    return { name: this.name, columns: this.specs.map(([name, type]) => ({ name, type })), batch: { length, columns } };
  }
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function text(rng: Rng, minWords: number, maxWords: number): string {
  const n = rng.int(minWords, maxWords);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(rng.pick(V.WORDS));
  return words.join(' ');
}

function phone(rng: Rng, nationKey: number): string {
  return `${nationKey + 10}-${rng.int(100, 999)}-${rng.int(100, 999)}-${rng.int(1000, 9999)}`;
}

function address(rng: Rng): string {
  const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,';
  const len = rng.int(10, 40);
  let s = '';
  for (let i = 0; i < len; i++) s += chars[rng.nextU32() % chars.length];
  return s;
}

/** Retail price in cents, per TPC-H §4.2.3. */
function retailCents(partKey: number): bigint {
  return BigInt(90000 + (Math.floor(partKey / 10) % 20001) + 100 * (partKey % 1000));
}

/** The i-th (0..3) supplier of a part, per TPC-H §4.2.3. */
function partSupplier(partKey: number, i: number, suppliers: number): number {
  return ((partKey + i * (Math.floor(suppliers / 4) + Math.floor((partKey - 1) / suppliers))) % suppliers) + 1;
}

/** Sparse order keys as dbgen makes them: the first 8 of every 32. */
function orderKey(i: number): number {
  return Math.floor(i / 8) * 32 + (i % 8) + 1;
}

/** Generates all eight tables at scale factor `sf` (0.01 → ~60K lineitem rows). */
export function generateTpch(sf: number): Record<string, GeneratedTable> {
  const nSupp = Math.max(1, Math.round(10_000 * sf));
  const nPart = Math.max(1, Math.round(200_000 * sf));
  const nCust = Math.max(1, Math.round(150_000 * sf));
  const nOrders = Math.max(1, Math.round(1_500_000 * sf));
  const nClerks = Math.max(1, Math.round(1_000 * sf));

  const region = new TableBuilder('region', [['r_regionkey', INT], ['r_name', STR], ['r_comment', STR]]);
  const rr = new Rng(1);
  V.REGIONS.forEach((name, k) => region.add(k, name, text(rr, 5, 12)));

  const nation = new TableBuilder('nation', [['n_nationkey', INT], ['n_name', STR], ['n_regionkey', INT], ['n_comment', STR]]);
  const nr = new Rng(2);
  V.NATIONS.forEach(([name, rk], k) => nation.add(k, name, rk, text(nr, 5, 12)));

  const supplier = new TableBuilder('supplier', [
    ['s_suppkey', INT], ['s_name', STR], ['s_address', STR], ['s_nationkey', INT],
    ['s_phone', STR], ['s_acctbal', MONEY], ['s_comment', STR],
  ]);
  const sr = new Rng(3);
  for (let k = 1; k <= nSupp; k++) {
    const nk = sr.int(0, 24);
    let comment = text(sr, 4, 10);
    // TPC-H: a few suppliers carry complaints / recommendations (Q16).
    const r = sr.int(1, 10_000);
    if (r <= 5) comment = `${text(sr, 1, 3)} Customer ${text(sr, 0, 2)} Complaints ${text(sr, 1, 3)}`;
    else if (r <= 10) comment = `${text(sr, 1, 3)} Customer ${text(sr, 0, 2)} Recommends ${text(sr, 1, 3)}`;
    supplier.add(k, `Supplier#${pad(k, 9)}`, address(sr), nk, phone(sr, nk), BigInt(sr.int(-99_999, 999_999)), comment);
  }

  const part = new TableBuilder('part', [
    ['p_partkey', INT], ['p_name', STR], ['p_mfgr', STR], ['p_brand', STR], ['p_type', STR],
    ['p_size', INT], ['p_container', STR], ['p_retailprice', MONEY], ['p_comment', STR],
  ]);
  const partsupp = new TableBuilder('partsupp', [
    ['ps_partkey', INT], ['ps_suppkey', INT], ['ps_availqty', INT], ['ps_supplycost', MONEY], ['ps_comment', STR],
  ]);
  const pr = new Rng(4);
  const psr = new Rng(5);
  for (let k = 1; k <= nPart; k++) {
    const names = new Set<string>();
    while (names.size < 5) names.add(pr.pick(V.COLORS));
    const m = pr.int(1, 5);
    part.add(
      k, [...names].join(' '), `Manufacturer#${m}`, `Brand#${m}${pr.int(1, 5)}`,
      `${pr.pick(V.TYPE_S1)} ${pr.pick(V.TYPE_S2)} ${pr.pick(V.TYPE_S3)}`, pr.int(1, 50),
      `${pr.pick(V.CONTAINER_S1)} ${pr.pick(V.CONTAINER_S2)}`, retailCents(k), text(pr, 1, 4),
    );
    for (let i = 0; i < 4; i++) {
      partsupp.add(k, partSupplier(k, i, nSupp), psr.int(1, 9999), BigInt(psr.int(100, 100_000)), text(psr, 5, 15));
    }
  }

  const customer = new TableBuilder('customer', [
    ['c_custkey', INT], ['c_name', STR], ['c_address', STR], ['c_nationkey', INT], ['c_phone', STR],
    ['c_acctbal', MONEY], ['c_mktsegment', STR], ['c_comment', STR],
  ]);
  const cr = new Rng(6);
  for (let k = 1; k <= nCust; k++) {
    const nk = cr.int(0, 24);
    customer.add(k, `Customer#${pad(k, 9)}`, address(cr), nk, phone(cr, nk), BigInt(cr.int(-99_999, 999_999)), cr.pick(V.SEGMENTS), text(cr, 4, 12));
  }

  const orders = new TableBuilder('orders', [
    ['o_orderkey', INT], ['o_custkey', INT], ['o_orderstatus', STR], ['o_totalprice', MONEY],
    ['o_orderdate', DATE], ['o_orderpriority', STR], ['o_clerk', STR], ['o_shippriority', INT], ['o_comment', STR],
  ]);
  const lineitem = new TableBuilder('lineitem', [
    ['l_orderkey', INT], ['l_partkey', INT], ['l_suppkey', INT], ['l_linenumber', INT],
    ['l_quantity', MONEY], ['l_extendedprice', MONEY], ['l_discount', MONEY], ['l_tax', MONEY],
    ['l_returnflag', STR], ['l_linestatus', STR], ['l_shipdate', DATE], ['l_commitdate', DATE],
    ['l_receiptdate', DATE], ['l_shipinstruct', STR], ['l_shipmode', STR], ['l_comment', STR],
  ]);
  const or = new Rng(7);
  const lr = new Rng(8);
  for (let i = 0; i < nOrders; i++) {
    const ok = orderKey(i);
    // TPC-H: customers whose key is divisible by 3 place no orders (Q13, Q22).
    let ck = or.int(1, nCust);
    while (ck % 3 === 0 && nCust > 2) ck = or.int(1, nCust);
    const orderDate = or.int(START_DATE, END_DATE - 151);
    const lines = lr.int(1, 7);
    let total = 0n;
    let fCount = 0;
    for (let ln = 1; ln <= lines; ln++) {
      const pk = lr.int(1, nPart);
      const sk = partSupplier(pk, lr.int(0, 3), nSupp);
      const qty = lr.int(1, 50);
      const ext = BigInt(qty) * retailCents(pk);
      const disc = lr.int(0, 10);
      const tax = lr.int(0, 8);
      const ship = orderDate + lr.int(1, 121);
      const commit = orderDate + lr.int(30, 90);
      const receipt = ship + lr.int(1, 30);
      const returnFlag = receipt <= CURRENT_DATE ? (lr.int(0, 1) === 0 ? 'R' : 'A') : 'N';
      const lineStatus = ship > CURRENT_DATE ? 'O' : 'F';
      if (lineStatus === 'F') fCount++;
      // cents × (100 + tax) × (100 − disc) / 10⁴, rounded half up.
      total += (ext * BigInt(100 + tax) * BigInt(100 - disc) + 5_000n) / 10_000n;
      lineitem.add(
        ok, pk, sk, ln, BigInt(qty * 100), ext, BigInt(disc), BigInt(tax), returnFlag, lineStatus,
        ship, commit, receipt, lr.pick(V.INSTRUCTIONS), lr.pick(V.MODES), text(lr, 2, 6),
      );
    }
    const status = fCount === lines ? 'F' : fCount === 0 ? 'O' : 'P';
    let comment = text(or, 3, 10);
    if (or.int(1, 100) <= 2) comment = `${text(or, 1, 3)} special ${text(or, 0, 2)} requests ${text(or, 1, 2)}`;
    orders.add(ok, ck, status, total, orderDate, or.pick(V.PRIORITIES), `Clerk#${pad(or.int(1, nClerks), 9)}`, 0, comment);
  }

  const tables = [region, nation, supplier, part, partsupp, customer, orders, lineitem].map((t) => t.build());
  return Object.fromEntries(tables.map((t) => [t.name, t]));
}

export const TPCH_TABLES = ['region', 'nation', 'supplier', 'part', 'partsupp', 'customer', 'orders', 'lineitem'] as const;
