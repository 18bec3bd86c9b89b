/**
 * The provider side of one running hub: webhook and click-to-chat routes, the
 * outbound dispatcher, the media fetcher and provider links (Telegram
 * setWebhook or long polling). Built from the core's services; the core
 * never sees a provider format.
 */
import type { FastifyRequest } from 'fastify';
import type { HubRuntime } from './extension.js';
import type { InboundEvent } from '../channels/types.js';
import { createMediaTransfer } from '../channels/safe-fetch.js';
import { clickToChatRoutes } from '../http/click-to-chat.js';
import { actorOf } from '../http/request-auth.js';
import { webhookRoutes } from '../http/webhooks.js';
import { AdapterContexts } from './adapter-contexts.js';
import { ChannelHealthChecker, type HealthCheckPolicy } from '../services/channel-health-check.js';
import { AvatarDownloader } from '../services/contact-avatars.js';
import { ContactProfileFetcher, type ProfilePolicy } from '../services/contact-profiles.js';
import type { SendOutcome } from '../services/channel-health.js';
import { NODE_ID } from '../cluster/node-id.js';
import { ProviderDispatcher, type ClaimPolicy, type RetryPolicy } from './dispatcher.js';
import { MediaFetcher, type MediaClaimPolicy, type MediaRetryPolicy } from './media-fetcher.js';
import { ProviderLinks } from './provider-links.js';
import { LeaseKeeper, type LeasePolicy } from '../services/lease-keeper.js';
import { SharedTokens } from './shared-tokens.js';
import { TemplateRefresh } from '../services/template-refresh.js';

export interface ChannelRuntimeOptions {
  /** HTTP for every provider call (tests may wrap it). */
  readonly fetch?: typeof fetch;
  readonly retryPolicy?: RetryPolicy;
  readonly mediaPolicy?: MediaRetryPolicy;
  readonly pollTimeoutSeconds?: number;
  /** How often due template syncs are looked for (tests shorten it; due is judged by the hub clock). */
  readonly templateRefreshTickMs?: number;
  /** When channel health checks run (tests shorten the tick and move the hub clock). */
  readonly healthCheck?: HealthCheckPolicy;
  /** Retries and refresh age of contact profile lookups (tests shorten the retries). */
  readonly profilePolicy?: ProfilePolicy;
  /** Leases on sends and downloads on Postgres (tests shorten them and move the hub clock). */
  readonly claimPolicy?: ClaimPolicy;
  readonly mediaClaimPolicy?: MediaClaimPolicy;
  /** This process's node id (NODE_ID); two hubs in one test process name themselves apart. */
  readonly nodeId?: string;
  /** Leases on work done by one node (Telegram polling, WeChat tokens, periodic checks; tests shorten them). */
  readonly leasePolicy?: LeasePolicy;
}

const ROTATED_CREDENTIALS = /^\/api\/channels\/([^/?]+)\/credentials(?:\?|$)/;

export class ChannelRuntime {
  readonly contexts: AdapterContexts;
  readonly dispatcher: ProviderDispatcher;
  readonly media: MediaFetcher;
  readonly links: ProviderLinks;
  readonly templateRefresh: TemplateRefresh;
  readonly health: ChannelHealthChecker;
  readonly profiles: ContactProfileFetcher;
  /** Work this node does alone while it holds its lease (docs/scaling.md, "Work done by one node"). */
  readonly leases: LeaseKeeper;

