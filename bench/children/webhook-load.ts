/**
 * The load generator of the hub ingest figure, run as its own process so it
 * never shares an event loop with the hub: signed WhatsApp webhooks over
 * keep-alive HTTP on 127.0.0.1, and (against the hub) agent sockets that
 * record when each message reaches them. Bounded by count and by time; it
 * prints one JSON line with what it measured and exits by itself.
 *
 * The sockets speak the socket.io wire protocol directly (engine.io v4 over
 * a WebSocket: "40{auth}" to join, "3" to answer pings, "42[...]" events)
 * and only look for a marker in each frame, so 200 of them in one process
 * cost little and the figure measures the hub, not the receiver.
 */
import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { z } from 'zod';

const LoadConfig = z.object({
  url: z.string(),
  channelId: z.string(),
  appSecret: z.string(),
  phoneNumberId: z.string(),
  /** Agent tokens, one socket each; empty for the bare server. */
  tokens: z.array(z.string()),
  mode: z.enum(['sustained', 'paced']),
  count: z.number().int().positive(),
  capMs: z.number().int().positive(),
  /** sustained: requests in flight at once; paced: sends per second. */
  concurrency: z.number().int().positive(),
  rate: z.number().nonnegative(),
  /** Different customers writing, so conversations are reused like real traffic. */
  senders: z.number().int().positive(),
  firstId: z.number().int().nonnegative(),
});
type LoadConfig = z.infer<typeof LoadConfig>;

const MARKER = 'wamid.bench.';

function webhookBody(config: LoadConfig, n: number): string {
  const from = String(819000000000 + (n % config.senders));
  const message = {
    from,
    id: `${MARKER}${n}.`,
    timestamp: String(Math.floor(Date.now() / 1000)),
    type: 'text',
    text: { body: `hello ${n}` },
  };
  const value = {
    messaging_product: 'whatsapp',
    metadata: { display_phone_number: '15550001111', phone_number_id: config.phoneNumberId },
    contacts: [{ profile: { name: `Customer ${n % config.senders}` }, wa_id: from }],
    messages: [message],
  };
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: 'WABA-1', changes: [{ field: 'messages', value }] }],
  });
}

function post(config: LoadConfig, agent: Agent, n: number): Promise<number> {
  const body = webhookBody(config, n);
  const signature = `sha256=${createHmac('sha256', config.appSecret).update(body).digest('hex')}`;
  return new Promise((resolve, reject) => {
    const req = request(
      `${config.url}/webhooks/${config.channelId}`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'x-hub-signature-256': signature,
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Per message: when it was sent and how many sockets have it. */
interface Tracker {
  readonly sentAt: Float64Array;
  readonly received: Uint16Array;
  readonly latencies: number[];
  complete: number;
}

/** Every message event in a frame (one `event` or an `events` batch): its latency, and whether all sockets have it now. */
function recordMessages(frame: string, tracker: Tracker, config: LoadConfig, sockets: number): void {
  const now = performance.now();
  for (let at = frame.indexOf(MARKER); at >= 0; at = frame.indexOf(MARKER, at + MARKER.length)) {
    const n = Number.parseInt(frame.slice(at + MARKER.length), 10) - config.firstId;
    if (!(n >= 0 && n < tracker.received.length)) continue;
    tracker.latencies.push(now - (tracker.sentAt[n] ?? 0));
    tracker.received[n] = (tracker.received[n] ?? 0) + 1;
    if (tracker.received[n] === sockets) tracker.complete += 1;
  }
}

function openAgentSocket(
  url: string,
  token: string,
  tracker: Tracker,
  config: LoadConfig,
  sockets: number,
): Promise<WebSocket> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
  return new Promise((resolve, reject) => {
    ws.on('error', reject);
    ws.on('message', (data: Buffer) => {
      const frame = data.toString();
      // batchEvents: like the real client, take bursts of live events as one `events` push.
      if (frame.startsWith('0')) ws.send(`40${JSON.stringify({ token, batchEvents: true })}`);
      else if (frame === '2') ws.send('3');
      else if (frame.startsWith('40')) resolve(ws);
      else if (frame.startsWith('44')) reject(new Error(`socket refused: ${frame}`));
      else if (frame.startsWith('42["event')) recordMessages(frame, tracker, config, sockets);
    });
  });
}

async function sendAll(
  config: LoadConfig,
  agent: Agent,
  tracker: Tracker,
  deadline: number,
): Promise<{ ok: number; failed: number }> {
  let next = 0;
  let ok = 0;
  let failed = 0;
  const one = async (n: number): Promise<void> => {
    tracker.sentAt[n] = performance.now();
    const status = await post(config, agent, config.firstId + n).catch(() => 0);
    if (status === 200) ok += 1;
    else failed += 1;
  };
  if (config.mode === 'sustained') {
    const worker = async (): Promise<void> => {
      while (next < config.count && performance.now() < deadline) await one(next++);
    };
    await Promise.all(Array.from({ length: config.concurrency }, worker));
    return { ok, failed };
  }
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  while (next < config.count && performance.now() < deadline) {
    const due = Math.min(config.count, Math.floor(((performance.now() - start) / 1000) * config.rate) + 1);
    while (next < due) inFlight.push(one(next++));
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(inFlight);
  return { ok, failed };
}

async function waitDelivered(tracker: Tracker, target: number, deadline: number): Promise<void> {
  while (tracker.complete < target && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
}

function pct(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

async function main(): Promise<void> {
  const config = LoadConfig.parse(JSON.parse(process.env['BENCH_LOAD'] ?? '{}'));
  const tracker: Tracker = {
    sentAt: new Float64Array(config.count),
    received: new Uint16Array(config.count),
    latencies: [],
    complete: 0,
  };
  const sockets = await Promise.all(
    config.tokens.map((t) => openAgentSocket(config.url, t, tracker, config, config.tokens.length)),
  );
  const agent = new Agent({ keepAlive: true, maxSockets: config.mode === 'sustained' ? config.concurrency : 256 });
  const start = performance.now();
  const deadline = start + config.capMs;
  const { ok, failed } = await sendAll(config, agent, tracker, deadline);
  const answeredMs = performance.now() - start;
  if (sockets.length > 0) await waitDelivered(tracker, ok, deadline + 10_000);
  const deliveredMs = performance.now() - start;
  for (const ws of sockets) ws.close();
  agent.destroy();
  const sorted = Float64Array.from(tracker.latencies).sort();
  const result = {
    sent: ok + failed,
    ok,
    failed,
    answeredMs,
    deliveredMs,
    deliveredToAll: tracker.complete,
    deliveries: tracker.latencies.length,
    p50: pct(sorted, 50),
    p99: pct(sorted, 99),
    max: pct(sorted, 100),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
