/**
 * Workgroup, data catalog, database, table metadata and prepared statement operations of the
 * Athena API, over the warehouse's catalog (workgroups and prepared statements are the same ones
 * `aegis workgroup` and the CLI see).
 */
import { toAthenaDatabase, toAthenaTableMetadata } from '../catalog/athena-metadata.js';
import type { WorkgroupMeta } from '../catalog/catalog.js';
import { normalizeName } from '../catalog/catalog.js';
import { parseEncryptionOption, type WorkGroupConfiguration } from '../results/result-configuration.js';
import { loadGrammarsFor, parseStatement } from '../sql/parse.js';
import { isAegisError } from '../errors.js';
import { AwsServiceError, invalidRequest, resourceNotFound } from './aws-error.js';
import { makeToken, optInt, optObj, optStr, parseToken, str, type Operation, type OperationContext } from './operation.js';
import { resultConfigurationOf } from './query-operations.js';

const CATALOG = 'AwsDataCatalog';
const seconds = (d: Date): number => d.getTime() / 1000;
const ENGINE = { SelectedEngineVersion: 'AUTO', EffectiveEngineVersion: 'Athena engine version 3' };
/** Athena's smallest BytesScannedCutoffPerQuery (10 MB). */
const MIN_CUTOFF = 10_000_000;

function page<T>(items: T[], input: Record<string, unknown>, maxLimit: number): { items: T[]; NextToken?: string } {
  const max = optInt(input, 'MaxResults', 1, maxLimit) ?? maxLimit;
  const offset = parseToken(optStr(input, 'NextToken'));
  return { items: items.slice(offset, offset + max), ...(items.length > offset + max ? { NextToken: makeToken(offset + max) } : {}) };
}

function workgroupOf(wg: WorkgroupMeta): Record<string, unknown> {
  return {
    Name: wg.name,
    State: wg.state,
    Configuration: { ...wg.configuration, EngineVersion: ENGINE },
    ...(wg.description ? { Description: wg.description } : {}),
    CreationTime: seconds(wg.createTime),
  };
}

function requireWorkgroup(ctx: OperationContext, name: string): WorkgroupMeta {
  const wg = ctx.manager.catalog.getWorkgroup(name);
  if (!wg) throw invalidRequest(`WorkGroup ${name} is not found.`, 'WORKGROUP_NOT_FOUND');
  return wg;
}

function configurationOf(input: Record<string, unknown> | undefined): WorkGroupConfiguration {
  if (!input) return {};
  const cfg: WorkGroupConfiguration = {};
  const rc = resultConfigurationOf(input);
  if (rc) cfg.ResultConfiguration = rc;
  for (const k of ['EnforceWorkGroupConfiguration', 'EnableMinimumEncryptionConfiguration', 'PublishCloudWatchMetricsEnabled', 'RequesterPaysEnabled'] as const) {
    if (input[k] !== undefined) {
      if (typeof input[k] !== 'boolean') throw invalidRequest(`${k} must be a boolean.`);
      cfg[k] = input[k] as boolean;
    }
  }
  const cutoff = optInt(input, 'BytesScannedCutoffPerQuery', MIN_CUTOFF, Number.MAX_SAFE_INTEGER);
  if (cutoff !== undefined) cfg.BytesScannedCutoffPerQuery = cutoff;
  if (input.RequireEncryption !== undefined) {
    if (typeof input.RequireEncryption !== 'boolean') throw invalidRequest('RequireEncryption must be a boolean.');
    if (input.RequireEncryption) cfg.RequireEncryption = true;
  }
  return cfg;
}

/**
 * The workgroup tag that sets aegis's require-encryption option. Athena's WorkGroupConfiguration
 * has no such field and the AWS SDKs drop (or refuse) members they do not model, but every SDK
 * passes CreateWorkGroup's Tags through. Raw JSON clients may also send
 * `Configuration.RequireEncryption` (and `ConfigurationUpdates.RequireEncryption`).
 */
export const REQUIRE_ENCRYPTION_TAG = 'aegis:require-encryption';

