/**
 * Initial sync: a fresh client signs in to a hub on loopback (its own
 * process, as in real life) holding 10,000 conversations / 200,000 messages
 * and syncs until its cache is complete, through the real path (socket.io
 * link, schema-checked acks, SyncEngine, EventApplier, search index), with
 * its progress events recorded. The baseline: a bare socket.io server in that
 * same process replays the hub's recorded answers to a bare client that
 * writes the rows with prepared INSERTs — the wire plus SQLite, nothing else.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import { z } from 'zod';
import { openCacheDb } from '../../src/main/core/cache/cache-db.js';
import { SYNC_PAGE_SIZE } from '../../src/main/core/sync/sync-engine.js';
import { HubEvent } from '../../src/shared/protocol.js';
import { readCacheFile } from '../../test/helpers/cache-file.js';
import { startClient } from '../../test/helpers/client.js';
import { contactSearchColumns, prepareMessageRow, RawCacheWriter, type MessageRows } from '../data/raw-cache-writer.js';
import type { TempDir } from '../data/temp-dir.js';
import type { FigureOutcome } from '../figure.js';
import { fmtInt, fmtMs, fmtRatio, nowMs, note } from '../measure.js';
import type { BenchSizes } from '../sizes.js';

const TARGET_FACTOR = 2;
const SYNC_TIMEOUT_MS = 10 * 60_000;
const SyncAck = z.object({
  ok: z.literal(true),
  data: z.object({ events: z.array(HubEvent), hasMore: z.boolean(), latestSeq: z.number() }),
});

const SyncServers = z.object({
  hubUrl: z.string(),
  bareUrl: z.string(),
  email: z.string(),
  password: z.string(),
  agentId: z.string(),
  latestSeq: z.number(),
  pages: z.number(),
});
type SyncServers = z.infer<typeof SyncServers>;
const SERVERS_SCRIPT = fileURLToPath(new URL('../children/sync-hub.ts', import.meta.url));

interface ServerProcess {
  readonly servers: SyncServers;
  stop(): Promise<void>;
}

/** Starts the hub and the bare replay server in a child process; resolves once both listen. */
function startServers(sizes: BenchSizes): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVERS_SCRIPT], {
    env: {
      ...process.env,
      BENCH_CONVERSATIONS: String(sizes.syncConversations),
      BENCH_MESSAGES: String(sizes.syncMessages),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => void (err += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      resolve({
        servers: SyncServers.parse(JSON.parse(line)),
        stop: async () => {
          child.stdin.end();
          await exited;
        },
      });
    });
    child.once('exit', (code) => reject(new Error(`the sync servers exited with ${code}: ${err.slice(-1500)}`)));
  });
}

/** One page of the baseline: the cursor it is asked with and its rows, ready for the raw writer. */
interface BarePage {
  readonly after: number;
  readonly write: (writer: RawCacheWriter) => void;
}

/** Pages through the bare server's answers (untimed) and prepares each page's rows. */
async function preparePages(bareUrl: string): Promise<BarePage[]> {
  const client = await connectBare(bareUrl);
  const pages: BarePage[] = [];
  try {
    for (let after = 0; ;) {
      const page = SyncAck.parse(await client.emitWithAck('sync', { after, limit: SYNC_PAGE_SIZE })).data;
      pages.push({ after, write: pageWrite(page.events) });
      const last = page.events.at(-1);
      if (!page.hasMore || last === undefined) return pages;
      after = last.seq;
    }
  } finally {
    client.close();
  }
}

function pageWrite(events: readonly HubEvent[]): (writer: RawCacheWriter) => void {
  const ops: ((writer: RawCacheWriter) => void)[] = [];
  const messages: MessageRows[] = [];
  for (const event of events) {
    if (event.type === 'contact.upsert') {
      const columns = contactSearchColumns(event.contact);
      ops.push((w) => w.contact(event.contact, columns));
    } else if (event.type === 'conversation.upsert') {
      ops.push((w) => w.conversation(event.conversation, 0));
    } else if (event.type === 'message.upsert') messages.push(prepareMessageRow(event.message, event.seq));
  }
  const lastSeq = events.at(-1)?.seq ?? 0;
  return (w) =>
    w.transaction(() => {
      for (const op of ops) op(w);
      w.messages(messages);
      w.setSynced(lastSeq, 0);
    });
}

