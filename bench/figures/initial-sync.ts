/**
 * Initial sync: a fresh client signs in to a hub on loopback holding 10,000
 * conversations / 200,000 messages and syncs until its cache is complete,
 * through the real path (socket.io link, schema-checked acks, SyncEngine,
 * EventApplier, search index), with its progress events recorded. The
 * baseline replays the very same acknowledgement payloads from a bare
 * socket.io server to a bare client that writes the rows with prepared
 * INSERTs: the wire plus SQLite, nothing else.
 */
import { createServer } from 'node:http';
import { join } from 'node:path';
import { Server } from 'socket.io';
import { io } from 'socket.io-client';
import { z } from 'zod';
import { ClientCache } from '../../src/main/core/cache/client-cache.js';
import { SYNC_PAGE_SIZE } from '../../src/main/core/sync/sync-engine.js';
import { HubEvent } from '../../src/shared/protocol.js';
import { openSocket, startHub, type TestHub } from '../../test/helpers/hub.js';
import { startClient } from '../../test/helpers/client.js';
import { Corpus } from '../data/corpus.js';
import { seedHub } from '../data/hub-seed.js';
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

interface Prepared {
  /** What the hub answered to `sync {after}`, keyed by `after`. */
  readonly acks: Map<number, unknown>;
  /** Each page in order: the cursor it was asked with and its rows, ready for the raw writer. */
  readonly pages: { readonly after: number; readonly write: (writer: RawCacheWriter) => void }[];
}

/** Pages through the hub's log as the client does and keeps every answer verbatim. */
async function captureLog(hub: TestHub, token: string): Promise<Prepared> {
  const socket = await openSocket(hub.url, token);
  const acks = new Map<number, unknown>();
  const pages: Prepared['pages'] = [];
  try {
    let after = 0;
    for (;;) {
      const raw = await socket.command('sync', { after, limit: SYNC_PAGE_SIZE });
      const page = SyncAck.parse(raw).data;
      acks.set(after, raw);
      pages.push({ after, write: pageWrite(page.events) });
      const last = page.events.at(-1);
      if (!page.hasMore || last === undefined) break;
      after = last.seq;
    }
  } finally {
    socket.close();
  }
  return { acks, pages };
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

/** The baseline: the captured answers from a bare socket.io server into raw INSERTs. */
async function bareReplay(prepared: Prepared, folder: string, me: string): Promise<number> {
  const http = createServer();
  const server = new Server(http, { serveClient: false, maxHttpBufferSize: 1_000_000 });
  server.on('connection', (socket) => {
    socket.on('sync', (request: { after: number }, ack: (answer: unknown) => void) =>
      ack(prepared.acks.get(request.after)),
    );
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const cache = ClientCache.open(folder, me);
  const writer = new RawCacheWriter(cache.db);
  const start = nowMs();
  const client = io(`http://127.0.0.1:${port}`, { transports: ['websocket'], reconnection: false, forceNew: true });
  try {
    await new Promise<void>((resolve, reject) => {
      client.once('connect', resolve);
      client.once('connect_error', reject);
    });
    for (const page of prepared.pages) {
      await client.emitWithAck('sync', { after: page.after, limit: SYNC_PAGE_SIZE });
      page.write(writer);
    }
    return nowMs() - start;
  } finally {
    client.close();
    cache.close();
    server.close();
    http.close();
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
  hub: TestHub,
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
    await client.service.signIn({ hubUrl: hub.url, email: login.email, password: login.password });
    await client.waitForSynced(SYNC_TIMEOUT_MS);
    const ms = nowMs() - start;
    const cache = client.service.account()?.cache;
    const messages = cache ? Number(cache.db.prepare('SELECT count(*) FROM messages').pluck().get()) : 0;
    if (messages !== expected) throw new Error(`the client cache holds ${messages} of ${expected} messages`);
    return { ms, progressEvents, lastProgress, messages };
  } finally {
    await client.stop();
  }
}

export async function benchInitialSync(sizes: BenchSizes, temp: TempDir): Promise<FigureOutcome> {
  const hub = await startHub({ config: { logLevel: 'silent' } });
  try {
    const agent = await hub.createAgent({ name: 'Bench Agent' });
    const channel = await hub.createChannel({ kind: 'whatsapp', linkAgentIds: [agent.agent.id] });
    const corpus = new Corpus({ conversations: sizes.syncConversations, messages: sizes.syncMessages, seed: 31 });
    const seedStart = nowMs();
    const latestSeq = seedHub({ store: hub.hub.store, channelId: channel.id, agentId: agent.agent.id }, corpus);
    note(`initial sync: hub seeded with ${fmtInt(latestSeq)} events in ${((nowMs() - seedStart) / 1000).toFixed(1)} s`);

    note('initial sync: a fresh client signs in and syncs');
    const real = await clientSync(hub, agent, temp.sub('sync-client'), sizes.syncMessages);
    note('initial sync: baseline, the same answers over bare socket.io into raw inserts');
    const prepared = await captureLog(hub, agent.token);
    const bareMs = await bareReplay(prepared, join(temp.sub('sync-bare'), 'cache'), agent.agent.id);
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
        `initial sync: ${fmtInt(sizes.syncConversations)} conversations / ${fmtInt(real.messages)} messages (${fmtInt(latestSeq)} events) from a hub on 127.0.0.1 to a fresh client (sign-in included), pages of ${SYNC_PAGE_SIZE}; ${real.progressEvents} progress updates reached the UI` +
          (last ? `, the last at ${fmtInt(last.applied)} / ${fmtInt(last.total)}` : '') +
          `; baseline: ${prepared.pages.length} recorded answers replayed by a bare socket.io server, rows written with prepared INSERTs.`,
      ],
    };
  } finally {
    await hub.stop();
  }
}
