/**
 * The open conversation's activity lines (who assigned, resolved, snoozed,
 * labelled it), read from the cache — so offline too — whenever the thread
 * shows a conversation or its row changed (every change that makes a line
 * changes the row in the same write).
 */
import type { ActivityView } from '../../../shared/activity.js';
import type { SliceCreator } from './app-store.js';
import { coalesced } from './coalesce.js';

export interface ActivitySlice {
  activity: ActivityView[];
  /** The conversation `activity` belongs to. */
  activityConversationId: string | null;
  /** Reads the conversation's lines again (coalesced: a burst of row changes costs one more read). */
  loadActivity(conversationId: string): Promise<void>;
}

export const createActivitySlice: SliceCreator<ActivitySlice> = ({ set, get, api }) => {
  let wanted: string | null = null;
  const read = coalesced(async () => {
    const id = wanted;
    if (id === null) return;
    try {
      const activity = await api.listActivity(id);
      if (wanted === id) set({ activity, activityConversationId: id });
    } catch {
      // The thread still shows its messages; lines come with the next change.
      if (get().activityConversationId !== id) set({ activity: [], activityConversationId: id });
    }
  });
  return {
    activity: [],
    activityConversationId: null,
    loadActivity(conversationId) {
      if (wanted !== conversationId) set({ activity: [], activityConversationId: conversationId });
      wanted = conversationId;
      return read();
    },
  };
};
