/**
 * Hub ingest on Postgres (issue 15's benchmark): the hub-ingest load
 * (bench/children/webhook-load.ts) against the hub on a durable Postgres
 * cluster (fsync and synchronous commit on: startPostgres({ durable: true })),
 * beside a bare durable baseline on the same cluster in the same run
 * (bench/children/bare-postgres.ts: HMAC check, JSON parse,
 * `INSERT … ON CONFLICT DO NOTHING`, commit, per webhook).
 *
 * One node: the hub in this process with `agentSockets` agent sockets, as the
 * SQLite figure. Two nodes: two hub processes on one database behind HAProxy
 * running deploy/haproxy/switchboard.cfg (its bind and server lines replaced
 * by loopback ports), against two bare baseline processes behind the same
 * configuration. The two-node run has no agent sockets yet (it was written
 * before cross-node live events landed), so it counts webhooks stored
 * (answered 200 after their commit) and checks the count in the database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createProviderExtension } from '../../src/hub/providers/provider-integration.js';
import { startHub } from '../../test/helpers/hub.js';
import { freePort } from '../../test/helpers/nginx.js';
import { postgresBinDir, startPostgres, type PostgresCluster } from '../../test/helpers/postgres.js';
import type { FigureOutcome, FigureRow } from '../figure.js';
import { fmtInt, fmtMs, fmtRate, fmtRatio, note } from '../measure.js';
import type { BenchSizes } from '../sizes.js';
import { gaps, prepareHub, runLoad, type LoadResult, type LoadRun } from './hub-ingest.js';

const HAPROXY_CONFIG = fileURLToPath(new URL('../../deploy/haproxy/switchboard.cfg', import.meta.url));
const BARE_SCRIPT = fileURLToPath(new URL('../children/bare-postgres.ts', import.meta.url));
const NODE_SCRIPT = fileURLToPath(new URL('../children/hub-node.ts', import.meta.url));
/** The pool of each bare baseline process: the hub's own default (src/hub/store/postgres/db.ts). */
const BARE_POOL_SIZE = 10;
const START_TIMEOUT_MS = 60_000;

interface Running {
  readonly url: string;
  stop(): Promise<void>;
}

/** Spawns `command` and waits for "listening on <url>" on its stdout (or for `ready` to say so). */
function startProcess(
  command: string,
  args: readonly string[],
  env: Record<string, string>,
  ready: ((stdout: string) => string | null) | null,
): Promise<Running> {
  const child: ChildProcess = spawn(command, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => void (err += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    if (ready === null) {
      // Says nothing when it is up (HAProxy): the caller checks it by requests.
      child.once('spawn', () => resolve({ url: '', stop }));
      child.once('exit', (code) => reject(new Error(`${command} exited with ${code}: ${err.slice(-1500)}`)));
      return;
    }
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${path.basename(args.at(-1) ?? command)} did not start: ${err.slice(-1500)}`));
    }, START_TIMEOUT_MS);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = ready(out);
      if (url !== null) {
        clearTimeout(timer);
        resolve({ url, stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${path.basename(args.at(-1) ?? command)} exited with ${code}: ${err.slice(-1500)}`));
    });
  });
}

const listening = (out: string): string | null => /listening on (http:\/\/\S+)/.exec(out)?.[1] ?? null;

function startTs(script: string, variable: string, config: object): Promise<Running> {
  return startProcess(process.execPath, ['--import', 'tsx', script], { [variable]: JSON.stringify(config) }, listening);
}

/** deploy/haproxy/switchboard.cfg with its bind address and servers replaced by these loopback ones. */
export function haproxyConfig(port: number, servers: readonly string[]): string {
  const text = fs.readFileSync(HAPROXY_CONFIG, 'utf8');
  if (!/^\s*bind \*:80$/m.test(text)) throw new Error(`${HAPROXY_CONFIG}: no "bind *:80" line to replace`);
  const lines = text
    .replace(/^(\s*)bind \*:80$/m, `$1bind 127.0.0.1:${port}`)
    .split('\n')
    .filter((line) => !/^\s*server node\d+ /.test(line));
  while (lines.at(-1) === '') lines.pop();
  const ours = servers.map((url, i) => `    server node${i + 1} ${new URL(url).host}`);
  return `${[...lines, ...ours].join('\n')}\n`;
}

