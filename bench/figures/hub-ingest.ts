/**
 * Hub ingest: signed WhatsApp webhooks from a load generator process on
 * 127.0.0.1 go through the hub's real webhook route (signature check, parse,
 * one transaction with the event log) and out to every connected agent
 * socket of the channel. Sustained: a closed loop of requests in flight,
 * counted until every socket has every message. Latency: an open loop at
 * 500/s, from the send to each socket's receipt. The baseline is a bare
 * Fastify server answering the same requests with 200 and nothing else.
 *
 * Before and after the group commit, in the same run: the same load against
 * a second hub whose writer commits one webhook per transaction
 * (HubOptions.writer `{ maxBatch: 1 }`, the benchmark knob), then against the
 * hub as it ships (services/writer.ts batches what arrives together).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { z } from 'zod';
import { FULL_PERMISSIONS } from '../../src/shared/domain.js';
import { uuidv7 } from '../../src/shared/uuidv7.js';
import { createProviderExtension } from '../../src/hub/providers/provider-integration.js';
import { hashToken } from '../../src/hub/services/auth.js';
import { hashPassword } from '../../src/hub/services/passwords.js';
import { startHub, type StartHubOptions, type TestHub } from '../../test/helpers/hub.js';
import { NO_BASELINE, type FigureOutcome } from '../figure.js';
import { fmtInt, fmtMs, fmtRate, fmtRatio, note } from '../measure.js';
import type { BenchSizes } from '../sizes.js';

const TARGET_RATE = 2000;
const TARGET_P99_MS = 50;
const CONCURRENCY = 32;
const SENDERS = 1000;
const TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
const LOAD_SCRIPT = fileURLToPath(new URL('../children/webhook-load.ts', import.meta.url));

export const LoadResult = z.object({
  sent: z.number(),
  ok: z.number(),
  failed: z.number(),
  answeredMs: z.number(),
  deliveredMs: z.number(),
  deliveredToAll: z.number(),
  deliveries: z.number(),
  p50: z.number().nullable(),
  p99: z.number().nullable(),
  max: z.number().nullable(),
});
export type LoadResult = z.infer<typeof LoadResult>;

export interface Target {
  readonly url: string;
  readonly channelId: string;
  readonly appSecret: string;
  readonly phoneNumberId: string;
  readonly tokens: readonly string[];
}

export interface LoadRun {
  readonly mode: 'sustained' | 'paced';
  readonly count: number;
  readonly capMs: number;
  readonly rate: number;
  readonly firstId: number;
}

export function runLoad(target: Target, run: LoadRun): Promise<LoadResult> {
  const config = { ...target, ...run, concurrency: CONCURRENCY, senders: SENDERS };
  const child = spawn(process.execPath, ['--import', 'tsx', LOAD_SCRIPT], {
    env: { ...process.env, BENCH_LOAD: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => void (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => void (err += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || line === '')
        return reject(new Error(`load generator exited with ${code}: ${err.slice(-1500)}`));
      resolve(LoadResult.parse(JSON.parse(line)));
    });
  });
}

/** A WhatsApp channel and `sockets` agents linked to it, each with a session token (made in the store: no scrypt per agent). */
export async function prepareHub(hub: TestHub, sockets: number): Promise<Target> {
  const appSecret = `secret-${randomBytes(8).toString('hex')}`;
  const phoneNumberId = String(100_000_000_000 + Number.parseInt(randomBytes(4).toString('hex'), 16));
  const credentials = {
    accessToken: 'bench-token',
    appSecret,
    verifyToken: 'verify',
    phoneNumberId,
    apiBaseUrl: 'http://127.0.0.1:9',
  };
  const channel = await hub.createChannel({ kind: 'whatsapp', name: 'Bench WhatsApp', credentials });
  const { store } = hub.hub;
  const passwordHash = await hashPassword(randomBytes(16).toString('hex'));
  const now = hub.clock.now();
  const tokens: string[] = [];
  await store.transaction(async () => {
    for (let i = 0; i < sockets; i += 1) {
      const id = uuidv7();
      await store.agents.insert(
        {
          id,
          email: `bench-${i}@example.com`,
          name: `Bench ${i}`,
          role: 'agent',
          permissions: FULL_PERMISSIONS,
          active: true,
          createdAt: now,
        },
        passwordHash,
      );
      await store.channels.link(channel.id, id, now);
      const token = randomBytes(32).toString('base64url');
      await store.sessions.insert({
        tokenHash: hashToken(token),
        agentId: id,
        createdAt: now,
        expiresAt: now + TOKEN_TTL_MS,
        revokedAt: null,
        passwordChangeRequired: false,
      });
      tokens.push(token);
    }
  });
  return { url: hub.url, channelId: channel.id, appSecret, phoneNumberId, tokens };
}

