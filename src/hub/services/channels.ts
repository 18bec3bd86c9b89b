/**
 * Channels: creation validates credentials with the kind's adapter, asks the
 * provider whom they belong to (saved unverified only when the admin says so)
 * and fixes the provider identity for life (FAQ 33, 36); credentials are
 * sealed and never returned. Link changes move agents in or out of the
 * channel's events. The trash is channel-trash.ts.
 */
import { createHash } from 'node:crypto';
import {
  ChannelSettings,
  NEVER_VERIFIED,
  type Channel,
  type ChannelKind,
  type ChannelVerification,
} from '../../shared/domain.js';
import { CHANNEL_RULES } from '../../shared/channel-rules.js';
import { AppError, parseOrThrow } from '../../shared/errors.js';
import {
  CreateChannelRequest,
  LinkAgentRequest,
  ReplaceCredentialsRequest,
  UpdateChannelRequest,
  VerifyChannelRequest,
  type VerifyChannelResponse,
} from '../../shared/protocol.js';
import { uuidv7 } from '../../shared/uuidv7.js';
import type { ChannelAdapter } from '../channels/types.js';
import { CREDIT_COSTS } from '../credit-costs.js';
import { isAdmin, readableChannelIds, requireAdmin, requireChannelAccess, type Actor } from './actor.js';
import { ChannelVerifier } from './channel-verification.js';
import type { HubContext } from './context.js';
import type { CredentialVault } from './vault.js';
import { onChannel, type WriteScope } from './writer.js';

/** Finds the adapter of a kind; undefined while a kind has none (credentials then pass unchecked). */
export type AdapterLookup = (kind: ChannelKind) => ChannelAdapter<unknown> | undefined;

interface CheckedCredentials {
  readonly value: unknown;
  readonly identity: string;
}

/** Freezes a value and everything in it (opened credentials are shared by every use). */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

export class ChannelService {
  private readonly verifier: ChannelVerifier;
  /** Opened credentials by channel, with the sealed value they came from (openCredentials). */
  private readonly opened = new Map<string, { readonly sealed: Buffer; readonly value: unknown }>();

  constructor(
    private readonly ctx: HubContext,
    private readonly vault: CredentialVault,
    private readonly adapters: AdapterLookup,
  ) {
    this.verifier = new ChannelVerifier(() => this.ctx.now());
  }

  /** Emits the channel as it is now (in the trash too: its clients learn that it went there). */
  async emitChannel(scope: WriteScope, channelId: string): Promise<Channel> {
    const channel = await this.ctx.store.channels.findById(channelId, true);
    if (!channel) throw new AppError('NOT_FOUND', 'No such channel.');
    scope.emit({ type: 'channel.upsert', channel }, onChannel(channel.id));
    return channel;
  }

  async list(actor: Actor): Promise<Channel[]> {
    const all = await this.ctx.store.channels.list();
    if (isAdmin(actor)) return all;
    const visible = new Set(await readableChannelIds(this.ctx.store, actor));
    return all.filter((c) => visible.has(c.id));
  }

  /** A live channel; one in the trash is CHANNEL_IN_TRASH to whoever could see it. */
  async get(actor: Actor, id: string): Promise<Channel> {
    const channel = await this.ctx.store.channels.findById(id);
    if (!channel) {
      if (await this.ctx.store.channels.isTrashed(id)) await requireChannelAccess(this.ctx.store, actor, id);
      throw new AppError('NOT_FOUND', 'No such channel.');
    }
    await requireChannelAccess(this.ctx.store, actor, id);
    return channel;
  }

  /** The credentials as given, aimed at the hub's configured API address when they name none. */
  private withApiUrl(kind: ChannelKind, raw: Record<string, unknown>): Record<string, unknown> {
    const apiBaseUrl = this.ctx.config.providerApiUrls[kind];
    return apiBaseUrl === undefined || raw.apiBaseUrl !== undefined ? raw : { ...raw, apiBaseUrl };
  }

  private validateCredentials(kind: ChannelKind, given: Record<string, unknown>): CheckedCredentials {
    const raw = this.withApiUrl(kind, given);
    const adapter = this.adapters(kind);
    if (!adapter) {
      const identity = createHash('sha256').update(JSON.stringify(raw)).digest('hex');
      return { value: raw, identity };
    }
    const value = parseOrThrow(adapter.credentialsSchema, raw);
    return { value, identity: adapter.identityOf(value) };
  }