async function connectBare(url: string): Promise<Socket> {
  const client = io(url, { transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', resolve);
    client.once('connect_error', reject);
  });
  return client;
}

/** The baseline: the recorded answers over bare socket.io into raw INSERTs. */
async function bareReplay(bareUrl: string, pages: readonly BarePage[], folder: string): Promise<number> {
  // The same file, schema and settings as the cache (migrated on opening), no repository in between.
  const cache = openCacheDb(folder);
  const writer = new RawCacheWriter(cache);
  const start = nowMs();
  const client = await connectBare(bareUrl);
  try {
    for (const page of pages) {
      await client.emitWithAck('sync', { after: page.after, limit: SYNC_PAGE_SIZE });
      page.write(writer);
    }
    return nowMs() - start;
  } finally {
    client.close();
    cache.close();
  }
}

interface ClientSync {
  readonly ms: number;
  readonly progressEvents: number;
  readonly lastProgress: { applied: number; total: number } | null;
  readonly messages: number;
}

/** A fresh client service signs in and syncs; resolves once its cache holds everything. */
async function clientSync(
  hubUrl: string,
  login: { email: string; password: string },
  dataDir: string,
  expected: number,
): Promise<ClientSync> {
  const client = startClient({ dataDir });
  let progressEvents = 0;
  let lastProgress: ClientSync['lastProgress'] = null;
  let shownTenth = -1;
  client.service.onEvent((event) => {
    if (event.type !== 'connection' || event.state.progress === null) return;
    progressEvents += 1;
    lastProgress = event.state.progress;
    const tenth = Math.floor((10 * lastProgress.applied) / Math.max(1, lastProgress.total));
    if (tenth > shownTenth) {
      shownTenth = tenth;
      note(`initial sync progress: ${fmtInt(lastProgress.applied)} / ${fmtInt(lastProgress.total)} events`);
    }
  });
  try {
    const start = nowMs();
    await client.service.signIn({ hubUrl, email: login.email, password: login.password });
    await client.waitForSynced(SYNC_TIMEOUT_MS);
    const ms = nowMs() - start;
    const cache = client.service.account()?.cache;
    const messages = cache
      ? Number(readCacheFile(cache.folder, (db) => db.prepare('SELECT count(*) FROM messages').pluck().get()))
      : 0;
    if (messages !== expected) throw new Error(`the client cache holds ${messages} of ${expected} messages`);
    return { ms, progressEvents, lastProgress, messages };
  } finally {
    await client.stop();
  }
}

export async function benchInitialSync(sizes: BenchSizes, temp: TempDir): Promise<FigureOutcome> {
  const seedStart = nowMs();
  const server = await startServers(sizes);
  const { servers } = server;
  try {
    note(
      `initial sync: hub seeded with ${fmtInt(servers.latestSeq)} events in ${((nowMs() - seedStart) / 1000).toFixed(1)} s`,
    );
    note('initial sync: a fresh client signs in and syncs');
    const real = await clientSync(servers.hubUrl, servers, temp.sub('sync-client'), sizes.syncMessages);
    note('initial sync: baseline, the same answers over bare socket.io into raw inserts');
    const pages = await preparePages(servers.bareUrl);
    const bareMs = await bareReplay(servers.bareUrl, pages, join(temp.sub('sync-bare'), 'cache'));
    const ratio = real.ms / bareMs;
    const last = real.lastProgress;
    return {
      rows: [
        {
          figure: 'initial sync',
          measured: fmtMs(real.ms),
          baseline: fmtMs(bareMs),
          ratio: fmtRatio(ratio),
          target: `≤ ${fmtRatio(TARGET_FACTOR)} baseline time; progress shown`,
          met: ratio <= TARGET_FACTOR && real.progressEvents > 0,
        },
      ],
      notes: [
        `initial sync: ${fmtInt(sizes.syncConversations)} conversations / ${fmtInt(real.messages)} messages (${fmtInt(servers.latestSeq)} events) from a hub in its own process on 127.0.0.1 to a fresh client (sign-in included), pages of ${SYNC_PAGE_SIZE}; ${real.progressEvents} progress updates reached the UI` +
          (last ? `, the last at ${fmtInt(last.applied)} / ${fmtInt(last.total)}` : '') +
          `; baseline: the hub's ${pages.length} answers recorded and replayed by a bare socket.io server in the same process, rows written with prepared INSERTs.`,
      ],
    };
  } finally {
    await server.stop();
  }
}
