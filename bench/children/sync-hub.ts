/**
 * The server side of the initial sync figure, in its own process as a real
 * hub would be: a hub on 127.0.0.1 seeded with the corpus (direct store
 * inserts), and beside it a bare socket.io server that answers `sync` with
 * the hub's own answers recorded beforehand — the baseline's "same bytes".
 * Prints one JSON line with both URLs and a sign-in, then runs until its
 * stdin closes.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { SYNC_PAGE_SIZE } from '../../src/main/core/sync/sync-engine.js';
import { startHub } from '../../test/helpers/hub.js';
import { Corpus } from '../data/corpus.js';
import { seedHub } from '../data/hub-seed.js';

const conversations = Number(process.env['BENCH_CONVERSATIONS'] ?? '0');
const messages = Number(process.env['BENCH_MESSAGES'] ?? '0');

const hub = await startHub({ config: { logLevel: 'silent' } });
const agent = await hub.createAgent({ name: 'Bench Agent' });
const channel = await hub.createChannel({ kind: 'whatsapp', linkAgentIds: [agent.agent.id] });
const corpus = new Corpus({ conversations, messages, seed: 31 });
const latestSeq = await seedHub({ store: hub.hub.store, channelId: channel.id, agentId: agent.agent.id }, corpus);

// The hub's answers, page by page, exactly as its socket layer acknowledges them.
const actor = await hub.hub.services.auth.authenticate(agent.token);
const answers = new Map<number, unknown>();
for (let after = 0; ;) {
  const page = await hub.hub.services.sync.sync(actor, { after, limit: SYNC_PAGE_SIZE });
  answers.set(after, { ok: true, data: page });
  const last = page.reset ? undefined : page.events.at(-1);
  if (page.reset || !page.hasMore || last === undefined) break;
  after = last.seq;
}

const http = createServer();
const bare = new Server(http, { serveClient: false, maxHttpBufferSize: 1_000_000 });
bare.on('connection', (socket) => {
  socket.on('sync', (request: { after: number }, ack: (answer: unknown) => void) => ack(answers.get(request.after)));
});
await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
const address = http.address();
const barePort = typeof address === 'object' && address !== null ? address.port : 0;

process.stdout.write(
  `${JSON.stringify({
    hubUrl: hub.url,
    bareUrl: `http://127.0.0.1:${barePort}`,
    email: agent.email,
    password: agent.password,
    token: agent.token,
    agentId: agent.agent.id,
    latestSeq,
    pages: answers.size,
  })}\n`,
);

process.stdin.resume();
process.stdin.once('end', () => {
  bare.close();
  http.close();
  void hub.stop().then(() => process.exit(0));
});
