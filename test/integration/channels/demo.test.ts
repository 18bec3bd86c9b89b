import { randomUUID } from 'node:crypto';
import { filterAsync, someAsync } from '../../../src/node-shared/async-list.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { defaultConfig } from '../../../src/hub/config.js';
import { createDemoExtension } from '../../../src/hub/demo/demo-extension.js';
import { createProviderExtension } from '../../../src/hub/providers/provider-integration.js';
import { createHub, type Hub } from '../../../src/hub/server.js';
import { CannedReply, type Message } from '../../../src/shared/domain.js';
import { HubEvent } from '../../../src/shared/protocol.js';
import { waitFor } from './harness.js';

const FAST = { openingGapMs: 5, stepGapMs: 20, roundPauseMs: 60_000, deliveredAfterMs: 10, readAfterMs: 30 };

let hub: Hub;
let dataDir: string;
const printed: string[] = [];
let socket: Socket;
const events: HubEvent[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sb-demo-'));
  const config = { ...defaultConfig(dataDir), port: 0, host: '127.0.0.1', logLevel: 'silent' as const, demo: true };
  const extensions = [
    createProviderExtension({ pollTimeoutSeconds: 1 }),
    createDemoExtension({ timing: FAST, print: (l) => printed.push(l) }),
  ];
  hub = await createHub({ config, logger: pino({ level: 'silent' }), extensions });
  await hub.start();
});
afterAll(async () => {
  socket?.close();
  await hub.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function login(role: 'admin' | 'agent'): { email: string; password: string } {
  const line = printed.find((l) => l.trim().startsWith(role));
  const match = /(\S+@\S+)\s+password: (\S+)/.exec(line ?? '');
  if (!match?.[1] || !match[2]) throw new Error(`no ${role} login printed`);
  return { email: match[1], password: match[2] };
}

it('prints demo logins that sign in, and customers of every channel kind start writing', async () => {
  const agent = login('agent');
  const res = await fetch(`${hub.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(agent),
  });
  expect(res.status).toBe(200);
  const { token } = (await res.json()) as { token: string };
  socket = io(hub.url, { auth: { token }, transports: ['websocket'], reconnection: false });
  socket.on('events', (raw: unknown) => {
    for (const item of Array.isArray(raw) ? raw : []) {
      const parsed = HubEvent.safeParse(item);
      if (parsed.success) events.push(parsed.data);
    }
  });
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const kinds = await waitFor(
    'inbound messages on all five channels',
    async () => {
      const channelIds = new Set((await hub.store.channels.list()).map((c) => c.id));
      const seen = new Set(
        (
          await filterAsync(await hub.store.channels.list(), async (c) => (await hub.store.messages.count([c.id])) >= 2)
        ).map((c) => c.kind),
      );
      return channelIds.size === 5 && seen.size === 5 ? [...seen].sort() : undefined;
    },
    20_000,
  );
  expect(kinds).toEqual(['line', 'telegram', 'twilio', 'wechat', 'whatsapp']);
});

it('the demo agent has team canned replies to insert with /, for every channel and for LINE', async () => {
  const res = await fetch(`${hub.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(login('agent')),
  });
  const { token } = (await res.json()) as { token: string };
  const list = await fetch(`${hub.url}/api/canned-replies`, { headers: { authorization: `Bearer ${token}` } });
  const { items } = z.object({ items: z.array(CannedReply) }).parse(await list.json());
  const line = (await hub.store.channels.list()).find((c) => c.kind === 'line');
  expect(items.map((r) => r.shortcut).sort()).toEqual(['line', 'thanks', 'ticket']);
  expect(items.find((r) => r.shortcut === 'line')?.channelId).toBe(line?.id);
});

it('demo media is downloaded through the adapters and ready for agents', async () => {
  const ready = await waitFor(
    'a ready photo',
    async () =>
      await someAsync(await hub.store.channels.list(), async (c) =>
        (await hub.store.messages.listAfter('', 500, [c.id])).some((m) =>
          m.attachments.some((a) => a.status === 'ready'),
        ),
      ),
    20_000,
  );
  expect(ready).toBe(true);
  const failed = (
    await Promise.all(
      (await hub.store.channels.list()).map(async (c) =>
        (await hub.store.messages.listAfter('', 500, [c.id])).flatMap((m) =>
          m.attachments.filter((a) => a.status === 'failed'),
        ),
      ),
    )
  ).flat();
  expect(failed).toEqual([]);
});

it('an agent’s WhatsApp reply goes out and comes back delivered and then read', async () => {
  const whatsapp = (await hub.store.channels.list()).find((c) => c.kind === 'whatsapp');
  // 山田 太郎 writes live (Olivia's window is closed, and WhatsApp cannot reach 小林).
  const yamada = await hub.store.contacts.findBySender(whatsapp?.id ?? '', '819012345001', '');
  const latest = await hub.store.conversations.latestOfContact(yamada?.contact.id ?? '');
  const inbound = (await hub.store.messages.listAfter('', 500, whatsapp ? [whatsapp.id] : [])).find(
    (m) => m.direction === 'in' && m.conversationId === latest?.conversation.id,
  );
  if (!inbound) throw new Error('no WhatsApp conversation yet');
  const ack: { ok: boolean; data?: Message } = await socket.timeout(10_000).emitWithAck('message.send', {
    clientId: randomUUID(),
    conversationId: inbound.conversationId,
    kind: 'text',
    text: 'ご連絡ありがとうございます。交換品を手配します。',
  });
  expect(ack.ok).toBe(true);
  const id = ack.data?.id;
  await waitFor(
    'read receipt',
    () => events.some((e) => e.type === 'message.upsert' && e.message.id === id && e.message.state === 'read'),
    10_000,
  );
});
