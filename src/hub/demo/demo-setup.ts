/**
 * Demo accounts and channels: an admin when the database is empty, three demo
 * agents with generated passwords (中村 健司 is also played by the demo itself,
 * demo-colleague.ts) (kept in <dataDir>/demo-accounts.json so a
 * restart can print them again), and one channel of each kind pointed at the
 * demo's fake provider (demo-providers.ts). On a restart the channels keep their
 * secrets and only follow the fake provider to its new port.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CHANNEL_KINDS, type ChannelKind, type MergeField } from '../../shared/domain.js';
import { getAdapter } from '../channels/registry.js';
import type { HubRuntime } from '../providers/extension.js';
import type { Actor } from '../services/actor.js';
import type { FakeProvider } from '../../fake-provider/server.js';
import { DEMO_LINE_CHANNEL_ID, DEMO_TWILIO_NUMBER, DEMO_WABA_ID } from './demo-providers.js';

export interface DemoAccount {
  readonly email: string;
  readonly password: string;
  readonly role: 'admin' | 'agent';
}

export interface DemoChannel {
  readonly kind: ChannelKind;
  readonly channelId: string;
  readonly credentials: Readonly<Record<string, unknown>>;
}

/** The second agent the demo plays (types, replies, labels, hands over). */
export const DEMO_COLLEAGUE_EMAIL = 'kenji.nakamura@demo.example.com';

const AccountsFile = z.object({
  accounts: z.array(z.object({ email: z.string(), password: z.string(), role: z.enum(['admin', 'agent']) })),
});

const DEMO_AGENTS = [
  {
    email: 'hanako.sato@demo.example.com',
    name: '佐藤 花子',
    kinds: ['whatsapp', 'twilio', 'telegram', 'line', 'wechat'],
  },
  { email: 'alex.kim@demo.example.com', name: 'Alex Kim', kinds: ['whatsapp', 'twilio', 'telegram'] },
  {
    email: DEMO_COLLEAGUE_EMAIL,
    name: '中村 健司',
    kinds: ['whatsapp', 'twilio', 'telegram', 'line', 'wechat'],
  },
] as const;

const secret = (bytes = 18): string => randomBytes(bytes).toString('base64url');

/** Fixed provider identities (so a restart finds its channels) with fresh secrets. */
function freshCredentials(kind: ChannelKind): Record<string, unknown> {
  switch (kind) {
    case 'whatsapp':
      return {
        accessToken: secret(),
        appSecret: secret(),
        verifyToken: secret(),
        phoneNumberId: '100000000000001',
        wabaId: DEMO_WABA_ID,
        displayPhoneNumber: '815000000001',
      };
    case 'twilio':
      return { accountSid: `AC${'de'.repeat(16)}`, authToken: secret(), from: `whatsapp:${DEMO_TWILIO_NUMBER}` };
    case 'telegram':
      return { botToken: `7000000001:${secret()}`, secretToken: secret() };
    case 'line':
      return { channelSecret: secret(), channelAccessToken: secret(), channelId: DEMO_LINE_CHANNEL_ID };
    case 'wechat':
      return { appId: 'wxdemo0000000001', appSecret: secret(), token: secret() };
  }
}

const CHANNEL_SETTINGS: Readonly<Record<ChannelKind, { name: string; publicHandle: string; autoConvert: boolean }>> = {
  whatsapp: { name: 'Demo WhatsApp (サポート窓口)', publicHandle: '815000000001', autoConvert: true },
  twilio: { name: 'Demo WhatsApp via Twilio', publicHandle: DEMO_TWILIO_NUMBER, autoConvert: false },
  telegram: { name: 'Demo Telegram bot', publicHandle: 'switchboard_demo_bot', autoConvert: false },
  line: { name: 'Demo LINE 公式アカウント', publicHandle: '@switchboard-demo', autoConvert: false },
  wechat: { name: 'Demo WeChat 公众号', publicHandle: 'gh_demo_account', autoConvert: false },
};

function accountsPath(hub: HubRuntime): string {
  return path.join(hub.config.dataDir, 'demo-accounts.json');
}

function readAccounts(hub: HubRuntime): DemoAccount[] {
  const file = accountsPath(hub);
  if (!fs.existsSync(file)) return [];
  return AccountsFile.parse(JSON.parse(fs.readFileSync(file, 'utf8'))).accounts;
}

async function adminActor(hub: HubRuntime): Promise<Actor> {
  const admin = (await hub.store.agents.list()).find((a) => a.role === 'admin' && a.active);
  if (!admin) throw new Error('demo: no active admin');
  return { agent: admin, tokenHash: null };
}

