/**
 * Templates for tests, on the paths the hub takes: a WhatsApp channel wired
 * to the fake Meta (its WABA subscribed to the channel's webhook, its number
 * linked to the WABA), and, for hub tests without a provider, an approved
 * template stored the way a sync from Meta stores one.
 */
import { randomInt } from 'node:crypto';
import type { Hub } from '../../src/hub/server.js';
import type { Channel, MergeField, Template, TemplateCategory } from '../../src/shared/domain.js';
import type { FakeProvider } from '../../src/fake-provider/server.js';
import { whatsappTemplatesOf, type FakeWhatsappTemplates } from '../../src/fake-provider/whatsapp-templates.js';
import { testCredentials, type CreateChannelOptions, type TestHub } from './hub.js';

const digits = (n: number): string => Array.from({ length: n }, () => randomInt(10)).join('');

export interface MetaChannel {
  readonly channel: Channel;
  readonly wabaId: string;
  readonly appSecret: string;
  readonly phoneNumberId: string;
  readonly meta: FakeWhatsappTemplates;
}

/** A WhatsApp channel on the fake Meta with its WABA id; Meta posts the WABA's changes to its webhook. */
export async function metaChannel(
  t: TestHub,
  fake: FakeProvider,
  options: Omit<CreateChannelOptions, 'kind' | 'credentials'> & {
    readonly appId?: string;
    readonly wabaId?: string;
  } = {},
): Promise<MetaChannel> {
  const wabaId = options.wabaId ?? digits(15);
  const base = testCredentials('whatsapp');
  const credentials = {
    ...base,
    wabaId,
    ...(options.appId ? { appId: options.appId } : {}),
    apiBaseUrl: fake.baseUrlFor('whatsapp'),
  };
  const meta = whatsappTemplatesOf(fake.state);
  const phoneNumberId = String(base.phoneNumberId);
  const appSecret = String(base.appSecret);
  meta.linkNumber(phoneNumberId, wabaId);
  const { appId: _appId, wabaId: _wabaId, ...channelOptions } = options;
  const channel = await t.createChannel({ ...channelOptions, kind: 'whatsapp', credentials });
  meta.subscribe(wabaId, { callbackUrl: `${t.url}/webhooks/${channel.id}`, appSecret });
  return { channel, wabaId, appSecret, phoneNumberId, meta };
}

export interface ApprovedTemplate {
  readonly name: string;
  readonly body: string;
  readonly placeholders?: readonly MergeField[];
  readonly category?: TemplateCategory;
  readonly language?: string;
}

let nextId = 1_300_000_000_000_000;

/**
 * An approved WhatsApp template, stored as a sync from Meta stores it (for hub tests without the provider
 * side), its placeholders mapped to merge fields as an admin would.
 */
export async function approvedWhatsappTemplate(hub: Hub, channelId: string, t: ApprovedTemplate): Promise<Template> {
  const placeholders = t.placeholders ?? [];
  nextId += 1;
  await hub.services.templateSync.applyListing(
    channelId,
    {
      templates: [
        {
          providerTemplateId: String(nextId),
          name: t.name,
          language: t.language ?? 'ja',
          category: t.category ?? 'utility',
          status: 'approved',
          rejectionReason: null,
          body: t.body,
          placeholderCount: placeholders.length,
          examples: [],
          header: null,
          footer: null,
          buttons: [],
        },
      ],
      unsupported: [],
    },
    null,
  );
  const stored = await hub.store.templates.findByProviderId(channelId, String(nextId));
  if (!stored) throw new Error('the template was not stored');
  if (placeholders.length === 0) return stored;
  const admin = (await hub.store.agents.list()).find((a) => a.role === 'admin');
  if (!admin) throw new Error('no admin');
  return hub.services.templates.update({ agent: admin, tokenHash: null }, stored.id, {
    placeholders: [...placeholders],
  });
}
