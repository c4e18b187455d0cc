/**
 * The Athena API with the official command-line clients: the AWS CLI v2 (Debian `awscli`,
 * /usr/bin/aws) and boto3 (Debian `python3-boto3`, /usr/bin/python3) each run start → poll →
 * paginated results → stop, workgroups and table metadata against `aegis serve`; and the built
 * `aegis serve` cancels running queries and exits cleanly on SIGTERM.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AthenaClient, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteCatalog } from '../../../src/catalog/sqlite-catalog.js';
import { buildCli } from '../../unit/cli/run-cli.js';
import { CREDS, startFixture, waitFor, type ServerFixture } from './server-fixture.js';

const run = promisify(execFile);
const AWS = '/usr/bin/aws';
const PYTHON = '/usr/bin/python3';
const env = (): NodeJS.ProcessEnv => ({
  ...process.env,
  AWS_ACCESS_KEY_ID: CREDS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: CREDS.secretAccessKey,
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_REGION: 'us-east-1',
  AWS_PAGER: '',
  AWS_EC2_METADATA_DISABLED: 'true',
});

let f: ServerFixture;
beforeAll(async () => {
  f = await startFixture();
}, 120_000);
afterAll(async () => f?.close());

async function aws(...args: string[]): Promise<Record<string, unknown>> {
  const r = await run(AWS, ['athena', ...args, '--endpoint-url', f.server.url, '--output', 'json'], { env: env(), timeout: 60_000 });
  return r.stdout.trim() ? (JSON.parse(r.stdout) as Record<string, unknown>) : {};
}

describe.skipIf(!existsSync(AWS))('AWS CLI v2', () => {
  it('start → poll → results with pagination → stop; workgroups; table metadata', async () => {
    const { QueryExecutionId: id } = (await aws('start-query-execution', '--query-string', 'SELECT id, label FROM sales WHERE id <= 5 ORDER BY id', '--query-execution-context', 'Database=shop')) as { QueryExecutionId: string };
    let state = '';
    for (let i = 0; i < 200 && !['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(state); i++) {
      state = ((await aws('get-query-execution', '--query-execution-id', id)) as { QueryExecution: { Status: { State: string } } }).QueryExecution.Status.State;
    }
    expect(state).toBe('SUCCEEDED');
    // Two rows a page: the CLI follows NextToken itself when asked for more items.
    const first = (await aws('get-query-results', '--query-execution-id', id, '--max-items', '2', '--page-size', '2')) as { ResultSet: { Rows: { Data: { VarCharValue?: string }[] }[] }; NextToken?: string };
    expect(first.ResultSet.Rows.map((r) => r.Data.map((d) => d.VarCharValue))).toEqual([['id', 'label'], ['1', 'item 1']]);
    expect(first.NextToken).toBeTruthy();
    const rest = (await aws('get-query-results', '--query-execution-id', id, '--starting-token', first.NextToken!, '--page-size', '2')) as { ResultSet: { Rows: { Data: { VarCharValue?: string }[] }[] } };
    expect(rest.ResultSet.Rows.map((r) => r.Data[0]!.VarCharValue)).toEqual(['2', '3', '4', '5']);

    const { QueryExecutionId: slow } = (await aws('start-query-execution', '--query-string', 'SELECT count(*) FROM shop.sales a CROSS JOIN shop.sales b CROSS JOIN shop.sales c')) as { QueryExecutionId: string };
    await aws('stop-query-execution', '--query-execution-id', slow);
    expect((await waitFor(f.client, slow)).state).toBe('CANCELLED');

    await aws('create-work-group', '--name', 'cli-wg', '--configuration', 'ResultConfiguration={OutputLocation=s3://lake/cli-wg/},EnforceWorkGroupConfiguration=true');
    const wg = (await aws('get-work-group', '--work-group', 'cli-wg')) as { WorkGroup: { Configuration: { ResultConfiguration: { OutputLocation: string }; EnforceWorkGroupConfiguration: boolean } } };
    expect(wg.WorkGroup.Configuration.ResultConfiguration.OutputLocation).toBe('s3://lake/cli-wg/');
    expect(wg.WorkGroup.Configuration.EnforceWorkGroupConfiguration).toBe(true);
    const groups = (await aws('list-work-groups')) as { WorkGroups: { Name: string }[] };
    expect(groups.WorkGroups.map((w) => w.Name)).toContain('cli-wg');
    await aws('delete-work-group', '--work-group', 'cli-wg');

    const t = (await aws('get-table-metadata', '--catalog-name', 'AwsDataCatalog', '--database-name', 'shop', '--table-name', 'sales')) as { TableMetadata: { Columns: { Name: string; Type: string }[] } };
    expect(t.TableMetadata.Columns.map((c) => `${c.Name} ${c.Type}`)).toEqual(['id bigint', 'amount decimal(10,2)', 'label string', 'd date']);
    const listed = (await aws('list-table-metadata', '--catalog-name', 'AwsDataCatalog', '--database-name', 'shop')) as { TableMetadataList: { Name: string }[] };
    expect(listed.TableMetadataList.map((x) => x.Name)).toEqual(['events', 'sales']);
  }, 180_000);

  it('an unknown key is refused with UnrecognizedClientException', async () => {
    const r = await run(AWS, ['athena', 'list-work-groups', '--endpoint-url', f.server.url], { env: { ...env(), AWS_ACCESS_KEY_ID: 'AKIANOBODY0000000000' } }).catch((e: { stderr: string; code: number }) => e);
    expect((r as { code: number }).code).not.toBe(0);
    expect((r as { stderr: string }).stderr).toMatch(/UnrecognizedClientException/);
  });
});

const BOTO = `
import json, sys, time, boto3
c = boto3.client('athena', endpoint_url=sys.argv[1], region_name='us-east-1')
out = {}
qid = c.start_query_execution(QueryString='SELECT id, amount FROM sales ORDER BY id', QueryExecutionContext={'Database': 'shop'})['QueryExecutionId']
while True:
    st = c.get_query_execution(QueryExecutionId=qid)['QueryExecution']['Status']['State']
    if st not in ('QUEUED', 'RUNNING'):
        break
    time.sleep(0.05)
out['state'] = st
rows = []
pages = 0
for page in c.get_paginator('get_query_results').paginate(QueryExecutionId=qid, PaginationConfig={'PageSize': 1000}):
    pages += 1
    out['types'] = [ci['Type'] for ci in page['ResultSet']['ResultSetMetadata']['ColumnInfo']]
    rows += [[d.get('VarCharValue') for d in r['Data']] for r in page['ResultSet']['Rows']]
out['pages'] = pages
out['count'] = len(rows)
out['first'] = rows[:2]
out['last'] = rows[-1]
slow = c.start_query_execution(QueryString='SELECT count(*) FROM shop.sales a CROSS JOIN shop.sales b CROSS JOIN shop.sales c')['QueryExecutionId']
c.stop_query_execution(QueryExecutionId=slow)
while True:
    st = c.get_query_execution(QueryExecutionId=slow)['QueryExecution']['Status']['State']
    if st not in ('QUEUED', 'RUNNING'):
        break
    time.sleep(0.05)
out['stopped'] = st
c.create_work_group(Name='boto-wg', Configuration={'ResultConfiguration': {'OutputLocation': 's3://lake/boto/'}})
out['wg'] = c.get_work_group(WorkGroup='boto-wg')['WorkGroup']['Configuration']['ResultConfiguration']['OutputLocation']
c.delete_work_group(WorkGroup='boto-wg')
out['tables'] = [t['Name'] for t in c.list_table_metadata(CatalogName='AwsDataCatalog', DatabaseName='shop')['TableMetadataList']]
out['parts'] = [k['Name'] for k in c.get_table_metadata(CatalogName='AwsDataCatalog', DatabaseName='shop', TableName='events')['TableMetadata']['PartitionKeys']]
try:
    c.get_query_results(QueryExecutionId='no-such-query')
except c.exceptions.InvalidRequestException as e:
    out['missing'] = 'InvalidRequestException'
print(json.dumps(out))
`;

const hasBoto = existsSync(PYTHON) && (await run(PYTHON, ['-c', 'import boto3']).then(() => true, () => false));

describe.skipIf(!hasBoto)('boto3', () => {
  it('start → poll → paginated results → stop; workgroups; table metadata', async () => {
    const r = await run(PYTHON, ['-c', BOTO, f.server.url], { env: env(), timeout: 120_000 });
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out.state).toBe('SUCCEEDED');
    expect(out.pages).toBe(3);
    expect(out.count).toBe(2501);
    expect(out.types).toEqual(['bigint', 'decimal']);
    expect(out.first).toEqual([['id', 'amount'], ['1', '0.50']]);
    expect(out.last).toEqual(['2500', '1250.00']);
    expect(out.stopped).toBe('CANCELLED');
    expect(out.wg).toBe('s3://lake/boto/');
    expect(out.tables).toEqual(['events', 'sales']);
    expect(out.parts).toEqual(['dt']);
    expect(out.missing).toBe('InvalidRequestException');
  }, 180_000);
});

describe('aegis serve (the built CLI)', () => {
  it('SIGTERM cancels the running query and exits 0', async () => {
    buildCli();
    const child = spawn(process.execPath, [join(process.cwd(), 'bin/aegis.js'), 'serve', '--port', '0', '--warehouse', f.config.warehouse, '--principal', 'server', '--workers', '1'], {
      env: env(),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        const m = /Athena API on (http:\/\/\S+)/.exec(stderr);
        if (m) resolve(m[1]!);
      });
      child.once('exit', () => reject(new Error(`aegis serve exited: ${stderr}`)));
    });
    const client = new AthenaClient({ endpoint: url, region: 'us-east-1', credentials: CREDS, maxAttempts: 1 });
    const id = (await client.send(new StartQueryExecutionCommand({ QueryString: 'SELECT count(*) FROM shop.sales a CROSS JOIN shop.sales b CROSS JOIN shop.sales c' }))).QueryExecutionId!;
    await new Promise((r) => setTimeout(r, 300));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    client.destroy();
    const catalog = SqliteCatalog.forWarehouse(f.config.warehouse);
    try {
      expect(catalog.getExecution(id)!.state).toBe('CANCELLED');
    } finally {
      catalog.close();
    }
  }, 120_000);
});