/** Creates the first admin (from env, else a generated demo admin) and the demo agents; returns every known demo login. */
export async function ensureDemoAccounts(hub: HubRuntime): Promise<{ actor: Actor; accounts: DemoAccount[] }> {
  const { services, store, config } = hub;
  const accounts = readAccounts(hub);
  if ((await store.agents.count()) === 0) {
    if (config.initialAdmin) {
      await services.agents.createAdmin(
        config.initialAdmin.email,
        config.initialAdmin.name,
        config.initialAdmin.password,
      );
    } else {
      const admin: DemoAccount = { email: 'admin@demo.example.com', password: secret(12), role: 'admin' };
      await services.agents.createAdmin(admin.email, 'Demo Admin', admin.password);
      accounts.push(admin);
    }
  }
  const actor = await adminActor(hub);
  for (const agent of DEMO_AGENTS) {
    if (await store.agents.findCredentialsByEmail(agent.email)) continue;
    const account: DemoAccount = { email: agent.email, password: secret(12), role: 'agent' };
    await services.agents.create(actor, {
      email: agent.email,
      name: agent.name,
      password: account.password,
      role: 'agent',
    });
    accounts.push(account);
  }
  fs.writeFileSync(accountsPath(hub), JSON.stringify({ accounts }, null, 2), { mode: 0o600 });
  return { actor, accounts };
}

function credentialRecord(raw: unknown): Record<string, unknown> {
  return typeof raw === 'object' && raw !== null ? { ...raw } : {};
}

/** One channel per kind on the fake provider (which verifies them as the providers would), linked to the demo agents. */
export async function ensureDemoChannels(
  hub: HubRuntime,
  actor: Actor,
  provider: FakeProvider,
): Promise<DemoChannel[]> {
  const { services, store } = hub;
  const channels: DemoChannel[] = [];
  for (const kind of CHANNEL_KINDS) {
    const fresh = { ...freshCredentials(kind), apiBaseUrl: provider.baseUrlFor(kind) };
    const adapter = getAdapter(kind);
    const identity = adapter.identityOf(adapter.credentialsSchema.parse(fresh));
    const existing = await store.channels.findByIdentity(kind, identity);
    let channelId: string;
    let credentials: Record<string, unknown>;
    if (existing) {
      credentials = {
        // Demo channels saved before templates came from the demo WABA get its id.
        ...(kind === 'whatsapp' ? { wabaId: DEMO_WABA_ID } : {}),
        ...credentialRecord(await services.channels.credentialsOf(existing.id)),
        apiBaseUrl: provider.baseUrlFor(kind),
      };
      await services.channels.replaceCredentials(actor, existing.id, { credentials });
      channelId = existing.id;
    } else {
      const { name, publicHandle, autoConvert } = CHANNEL_SETTINGS[kind];
      const created = await services.channels.create(actor, {
        kind,
        name,
        credentials: fresh,
        settings: { publicHandle, autoConvert },
      });
      channelId = created.id;
      credentials = fresh;
      if (kind === 'whatsapp') await services.credits.topUp(actor, channelId, { amount: 500 });
    }
    for (const agent of DEMO_AGENTS) {
      const stored = (await store.agents.findCredentialsByEmail(agent.email))?.agent;
      const kinds: readonly ChannelKind[] = agent.kinds;
      if (stored && kinds.includes(kind)) await services.channels.link(actor, channelId, { agentId: stored.id });
    }
    channels.push({ kind, channelId, credentials });
  }
  return channels;
}

/** Merge fields of the demo account's templates (Meta knows placeholders only by number). */
const DEMO_MERGE_FIELDS: Readonly<Record<string, readonly MergeField[]>> = {
  order_update: ['contact.name', 'ticket.number'],
  follow_up: ['contact.name', 'agent.name'],
};

/**
 * Approved WhatsApp templates so agents can try sending outside the 24-hour window: read from the demo
 * WhatsApp Business Account like any account's, then their placeholders mapped to merge fields.
 */
export async function ensureDemoTemplates(hub: HubRuntime, actor: Actor, whatsappChannelId: string): Promise<void> {
  const { services } = hub;
  await services.templateSync.syncChannel(whatsappChannelId);
  for (const template of await services.templates.list(actor, whatsappChannelId)) {
    const fields = DEMO_MERGE_FIELDS[template.name];
    if (fields && fields.length === template.placeholders.length && template.placeholders.every((f) => f === 'custom'))
      await services.templates.update(actor, template.id, { placeholders: fields });
  }
}