function requireEncryptionTag(input: Record<string, unknown>): boolean | undefined {
  const tags = input.Tags;
  if (tags === undefined) return undefined;
  if (!Array.isArray(tags)) throw invalidRequest('Tags must be a list of {Key, Value}.');
  let found: boolean | undefined;
  for (const t of tags as unknown[]) {
    if (t === null || typeof t !== 'object' || typeof (t as Record<string, unknown>).Key !== 'string') throw invalidRequest('Each tag needs a string Key.');
    const { Key, Value } = t as Record<string, unknown>;
    if (Key !== REQUIRE_ENCRYPTION_TAG) continue;
    const v = typeof Value === 'string' ? Value.trim().toLowerCase() : '';
    if (v !== 'true' && v !== 'false') throw invalidRequest(`Tag ${REQUIRE_ENCRYPTION_TAG} must be 'true' or 'false'.`);
    found = v === 'true';
  }
  return found;
}

const createWorkGroup: Operation = (input, ctx) => {
  const name = str(input, 'Name');
  if (!/^[a-zA-Z0-9._-]{1,128}$/.test(name)) throw invalidRequest(`WorkGroup name '${name}' is invalid.`);
  if (ctx.manager.catalog.getWorkgroup(name)) throw invalidRequest(`WorkGroup is already created`, 'ALREADY_EXISTS');
  const description = optStr(input, 'Description');
  const configuration = configurationOf(optObj(input, 'Configuration'));
  const tagged = requireEncryptionTag(input);
  if (tagged === true) configuration.RequireEncryption = true;
  if (tagged === false) delete configuration.RequireEncryption;
  ctx.manager.catalog.createWorkgroup({ name, configuration: configuration as Record<string, unknown>, ...(description ? { description } : {}) });
  return {};
};

const getWorkGroup: Operation = (input, ctx) => ({ WorkGroup: workgroupOf(requireWorkgroup(ctx, str(input, 'WorkGroup'))) });

const updateWorkGroup: Operation = (input, ctx) => {
  const wg = requireWorkgroup(ctx, str(input, 'WorkGroup'));
  const cfg = structuredClone(wg.configuration) as WorkGroupConfiguration;
  const u = optObj(input, 'ConfigurationUpdates');
  if (u) {
    const plain = configurationOf({ ...u, ResultConfiguration: undefined });
    Object.assign(cfg, plain);
    if (u.RemoveBytesScannedCutoffPerQuery === true) delete cfg.BytesScannedCutoffPerQuery;
    if (u.RequireEncryption === false) delete cfg.RequireEncryption;
    const r = optObj(u, 'ResultConfigurationUpdates');
    if (r) {
      const rc = { ...(cfg.ResultConfiguration ?? {}) };
      const loc = optStr(r, 'OutputLocation');
      if (loc) rc.OutputLocation = loc;
      if (r.RemoveOutputLocation === true) delete rc.OutputLocation;
      const enc = optObj(r, 'EncryptionConfiguration');
      if (enc) {
        const key = optStr(enc, 'KmsKey');
        rc.EncryptionConfiguration = { EncryptionOption: parseEncryptionOption(str(enc, 'EncryptionOption'), 'EncryptionOption'), ...(key ? { KmsKey: key } : {}) };
      }
      if (r.RemoveEncryptionConfiguration === true) delete rc.EncryptionConfiguration;
      const owner = optStr(r, 'ExpectedBucketOwner');
      if (owner) rc.ExpectedBucketOwner = owner;
      if (r.RemoveExpectedBucketOwner === true) delete rc.ExpectedBucketOwner;
      const acl = optObj(r, 'AclConfiguration');
      if (acl) rc.AclConfiguration = { S3AclOption: str(acl, 'S3AclOption') };
      if (r.RemoveAclConfiguration === true) delete rc.AclConfiguration;
      cfg.ResultConfiguration = rc;
    }
  }
  const state = optStr(input, 'State');
  if (state !== undefined && state !== 'ENABLED' && state !== 'DISABLED') throw invalidRequest('State must be ENABLED or DISABLED.');
  const description = optStr(input, 'Description') ?? wg.description;
  ctx.manager.catalog.updateWorkgroup({ name: wg.name, state: (state as 'ENABLED' | 'DISABLED' | undefined) ?? wg.state, configuration: cfg as Record<string, unknown>, ...(description !== undefined ? { description } : {}) });
  return {};
};

