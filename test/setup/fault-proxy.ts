/**
 * A loopback HTTP proxy that injects the faults real S3 and KMS endpoints show: 503 SlowDown /
 * throttling, slow answers, connection resets before an answer, and bodies cut short (the
 * connection dies after part of a response). Faults come from a seeded generator, so a failing
 * run can be replayed. Requests are forwarded unchanged (Host included), so SigV4 still verifies.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export type Fault = 'none' | 'unavailable' | 'slow' | 'reset' | 'truncate';

export interface FaultProxy {
  readonly url: string;
  /** Fault rate in [0, 1] for the requests that follow (0 turns injection off). */
  rate: number;
  readonly injected: Record<Fault, number>;
  stop(): Promise<void>;
}

/** mulberry32: small, seeded, good enough to spread faults. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FAULTS: Fault[] = ['unavailable', 'slow', 'reset', 'truncate'];

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function forward(target: URL, req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const out = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    out.on('error', reject);
    out.end(body);
  });
}

export async function startFaultProxy(targetUrl: string, seed: number): Promise<FaultProxy> {
  const target = new URL(targetUrl);
  const random = rng(seed);
  const injected: Record<Fault, number> = { none: 0, unavailable: 0, slow: 0, reset: 0, truncate: 0 };
  const state = { rate: 0 };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readAll(req);
    const fault: Fault = random() < state.rate ? FAULTS[Math.floor(random() * FAULTS.length)]! : 'none';
    injected[fault]++;
    const kms = req.headers['x-amz-target'] !== undefined;
    if (fault === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault === 'unavailable') {
      const text = kms ? '{"__type":"ThrottlingException","message":"Rate exceeded"}' : '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>';
      res.writeHead(kms ? 400 : 503, { 'content-type': kms ? 'application/x-amz-json-1.1' : 'application/xml', 'content-length': Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    if (fault === 'slow') await new Promise((r) => setTimeout(r, 250));
    let upstream;
    try {
      upstream = await forward(target, req, body);
    } catch {
      req.socket.destroy();
      return;
    }
    const headers = { ...upstream.headers };
    delete headers['transfer-encoding'];
    headers['content-length'] = String(upstream.body.length);
    if (fault === 'truncate' && upstream.body.length > 1) {
      res.writeHead(upstream.status, headers);
      res.write(upstream.body.subarray(0, Math.floor(upstream.body.length / 2)), () => res.socket?.destroy());
      return;
    }
    res.writeHead(upstream.status, headers);
    res.end(upstream.body);
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => req.socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    get rate() {
      return state.rate;
    },
    set rate(r: number) {
      state.rate = r;
    },
    injected,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