/** Fastify with the same raw-body route shape, answering 200 "OK" and nothing else. */
async function bareBaseline(target: Target, run: LoadRun): Promise<LoadResult> {
  const app = Fastify({ logger: false });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body: Buffer, done) => done(null, body));
  app.post('/webhooks/:channelId', async (_req, reply) => reply.type('text/plain; charset=utf-8').send('OK'));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  try {
    return await runLoad({ ...target, url: `http://127.0.0.1:${port}`, tokens: [] }, run);
  } finally {
    await app.close();
  }
}

/** What went missing in a run, in words (empty when every webhook was stored and delivered everywhere). */
export function gaps(what: string, result: LoadResult, sockets: number): string[] {
  const out: string[] = [];
  if (result.failed > 0) out.push(`${what}: ${result.failed} of ${result.sent} webhooks were not answered with 200`);
  if (sockets > 0 && result.deliveredToAll < result.ok) {
    out.push(
      `${what}: ${result.ok - result.deliveredToAll} of ${result.ok} messages did not reach all ${sockets} sockets in time`,
    );
  }
  return out;
}

interface HubRuns {
  readonly sustained: LoadResult;
  readonly paced: LoadResult;
  readonly sockets: number;
}

/** A fresh hub with `sizes.agentSockets` agents: the sustained run, then the paced one (ids from `firstId`). */
async function measureHub(
  sizes: BenchSizes,
  options: Pick<StartHubOptions, 'writer'>,
  label: string,
  firstId: number,
  bare?: (target: Target) => Promise<void>,
): Promise<HubRuns> {
  const hub = await startHub({ config: { logLevel: 'silent' }, extensions: [createProviderExtension()], ...options });
  try {
    const target = await prepareHub(hub, sizes.agentSockets);
    await bare?.(target);
    note(`hub ingest: ${label}, ${fmtInt(sizes.sustainedWebhooks)} webhooks to ${sizes.agentSockets} agent sockets`);
    const sustained = await runLoad(target, {
      mode: 'sustained',
      count: sizes.sustainedWebhooks,
      capMs: sizes.sustainedCapMs,
      rate: 0,
      firstId,
    });
    note(`hub ingest: ${label}, ${fmtInt(sizes.latencyWebhooks)} webhooks at ${sizes.latencyRate}/s`);
    const paced = await runLoad(target, {
      mode: 'paced',
      count: sizes.latencyWebhooks,
      capMs: Math.ceil((sizes.latencyWebhooks / sizes.latencyRate) * 1000) + 20_000,
      rate: sizes.latencyRate,
      firstId: firstId + 1_000_000,
    });
    return { sustained, paced, sockets: target.tokens.length };
  } finally {
    await hub.stop();
  }
}

