import { HubEventBody, type HubEvent } from '../../../shared/protocol';
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

export interface EventRepository {
  append(body: HubEventBody, visibility: EventVisibility, at: number): HubEvent;
  /** Visible events with seq > after, oldest first. */
  listAfter(after: number, limit: number, viewer: EventViewer): HubEvent[];
  latestSeq(): number;
  floorSeq(): number;
  /** Deletes events with seq <= upTo (never the newest one) and raises the floor; returns rows removed. */
  compact(upTo: number): number;
  /** The newest seq at or before `at`, for age-based retention. */
  lastSeqAtOrBefore(at: number): number;
  /**
   * The log's identity: sequence numbers mean something only within one. A new one is made for a new
   * database and when a restored backup starts (see LOG_ROTATE_KEY), so a client that synced against
   * the log before the restore rebuilds instead of taking re-issued seqs for ones it already applied.
   */
  logId(): string;
}
