/**
 * A rolling restart behind HAProxy (docs/scaling.md, "Rolling restarts"): two hub processes on one Postgres
 * database behind deploy/haproxy/switchboard.cfg. SIGTERM to one node: it answers /ready 503 HUB_STOPPING
 * while it drains, HAProxy takes it out of rotation, and requests through HAProxy keep being answered 2xx,
 * by the other node, before, while and after the first one stops.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginResponse } from '../../../src/shared/protocol.js';
import { startHaproxy, type Haproxy } from '../../helpers/haproxy.js';
import { freePort, killHubProcesses, runHubCli, type HubProcess } from '../../helpers/hub-cli.js';
import { createDatabase, stopPostgres } from '../../helpers/postgres.js';

const ADMIN = { email: 'boss@example.com', password: 'boss-password-1' };
/** Longer than HAProxy needs to see /ready fail (checks 200 ms apart here, 2 failures in a row). */
const DRAIN_MS = 3000;

interface Node {
  readonly url: string;
  readonly process: HubProcess;
}

const folders: string[] = [];
const nodes: Node[] = [];
let proxy: Haproxy;

async function startNode(env: Record<string, string>): Promise<Node> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-drain-node-'));
  folders.push(dataDir);
  const child = runHubCli(['--port', String(port), '--host', '127.0.0.1', '--data-dir', dataDir], { env });
  return { url: await child.started, process: child };
}

beforeAll(async () => {
  const env = {
    SWITCHBOARD_DATABASE_URL: await createDatabase(),
    SWITCHBOARD_SECRET_KEY: randomBytes(32).toString('base64'),
    SWITCHBOARD_DRAIN_MS: String(DRAIN_MS),
    SWITCHBOARD_LOG_LEVEL: 'error',
  };
  // The first node migrates and creates the admin; the second joins the same database.
  nodes.push(
    await startNode({ ...env, SWITCHBOARD_ADMIN_EMAIL: ADMIN.email, SWITCHBOARD_ADMIN_PASSWORD: ADMIN.password }),
  );
  nodes.push(await startNode(env));
  proxy = await startHaproxy({ backends: nodes.map((n) => n.url), checkIntervalMs: 200 });
}, 90_000);

afterAll(async () => {
  await proxy?.stop();
  killHubProcesses();
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
  await stopPostgres();
});

describe('a node stopping behind HAProxy', () => {
  it('is taken out of rotation while it drains, and every request through HAProxy is answered 2xx', async () => {
    const login = await fetch(`${proxy.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    expect(login.status).toBe(200);
    const { token } = LoginResponse.parse(await login.json());
    const [first, second] = nodes;
    if (!first || !second) throw new Error('two nodes expected');

    const statuses: number[] = [];
    let running = true;
    // One agent reading the agent list through the load balancer, request after request, all along.
    const traffic = (async () => {
      while (running) {
        const res = await fetch(`${proxy.url}/api/agents`, { headers: { authorization: `Bearer ${token}` } });
        await res.arrayBuffer();
        statuses.push(res.status);
      }
    })();

    while (statuses.length < 20) await new Promise((resolve) => setTimeout(resolve, 20));
    first.process.child.kill('SIGTERM');
    // While it drains the node still answers, and says it is stopping: HAProxy takes it out.
    const out = await proxy.waitForServers((s) => s[0]?.status === 'DOWN', DRAIN_MS * 3);
    expect(out.map((s) => s.status)).toEqual(['DOWN', 'UP']);
    expect(out[0]?.check).toBe('L7STS');
    const duringDrain = statuses.length;
    expect(await first.process.exit).toBe(0);
    // Then on without it, for as many requests again as were answered until it exited.
    const target = statuses.length * 2;
    while (statuses.length < target) await new Promise((resolve) => setTimeout(resolve, 20));
    running = false;
    await traffic;

    expect(statuses.length).toBeGreaterThan(duringDrain);
    expect(statuses.filter((s) => s < 200 || s > 299)).toEqual([]);
    expect((await proxy.serverStatus()).map((s) => s.status)).toEqual(['DOWN', 'UP']);
  }, 60_000);
});
