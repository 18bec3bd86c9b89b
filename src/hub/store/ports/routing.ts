import type { ChannelQueue, Presence } from '../../../shared/domain';

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
  stateOf(conversationId: string): RoutingState | null;
  save(state: RoutingState): void;
  /** The channel's queue, oldest first. */
  queued(channelId: string): { conversationId: string; queuedAt: number }[];
  /** Channels with at least one queued conversation. */
  queuedChannelIds(): string[];
  /** The queue figures of these channels (every channel when null). */
  queues(channelIds: readonly string[] | null): ChannelQueue[];
  /** Marks the channel's queue changed at `at`; returns its figures. */
  touchQueue(channelId: string, at: number): ChannelQueue;
  /** Assigned open conversations whose customer waits (all channels, or one agent's). */
  awaiting(agentId: string | null): AwaitingConversation[];
  /** When an agent last answered the customer in the conversation (hub clock): not a note, not failed. */
  lastAgentReplyAt(conversationId: string): number | null;
  /** Each agent's latest assignment time (round robin: the one assigned longest ago goes first). */
  lastAssignedAt(agentIds: readonly string[]): Map<string, number>;
  /** The latest assignment time of any conversation (0 when none). */
  maxAssignedAt(): number;
  /** Open conversations per agent on one channel. */
  openOnChannel(agentIds: readonly string[], channelId: string): Map<string, number>;
  presenceOf(agentId: string): StoredPresence | null;
  allPresence(): StoredPresence[];
  setPresence(presence: StoredPresence): void;
}