  constructor(
    private readonly hub: HubRuntime,
    options: ChannelRuntimeOptions = {},
  ) {
    const { services, log, now } = hub;
    // Several nodes share a Postgres store: work done by one node is leased, each send and download claimed (docs/scaling.md).
    const shared = hub.store.kind === 'postgres';
    const nodeId = options.nodeId ?? NODE_ID;
    this.leases = new LeaseKeeper({
      repository: hub.store.leases,
      nodeId,
      now,
      shared,
      ...(options.leasePolicy ? { policy: options.leasePolicy } : {}),
      onError: (name, err) => log.warn({ err, lease: name }, 'lease not renewed; its work stops on this node'),
    });
    // On several nodes a provider token is one per channel, shared through the database (WeChat).
    const sharedTokens = shared
      ? new SharedTokens({
          leases: this.leases,
          seal: (value) => services.channels.sealSecret(value),
          open: (sealed) => services.channels.openSecret(sealed),
          now,
        }).source()
      : null;
    this.contexts = new AdapterContexts(options.fetch ?? fetch, now, sharedTokens);
    // The periodic provider checks run on one node at a time (docs/scaling.md, "Work done by one node").
    this.templateRefresh = new TemplateRefresh(
      services.templateSync,
      log,
      options.templateRefreshTickMs,
      async () => await this.leases.holdNow('timer:template-refresh'),
    );
    this.dispatcher = new ProviderDispatcher({
      outbound: services.outbound,
      contexts: this.contexts,
      log,
      ...(options.retryPolicy ? { policy: options.retryPolicy } : {}),
      onSendOutcome: async (channelId, outcome) => await this.onSendOutcome(channelId, outcome),
      ...(shared
        ? {
            claims: {
              repository: hub.store.claims,
              nodeId,
              now,
              ...(options.claimPolicy ? { policy: options.claimPolicy } : {}),
            },
          }
        : {}),
    });
    this.media = new MediaFetcher({
      attachments: services.attachments,
      blobs: hub.blobs,
      credentialsOf: async (id) => await services.channels.credentialsOf(id),
      contexts: this.contexts,
      log,
      now,
      mediaHosts: hub.config.mediaHosts,
      ...(options.mediaPolicy ? { policy: options.mediaPolicy } : {}),
      onDownloadFailed: async (channelId, reason) => await services.health.recordDownloadFailure(channelId, reason),
      ...(shared
        ? {
            claims: {
              repository: hub.store.claims,
              nodeId,
              ...(options.mediaClaimPolicy ? { policy: options.mediaClaimPolicy } : {}),
            },
          }
        : {}),
    });
    this.links = new ProviderLinks({
      publicUrl: hub.config.publicUrl,
      listChannels: async () => await hub.store.channels.list(),
      credentialsOf: async (id) => await services.channels.credentialsOf(id),
      ingest: async (channelId, events) => void (await this.ingest(channelId, events)),
      contexts: this.contexts,
      log,
      leases: this.leases,
      ...(options.pollTimeoutSeconds === undefined ? {} : { pollTimeoutSeconds: options.pollTimeoutSeconds }),
    });
    this.profiles = new ContactProfileFetcher({
      contacts: hub.store.contacts,
      kindOf: async (id) => await hub.store.channels.kindOf(id),
      service: services.contacts,
      credentialsOf: async (id) => await services.channels.credentialsOf(id),
      contexts: this.contexts,
      log,
      now,
      ...(options.profilePolicy ? { policy: options.profilePolicy } : {}),
      avatars: new AvatarDownloader({
        blobs: hub.blobs,
        transfer: createMediaTransfer({ operatorOrigins: hub.config.mediaHosts }),
        contacts: hub.store.contacts,
        service: services.contacts,
        log,
      }),
    });
    this.health = new ChannelHealthChecker({
      health: services.health,
      listChannels: async () => await hub.store.channels.list(),
      kindOf: async (id) => await hub.store.channels.kindOf(id),
      credentialsOf: async (id) => await services.channels.credentialsOf(id),
      contexts: this.contexts,
      publicUrl: hub.config.publicUrl,
      now,
      log,
      ...(options.healthCheck ? { policy: options.healthCheck } : {}),
      onThisNode: async () => await this.leases.holdNow('timer:health-check'),
    });
  }

  /** A send refused for the channel's credentials asks the provider about them at once. */
  private async onSendOutcome(channelId: string, outcome: SendOutcome): Promise<void> {
    await this.hub.services.health.recordSend(channelId, outcome);
    if (!outcome.ok && outcome.code === 'PROVIDER_AUTH_FAILED') await this.health.checkSoon(channelId);
  }

