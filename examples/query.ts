// aegis as a library, in TypeScript: `npx tsx examples/query.ts [warehouse]` (or compile with tsc).
// Builds a small table encrypted with SSE-KMS, then reads it back four ways.
import { AegisError, connect, type RowArray } from 'aegis';

const db = await connect({
  warehouse: process.argv[2] ?? './warehouse',
  // Results and CTAS data are written SSE-KMS under the warehouse's default key (aws/s3).
  resultConfiguration: { EncryptionConfiguration: { EncryptionOption: 'SSE_KMS' } },
});
try {
  await db.query('DROP TABLE IF EXISTS accounts').rows();
  await db
    .query(
      `CREATE TABLE accounts WITH (format = 'PARQUET') AS
       SELECT * FROM (VALUES (1, 'ann', DECIMAL '12.50', DATE '2024-01-31', BIGINT '9007199254740993'),
                             (2, '李小龍', DECIMAL '-0.05', DATE '2023-12-01', NULL)) AS t(id, name, balance, opened, points)`,
    )
    .rows();

  // Rows stream as the query produces them; values are JS-native (DECIMAL → exact string,
  // DATE → 'YYYY-MM-DD', BIGINT → bigint, NULL → null).
  const q = db.query('SELECT id, name, balance, opened, points FROM accounts WHERE id >= ? ORDER BY id', { parameters: [1] });
  for await (const row of q) {
    const balance: string = row.balance as string;
    console.log(`${String(row.id)} ${String(row.name)} balance=${balance} opened=${String(row.opened)} points=${String(row.points)}`);
  }
  console.log('columns', (await q.columns).map((c) => `${c.name} ${c.type}`).join(', '));
  console.log('scanned', q.stats?.DataScannedInBytes, 'bytes in', q.stats?.objectsRead, 'object(s); result at', q.stats?.outputLocation.startsWith('s3://'));

  // Arrays of values instead of objects, all at once.
  const rows: RowArray[] = await db.query('SELECT count(*), sum(balance) FROM accounts', { rowMode: 'array' }).rows();
  console.log('count/sum', rows[0]![0], rows[0]![1]);

  // Apache Arrow: decimals stay exact (Decimal128), every field names its SQL type.
  const table = await db.query('SELECT id, balance FROM accounts ORDER BY id').toArrow();
  console.log('arrow', table.numRows, table.schema.fields.map((f) => `${f.name}:${f.metadata.get('aegis.sql_type')}`).join(', '));

  // Every object of the table with its encryption and whether this principal can read it.
  for (const o of await db.preflight('accounts')) console.log('preflight', o.mode, o.verdict);

  // Errors are AegisError with a stable code.
  try {
    await db.query('SELECT * FROM no_such_table').rows();
  } catch (e) {
    if (e instanceof AegisError) console.log('error', e.code);
    else throw e;
  }
} finally {
  await db.close();
}
