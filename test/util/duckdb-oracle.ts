/**
 * DuckDB as the oracle: the same data loaded into an in-process DuckDB, queries run there, results
 * brought to the canonical form of compare-results.ts.
 */
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { Canon } from './compare-results.js';
import { decimalText } from './compare-results.js';

export class DuckOracle {
  private constructor(private readonly instance: DuckDBInstance, readonly con: DuckDBConnection) {}

  static async open(): Promise<DuckOracle> {
    const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
    return new DuckOracle(instance, await instance.connect());
  }

  async run(sql: string): Promise<void> {
    await this.con.run(sql);
  }

  async query(sql: string): Promise<{ columns: string[]; rows: Canon[][] }> {
    const reader = await this.con.runAndReadAll(sql);
    return { columns: reader.columnNames(), rows: reader.getRows().map((r) => r.map(canonDuck)) };
  }

  close(): void {
    this.con.closeSync();
    this.instance.closeSync();
  }
}

/** Converts one DuckDB value (as @duckdb/node-api returns it) to canonical form. */
export function canonDuck(v: unknown): Canon {
  if (v === null || v === undefined) return null;
  // INTEGER and DOUBLE both arrive as JS numbers; integers below 2^53 compare exactly this way.
  if (typeof v === 'number') return { t: 'num', approx: v };
  if (typeof v === 'bigint') return { t: 'num', exact: v.toString(), approx: Number(v) };
  if (typeof v === 'string') return { t: 'str', v };
  if (typeof v === 'boolean') return { t: 'bool', v };
  const name = (v as object).constructor?.name;
  const o = v as Record<string, unknown>;
  switch (name) {
    case 'DuckDBDecimalValue': {
      const text = decimalText(o.value as bigint, o.scale as number);
      return { t: 'num', exact: text, approx: Number(text) };
    }
    case 'DuckDBDateValue':
      return { t: 'date', days: o.days as number };
    case 'DuckDBTimestampValue':
      return { t: 'ts', micros: Number(o.micros as bigint) };
    case 'DuckDBListValue':
    case 'DuckDBArrayValue':
      return { t: 'list', items: (o.items as unknown[]).map(canonDuck) };
    default:
      return { t: 'str', v: String(v) };
  }
}
