/**
 * The DuckDB side of the benchmark: an in-process DuckDB (threads = 2) whose TPC-H tables are
 * views over the same rows as plaintext Parquet files, so every run reads and decodes the files
 * as aegis reads and decodes its objects. `@duckdb/node-api` is a development dependency: loaded
 * on demand, with a clear error when it is missing.
 */
import { AegisError } from '../src/errors.js';

/** The slice of @duckdb/node-api used here. */
interface DuckConnection {
  run(sql: string): Promise<unknown>;
  runAndReadAll(sql: string): Promise<{ getRows(): unknown[][] }>;
  closeSync(): void;
}
interface DuckInstance {
  connect(): Promise<DuckConnection>;
  closeSync(): void;
}

export class DuckBaseline {
  private constructor(private readonly instance: DuckInstance, private readonly con: DuckConnection) {}

  /** Opens DuckDB with `threads` threads and one view per table over its Parquet file. */
  static async open(files: Readonly<Record<string, string>>, threads = 2): Promise<DuckBaseline> {
    let mod: { DuckDBInstance: { create(path: string, opts: Record<string, string>): Promise<DuckInstance> } };
    try {
      mod = (await import('@duckdb/node-api')) as unknown as typeof mod;
    } catch (e) {
      throw new AegisError('NOT_SUPPORTED', `aegis bench compares with DuckDB and needs the @duckdb/node-api package (npm install --save-dev @duckdb/node-api): ${(e as Error).message}`);
    }
    const instance = await mod.DuckDBInstance.create(':memory:', { threads: String(threads) });
    const con = await instance.connect();
    for (const [name, file] of Object.entries(files)) {
      await con.run(`CREATE VIEW ${name} AS SELECT * FROM read_parquet('${file.replaceAll("'", "''")}')`);
    }
    return new DuckBaseline(instance, con);
  }

  /** Runs a statement (COPY, CREATE VIEW …). */
  async exec(sql: string): Promise<void> {
    await this.con.run(sql);
  }

  /** Runs a query to completion; returns the number of rows. */
  async run(sql: string): Promise<number> {
    return (await this.con.runAndReadAll(sql)).getRows().length;
  }

  close(): void {
    this.con.closeSync();
    this.instance.closeSync();
  }
}
