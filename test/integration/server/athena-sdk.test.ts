/**
 * The Athena API with the official JavaScript SDK (@aws-sdk/client-athena): start → poll →
 * paginated results, failures, stop, idempotency, limits, workgroups, catalog metadata, prepared
 * statements with ExecutionParameters, and SigV4 authentication.
 */
import {
  AthenaClient,
  BatchGetQueryExecutionCommand,
  CreatePreparedStatementCommand,
  CreateWorkGroupCommand,
  DeletePreparedStatementCommand,
  DeleteWorkGroupCommand,
  GetDatabaseCommand,
  GetDataCatalogCommand,
  GetPreparedStatementCommand,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetTableMetadataCommand,
  GetWorkGroupCommand,
  ListDatabasesCommand,
  ListDataCatalogsCommand,
  ListPreparedStatementsCommand,
  ListQueryExecutionsCommand,
  ListTableMetadataCommand,
  ListWorkGroupsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  UpdatePreparedStatementCommand,
  UpdateWorkGroupCommand,
  paginateGetQueryResults,
} from '@aws-sdk/client-athena';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteCatalog } from '../../../src/catalog/sqlite-catalog.js';
import { createAccessKey } from '../../../src/server/access-keys.js';
import { CREDS, startFixture, waitFor, type ServerFixture } from './server-fixture.js';

let f: ServerFixture;
beforeAll(async () => {
  f = await startFixture({ maxConcurrent: 2, maxQueued: 2 });
}, 120_000);
afterAll(async () => f?.close());

async function run(sql: string, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await f.client.send(new StartQueryExecutionCommand({ QueryString: sql, ...extra }));
  return r.QueryExecutionId!;
}

async function rejection(p: Promise<unknown>): Promise<{ name: string; message: string; [k: string]: unknown }> {
  try {
    await p;
  } catch (e) {
    return e as { name: string; message: string };
  }
  throw new Error('expected the call to fail');
}

