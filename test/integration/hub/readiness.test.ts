/**
 * GET /ready beside GET /health (docs/scaling.md, "Health and readiness"): a load balancer sends requests only
 * to a node whose /ready answers 200; /health stays 200 as long as the process answers, database or not.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseCommandLine } from '../../../src/hub/config.js';
import { ErrorBody } from '../../../src/shared/errors.js';
import { HealthResponse, ReadyResponse } from '../../../src/shared/protocol.js';
import { killHubProcesses, runHubCli } from '../../helpers/hub-cli.js';
import { startHub, type TestHub } from '../../helpers/hub.js';
import { sharedPostgres } from '../../helpers/postgres.js';

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

/** GET without keep-alive (a stopping hub closes idle connections) and without a token. */
function get(url: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, timeout: 5000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text === '' ? null : JSON.parse(text) }));
    });
    req.on('timeout', () => req.destroy(new Error(`${url} did not answer`)));
    req.on('error', reject);
  });
}

/** Polls `url` until `predicate` holds for its answer; fails with the last answer after `ms`. */
async function until(url: string, predicate: (a: Answer) => boolean, ms = 15_000): Promise<Answer> {
  const deadline = Date.now() + ms;
  let last: Answer | string = 'no answer';
  while (Date.now() < deadline) {
    try {
      last = await get(url);
      if (predicate(last)) return last;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url}: never got the expected answer; last: ${JSON.stringify(last)}`);
}

const Refusal = z.object({ error: ErrorBody });
const codeOf = (a: Answer): string | undefined => Refusal.safeParse(a.body).data?.error.code;

const hubs: TestHub[] = [];
afterEach(async () => {
  killHubProcesses();
  await Promise.all(hubs.splice(0).map((t) => t.stop()));
});

describe('GET /ready', () => {
  it('answers 200 on a started hub, without a token, with the latest seq, as /health does', async () => {
    const t = await startHub();
    hubs.push(t);
    const ready = await get(`${t.url}/ready`);
    expect(ready.status).toBe(200);
    const seq = await t.hub.store.events.latestSeq();
    expect(ReadyResponse.parse(ready.body)).toEqual({ status: 'ready', version: expect.any(String), seq });
    const health = await get(`${t.url}/health`);
    expect(health.status).toBe(200);
    expect(HealthResponse.parse(health.body).seq).toBe(seq);
  });

  it('answers 503 HUB_STOPPING from the moment SIGTERM arrives, while the node still serves, then it exits 0', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-ready-'));
    try {
      const env = {
        SWITCHBOARD_ADMIN_EMAIL: 'boss@example.com',
        SWITCHBOARD_ADMIN_PASSWORD: 'boss-password-1',
        // Long enough to look at the draining node; the drain itself is what is under test.
        SWITCHBOARD_DRAIN_MS: '4000',
      };
      const hub = runHubCli(['--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir], { env });
      const url = await hub.started;
      expect((await get(`${url}/ready`)).status).toBe(200);

      hub.child.kill('SIGTERM');
      const draining = await until(`${url}/ready`, (a) => a.status === 503);
      expect(codeOf(draining)).toBe('HUB_STOPPING');
      expect(Refusal.parse(draining.body).error.message).toMatch(/shutting down/);
      // Still alive and still serving what reaches it: liveness is not readiness.
      expect((await get(`${url}/health`)).status).toBe(200);
      expect(await hub.exit).toBe(0);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('answers 503 DATABASE_UNAVAILABLE while Postgres refuses the hub, /health staying 200, and 200 once it is back', async () => {
    const cluster = await sharedPostgres();
    const databaseUrl = await cluster.createDatabase();
    const name = new URL(databaseUrl).pathname.slice(1);
    const t = await startHub({ config: { databaseUrl } });
    hubs.push(t);
    expect((await get(`${t.url}/ready`)).status).toBe(200);

    const admin = new pg.Client({ connectionString: cluster.adminUrl });
    await admin.connect();
    try {
      // What a database that went away looks like to the hub: its connections cut, new ones refused.
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
      const down = await until(`${t.url}/ready`, (a) => a.status === 503);
      expect(codeOf(down)).toBe('DATABASE_UNAVAILABLE');
      const health = await get(`${t.url}/health`);
      expect(health.status).toBe(200);
      expect(HealthResponse.parse(health.body).seq).toBeNull();

      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
      const back = await until(`${t.url}/ready`, (a) => a.status === 200);
      expect(ReadyResponse.parse(back.body).status).toBe('ready');
    } finally {
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`).catch(() => undefined);
      await admin.end();
    }
  });
});

describe('SWITCHBOARD_DRAIN_MS', () => {
  const database = { SWITCHBOARD_DATABASE_URL: 'postgres://hub@db.internal:5432/switchboard' };
  it('defaults to 5 s on Postgres and none on SQLite, and refuses what is not a number of milliseconds', () => {
    expect(parseCommandLine([], database).config.drainMs).toBe(5000);
    expect(parseCommandLine([], {}).config.drainMs).toBe(0);
    expect(parseCommandLine([], { ...database, SWITCHBOARD_DRAIN_MS: '0' }).config.drainMs).toBe(0);
    expect(parseCommandLine([], { SWITCHBOARD_DRAIN_MS: '1500' }).config.drainMs).toBe(1500);
    expect(() => parseCommandLine([], { SWITCHBOARD_DRAIN_MS: '5s' })).toThrow(
      'invalid drain time SWITCHBOARD_DRAIN_MS "5s": expected a whole number of milliseconds from 0 (stop at once) to 600000',
    );
  });
});