/** HAProxy (Debian's haproxy) in the foreground in front of `servers`, once every server passes the health check. */
async function startHaproxy(dir: string, servers: readonly string[]): Promise<Running> {
  const port = await freePort();
  const file = path.join(dir, `haproxy-${port}.cfg`);
  fs.writeFileSync(file, haproxyConfig(port, servers));
  const url = `http://127.0.0.1:${port}`;
  const proxy = await startProcess('haproxy', ['-db', '-f', file], {}, null);
  // Every node must have answered its own check before the load starts.
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (let passed = 0; passed < servers.length * 3;) {
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    passed = ok ? passed + 1 : 0;
    if (Date.now() > deadline) {
      await proxy.stop();
      throw new Error('HAProxy never had every node passing its health check');
    }
    await new Promise((resolve) => setTimeout(resolve, ok ? 50 : 200));
  }
  await new Promise((resolve) => setTimeout(resolve, 2500));
  return { url, stop: proxy.stop };
}

async function execute(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

async function count(url: string, sql: string): Promise<number> {
  const result = await execute(url, `SELECT (${sql})::int AS n`);
  return (result.rows[0] as { n?: number } | undefined)?.n ?? 0;
}

const sustainedRun = (sizes: BenchSizes, firstId: number): LoadRun => ({
  mode: 'sustained',
  count: sizes.sustainedWebhooks,
  capMs: sizes.sustainedCapMs,
  rate: 0,
  firstId,
});

const answeredRate = (r: LoadResult): number => r.ok / (r.answeredMs / 1000);
const deliveredRate = (r: LoadResult): number => r.ok / (r.deliveredMs / 1000);

/** The hub in this process on `databaseUrl` with agent sockets; the bare baseline on the same cluster first. */
async function oneNode(cluster: PostgresCluster, sizes: BenchSizes) {
  const databaseUrl = await cluster.createDatabase();
  const hub = await startHub({ config: { logLevel: 'silent', databaseUrl }, extensions: [createProviderExtension()] });
  try {
    const target = await prepareHub(hub, sizes.agentSockets);
    const bareServer = await startTs(BARE_SCRIPT, 'BENCH_BARE_POSTGRES', {
      databaseUrl: await cluster.createDatabase(),
      appSecret: target.appSecret,
      poolSize: BARE_POOL_SIZE,
    });
    note(`hub ingest on Postgres, 1 node: bare baseline, ${fmtInt(sizes.sustainedWebhooks)} webhooks`);
    const bare = await runLoad({ ...target, url: bareServer.url, tokens: [] }, sustainedRun(sizes, 0)).finally(() =>
      bareServer.stop(),
    );
    note(`hub ingest on Postgres, 1 node: the hub, ${sizes.agentSockets} agent sockets`);
    const hubRun = await runLoad(target, sustainedRun(sizes, 1_000_000));
    return { bare, hub: hubRun, sockets: target.tokens.length };
  } finally {
    await hub.stop();
  }
}

/** Two hub processes behind HAProxy, then two bare baseline processes behind it; no sockets (see the header). */
async function twoNodes(cluster: PostgresCluster, sizes: BenchSizes, dir: string) {
  const databaseUrl = await cluster.createDatabase();
  // Every node opens the channels' credentials with the same key (SWITCHBOARD_SECRET_KEY, docs/scaling.md).
  const secretKey = randomBytes(32).toString('base64');
  const setup = await startHub({
    config: { logLevel: 'silent', databaseUrl, secretKey },
    extensions: [createProviderExtension()],
  });
  const target = await prepareHub(setup, 0).finally(() => setup.stop());
  const before = await count(databaseUrl, 'SELECT count(*) FROM messages');

  const bareUrl = await cluster.createDatabase();
  // Made here, not by both processes at once: two concurrent CREATE TABLE IF NOT EXISTS can collide in pg_type.
  await execute(bareUrl, 'CREATE TABLE bare_webhooks (id text PRIMARY KEY, body text NOT NULL)');
  const bareConfig = { databaseUrl: bareUrl, appSecret: target.appSecret, poolSize: BARE_POOL_SIZE };
  const bares = await Promise.all([0, 1].map(() => startTs(BARE_SCRIPT, 'BENCH_BARE_POSTGRES', bareConfig)));
  let bare: LoadResult;
  try {
    const proxy = await startHaproxy(
      dir,
      bares.map((b) => b.url),
    );
    note(
      `hub ingest on Postgres, 2 nodes: bare baseline ×2 behind HAProxy, ${fmtInt(sizes.sustainedWebhooks)} webhooks`,
    );
    bare = await runLoad({ ...target, url: proxy.url }, sustainedRun(sizes, 0)).finally(() => proxy.stop());
  } finally {
    await Promise.all(bares.map((b) => b.stop()));
  }
  const bareStored = await count(bareUrl, 'SELECT count(*) FROM bare_webhooks');

  const nodes = await Promise.all([0, 1].map(() => startTs(NODE_SCRIPT, 'BENCH_HUB_NODE', { databaseUrl, secretKey })));
  let hubRun: LoadResult;
  try {
    const proxy = await startHaproxy(
      dir,
      nodes.map((n) => n.url),
    );
    note(`hub ingest on Postgres, 2 nodes: two hub processes behind HAProxy`);
    hubRun = await runLoad({ ...target, url: proxy.url }, sustainedRun(sizes, 1_000_000)).finally(() => proxy.stop());
  } finally {
    await Promise.all(nodes.map((n) => n.stop()));
  }
  const stored = (await count(databaseUrl, 'SELECT count(*) FROM messages')) - before;
  return { bare, hub: hubRun, stored, bareStored };
}

export async function benchHubIngestPostgres(sizes: BenchSizes, dir: string): Promise<FigureOutcome> {
  note('hub ingest on Postgres: starting a durable cluster (fsync on)');
  const cluster = await startPostgres({ durable: true });
  try {
    const one = await oneNode(cluster, sizes);
    const two = await twoNodes(cluster, sizes, dir);
    const problems = [
      ...gaps('1 node, bare baseline', one.bare, 0),
      ...gaps('1 node, hub', one.hub, one.sockets),
      ...gaps('2 nodes, bare baseline', two.bare, 0),
      ...gaps('2 nodes, hubs', two.hub, 0),
    ];
    if (two.stored !== two.hub.ok)
      problems.push(`2 nodes: ${fmtInt(two.hub.ok)} webhooks answered 200 but ${fmtInt(two.stored)} messages stored`);
    if (two.bareStored !== two.bare.ok)
      problems.push(
        `2 nodes, bare baseline: ${fmtInt(two.bare.ok)} answered 200 but ${fmtInt(two.bareStored)} rows stored`,
      );
    const oneRate = deliveredRate(one.hub);
    const oneBare = answeredRate(one.bare);
    const twoRate = answeredRate(two.hub);
    const twoBare = answeredRate(two.bare);
    const ok = problems.length === 0;
    const rows: FigureRow[] = [
      {
        figure: `hub ingest on Postgres, 1 node (sustained, ${one.sockets} sockets)`,
        measured: fmtRate(oneRate, 'webhooks'),
        baseline: fmtRate(oneBare, 'inserts'),
        ratio: fmtRatio(oneRate / oneBare),
        target: 'every webhook stored and delivered',
        met: ok,
      },
      {
        figure: 'hub ingest on Postgres, 2 nodes behind HAProxy (stored)',
        measured: fmtRate(twoRate, 'webhooks'),
        baseline: fmtRate(twoBare, 'inserts'),
        ratio: fmtRatio(twoRate / twoBare),
        target: 'every webhook stored once',
        met: ok,
      },
    ];
    return {
      rows,
      notes: [
        `hub ingest on Postgres: a durable PostgreSQL ${path.basename(path.dirname(postgresBinDir()))} cluster on 127.0.0.1 (fsync, synchronous_commit and full_page_writes on, shared_buffers 128 MB), the same load generator (${fmtInt(sizes.sustainedWebhooks)} webhooks at most, ${fmtMs(sizes.sustainedCapMs)} at most, 32 in flight); baseline: a node:http process with a pg pool of ${BARE_POOL_SIZE} doing, per webhook, the HMAC check, JSON parse and one INSERT … ON CONFLICT DO NOTHING (its own commit).`,
        `hub ingest on Postgres, 1 node: the hub (writer: 4 transactions at once, group commit) answered ${fmtInt(one.hub.ok)} webhooks in ${fmtMs(one.hub.answeredMs)}, in every one of the ${one.sockets} sockets after ${fmtMs(one.hub.deliveredMs)}; the bare baseline answered ${fmtInt(one.bare.ok)} in ${fmtMs(one.bare.answeredMs)}.`,
        `hub ingest on Postgres, 2 nodes: two hub processes on one database behind HAProxy (deploy/haproxy/switchboard.cfg: least connections, over keep-alive connections) answered ${fmtInt(two.hub.ok)} webhooks in ${fmtMs(two.hub.answeredMs)} (${fmtInt(two.stored)} messages stored); two bare baseline processes behind the same configuration answered ${fmtInt(two.bare.ok)} in ${fmtMs(two.bare.answeredMs)}. No agent sockets in this part (written before cross-node live events landed), so it measures webhooks stored, not delivered.`,
        ...problems.map((p) => `hub ingest on Postgres problem: ${p}.`),
      ],
    };
  } finally {
    await cluster.stop();
  }
}