describe('queries', () => {
  it('start → poll → results in pages of 1,000 with the header row first, Athena column types', async () => {
    const id = await run('SELECT id, amount, label, d FROM sales ORDER BY id', { QueryExecutionContext: { Database: 'shop' } });
    const { state, execution } = await waitFor(f.client, id);
    expect(state).toBe('SUCCEEDED');
    const qe = execution.QueryExecution!;
    expect(qe.StatementType).toBe('DML');
    expect(qe.ResultConfiguration!.OutputLocation).toBe(`s3://aegis-results-us-east-1/${id}.csv`);
    expect(qe.ResultConfiguration!.EncryptionConfiguration!.EncryptionOption).toBe('SSE_S3');
    expect(qe.Statistics!.DataScannedInBytes).toBeGreaterThan(0);
    expect(qe.Status!.SubmissionDateTime).toBeInstanceOf(Date);
    const rows: (string | undefined)[][] = [];
    let pages = 0;
    let columns;
    for await (const page of paginateGetQueryResults({ client: f.client, pageSize: 1000 }, { QueryExecutionId: id })) {
      pages++;
      columns ??= page.ResultSet!.ResultSetMetadata!.ColumnInfo!;
      for (const r of page.ResultSet!.Rows!) rows.push(r.Data!.map((d) => d.VarCharValue));
    }
    expect(pages).toBe(3);
    expect(rows.length).toBe(2501);
    expect(rows[0]).toEqual(['id', 'amount', 'label', 'd']);
    expect(rows[1]).toEqual(['1', '0.50', 'item 1', '2024-01-02']);
    expect(rows[10]).toEqual(['10', '5.00', undefined, '2024-01-11']);
    expect(rows[2500]).toEqual(['2500', '1250.00', undefined, '2024-01-11']);
    expect(columns!.map((c) => [c.Name, c.Type, c.Precision, c.Scale])).toEqual([
      ['id', 'bigint', 19, 0],
      ['amount', 'decimal', 10, 2],
      ['label', 'varchar', 2147483647, 0],
      ['d', 'date', 0, 0],
    ]);
  });

  it('a malformed statement ends FAILED with aegis code and message; results are refused', async () => {
    const id = await run('SELEC 1');
    const { state, reason, execution } = await waitFor(f.client, id);
    expect(state).toBe('FAILED');
    expect(reason).toMatch(/^SYNTAX_ERROR: /);
    expect(execution.QueryExecution!.Status!.AthenaError!.ErrorCategory).toBe(2);
    const e = await rejection(f.client.send(new GetQueryResultsCommand({ QueryExecutionId: id })));
    expect(e.name).toBe('InvalidRequestException');
    expect(e.message).toMatch(/FAILED/);
  });

  it('CTAS reports its UpdateCount; DDL results have no header row', async () => {
    const id = await run("CREATE TABLE shop.small WITH (format = 'JSON', external_location = 's3://lake/small/') AS SELECT id FROM shop.sales WHERE id <= 7");
    expect((await waitFor(f.client, id)).state).toBe('SUCCEEDED');
    const r = await f.client.send(new GetQueryResultsCommand({ QueryExecutionId: id }));
    expect(r.UpdateCount).toBe(7);
    const show = await run('SHOW TABLES IN shop');
    await waitFor(f.client, show);
    const tables = (await f.client.send(new GetQueryResultsCommand({ QueryExecutionId: show }))).ResultSet!.Rows!.map((r) => r.Data![0]!.VarCharValue);
    expect(tables).toEqual(['tab_name', 'events', 'sales', 'small']);
  });

  it('StopQueryExecution cancels a running CPU-bound query; the server keeps answering meanwhile', async () => {
    const id = await run('SELECT count(*) FROM shop.sales a CROSS JOIN shop.sales b CROSS JOIN shop.sales c');
    for (let i = 0; i < 100; i++) {
      const s = (await f.client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution!.Status!.State;
      if (s === 'RUNNING') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await f.client.send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
    const { state } = await waitFor(f.client, id);
    expect(state).toBe('CANCELLED');
  });

  it('ClientRequestToken makes StartQueryExecution idempotent', async () => {
    const token = 'a'.repeat(32);
    const a = await run('SELECT 42 AS answer', { ClientRequestToken: token });
    const b = await run('SELECT 42 AS answer', { ClientRequestToken: token });
    expect(b).toBe(a);
    const e = await rejection(run('SELECT 43', { ClientRequestToken: token }));
    expect(e.name).toBe('InvalidRequestException');
  });

  it('past the concurrency limit and queue: TooManyRequestsException CONCURRENT_QUERY_LIMIT_EXCEEDED', async () => {
    const slow = 'SELECT count(*) FROM shop.sales a CROSS JOIN shop.sales b CROSS JOIN shop.sales c';
    const ids: string[] = [];
    let refused: { name: string; Reason?: unknown } | undefined;
    for (let i = 0; i < 6 && !refused; i++) {
      try {
        ids.push(await run(slow));
      } catch (e) {
        refused = e as { name: string; Reason?: unknown };
      }
    }
    expect(refused?.name).toBe('TooManyRequestsException');
    expect(refused?.Reason).toBe('CONCURRENT_QUERY_LIMIT_EXCEEDED');
    for (const id of ids) await f.client.send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
    for (const id of ids) expect((await waitFor(f.client, id)).state).toBe('CANCELLED');
  });

  it('ListQueryExecutions pages newest first; BatchGetQueryExecution reports unknown ids', async () => {
    const first = await f.client.send(new ListQueryExecutionsCommand({ MaxResults: 2 }));
    expect(first.QueryExecutionIds).toHaveLength(2);
    expect(first.NextToken).toBeTruthy();
    const second = await f.client.send(new ListQueryExecutionsCommand({ MaxResults: 2, NextToken: first.NextToken }));
    expect(second.QueryExecutionIds![0]).not.toBe(first.QueryExecutionIds![0]);
    const b = await f.client.send(new BatchGetQueryExecutionCommand({ QueryExecutionIds: [first.QueryExecutionIds![0]!, 'no-such-id'] }));
    expect(b.QueryExecutions).toHaveLength(1);
    expect(b.UnprocessedQueryExecutionIds![0]!.QueryExecutionId).toBe('no-such-id');
  });
});

describe('workgroups', () => {
  it('create, get, update (enforced CSE_KMS results), list, delete', async () => {
    await f.client.send(
      new CreateWorkGroupCommand({
        Name: 'analysts',
        Description: 'for tests',
        Configuration: { ResultConfiguration: { OutputLocation: 's3://lake/analysts/' }, BytesScannedCutoffPerQuery: 10_000_000 },
      }),
    );
    const got = (await f.client.send(new GetWorkGroupCommand({ WorkGroup: 'analysts' }))).WorkGroup!;
    expect(got.State).toBe('ENABLED');
    expect(got.Configuration!.ResultConfiguration!.OutputLocation).toBe('s3://lake/analysts/');
    expect(got.Configuration!.BytesScannedCutoffPerQuery).toBe(10_000_000);
    const id = await run('SELECT count(*) FROM shop.sales', { WorkGroup: 'analysts', ResultConfiguration: { EncryptionConfiguration: { EncryptionOption: 'SSE_KMS' } } });
    const done = await waitFor(f.client, id);
    expect(done.state).toBe('SUCCEEDED');
    expect(done.execution.QueryExecution!.ResultConfiguration!.OutputLocation).toBe(`s3://lake/analysts/${id}.csv`);
    expect(done.execution.QueryExecution!.ResultConfiguration!.EncryptionConfiguration!.EncryptionOption).toBe('SSE_KMS');
    await f.client.send(new UpdateWorkGroupCommand({ WorkGroup: 'analysts', State: 'DISABLED' }));
    const e = await rejection(run('SELECT 1', { WorkGroup: 'analysts' }));
    expect(e.name).toBe('InvalidRequestException');
    expect(e.message).toMatch(/disabled/);
    const list = await f.client.send(new ListWorkGroupsCommand({}));
    expect(list.WorkGroups!.map((w) => w.Name)).toEqual(['analysts', 'primary']);
    await f.client.send(new DeleteWorkGroupCommand({ WorkGroup: 'analysts' }));
    expect((await rejection(f.client.send(new GetWorkGroupCommand({ WorkGroup: 'analysts' })))).name).toBe('InvalidRequestException');
    expect((await rejection(run('SELECT 1', { WorkGroup: 'nope' }))).name).toBe('InvalidRequestException');
  });
});

describe('the workgroup require-encryption option', () => {
  it("CreateWorkGroup with the tag aegis:require-encryption=true: its queries refuse a plaintext object; primary's read it", async () => {
    // A table whose data file is written without encryption (aegis's explicit NONE opt-out).
    const ctas = await run("CREATE TABLE default.plain_objects WITH (external_location = 's3://lake/plain_objects/') AS SELECT 1 AS a", {
      ResultConfiguration: { EncryptionConfiguration: { EncryptionOption: 'NONE' as 'SSE_S3' } },
    });
    expect((await waitFor(f.client, ctas)).state).toBe('SUCCEEDED');
    await f.client.send(new CreateWorkGroupCommand({ Name: 'sealed', Tags: [{ Key: 'aegis:require-encryption', Value: 'true' }] }));
    const catalog = SqliteCatalog.forWarehouse(f.config.warehouse);
    try {
      expect(catalog.getWorkgroup('sealed')!.configuration).toMatchObject({ RequireEncryption: true });
    } finally {
      catalog.close();
    }
    const refused = await waitFor(f.client, await run('SELECT sum(a) FROM default.plain_objects', { WorkGroup: 'sealed' }));
    expect(refused.state).toBe('FAILED');
    expect(refused.reason).toMatch(/^ENCRYPTION_REQUIRED: s3:\/\/lake\/plain_objects\/\S+ is not encrypted, but workgroup sealed requires encryption/);
    const read = await waitFor(f.client, await run('SELECT sum(a) FROM default.plain_objects'));
    expect(read.state).toBe('SUCCEEDED');
    const bad = await rejection(f.client.send(new CreateWorkGroupCommand({ Name: 'sealed2', Tags: [{ Key: 'aegis:require-encryption', Value: 'maybe' }] })));
    expect(bad.name).toBe('InvalidRequestException');
    await f.client.send(new DeleteWorkGroupCommand({ WorkGroup: 'sealed' }));
  });
});

describe('catalog metadata', () => {
  it('data catalogs, databases, table metadata with Expression', async () => {
    expect((await f.client.send(new ListDataCatalogsCommand({}))).DataCatalogsSummary![0]!.CatalogName).toBe('AwsDataCatalog');
    expect((await f.client.send(new GetDataCatalogCommand({ Name: 'AwsDataCatalog' }))).DataCatalog!.Type).toBe('GLUE');
    const dbs = (await f.client.send(new ListDatabasesCommand({ CatalogName: 'AwsDataCatalog' }))).DatabaseList!.map((d) => d.Name);
    expect(dbs).toEqual(['default', 'shop']);
    expect((await f.client.send(new GetDatabaseCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: 'shop' }))).Database!.Name).toBe('shop');
    const t = await f.client.send(new ListTableMetadataCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: 'shop', Expression: 'sa.*' }));
    expect(t.TableMetadataList!.map((x) => x.Name)).toEqual(['sales']);
    const ev = (await f.client.send(new GetTableMetadataCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: 'shop', TableName: 'events' }))).TableMetadata!;
    expect(ev.Columns!.map((c) => [c.Name, c.Type])).toEqual([['n', 'bigint']]);
    expect(ev.PartitionKeys!.map((c) => [c.Name, c.Type])).toEqual([['dt', 'string']]);
    expect(ev.CreateTime).toBeInstanceOf(Date);
    const missing = await rejection(f.client.send(new GetTableMetadataCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: 'shop', TableName: 'nope' })));
    expect(missing.name).toBe('MetadataException');
  });
});

