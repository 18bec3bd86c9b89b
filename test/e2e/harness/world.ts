/**
 * Everything outside the agent client for the e2e run: a real hub on
 * loopback with the provider integration, the fake provider behind a WhatsApp
 * channel, customers who write through signed webhooks (the production
 * path), the built renderer and the server and browser that show it.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { CHANNEL_KINDS, type Channel, type ChannelSettings } from '../../../src/shared/domain.js';
import type { HubConfig } from '../../../src/hub/config.js';
import { createProviderExtension } from '../../../src/hub/providers/provider-integration.js';
import type { ClientService } from '../../../src/main/core/client-service.js';
import { startHub, type TestAgent, type TestHub } from '../../helpers/hub.js';
import { startFakeProvider, type FakeProvider } from '../../../src/fake-provider/server.js';
import { metaSignature } from '../../integration/channels/harness.js';
import { whatsappEnvelope, whatsappStatus } from '../../integration/channels/provider-bodies.js';
import { startAppServer, type AppServer } from './app-server.js';
import { launchBrowser, openAgentApp, type AgentApp } from './browser-app.js';
import { buildRenderer, type RendererBuild } from './renderer-build.js';

export interface WhatsAppChannel {
  readonly channel: Channel;
  readonly appSecret: string;
  readonly phoneNumberId: string;
  /** The hub the channel is on, when it is not the world's first (see World.startHub). */
  readonly hub?: TestHub;
}

export interface CustomerMedia {
  readonly type: 'image' | 'video' | 'audio' | 'document';
  readonly bytes: Buffer;
  readonly mimeType: string;
  readonly fileName?: string;
  readonly caption?: string;
}

export interface WorldOptions {
  /**
   * Channels an admin adds in the app, with only the fields the provider's console shows (no
   * `apiBaseUrl`), go to the fake providers (the hub's `providerApiUrls`).
   */
  readonly providersAtFake?: boolean;
  /** The hub's public URL (SWITCHBOARD_PUBLIC_URL), which the setup screens build webhook URLs from. */
  readonly publicUrl?: string;
}

export interface World {
  readonly hub: TestHub;
  readonly fake: FakeProvider;
  readonly browser: Browser;
  readonly server: AppServer;
  createWhatsAppChannel(options: {
    name: string;
    linkAgentIds: string[];
    credits?: number;
    /** Channel settings other than the defaults (e.g. `autoAssign: false`: conversations wait for agents to take them). */
    settings?: Partial<ChannelSettings>;
  }): Promise<WhatsAppChannel>;
  createAgent(name: string): Promise<TestAgent>;
  openApp(
    locale?: string,
    viewport?: { width: number; height: number },
    options?: { colorScheme?: 'light' | 'dark' },
  ): Promise<AgentApp>;
  /** Another hub configured like the first, on the same fake providers (stopped with the world). */
  startHub(): Promise<TestHub>;
  /** A customer writes; returns the provider message id. */
  customerWrites(
    wa: WhatsAppChannel,
    from: string,
    text: string,
    options?: { name?: string; at?: number },
  ): Promise<string>;
  customerSends(wa: WhatsAppChannel, from: string, media: CustomerMedia, name?: string): Promise<string>;
  /** The provider reports a delivery state for an outbound message. */
  providerReports(wa: WhatsAppChannel, providerMessageId: string, status: 'sent' | 'delivered' | 'read'): Promise<void>;
  stop(): Promise<void>;
}

