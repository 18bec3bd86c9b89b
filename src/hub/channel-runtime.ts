/**
 * The provider side of one running hub: webhook and click-to-chat routes, the
 * outbound dispatcher, the media fetcher and provider links (Telegram
 * setWebhook or long polling). Built from the core's services; the core
 * never sees a provider format.
 */
import type { FastifyRequest } from 'fastify';
import type { HubRuntime } from './extension.js';
import type { InboundEvent } from './channels/types.js';
import { clickToChatRoutes } from './http/click-to-chat.js';
import { actorOf } from './http/request-auth.js';
import { webhookRoutes } from './http/webhooks.js';
import { AdapterContexts } from './services/adapter-contexts.js';
import { ProviderDispatcher, type RetryPolicy } from './services/dispatcher.js';
import { MediaFetcher, type MediaRetryPolicy } from './services/media-fetcher.js';
import { ProviderLinks } from './services/provider-links.js';

export interface ChannelRuntimeOptions {
  /** HTTP for every provider call (tests may wrap it). */
  readonly fetch?: typeof fetch;
  readonly retryPolicy?: RetryPolicy;
  readonly mediaPolicy?: MediaRetryPolicy;
  readonly pollTimeoutSeconds?: number;
}

export class ChannelRuntime {
  readonly contexts: AdapterContexts;
  readonly dispatcher: ProviderDispatcher;
  readonly media: MediaFetcher;
  readonly links: ProviderLinks;

  constructor(
    private readonly hub: HubRuntime,
    options: ChannelRuntimeOptions = {},
  ) {
    const { services, log, now } = hub;
    this.contexts = new AdapterContexts(options.fetch ?? fetch, now);
    this.dispatcher = new ProviderDispatcher({
      outbound: services.outbound,
      contexts: this.contexts,
      log,
      ...(options.retryPolicy ? { policy: options.retryPolicy } : {}),
    });
    this.media = new MediaFetcher({
      attachments: services.attachments,
      blobs: hub.blobs,
      credentialsOf: (id) => services.channels.credentialsOf(id),
      contexts: this.contexts,
      log,
      now,
      mediaHosts: hub.config.mediaHosts,
      ...(options.mediaPolicy ? { policy: options.mediaPolicy } : {}),
    });
    this.links = new ProviderLinks({
      publicUrl: hub.config.publicUrl,
      listChannels: () => hub.store.channels.list(),
      credentialsOf: (id) => services.channels.credentialsOf(id),
      ingest: (channelId, events) => this.ingest(channelId, events),
      contexts: this.contexts,
      log,
      ...(options.pollTimeoutSeconds === undefined ? {} : { pollTimeoutSeconds: options.pollTimeoutSeconds }),
    });
  }

  /** Stores inbound events and starts media downloads; used by pollers (webhooks kick after answering). */
  ingest(channelId: string, events: readonly InboundEvent[]): number {
    const result = this.hub.services.inbound.ingestInbound(channelId, events);
    if (result.pendingAttachmentIds.length > 0) this.media.kick();
    return result.pendingAttachmentIds.length;
  }

  /** Before listening: routes, and the dispatcher replaces the core's idle one. */
  async register(): Promise<void> {
    const { app, services, store, config } = this.hub;
    await webhookRoutes(app, {
      channelOf: (id) => {
        const kind = store.channels.kindOf(id);
        return kind ? { kind, credentials: services.channels.credentialsOf(id) } : null;
      },
      ingest: (channelId, events) => ({
        pendingAttachments: services.inbound.ingestInbound(channelId, events).pendingAttachmentIds.length,
      }),
      onMediaPending: () => this.media.kick(),
      publicUrl: config.publicUrl,
      now: this.hub.now,
    });
    await clickToChatRoutes(app, {
      channelFor: (req: FastifyRequest, id: string) => services.channels.get(actorOf(services, req), id),
      credentialsOf: (id) => services.channels.credentialsOf(id),
      contextFor: (id) => this.contexts.contextFor(id),
    });
    // Channel changes go through the admin API: connect a new Telegram channel right away.
    app.addHook('onResponse', async (req, reply) => {
      if (req.method !== 'GET' && req.url.startsWith('/api/channels') && reply.statusCode < 300) this.links.reconcile();
    });
    services.setDispatcher(this.dispatcher);
  }

  /** After listening: resume queued sends and pending downloads, connect providers. */
  start(): void {
    const resumed = this.dispatcher.resumeQueued();
    if (resumed > 0) this.hub.log.info({ resumed }, 'resuming queued outbound messages');
    this.media.start();
    this.links.start();
  }

  async stop(): Promise<void> {
    await this.links.stop();
    await this.media.stop();
    await this.dispatcher.stop();
  }
}