  /** Stores inbound events and starts media downloads; used by pollers (webhooks kick after answering). */
  async ingest(channelId: string, events: readonly InboundEvent[]): Promise<number> {
    const result = await this.hub.services.inbound.ingestInbound(channelId, events);
    if (events.length > 0) this.hub.services.health.noteInbound(channelId);
    if (result.pendingAttachmentIds.length > 0) this.media.kick();
    if (result.messageIds.length > 0) await this.profiles.arrivedOn(channelId);
    return result.pendingAttachmentIds.length;
  }

  /** Before listening: routes, and the dispatcher replaces the core's idle one. */
  async register(): Promise<void> {
    const { app, services, store, config } = this.hub;
    await webhookRoutes(app, {
      // One read: the channel's kind and its credentials (opened once per value, services/channels.ts).
      channelOf: async (id) => await services.channels.liveCredentialsOf(id),
      isTrashed: async (id) => await store.channels.isTrashed(id),
      channelWithIdentity: async (kind, identity) => {
        const found = await store.channels.findByIdentity(kind, identity);
        return found && (await store.channels.kindOf(found.id)) ? { channelId: found.id } : null;
      },
      ingest: async (channelId, events) => {
        const result = await services.inbound.ingestInbound(channelId, events);
        const pendingAttachments = result.pendingAttachmentIds.length;
        // In memory only: the time is written every few seconds, so a webhook stays one transaction.
        if (events.length > 0) services.health.noteInbound(channelId);
        // Profiles are asked for on the next turn of the event loop, never inside the webhook's answer.
        if (result.messageIds.length > 0) await this.profiles.arrivedOn(channelId);
        return { pendingAttachments };
      },
      onMediaPending: () => this.media.kick(),
      ingestTemplateStatuses: (channelId, changes) => void services.templateSync.applyStatusChanges(channelId, changes),
      ingestTemplateCategories: (channelId, updates) =>
        void services.templateSync.applyCategoryUpdates(channelId, updates),
      publicUrl: config.publicUrl,
      now: this.hub.now,
    });
    await clickToChatRoutes(app, {
      channelFor: async (req: FastifyRequest, id: string) =>
        await services.channels.get(await actorOf(services, req), id),
      credentialsOf: async (id) => await services.channels.credentialsOf(id),
      contextFor: (id) => this.contexts.contextFor(id),
    });
    // Channel changes go through the admin API: connect a new Telegram channel right away.
    app.addHook('onResponse', async (req, reply) => {
      if (req.method !== 'GET' && req.url.startsWith('/api/channels') && reply.statusCode < 300)
        await this.links.reconcile();
      // A new WhatsApp channel, or new credentials: read its templates from Meta now.
      if (req.method !== 'GET' && req.url.startsWith('/api/channels') && reply.statusCode < 300)
        this.templateRefresh.kick();
      // New credentials (a rotated token): ask the provider about them now, not at the next periodic check.
      const rotated = req.method === 'PUT' ? ROTATED_CREDENTIALS.exec(req.url)?.[1] : undefined;
      if (rotated !== undefined && reply.statusCode < 300) void this.health.check(decodeURIComponent(rotated));
      // …and poll Telegram with the new token, or set its webhook again with the new secret token.
      if (rotated !== undefined && reply.statusCode < 300) await this.links.refresh(decodeURIComponent(rotated));
    });
    services.setDispatcher(this.dispatcher);
    services.health.setChecker((channelId) => this.health.check(channelId));
  }

  /** After listening: resume queued sends and pending downloads, connect providers. */
  async start(): Promise<void> {
    const resumed = await this.dispatcher.resumeQueued();
    if (resumed > 0) this.hub.log.info({ resumed }, 'resuming queued outbound messages');
    this.media.start();
    this.leases.start();
    await this.links.start();
    this.templateRefresh.start();
    await this.health.start();
    // Contacts whose profile was not asked for before a restart.
    this.profiles.kick();
  }

  async stop(): Promise<void> {
    await this.templateRefresh.stop();
    await this.links.stop();
    // Released, so another node takes the bots and periodic work at once (a dead node's wait out their TTL).
    await this.leases.stop();
    await this.media.stop();
    await this.dispatcher.stop();
    await this.health.stop();
    await this.profiles.stop();
    this.hub.services.health.setChecker(null);
    // Inbound and send times still in memory are written before the database closes.
    await this.hub.services.health.flush();
  }
}
