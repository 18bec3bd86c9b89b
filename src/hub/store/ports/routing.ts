import type { Agent, ChannelQueue, Permissions, Presence } from '../../../shared/domain.js';

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

/** An agent as routing weighs them (store/ports/routing.ts `candidates`). */
export interface RoutingCandidate {
  readonly agentId: string;
  readonly role: Agent['role'];
  readonly active: boolean;
  readonly permissions: Permissions;
  /** Open conversations routing gives the agent at most (all channels); null: the channel's limit. */
  readonly capacity: number | null;
  /** Open conversations the agent holds, on every channel and on this one (a trashed contact's not counted). */
  readonly open: number;
  readonly openOnChannel: number;
  /** The latest assignment stamp the agent got (round robin: the one assigned longest ago goes first). */
  readonly lastAssignedAt: number | null;
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
  /**
   * What a pick on `channelId` weighs of each of these agents (ids of no agent are left out), in routing's
   * order: fewest open conversations first, then the one assigned longest ago, then by id. The loads are kept
   * as conversations change (migration 0024), not counted here.
   */
  candidates(channelId: string, agentIds: readonly string[]): Promise<RoutingCandidate[]>;
  /**
   * The first of `candidates` that `accepts` takes (routing's rule: assignable and under capacity), or
   * null. `accepts` reads nothing from the store; SQLite asks it in order and reads no further than needed,
   * Postgres asks it of every candidate before it locks one.
   *
   * The agent returned is the transaction's until it ends (Postgres: their `agents` row, FOR NO KEY UPDATE):
   * an agent another transaction has just been given a conversation is passed over for the next in order
   * (SKIP LOCKED), so picks on one channel run side by side on every node; only when each acceptable agent is
   * held does the pick wait, and then it reads the agent's load again after the other committed, so an agent's
   * last free place is never given twice. SQLite has one writer and locks nothing.
   */
  firstCandidate(
    channelId: string,
    agentIds: readonly string[],
    accepts: (candidate: RoutingCandidate) => boolean,
  ): Promise<RoutingCandidate | null>;
  /**
   * The agent was given a conversation at `now`: returns its assignment stamp, at least `now` and greater
   * than the agent's stamp before, so round robin's ties go round even within a millisecond.
   */
  noteAssigned(agentId: string, now: number): Promise<number>;
  /** The latest assignment time of any conversation (0 when none). */
  maxAssignedAt(): Promise<number>;
  presenceOf(agentId: string): Promise<StoredPresence | null>;
  allPresence(): Promise<StoredPresence[]>;
  setPresence(presence: StoredPresence): Promise<void>;
}
