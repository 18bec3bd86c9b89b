import {
  ChannelSettings,
  ChannelVerification,
  type Channel,
  type ChannelKind,
  type Credits,
} from '../../../shared/domain.js';

export interface NewChannel {
  readonly id: string;
  readonly kind: ChannelKind;
  readonly name: string;
  readonly identity: string;
  readonly settings: ChannelSettings;
  readonly sealedCredentials: Buffer;
  readonly credits: Credits | null;
  readonly verification: ChannelVerification;
  readonly createdAt: number;
}

export interface ChannelRepository {
  insert(channel: NewChannel): Promise<void>;
  /** Channels in the trash (and deleted ones) are only found with includeDeleted. */
  findById(id: string, includeDeleted?: boolean): Promise<Channel | null>;
  identityOf(id: string): Promise<string | null>;
  /** The kind of a live channel (not deleted, not in the trash), without building the whole Channel (webhooks). */
  kindOf(id: string): Promise<ChannelKind | null>;
  /** Whether the channel is in the trash (not deleted for good). */
  isTrashed(id: string): Promise<boolean>;
  /** The live or trashed channel holding a provider identity: a trashed one keeps it for its restore. */
  findByIdentity(kind: ChannelKind, identity: string): Promise<Channel | null>;
  /** Live channels. */
  list(): Promise<Channel[]>;
  /** Channels in the trash, most recently trashed first. */
  listTrashed(): Promise<Channel[]>;
  /** Live and trashed channels: what clients keep in their caches (a trashed one hidden). */
  listWithTrashed(): Promise<Channel[]>;
  /** Moves a live channel to the trash (true) — links, conversations and credentials stay. */
  trash(id: string, at: number): Promise<boolean>;
  /** Brings a trashed channel back (true). */
  restore(id: string, at: number): Promise<boolean>;
  setVerification(id: string, verification: ChannelVerification, at: number): Promise<void>;
  update(id: string, fields: { name: string; settings: ChannelSettings }, at: number): Promise<void>;
  setCredentials(id: string, sealed: Buffer, at: number): Promise<void>;
  sealedCredentials(id: string): Promise<Buffer | null>;
  /** A live channel's kind and sealed credentials in one read (a webhook's channel lookup). */
  liveCredentials(id: string): Promise<{ readonly kind: ChannelKind; readonly sealed: Buffer } | null>;
  setCredits(id: string, credits: Credits): Promise<void>;
  link(channelId: string, agentId: string, at: number): Promise<boolean>;
  unlink(channelId: string, agentId: string): Promise<boolean>;
  linkedAgentIds(channelId: string): Promise<string[]>;
  /** Live channels the agent is linked to. */
  channelIdsOfAgent(agentId: string): Promise<string[]>;
  /** Live and trashed channels the agent is linked to: whose events and rows its client keeps. */
  syncedChannelIdsOfAgent(agentId: string): Promise<string[]>;
}