  /** One provider account, one channel: a trashed channel keeps its account until it is restored. */
  private async refuseTakenIdentity(kind: ChannelKind, identity: string): Promise<void> {
    const holder = await this.ctx.store.channels.findByIdentity(kind, identity);
    if (!holder) return;
    throw new AppError(
      'CONFLICT',
      holder.trashedAt === null
        ? 'A channel for this provider account already exists.'
        : `The channel “${holder.name}” for this provider account is in the trash: restore it instead.`,
    );
  }

  /** The provider's word on the credentials (kinds without an adapter, in tests, are never verified). */
  private async verification(
    kind: ChannelKind,
    credentials: unknown,
    saveUnverified: boolean,
  ): Promise<ChannelVerification> {
    const adapter = this.adapters(kind);
    if (!adapter) return NEVER_VERIFIED;
    return this.verifier.verificationFor(adapter, credentials, saveUnverified);
  }

  /**
   * Checks the request and the identity first (cheap), then asks the provider, then saves — checking
   * the identity again inside the write, since another admin may have saved the account meanwhile.
   */
  async create(actor: Actor, raw: unknown): Promise<Channel> {
    requireAdmin(actor);
    const req = parseOrThrow(CreateChannelRequest, raw);
    const credentials = this.validateCredentials(req.kind, req.credentials);
    const settings = ChannelSettings.parse(req.settings);
    await this.refuseTakenIdentity(req.kind, credentials.identity);
    const verification = await this.verification(req.kind, credentials.value, req.saveUnverified);
    return await this.ctx.writer.write(async (scope) => {
      await this.refuseTakenIdentity(req.kind, credentials.identity);
      const now = this.ctx.now();
      const id = uuidv7();
      await this.ctx.store.channels.insert({
        id,
        kind: req.kind,
        name: req.name,
        identity: credentials.identity,
        settings,
        sealedCredentials: this.vault.seal(credentials.value),
        credits: CHANNEL_RULES[req.kind].chargesCredits
          ? { balance: 0, cancellationScheduled: false, costs: CREDIT_COSTS, lowBalanceThreshold: null, updatedAt: now }
          : null,
        verification,
        createdAt: now,
      });
      return await this.emitChannel(scope, id);
    });
  }

  async update(actor: Actor, id: string, raw: unknown): Promise<Channel> {
    requireAdmin(actor);
    const req = parseOrThrow(UpdateChannelRequest, raw);
    return await this.ctx.writer.write(async (scope) => {
      const current = await this.get(actor, id);
      const { publicHandle, ...rest } = ChannelSettings.parse({ ...current.settings, ...req.settings });
      // An empty public handle clears it (settings are merged, so leaving it out would keep the old one).
      const settings = publicHandle === undefined || publicHandle.trim() === '' ? rest : { ...rest, publicHandle };
      await this.ctx.store.channels.update(id, { name: req.name ?? current.name, settings }, this.ctx.now());
      return await this.emitChannel(scope, id);
    });
  }

  /**
   * Asks the provider whom credentials belong to, before any channel is saved. Nothing is stored: the
   * context is a throwaway one, so not even a WeChat token outlives the call.
   */
  async verifyCredentials(actor: Actor, raw: unknown): Promise<VerifyChannelResponse> {
    requireAdmin(actor);
    const req = parseOrThrow(VerifyChannelRequest, raw);
    const adapter = this.adapters(req.kind);
    if (!adapter) throw new AppError('VALIDATION_FAILED', `This hub cannot verify ${req.kind} credentials.`);
    const credentials = parseOrThrow(adapter.credentialsSchema, this.withApiUrl(req.kind, req.credentials));
    const outcome = await this.verifier.ask(adapter, credentials);
    if (outcome.ok)
      return { ok: true, identity: { label: outcome.identity.label, details: { ...outcome.identity.details } } };
    return { ok: false, error: { code: outcome.code, message: outcome.reason } };
  }

  /**
   * Replaces credentials (a rotated token): the provider identity must stay the same (checked before the
   * provider is asked), and the new ones are verified like a new channel's.
   */
  async replaceCredentials(actor: Actor, id: string, raw: unknown): Promise<Channel> {
    requireAdmin(actor);
    const body = parseOrThrow(ReplaceCredentialsRequest, raw);
    const channel = await this.get(actor, id);
    const credentials = await this.sameIdentity(id, this.validateCredentials(channel.kind, body.credentials));
    const verification = await this.verification(channel.kind, credentials.value, body.saveUnverified);
    return await this.ctx.writer.write(async (scope) => {
      await this.sameIdentity((await this.get(actor, id)).id, credentials);
      const now = this.ctx.now();
      await this.ctx.store.channels.setCredentials(id, this.vault.seal(credentials.value), now);
      await this.ctx.store.channels.setVerification(id, verification, now);
      return await this.emitChannel(scope, id);
    });
  }

