/**
 * The canned replies the composer's `/` list offers for the open
 * conversation's channel, read from the cache (so offline too) each time the
 * list opens: a reply synced a moment ago is offered at once.
 */
import type { CannedReply } from '../../../shared/domain.js';
import type { SliceCreator } from './app-store.js';
import { errorCodeOf } from './error-code.js';

export interface CannedRepliesSlice {
  cannedReplies: CannedReply[];
  /** The channel `cannedReplies` belong to. */
  cannedRepliesChannelId: string | null;
  loadCannedReplies(channelId: string): Promise<void>;
}

export const createCannedRepliesSlice: SliceCreator<CannedRepliesSlice> = ({ set, get, api }) => ({
  cannedReplies: [],
  cannedRepliesChannelId: null,
  async loadCannedReplies(channelId) {
    try {
      const replies = await api.listCannedReplies(channelId);
      set({ cannedReplies: replies, cannedRepliesChannelId: channelId });
    } catch (error) {
      // Nothing rather than another channel's replies; the toast says why.
      if (get().cannedRepliesChannelId !== channelId) set({ cannedReplies: [], cannedRepliesChannelId: channelId });
      get().pushToast({ kind: 'error', code: errorCodeOf(error) });
    }
  },
});