/** Fast provider retries so a send that waited for the hub goes out promptly. */
const RETRIES = { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 4 };

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const renderer: RendererBuild = await buildRenderer();
  const fake = await startFakeProvider();
  const config: Partial<HubConfig> = {
    ...(options.publicUrl === undefined ? {} : { publicUrl: options.publicUrl }),
    ...(options.providersAtFake
      ? { providerApiUrls: Object.fromEntries(CHANNEL_KINDS.map((kind) => [kind, fake.baseUrlFor(kind)])) }
      : {}),
  };
  const bootHub = (): Promise<TestHub> =>
    startHub({
      config,
      extensions: [
        createProviderExtension({
          retryPolicy: RETRIES,
          mediaPolicy: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 3, sweepIntervalMs: 60_000 },
        }),
      ],
    });
  const hub = await bootHub();
  const moreHubs: TestHub[] = [];
  let current: ClientService | null = null;
  const server = await startAppServer(renderer.dir, () =>
    current ? (id) => current?.attachmentFile(id) ?? Promise.resolve(null) : null,
  );
  const browser = await launchBrowser();

  async function postWebhook(wa: WhatsAppChannel, body: string): Promise<void> {
    const res = await (wa.hub ?? hub).api('POST', `/webhooks/${wa.channel.id}`, {
      body,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(wa.appSecret, body) },
    });
    if (res.status !== 200) throw new Error(`webhook refused: ${res.status} ${JSON.stringify(res.body)}`);
  }

  return {
    hub,
    fake,
    browser,
    server,
    async createWhatsAppChannel({ name, linkAgentIds, credits, settings }) {
      const appSecret = `secret-${randomBytes(8).toString('hex')}`;
      const phoneNumberId = String(100_000_000_000_000 + randomInt(2 ** 47));
      const credentials = {
        accessToken: `token-${randomBytes(8).toString('hex')}`,
        appSecret,
        verifyToken: 'verify-me',
        phoneNumberId,
        apiBaseUrl: fake.baseUrlFor('whatsapp'),
      };
      const channel = await hub.createChannel({
        kind: 'whatsapp',
        name,
        credentials,
        linkAgentIds,
        credits,
        ...(settings ? { settings } : {}),
      });
      return { channel, appSecret, phoneNumberId };
    },
    createAgent: (name) => hub.createAgent({ name }),
    openApp: (locale, viewport, options = {}) =>
      openAgentApp({ browser, server, locale, viewport, ...options, attach: (service) => void (current = service) }),
    async startHub() {
      const another = await bootHub();
      moreHubs.push(another);
      return another;
    },
    async customerWrites(wa, from, text, options = {}) {
      const id = `wamid.${randomBytes(8).toString('hex')}`;
      const timestamp = String(Math.floor((options.at ?? Date.now()) / 1000));
      const message = { from, id, timestamp, type: 'text', text: { body: text } };
      const contacts = [{ profile: { name: options.name ?? 'Customer' }, wa_id: from }];
      await postWebhook(wa, whatsappEnvelope({ contacts, messages: [message] }, wa.phoneNumberId));
      return id;
    },
    async customerSends(wa, from, media, name = 'Customer') {
      const id = `wamid.${randomBytes(8).toString('hex')}`;
      const mediaId = `media-${randomBytes(6).toString('hex')}`;
      fake.state.addMedia('whatsapp', mediaId, {
        bytes: media.bytes,
        mimeType: media.mimeType,
        ...(media.fileName ? { fileName: media.fileName } : {}),
      });
      const content = {
        id: mediaId,
        mime_type: media.mimeType,
        ...(media.caption ? { caption: media.caption } : {}),
        ...(media.fileName ? { filename: media.fileName } : {}),
      };
      const message = {
        from,
        id,
        timestamp: String(Math.floor(Date.now() / 1000)),
        type: media.type,
        [media.type]: content,
      };
      await postWebhook(
        wa,
        whatsappEnvelope({ contacts: [{ profile: { name }, wa_id: from }], messages: [message] }, wa.phoneNumberId),
      );
      return id;
    },
    async providerReports(wa, providerMessageId, status) {
      await postWebhook(wa, whatsappStatus(providerMessageId, status, Date.now(), undefined, wa.phoneNumberId));
    },
    async stop() {
      await browser.close();
      await server.close();
      for (const another of moreHubs) await another.stop();
      await hub.stop();
      await fake.close();
      renderer.remove();
    },
  };
}