const deleteWorkGroup: Operation = (input, ctx) => {
  const wg = requireWorkgroup(ctx, str(input, 'WorkGroup'));
  try {
    ctx.manager.catalog.deleteWorkgroup(wg.name);
  } catch (e) {
    if (isAegisError(e)) throw invalidRequest(e.message, e.code);
    throw e;
  }
  return {};
};

const listWorkGroups: Operation = (input, ctx) => {
  const all = ctx.manager.catalog.listWorkgroups().map((wg) => ({
    Name: wg.name,
    State: wg.state,
    ...(wg.description ? { Description: wg.description } : {}),
    CreationTime: seconds(wg.createTime),
    EngineVersion: ENGINE,
  }));
  const p = page(all, input, 50);
  return { WorkGroups: p.items, ...(p.NextToken ? { NextToken: p.NextToken } : {}) };
};

function requireCatalog(name: string | undefined): void {
  if (name !== undefined && name.toLowerCase() !== CATALOG.toLowerCase()) {
    throw new AwsServiceError('MetadataException', `Catalog ${name} is not found; aegis has ${CATALOG}.`);
  }
}

const listDataCatalogs: Operation = () => ({ DataCatalogsSummary: [{ CatalogName: CATALOG, Type: 'GLUE' }] });

const getDataCatalog: Operation = (input) => {
  requireCatalog(str(input, 'Name'));
  return { DataCatalog: { Name: CATALOG, Description: 'The aegis warehouse catalog', Type: 'GLUE', Parameters: { 'catalog-id': '000000000000' } } };
};

const listDatabases: Operation = (input, ctx) => {
  requireCatalog(str(input, 'CatalogName'));
  const p = page(ctx.manager.catalog.listDatabases().map(toAthenaDatabase), input, 50);
  return { DatabaseList: p.items, ...(p.NextToken ? { NextToken: p.NextToken } : {}) };
};

function requireDatabase(ctx: OperationContext, name: string): string {
  const db = normalizeName(name);
  if (!ctx.manager.catalog.getDatabase(db)) throw new AwsServiceError('MetadataException', `Database ${name} not found.`);
  return db;
}

const getDatabase: Operation = (input, ctx) => {
  requireCatalog(str(input, 'CatalogName'));
  const db = requireDatabase(ctx, str(input, 'DatabaseName'));
  return { Database: toAthenaDatabase(ctx.manager.catalog.getDatabase(db)!) };
};

const listTableMetadata: Operation = (input, ctx) => {
  requireCatalog(str(input, 'CatalogName'));
  const db = requireDatabase(ctx, str(input, 'DatabaseName'));
  const expr = optStr(input, 'Expression');
  let re: RegExp | undefined;
  if (expr !== undefined) {
    if (expr.length > 256) throw invalidRequest('Expression is longer than 256 characters.');
    try {
      re = new RegExp(`^(?:${expr})$`, 'i');
    } catch {
      throw invalidRequest(`Expression '${expr}' is not a valid regular expression.`);
    }
  }
  const tables = ctx.manager.catalog.listTables(db).filter((t) => !re || re.test(t.name));
  const p = page(tables.map(toAthenaTableMetadata), input, 50);
  return { TableMetadataList: p.items, ...(p.NextToken ? { NextToken: p.NextToken } : {}) };
};

const getTableMetadata: Operation = (input, ctx) => {
  requireCatalog(str(input, 'CatalogName'));
  const db = requireDatabase(ctx, str(input, 'DatabaseName'));
  const name = str(input, 'TableName');
  const t = ctx.manager.catalog.getTable(db, normalizeName(name));
  if (!t) throw new AwsServiceError('MetadataException', `Table ${name} not found in database ${db}.`);
  return { TableMetadata: toAthenaTableMetadata(t) };
};

function preparedInput(input: Record<string, unknown>, ctx: OperationContext) {
  const name = str(input, 'StatementName');
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,255}$/.test(name)) throw invalidRequest(`StatementName '${name}' is invalid.`);
  const workgroup = requireWorkgroup(ctx, str(input, 'WorkGroup')).name;
  return { name, workgroup };
}

