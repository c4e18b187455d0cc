/**
 * `aegis serve`: the Athena API over HTTP, AWS JSON 1.1 (`POST /`, `X-Amz-Target:
 * AmazonAthena.<Operation>`, `Content-Type: application/x-amz-json-1.1`), so the AWS SDKs, the
 * `aws` CLI and boto3 work unchanged with `--endpoint-url`. Every request must carry a valid
 * SigV4 signature; its access key's principal is the principal the query runs as.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AegisConfig } from '../config.js';
import { SqliteCatalog } from '../catalog/sqlite-catalog.js';
import { accessKeyLookup } from './access-keys.js';
import { AwsServiceError, toServiceError } from './aws-error.js';
import { CATALOG_OPERATIONS } from './catalog-operations.js';
import type { Operation } from './operation.js';
import { QueryManager } from './query-manager.js';
import { QUERY_OPERATIONS } from './query-operations.js';
import { verifySigV4, type SecretLookup } from './sigv4.js';

const OPERATIONS: Record<string, Operation> = { ...QUERY_OPERATIONS, ...CATALOG_OPERATIONS };
/** Requests larger than this are refused (Athena's QueryString is at most 262,144 characters). */
const MAX_BODY = 2 * 1024 * 1024;

export interface AthenaServerOptions {
  host?: string;
  port?: number;
  maxConcurrent?: number;
  maxQueued?: number;
  /** Credentials accepted when the warehouse holds no access keys (the server's own environment). */
  fallbackCredentials?: { accessKeyId: string; secret: string };
}

export interface RunningServer {
  readonly url: string;
  readonly manager: QueryManager;
  /** Cancels running queries, waits for them, and stops listening. */
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new AwsServiceError('InvalidRequestException', `Request body larger than ${MAX_BODY} bytes`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** AWS JSON 1.1 writes timestamps as epoch seconds. */
function toJson(v: unknown): string {
  // A replacer sees Dates already turned into strings by toJSON; the holder still has the Date.
  return JSON.stringify(v, function (this: Record<string, unknown>, k: string, x: unknown) {
    const raw = this[k];
    return raw instanceof Date ? raw.getTime() / 1000 : typeof x === 'bigint' ? Number(x) : x;
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = toJson(body);
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  });
  res.end(text);
}

async function handle(req: IncomingMessage, res: ServerResponse, manager: QueryManager, lookup: SecretLookup): Promise<void> {
  try {
    const body = await readBody(req);
    if (req.method !== 'POST') throw new AwsServiceError('UnknownOperationException', `Use POST / with X-Amz-Target: AmazonAthena.<Operation>`, 404);
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(',') : v;
    const identity = verifySigV4({ method: req.method, url: req.url ?? '/', headers, body }, lookup);
    const target = headers['x-amz-target'] ?? '';
    const m = /^AmazonAthena\.(\w+)$/.exec(target);
    const op = m ? OPERATIONS[m[1]!] : undefined;
    if (!op) throw new AwsServiceError('UnknownOperationException', `Unknown operation '${target}'`);
    let input: unknown;
    try {
      input = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch {
      throw new AwsServiceError('SerializationException', 'The request body is not valid JSON');
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new AwsServiceError('SerializationException', 'The request body must be a JSON object');
    const out = await op(input as Record<string, unknown>, { identity, manager });
    send(res, 200, out ?? {});
  } catch (e) {
    const err = toServiceError(e);
    send(res, err.status, err.body());
  }
}

/** Starts the server; resolves once it listens. */
export async function startAthenaServer(config: AegisConfig, opts: AthenaServerOptions = {}): Promise<RunningServer> {
  const catalog = SqliteCatalog.forWarehouse(config.warehouse);
  const manager = new QueryManager(config, catalog, { maxConcurrent: opts.maxConcurrent ?? 4, maxQueued: opts.maxQueued ?? 64 });
  const fb = opts.fallbackCredentials;
  const lookup = accessKeyLookup(catalog, config.warehouse, fb ? { ...fb, principal: config.principal } : undefined, config.keyringPassphrase);
  const server: Server = createServer((req, res) => void handle(req, res, manager, lookup));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 8088, opts.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port ?? 8088;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    manager,
    async close() {
      await manager.shutdown();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      catalog.close();
    },
  };
}
