/**
 * Two hub nodes on one Postgres database, one WeChat channel: a new access token invalidates the old one, so
 * the nodes share one token per channel (stored sealed, providers/shared-tokens.ts) instead of each fetching
 * its own. The fake provider counts the token fetches.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, type HubConfig } from '../../../src/hub/config.js';
import { createHub, type Hub } from '../../../src/hub/server.js';
import { createProviderExtension } from '../../../src/hub/providers/provider-integration.js';
import type { ChannelRuntime } from '../../../src/hub/providers/channel-runtime.js';
import { errcodeOutcome, withAccessToken } from '../../../src/hub/channels/wechat/api.js';
import { WechatCredentials } from '../../../src/hub/channels/wechat/credentials.js';
import { Channel } from '../../../src/shared/domain.js';
import { LoginResponse } from '../../../src/shared/protocol.js';
import { expireWechatAccessTokens } from '../../../src/fake-provider/wechat.js';
import { startFakeProvider, type FakeProvider } from '../../../src/fake-provider/server.js';
import { createDatabase } from '../../helpers/postgres.js';

const ADMIN = { email: 'admin@example.com', password: 'admin-password-1', name: 'Admin' };

interface Node {
  readonly hub: Hub;
  readonly runtime: ChannelRuntime;
}

async function startNode(config: HubConfig, nodeId: string): Promise<Node> {
  const extension = createProviderExtension({ nodeId });
  const hub = await createHub({ config, logger: pino({ level: 'silent' }), extensions: [extension] });
  await hub.start();
  const runtime = extension.runtimeOf(hub);
  if (!runtime) throw new Error('provider runtime did not start');
  return { hub, runtime };
}

describe('WeChat access tokens on two nodes', () => {
  let fake: FakeProvider;
  let dataDir: string;
  let a: Node;
  let b: Node;
  let channel: Channel;
  let credentials: WechatCredentials;

  beforeAll(async () => {
    fake = await startFakeProvider();
    // One data folder for both: the same secret key seals and opens the shared token on either node.
    dataDir = mkdtempSync(join(tmpdir(), 'sb-wechat-token-'));
    const config: HubConfig = {
      ...defaultConfig(dataDir),
      port: 0,
      host: '127.0.0.1',
      logLevel: 'silent',
      initialAdmin: ADMIN,
      databaseUrl: await createDatabase(),
    };
    a = await startNode(config, 'node-a');
    b = await startNode(config, 'node-b');
    const login = LoginResponse.parse(
      await (
        await fetch(`${a.hub.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
        })
      ).json(),
    );
    credentials = WechatCredentials.parse({
      appId: 'wx00000000000000aa',
      appSecret: 'secret',
      token: 'tok',
      apiBaseUrl: fake.baseUrlFor('wechat'),
    });
    const created = await fetch(`${a.hub.url}/api/channels`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${login.token}` },
      body: JSON.stringify({ kind: 'wechat', name: 'Official account', credentials, settings: {} }),
    });
    channel = Channel.parse(await created.json());
  });

  afterAll(async () => {
    await b.hub.stop();
    await a.hub.stop();
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** One customer-service message sent through a node, with the token that node's adapter context gives. */
  const send = async (node: Node, text: string): Promise<boolean> => {
    const outcome = await withAccessToken<boolean>(
      credentials,
      node.runtime.contexts.contextFor(channel.id),
      async (token) => {
        const res = await fetch(`${fake.baseUrlFor('wechat')}/cgi-bin/message/custom/send?access_token=${token}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ touser: 'o-customer', msgtype: 'text', text: { content: text } }),
        });
        return errcodeOutcome(res.status, await res.json()) ?? { ok: true, value: true };
      },
    );
    return outcome.ok;
  };
  const tokenFetches = (): number => fake.state.callsTo('wechat', '/cgi-bin/token').length;

  it('is fetched once for both nodes, refreshed once when WeChat refuses it, and stored sealed', async () => {
    const before = tokenFetches();
    expect(await Promise.all([send(a, '1'), send(b, '2'), send(a, '3'), send(b, '4')])).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(tokenFetches()).toBe(before + 1);
    const sent = fake.state.callsTo('wechat', '/cgi-bin/message/custom/send');
    expect(new Set(sent.map((c) => c.query.access_token)).size).toBe(1);

    // WeChat stops taking the token: the node that meets the refusal fetches one new token, the other uses it.
    expireWechatAccessTokens(fake.state);
    expect(await send(b, '5')).toBe(true);
    expect(await send(a, '6')).toBe(true);
    expect(tokenFetches()).toBe(before + 2);
    const [fifth, sixth] = fake.state.callsTo('wechat', '/cgi-bin/message/custom/send').slice(-2);
    expect(sixth?.query.access_token).toBe(fifth?.query.access_token);

    const stored = await a.hub.store.leases.valueOf(`wechat-token:${channel.id}`);
    expect(stored).not.toBeNull();
    expect(stored).not.toContain(String(fifth?.query.access_token));
  });
});