async function checkPreparable(sql: string): Promise<void> {
  let kind: string;
  await loadGrammarsFor(sql);
  try {
    kind = parseStatement(sql).kind;
  } catch (e) {
    if (isAegisError(e)) throw invalidRequest(e.message, e.code);
    throw e;
  }
  if (!['query', 'create_table_as', 'insert', 'unload'].includes(kind)) {
    throw invalidRequest('A prepared statement must be a SELECT, CREATE TABLE AS, INSERT INTO or UNLOAD statement.', 'INVALID_INPUT');
  }
}

const createPreparedStatement: Operation = async (input, ctx) => {
  const { name, workgroup } = preparedInput(input, ctx);
  const query = str(input, 'QueryStatement');
  await checkPreparable(query);
  if (ctx.manager.catalog.getPreparedStatement(workgroup, name)) throw invalidRequest(`Prepared statement ${name} already exists in workgroup ${workgroup}.`, 'ALREADY_EXISTS');
  const description = optStr(input, 'Description');
  ctx.manager.catalog.putPreparedStatement({ workgroup, name, query, ...(description ? { description } : {}), lastModified: new Date() });
  return {};
};

const updatePreparedStatement: Operation = async (input, ctx) => {
  const { name, workgroup } = preparedInput(input, ctx);
  if (!ctx.manager.catalog.getPreparedStatement(workgroup, name)) throw resourceNotFound(`Prepared statement ${name} is not found in workgroup ${workgroup}.`, name);
  const query = str(input, 'QueryStatement');
  await checkPreparable(query);
  const description = optStr(input, 'Description');
  ctx.manager.catalog.putPreparedStatement({ workgroup, name, query, ...(description ? { description } : {}), lastModified: new Date() });
  return {};
};

const getPreparedStatement: Operation = (input, ctx) => {
  const { name, workgroup } = preparedInput(input, ctx);
  const p = ctx.manager.catalog.getPreparedStatement(workgroup, name);
  if (!p) throw resourceNotFound(`Prepared statement ${name} is not found in workgroup ${workgroup}.`, name);
  return {
    PreparedStatement: {
      StatementName: p.name,
      QueryStatement: p.query,
      WorkGroupName: p.workgroup,
      ...(p.description ? { Description: p.description } : {}),
      LastModifiedTime: seconds(p.lastModified),
    },
  };
};

const listPreparedStatements: Operation = (input, ctx) => {
  const workgroup = requireWorkgroup(ctx, str(input, 'WorkGroup')).name;
  const all = ctx.manager.catalog.listPreparedStatements(workgroup).map((p) => ({ StatementName: p.name, LastModifiedTime: seconds(p.lastModified) }));
  const p = page(all, input, 50);
  return { PreparedStatements: p.items, ...(p.NextToken ? { NextToken: p.NextToken } : {}) };
};

const deletePreparedStatement: Operation = (input, ctx) => {
  const { name, workgroup } = preparedInput(input, ctx);
  if (!ctx.manager.catalog.deletePreparedStatement(workgroup, name)) throw resourceNotFound(`Prepared statement ${name} is not found in workgroup ${workgroup}.`, name);
  return {};
};

export const CATALOG_OPERATIONS: Record<string, Operation> = {
  CreateWorkGroup: createWorkGroup,
  GetWorkGroup: getWorkGroup,
  UpdateWorkGroup: updateWorkGroup,
  DeleteWorkGroup: deleteWorkGroup,
  ListWorkGroups: listWorkGroups,
  ListDataCatalogs: listDataCatalogs,
  GetDataCatalog: getDataCatalog,
  ListDatabases: listDatabases,
  GetDatabase: getDatabase,
  ListTableMetadata: listTableMetadata,
  GetTableMetadata: getTableMetadata,
  CreatePreparedStatement: createPreparedStatement,
  GetPreparedStatement: getPreparedStatement,
  ListPreparedStatements: listPreparedStatements,
  UpdatePreparedStatement: updatePreparedStatement,
  DeletePreparedStatement: deletePreparedStatement,
};
