/**
 * The bare durable baseline of the Postgres hub ingest figures, run as its
 * own process (like a hub node): node:http, a pg pool, and per webhook only
 * what any durable webhook receiver must do — check the HMAC signature,
 * parse the JSON, `INSERT … ON CONFLICT DO NOTHING` the message id (one
 * statement, so one commit, fsync on), answer 200. GET /ready (and /health)
 * answers after a `SELECT 1`, like the hub's readiness, for the load balancer's check. Prints
 * "listening on <url>" and runs until SIGTERM.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import pg from 'pg';
import { z } from 'zod';

const BareConfig = z.object({ databaseUrl: z.string(), appSecret: z.string(), poolSize: z.number().int().positive() });
const config = BareConfig.parse(JSON.parse(process.env['BENCH_BARE_POSTGRES'] ?? '{}'));
const WebhookBody = z.object({
  entry: z.array(
    z.object({ changes: z.array(z.object({ value: z.object({ messages: z.array(z.object({ id: z.string() })) }) })) }),
  ),
});

const pool = new pg.Pool({ connectionString: config.databaseUrl, max: config.poolSize });
await pool.query('CREATE TABLE IF NOT EXISTS bare_webhooks (id text PRIMARY KEY, body text NOT NULL)');

function answer(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function signed(body: Buffer, header: string | string[] | undefined): boolean {
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
  const expected = createHmac('sha256', config.appSecret).update(body).digest();
  const given = Buffer.from(header.slice('sha256='.length), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method === 'GET' && (req.url === '/ready' || req.url === '/health')) {
    await pool.query('SELECT 1');
    return answer(res, 200, 'ok');
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  if (!signed(body, req.headers['x-hub-signature-256'])) return answer(res, 401, 'bad signature');
  const parsed = WebhookBody.safeParse(JSON.parse(body.toString('utf8')));
  const id = parsed.success ? parsed.data.entry[0]?.changes[0]?.value.messages[0]?.id : undefined;
  if (id === undefined) return answer(res, 400, 'no message');
  await pool.query('INSERT INTO bare_webhooks (id, body) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
    id,
    body.toString('utf8'),
  ]);
  answer(res, 200, 'OK');
}

const server = createServer({ keepAliveTimeout: 72_000 }, (req, res) => {
  handle(req, res).catch((error: unknown) => answer(res, 500, String(error)));
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  process.stdout.write(`listening on http://127.0.0.1:${port}\n`);
});
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void pool.end().finally(() => process.exit(0));
});
