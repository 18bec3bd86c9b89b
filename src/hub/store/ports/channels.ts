import {
  ChannelSettings,
  ChannelVerification,
  type Channel,
  type ChannelKind,
  type Credits,
} from '../../../shared/domain';

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
  insert(channel: NewChannel): void;
  /** Channels in the trash (and deleted ones) are only found with includeDeleted. */
  findById(id: string, includeDeleted?: boolean): Channel | null;
  identityOf(id: string): string | null;
  /** The kind of a live channel (not deleted, not in the trash), without building the whole Channel (webhooks). */
  kindOf(id: string): ChannelKind | null;
  /** Whether the channel is in the trash (not deleted for good). */
  isTrashed(id: string): boolean;
  /** The live or trashed channel holding a provider identity: a trashed one keeps it for its restore. */
  findByIdentity(kind: ChannelKind, identity: string): Channel | null;
  /** Live channels. */
  list(): Channel[];
  /** Channels in the trash, most recently trashed first. */
  listTrashed(): Channel[];
  /** Live and trashed channels: what clients keep in their caches (a trashed one hidden). */
  listWithTrashed(): Channel[];
  /** Moves a live channel to the trash (true) — links, conversations and credentials stay. */
  trash(id: string, at: number): boolean;
  /** Brings a trashed channel back (true). */
  restore(id: string, at: number): boolean;
  setVerification(id: string, verification: ChannelVerification, at: number): void;
  update(id: string, fields: { name: string; settings: ChannelSettings }, at: number): void;
  setCredentials(id: string, sealed: Buffer, at: number): void;
  sealedCredentials(id: string): Buffer | null;
  setCredits(id: string, credits: Credits): void;
  link(channelId: string, agentId: string, at: number): boolean;
  unlink(channelId: string, agentId: string): boolean;
  linkedAgentIds(channelId: string): string[];
  /** Live channels the agent is linked to. */
  channelIdsOfAgent(agentId: string): string[];
  /** Live and trashed channels the agent is linked to: whose events and rows its client keeps. */
  syncedChannelIdsOfAgent(agentId: string): string[];
}
