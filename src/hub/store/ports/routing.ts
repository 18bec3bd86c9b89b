import type { ChannelQueue, Presence } from '../../../shared/domain.js';

export interface RoutingState {
  readonly conversationId: string;
  readonly channelId: string;
  readonly queuedAt: number | null;
  readonly assignedAt: number | null;
  /** The customer's first message no agent answered yet (hub clock); null when answered. */
  readonly awaitingSince: number | null;
  readonly passCount: number;
  readonly passedAgentIds: readonly string[];
}

export interface StoredPresence {
  readonly agentId: string;
  readonly presence: Presence;
  readonly since: number;
  /** Since when the agent has not been online (away then offline counts on); null while online. */
  readonly unavailableSince: number | null;
}

/** An assigned open conversation whose customer waits for an answer. */
export interface AwaitingConversation {
  readonly conversationId: string;
  readonly channelId: string;
  readonly assigneeId: string;
  readonly awaitingSince: number;
  readonly assignedAt: number | null;
}

export interface RoutingRepository {
  stateOf(conversationId: string): Promise<RoutingState | null>;
  save(state: RoutingState): Promise<void>;
  /** The channel's queue, oldest first. */
  queued(channelId: string): Promise<{ conversationId: string; queuedAt: number }[]>;
  /** Channels with at least one queued conversation. */
  queuedChannelIds(): Promise<string[]>;
  /** The queue figures of these channels (every channel when null). */
  queues(channelIds: readonly string[] | null): Promise<ChannelQueue[]>;
  /** Marks the channel's queue changed at `at`; returns its figures. */
  touchQueue(channelId: string, at: number): Promise<ChannelQueue>;
  /** Assigned open conversations whose customer waits (all channels, or one agent's). */
  awaiting(agentId: string | null): Promise<AwaitingConversation[]>;
  /** When an agent last answered the customer in the conversation (hub clock): not a note, not failed. */
  lastAgentReplyAt(conversationId: string): Promise<number | null>;
  /** Each agent's latest assignment time (round robin: the one assigned longest ago goes first). */
  lastAssignedAt(agentIds: readonly string[]): Promise<Map<string, number>>;
  /** The latest assignment time of any conversation (0 when none). */
  maxAssignedAt(): Promise<number>;
  /** Open conversations per agent on one channel. */
  openOnChannel(agentIds: readonly string[], channelId: string): Promise<Map<string, number>>;
  presenceOf(agentId: string): Promise<StoredPresence | null>;
  allPresence(): Promise<StoredPresence[]>;
  setPresence(presence: StoredPresence): Promise<void>;
}