export async function benchHubIngest(sizes: BenchSizes): Promise<FigureOutcome> {
  let bare: LoadResult | undefined;
  const measureBare = async (target: Target): Promise<void> => {
    note(`hub ingest: bare Fastify, ${fmtInt(sizes.sustainedWebhooks)} webhooks, ${CONCURRENCY} in flight`);
    bare = await bareBaseline(target, {
      mode: 'sustained',
      count: sizes.sustainedWebhooks,
      capMs: sizes.sustainedCapMs,
      rate: 0,
      firstId: 0,
    });
  };
  const grouped = await measureHub(sizes, {}, 'the hub (group commit)', 1_000_000, measureBare);
  const single = await measureHub(sizes, { writer: { maxBatch: 1 } }, 'the hub, batches of 1', 3_000_000);
  if (bare === undefined) throw new Error('the bare baseline did not run');
  const bareRate = bare.ok / (bare.answeredMs / 1000);
  const rateOf = (runs: HubRuns): number => runs.sustained.ok / (runs.sustained.deliveredMs / 1000);
  const problemsOf = (runs: HubRuns, label: string): string[] => [
    ...gaps(`${label}sustained`, runs.sustained, runs.sockets),
    ...gaps(`${label}latency`, runs.paced, runs.sockets),
  ];
  const problems = [
    ...gaps('bare Fastify', bare, 0),
    ...problemsOf(grouped, ''),
    ...problemsOf(single, 'batches of 1, '),
  ];
  const rate = rateOf(grouped);
  const singleRate = rateOf(single);
  const p99 = grouped.paced.p99 ?? Number.NaN;
  const singleP99 = single.paced.p99 ?? Number.NaN;
  const sustainedNote = (runs: HubRuns): string =>
    `${fmtInt(runs.sustained.ok)} webhooks answered in ${fmtMs(runs.sustained.answeredMs)} and in every one of the ${runs.sockets} sockets after ${fmtMs(runs.sustained.deliveredMs)} (${fmtInt(runs.sustained.deliveries)} deliveries)`;
  const pacedNote = (runs: HubRuns): string =>
    `p50 ${fmtMs(runs.paced.p50 ?? Number.NaN)}, p99 ${fmtMs(runs.paced.p99 ?? Number.NaN)}, max ${fmtMs(runs.paced.max ?? Number.NaN)} over ${fmtInt(runs.paced.deliveries)} deliveries`;
  return {
    rows: [
      {
        figure: `hub ingest (sustained, ${sizes.agentSockets} sockets)`,
        measured: fmtRate(rate, 'webhooks'),
        baseline: fmtRate(bareRate, 'requests'),
        ratio: fmtRatio(rate / bareRate),
        target: `≥ ${fmtInt(TARGET_RATE)} webhooks/s`,
        met: rate >= TARGET_RATE && problems.length === 0,
      },
      {
        figure: `hub ingest, batches of 1 (sustained, ${sizes.agentSockets} sockets)`,
        measured: fmtRate(singleRate, 'webhooks'),
        baseline: fmtRate(bareRate, 'requests'),
        ratio: fmtRatio(singleRate / bareRate),
        target: `for comparison: group commit ${fmtRatio(rate / singleRate)} this`,
        met: problems.length === 0,
      },
      {
        figure: `hub ingest latency at ${sizes.latencyRate}/s`,
        measured: `p99 ${fmtMs(p99)}`,
        baseline: NO_BASELINE,
        ratio: NO_BASELINE,
        target: `p99 ≤ ${TARGET_P99_MS} ms`,
        met: p99 <= TARGET_P99_MS && problems.length === 0,
      },
      {
        figure: `hub ingest latency at ${sizes.latencyRate}/s, batches of 1`,
        measured: `p99 ${fmtMs(singleP99)}`,
        baseline: NO_BASELINE,
        ratio: NO_BASELINE,
        target: `p99 ≤ ${TARGET_P99_MS} ms`,
        met: singleP99 <= TARGET_P99_MS && problems.length === 0,
      },
    ],
    notes: [
      `hub ingest: signed WhatsApp webhooks from ${SENDERS} customers over keep-alive HTTP, ${CONCURRENCY} in flight; sustained, with the group commit: ${sustainedNote(grouped)}; bare Fastify answered ${fmtInt(bare.ok)} in ${fmtMs(bare.answeredMs)}.`,
      `hub ingest, batches of 1: the same load on a second hub whose writer commits each webhook alone (HubOptions.writer { maxBatch: 1 }, how the hub wrote before the group commit): ${sustainedNote(single)}; with the group commit the hub takes ${fmtRatio(rate / singleRate)} its rate.`,
      `hub ingest latency: ${fmtInt(grouped.paced.ok)} webhooks at ${sizes.latencyRate}/s, webhook sent → message event in each of ${grouped.sockets} sockets: ${pacedNote(grouped)}; batches of 1: ${pacedNote(single)}.`,
      ...problems.map((p) => `hub ingest problem: ${p}.`),
    ],
  };
}