describe('prepared statements', () => {
  it('create, get, list, update, EXECUTE with ExecutionParameters, delete', async () => {
    await f.client.send(new CreatePreparedStatementCommand({ StatementName: 'by_id', WorkGroup: 'primary', QueryStatement: 'SELECT id, label FROM shop.sales WHERE id = ?' }));
    expect((await f.client.send(new GetPreparedStatementCommand({ StatementName: 'by_id', WorkGroup: 'primary' }))).PreparedStatement!.QueryStatement).toMatch(/WHERE id = \?/);
    expect((await f.client.send(new ListPreparedStatementsCommand({ WorkGroup: 'primary' }))).PreparedStatements!.map((p) => p.StatementName)).toEqual(['by_id']);
    const id = await run('EXECUTE by_id', { ExecutionParameters: ['7'] });
    expect((await waitFor(f.client, id)).state).toBe('SUCCEEDED');
    const rows = (await f.client.send(new GetQueryResultsCommand({ QueryExecutionId: id }))).ResultSet!.Rows!.map((r) => r.Data!.map((d) => d.VarCharValue));
    expect(rows).toEqual([['id', 'label'], ['7', 'item 7']]);
    await f.client.send(new UpdatePreparedStatementCommand({ StatementName: 'by_id', WorkGroup: 'primary', QueryStatement: 'SELECT id FROM shop.sales WHERE id = ? OR id = ?' }));
    const id2 = await run('EXECUTE by_id', { ExecutionParameters: ['3', '4'] });
    await waitFor(f.client, id2);
    expect((await f.client.send(new GetQueryResultsCommand({ QueryExecutionId: id2 }))).ResultSet!.Rows!.length).toBe(3);
    // Parameters of a plain query fill its placeholders too; the recorded query is what was sent.
    const id3 = await run("SELECT count(*) FROM shop.sales WHERE label = ?", { ExecutionParameters: ["'item 9'"] });
    const done = await waitFor(f.client, id3);
    expect(done.execution.QueryExecution!.Query).toBe("SELECT count(*) FROM shop.sales WHERE label = ?");
    expect(done.execution.QueryExecution!.ExecutionParameters).toEqual(["'item 9'"]);
    expect((await f.client.send(new GetQueryResultsCommand({ QueryExecutionId: id3 }))).ResultSet!.Rows![1]!.Data![0]!.VarCharValue).toBe('1');
    await f.client.send(new DeletePreparedStatementCommand({ StatementName: 'by_id', WorkGroup: 'primary' }));
    expect((await rejection(f.client.send(new GetPreparedStatementCommand({ StatementName: 'by_id', WorkGroup: 'primary' })))).name).toBe('ResourceNotFoundException');
  });
});

