/**
 * The channel queues the inbox's queue summary shows (issue 14 §2): read from
 * the cache (listQueues; offline too, the hub's last figure) at sign-in and
 * again when a batch names a queue (`changes.queueChannelIds`) or `all`.
 */
import type { ChannelQueue } from '../../../shared/domain.js';
import type { SliceCreator } from './app-store.js';
import { coalesced } from './coalesce.js';

export interface QueueSlice {
  queues: ChannelQueue[];
  /** listQueues answered at least once (until then the summary shows nothing). */
  queuesLoaded: boolean;
  /** Reads the queues again (coalesced: a burst of queue changes costs one more read). */
  loadQueues(): Promise<void>;
}

export const createQueueSlice: SliceCreator<QueueSlice> = ({ set, api }) => {
  const read = coalesced(async () => {
    try {
      set({ queues: await api.listQueues(), queuesLoaded: true });
    } catch {
      // The summary keeps the figure it has; the next change reads again.
    }
  });
  return { queues: [], queuesLoaded: false, loadQueues: read };
};
