import { HubEventBody, type HubEvent } from '../../../shared/protocol.js';
import type { ChannelScope } from './scope.js';

export interface EventVisibility {
  readonly channelId: string | null;
  readonly agentId: string | null;
}

/** Who reads: the agent (for private events) and the channels it may see (null = all). */
export interface EventViewer {
  readonly agentId: string;
  readonly scope: ChannelScope;
}

/** One event to append: its body, who may see it, and when it happened. */
export interface EventEntry {
  readonly body: HubEventBody;
  readonly visibility: EventVisibility;
  readonly at: number;
}

export interface EventRepository {
  /**
   * Appends events in order and gives them back with their seqs. Called once per transaction, just before
   * it commits (services/writer.ts), so an implementation that must serialize writers (Postgres: a counter
   * row locked until commit, docs/scaling.md) holds that lock only for the commit.
   */
  appendMany(entries: readonly EventEntry[]): Promise<HubEvent[]>;
  /** Visible events with seq > after, oldest first. */
  listAfter(after: number, limit: number, viewer: EventViewer): Promise<HubEvent[]>;
  latestSeq(): Promise<number>;
  floorSeq(): Promise<number>;
  /** Deletes events with seq <= upTo (never the newest one) and raises the floor; returns rows removed. */
  compact(upTo: number): Promise<number>;
  /** The newest seq at or before `at`, for age-based retention. */
  lastSeqAtOrBefore(at: number): Promise<number>;
  /**
   * The log's identity: sequence numbers mean something only within one. A new one is made for a new
   * database and when a restored backup starts (see LOG_ROTATE_KEY), so a client that synced against
   * the log before the restore rebuilds instead of taking re-issued seqs for ones it already applied.
   */
  logId(): Promise<string>;
}