describe('authentication', () => {
  it('refuses unsigned, badly signed and unknown-key requests with AWS errors', async () => {
    const unsigned = await fetch(f.server.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'AmazonAthena.ListWorkGroups', 'content-type': 'application/x-amz-json-1.1' },
      body: '{}',
    });
    expect(unsigned.status).toBe(400);
    expect(((await unsigned.json()) as { __type: string }).__type).toBe('MissingAuthenticationTokenException');
    const wrongSecret = new AthenaClient({ endpoint: f.server.url, region: 'us-east-1', credentials: { ...CREDS, secretAccessKey: 'wrong' }, maxAttempts: 1 });
    expect((await rejection(wrongSecret.send(new ListWorkGroupsCommand({}))))).toMatchObject({ name: 'InvalidSignatureException' });
    const unknown = new AthenaClient({ endpoint: f.server.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIANOBODY0000000000', secretAccessKey: 'x' }, maxAttempts: 1 });
    expect((await rejection(unknown.send(new ListWorkGroupsCommand({}))))).toMatchObject({ name: 'UnrecognizedClientException' });
  });

  it('keys from `aegis access-key create` sign as their principal; the environment key then stops working', async () => {
    const catalog = SqliteCatalog.forWarehouse(f.config.warehouse);
    const k = createAccessKey(catalog, f.config.warehouse, 'auditor');
    catalog.close();
    const c = new AthenaClient({ endpoint: f.server.url, region: 'us-east-1', credentials: { accessKeyId: k.accessKeyId, secretAccessKey: k.secretAccessKey }, maxAttempts: 1 });
    const id = (await c.send(new StartQueryExecutionCommand({ QueryString: 'SELECT current_user' }))).QueryExecutionId!;
    await waitFor(c, id);
    // Without the key table being empty, the server's own environment key is no longer accepted.
    expect(await rejection(f.client.send(new ListWorkGroupsCommand({})))).toMatchObject({ name: 'UnrecognizedClientException' });
    const catalog2 = SqliteCatalog.forWarehouse(f.config.warehouse);
    catalog2.deleteAccessKey(k.accessKeyId);
    catalog2.close();
    await f.client.send(new ListWorkGroupsCommand({}));
  });
});
