// aegis as a library, in plain JavaScript: `node examples/query.mjs [warehouse]`.
import { AegisError, connect } from 'aegis';

const db = await connect({ warehouse: process.argv[2] ?? './warehouse' });
try {
  // A query with MAP, ARRAY and ROW values: MAP → Map, ARRAY → array, ROW → object.
  const q = db.query(
    `SELECT 'x' AS k, ARRAY[1, 2] AS a, MAP(ARRAY['eu'], ARRAY[DECIMAL '1.5']) AS m,
            CAST(ROW(7, 'seven') AS ROW(n INTEGER, word VARCHAR)) AS r, TIMESTAMP '2024-01-31 12:00:00.250' AS ts`,
  );
  for await (const row of q) {
    console.log('array', JSON.stringify(row.a), 'map', row.m.get('eu'), 'row', JSON.stringify(row.r), 'timestamp', row.ts);
  }
  console.log('query id', typeof q.queryId, q.queryId.length);

  // Cancel: the reader gets QUERY_CANCELLED, nothing is left at the output location.
  const big = db.query('SELECT a * 10000 + b AS n FROM UNNEST(sequence(1, 100)) x(a) CROSS JOIN UNNEST(sequence(1, 10000)) y(b)');
  let seen = 0;
  try {
    for await (const _ of big) {
      if (++seen === 10) await big.cancel();
    }
  } catch (e) {
    if (!(e instanceof AegisError)) throw e;
    console.log('cancelled', e.code, 'after', seen, 'rows');
  }

  // Arrow record batches as they come.
  let batches = 0;
  for await (const batch of db.query('SELECT 1 AS one').batches()) batches += batch.numRows;
  console.log('arrow rows', batches);
} finally {
  await db.close();
}
