/**
 * `--demo` with templates: the demo WhatsApp Business Account's approved
 * templates are read like any account's, and a template the demo admin
 * submits is approved a moment later through Meta's signed status webhook.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/hub/config.js';
import { createDemoExtension } from '../../../src/hub/demo/demo-extension.js';
import { createProviderExtension } from '../../../src/hub/providers/provider-integration.js';
import { createHub, type Hub } from '../../../src/hub/server.js';
import { Template } from '../../../src/shared/domain.js';
import { waitFor } from './harness.js';

const TIMING = {
  openingGapMs: 60_000,
  stepGapMs: 60_000,
  roundPauseMs: 60_000,
  deliveredAfterMs: 10,
  readAfterMs: 30,
  templateApprovalMs: 20,
};
const ADMIN = { email: 'demo-admin@example.com', password: 'demo-admin-password', name: 'Demo Admin' };

let hub: Hub;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sb-demo-templates-'));
  const config = {
    ...defaultConfig(dataDir),
    port: 0,
    host: '127.0.0.1',
    logLevel: 'silent' as const,
    demo: true,
    initialAdmin: ADMIN,
  };
  const extensions = [
    createProviderExtension({ pollTimeoutSeconds: 1 }),
    createDemoExtension({ timing: TIMING, print: () => undefined }),
  ];
  hub = await createHub({ config, logger: pino({ level: 'silent' }), extensions });
  await hub.start();
});
afterAll(async () => {
  await hub.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function adminToken(): Promise<string> {
  const res = await fetch(`${hub.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
  });
  return ((await res.json()) as { token: string }).token;
}

async function templatesOf(token: string, channelId: string): Promise<Template[]> {
  const res = await fetch(`${hub.url}/api/templates?channelId=${channelId}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return ((await res.json()) as { items: unknown[] }).items.map((item) => Template.parse(item));
}

it('the demo’s WhatsApp templates come approved from its Business Account, mapped to merge fields', async () => {
  const token = await adminToken();
  const whatsapp = (await hub.store.channels.list()).find((c) => c.kind === 'whatsapp');
  const templates = await templatesOf(token, whatsapp?.id ?? '');
  expect(templates.map((t) => [t.name, t.status, t.placeholders])).toEqual([
    ['follow_up', 'approved', ['contact.name', 'agent.name']],
    ['order_update', 'approved', ['contact.name', 'ticket.number']],
  ]);
  expect(templates.find((t) => t.name === 'follow_up')).toMatchObject({
    header: { format: 'text', text: 'Checking in' },
    buttons: [
      { type: 'quick_reply', text: 'All good' },
      { type: 'quick_reply', text: 'Yes, please' },
    ],
  });
});

it('a template the demo admin submits waits for review and is approved a moment later', async () => {
  const token = await adminToken();
  const whatsapp = (await hub.store.channels.list()).find((c) => c.kind === 'whatsapp');
  const res = await fetch(`${hub.url}/api/templates`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      channelId: whatsapp?.id,
      name: 'demo_thanks',
      language: 'en',
      category: 'utility',
      body: 'Thanks {{1}}, we are on it.',
      placeholders: ['contact.name'],
    }),
  });
  expect(res.status).toBe(201);
  expect(Template.parse(await res.json()).status).toBe('pending');
  await waitFor(
    'the demo approval',
    async () =>
      (await templatesOf(token, whatsapp?.id ?? '')).find((t) => t.name === 'demo_thanks')?.status === 'approved',
    10_000,
  );
});