  private async sameIdentity(channelId: string, credentials: CheckedCredentials): Promise<CheckedCredentials> {
    if (credentials.identity !== (await this.ctx.store.channels.identityOf(channelId))) {
      throw new AppError('CHANNEL_IDENTITY_IMMUTABLE');
    }
    return credentials;
  }

  async link(actor: Actor, channelId: string, raw: unknown): Promise<Channel> {
    requireAdmin(actor);
    const { agentId } = parseOrThrow(LinkAgentRequest, raw);
    return await this.ctx.writer.write(async (scope) => {
      await this.get(actor, channelId);
      const agent = await this.ctx.store.agents.findById(agentId);
      if (!agent) throw new AppError('NOT_FOUND', 'No such agent.');
      if (!agent.active) throw new AppError('AGENT_INACTIVE');
      if (await this.ctx.store.channels.link(channelId, agentId, this.ctx.now())) {
        scope.signal({ type: 'links-changed', agentIds: [agentId] });
      }
      return await this.emitChannel(scope, channelId);
    });
  }

  async unlink(actor: Actor, channelId: string, agentId: string): Promise<Channel> {
    requireAdmin(actor);
    return await this.ctx.writer.write(async (scope) => {
      await this.get(actor, channelId);
      if (await this.ctx.store.channels.unlink(channelId, agentId)) {
        scope.signal({ type: 'links-changed', agentIds: [agentId] }, { afterEvents: true });
        await this.unassignAll(scope, channelId, agentId);
      }
      return await this.emitChannel(scope, channelId);
    });
  }

  /** An agent no longer linked cannot keep conversations it may not see (FAQ 39): they go back to unassigned. */
  private async unassignAll(scope: WriteScope, channelId: string, agentId: string): Promise<void> {
    const now = this.ctx.now();
    for (const record of await this.ctx.store.conversations.listAssignedTo(channelId, agentId)) {
      const conversation = { ...record.conversation, assigneeId: null, updatedAt: now };
      await this.ctx.store.conversations.update({ ...record, conversation });
      scope.emit({ type: 'conversation.upsert', conversation }, onChannel(channelId));
    }
  }

  /** Decrypted credentials for adapters (dispatcher, webhooks); never for an API response. */
  /**
   * The channel's decrypted credentials, or null when the key does not open them (a restored database
   * with another key): every caller parses them with its adapter's schema, so null takes the
   * "misconfigured channel" path — a logged refusal — instead of a crypto error in a timer.
   */
  /** Seals a provider secret kept beside the credentials (a WeChat access token every node shares). */
  sealSecret(value: string): string {
    return this.vault.seal(value).toString('base64');
  }

  /** Opens what sealSecret sealed; null when it does not open (another key) or is not a secret. */
  openSecret(sealed: string): string | null {
    try {
      const value = this.vault.open(Buffer.from(sealed, 'base64'));
      return typeof value === 'string' ? value : null;
    } catch {
      return null;
    }
  }

  async credentialsOf(channelId: string): Promise<unknown> {
    const sealed = await this.ctx.store.channels.sealedCredentials(channelId);
    if (!sealed) throw new AppError('NOT_FOUND', 'No such channel.');
    return this.openCredentials(channelId, sealed);
  }

  /** A live channel's kind and credentials, read at once (a webhook); null for no such live channel. */
  async liveCredentialsOf(channelId: string): Promise<{ kind: ChannelKind; credentials: unknown } | null> {
    const row = await this.ctx.store.channels.liveCredentials(channelId);
    return row ? { kind: row.kind, credentials: this.openCredentials(channelId, row.sealed) } : null;
  }

  /**
   * Opens sealed credentials once per sealed value: the row is read on every use, so a change made on any
   * node is seen at once, and only a new value is decrypted and parsed again. Frozen, as every user shares it.
   */
  private openCredentials(channelId: string, sealed: Buffer): unknown {
    const cached = this.opened.get(channelId);
    if (cached && cached.sealed.equals(sealed)) return cached.value;
    let value: unknown;
    try {
      value = deepFreeze(this.vault.open(sealed));
    } catch (error) {
      this.ctx.log.error(
        { channelId, err: error },
        'the secret key does not open this channel’s credentials; enter them again in the channel settings',
      );
      return null;
    }
    this.opened.set(channelId, { sealed: Buffer.from(sealed), value });
    return value;
  }
}
