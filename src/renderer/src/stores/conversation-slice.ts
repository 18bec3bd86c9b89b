import type { ConversationStatus } from '../../../shared/domain.js';
import type {
  AssignableAgent,
  AttachmentView,
  ClientMessage,
  ConversationDetail,
  ConversationRow,
  TranscriptOptions,
} from '../../../shared/api.js';
import type { SliceCreator } from './app-store.js';
import { errorCodeOf } from './error-code.js';
import { coalesced } from './coalesce.js';
import { mergeMessages, mergeNewestPage, prependOlderPage } from './message-merge.js';

export interface MessageFocus {
  /** The message a search hit points at; null when the hit is the contact or conversation itself. */
  messageId: string | null;
  /** Words to highlight in that message. */
  terms: string[];
}

export interface ConversationSlice {
  detail: ConversationDetail | null;
  detailErrorCode: string | null;
  messages: ClientMessage[];
  hasOlderMessages: boolean;
  loadingOlder: boolean;
  focus: MessageFocus | null;
  /** Agents linked to the conversation's channel (reassign dialog, sender names). */
  assignable: AssignableAgent[] | null;
  assignErrorCode: string | null;
  attachmentViews: Readonly<Record<string, AttachmentView>>;
  /** Bytes received of a download the main process is running (large files). */
  attachmentProgress: Readonly<Record<string, { received: number; total: number | null }>>;
  openConversation(id: string, focus: MessageFocus | null): Promise<void>;
  /** Re-reads the open conversation (coalesced: calls during a read cost one more read, not one each). */
  reloadConversation(): Promise<void>;
  /** Re-reads the newest page of the open conversation's messages (coalesced like reloadConversation). */
  reloadMessages(): Promise<void>;
  /**
   * After the inbox re-read its rows: the open conversation's row from them (no request), or,
   * when it is not among them or `whole`, the conversation read again.
   */
  refreshOpenRow(whole: boolean): Promise<void>;
  /** A message the agent just sent (as sendMessage returned it): in the list at once, no re-read. */
  showMessage(message: ClientMessage): void;
  loadOlderMessages(): Promise<void>;
  /** The agent saw the newest message of the open conversation (at the bottom, window focused): read now. */
  markOpenRead(): Promise<void>;
  loadAttachment(attachmentId: string): Promise<void>;
  setAttachmentProgress(attachmentId: string, received: number, total: number | null): void;
  loadAssignable(): Promise<void>;
  assignTo(agentId: string | null): Promise<boolean>;
  /** True when the hub took it (a refusal is a toast). */
  changeStatus(status: ConversationStatus, snoozedUntil: number | null): Promise<boolean>;
  /** Undo of a keyboard resolve: puts a conversation's earlier status back (it may no longer be open); the error code when refused. */
  restoreStatus(
    conversationId: string,
    status: ConversationStatus,
    snoozedUntil: number | null,
  ): Promise<string | null>;
  /** Replaces the open conversation's labels (needs the hub); false when refused. */
  setLabels(labels: string[]): Promise<boolean>;
  decideHeldReply(clientId: string, action: 'send' | 'discard'): Promise<void>;
  retryMessage(clientId: string): Promise<void>;
  exportTranscript(options: TranscriptOptions): Promise<{ fileName: string; text: string } | null>;
  resetConversation(): void;
}

export const MESSAGE_PAGE_SIZE = 50;
/** How far back a search hit is followed before giving up on scrolling to it. */
const FOCUS_MAX_PAGES = 20;

export const createConversationSlice: SliceCreator<ConversationSlice> = ({ set, get, api }) => {
  let currentId: string | null = null;
  const attachmentLoads = new Set<string>();

  function reportError(error: unknown): void {
    get().pushToast({ kind: 'error', code: errorCodeOf(error) });
  }

  function updateRow(update: (row: ConversationRow) => ConversationRow): void {
    const detail = get().detail;
    if (detail) set({ detail: { ...detail, row: update(detail.row) } });
  }

  async function followFocus(id: string): Promise<void> {
    const target = get().focus?.messageId;
    if (!target) return;
    for (let i = 0; i < FOCUS_MAX_PAGES && currentId === id; i += 1) {
      if (get().messages.some((m) => m.id === target) || !get().hasOlderMessages) return;
      await get().loadOlderMessages();
    }
  }

  async function markRead(id: string): Promise<void> {
    try {
      await api.markRead(id);
    } catch (error) {
      // Offline the read marker waits for the next sync; anything else is worth saying.
      if (errorCodeOf(error) !== 'OFFLINE') reportError(error);
    }
  }

  const reloadConversation = coalesced(async () => {
    const id = currentId;
    if (!id) return;
    try {
      const detail = await api.getConversation(id);
      if (currentId !== id) return;
      set({ detail, detailErrorCode: null });
      if (get().templatesChannelId !== detail.channel.id) void get().loadTemplates(detail.channel);
    } catch (error) {
      if (currentId === id) set({ detailErrorCode: errorCodeOf(error) });
    }
  });

  const reloadMessages = coalesced(async () => {
    const id = currentId;
    if (!id) return;
    try {
      const page = await api.listMessages({ conversationId: id, limit: MESSAGE_PAGE_SIZE });
      if (currentId !== id) return;
      const messages = mergeNewestPage(get().messages, page.messages, page.hasMore);
      const olderKept = messages.length > page.messages.length;
      set({ messages, hasOlderMessages: olderKept ? get().hasOlderMessages : page.hasMore });
    } catch (error) {
      if (currentId === id) set({ detailErrorCode: errorCodeOf(error) });
    }
  });

  return {
    detail: null,
    detailErrorCode: null,
    messages: [],
    hasOlderMessages: false,
    loadingOlder: false,
    focus: null,
    assignable: null,
    assignErrorCode: null,
    attachmentViews: {},
    attachmentProgress: {},
    async openConversation(id, focus) {
      const switching = currentId !== id;
      currentId = id;
      if (switching) {
        set({ detail: null, detailErrorCode: null, messages: [], hasOlderMessages: false, assignable: null });
      }
      set({ focus });
      await get().loadComposer(id);
      await Promise.all([get().reloadConversation(), get().reloadMessages()]);
      if (currentId !== id) return;
      await followFocus(id);
      void get().loadAssignable();
      void markRead(id);
    },
    reloadConversation,
    reloadMessages,
    async refreshOpenRow(whole) {
      const id = currentId;
      const row = Object.values(get().rowsByIndex).find((r) => r.conversation.id === id);
      if (row && !whole && get().detail?.row.conversation.id === id) updateRow(() => row);
      else await reloadConversation();
    },
    showMessage(message) {
      if (message.conversationId === currentId) set({ messages: mergeMessages(get().messages, [message]) });
    },
    async loadOlderMessages() {
      const id = currentId;
      const oldest = get().messages[0];
      if (!id || !oldest || get().loadingOlder || !get().hasOlderMessages) return;
      set({ loadingOlder: true });
      try {
        const page = await api.listMessages({ conversationId: id, before: oldest.id, limit: MESSAGE_PAGE_SIZE });
        if (currentId !== id) return;
        set({ messages: prependOlderPage(get().messages, page.messages), hasOlderMessages: page.hasMore });
      } catch (error) {
        reportError(error);
      } finally {
        set({ loadingOlder: false });
      }
    },
    async markOpenRead() {
      if (currentId) await markRead(currentId);
    },
    async loadAttachment(attachmentId) {
      const known = get().attachmentViews[attachmentId];
      if ((known && known.status === 'ready') || attachmentLoads.has(attachmentId)) return;
      attachmentLoads.add(attachmentId);
      try {
        const view = await api.openAttachment(attachmentId);
        set({ attachmentViews: { ...get().attachmentViews, [attachmentId]: view } });
      } catch (error) {
        reportError(error);
      } finally {
        attachmentLoads.delete(attachmentId);
      }
    },
    setAttachmentProgress(attachmentId, received, total) {
      set({ attachmentProgress: { ...get().attachmentProgress, [attachmentId]: { received, total } } });
      // Done: show the file now instead of at the next re-check.
      if (total !== null && received >= total) void get().loadAttachment(attachmentId);
    },
    async loadAssignable() {
      const id = currentId;
      if (!id) return;
      try {
        const assignable = await api.listAssignableAgents(id);
        if (currentId === id) set({ assignable, assignErrorCode: null });
      } catch (error) {
        if (currentId === id) set({ assignErrorCode: errorCodeOf(error) });
      }
    },
    async assignTo(agentId) {
      const id = currentId;
      if (!id) return false;
      set({ assignErrorCode: null });
      try {
        const conversation = await api.assignConversation(id, agentId);
        const assignee = get().assignable?.find((a) => a.agent.id === agentId);
        updateRow((row) => ({ ...row, conversation, assigneeName: assignee?.agent.name ?? null }));
        void get().refreshInbox();
        void get().loadAssignable();
        return true;
      } catch (error) {
        set({ assignErrorCode: errorCodeOf(error) });
        return false;
      }
    },
    async changeStatus(status, snoozedUntil) {
      const id = currentId;
      if (!id) return false;
      try {
        const conversation = await api.setStatus(id, status, snoozedUntil);
        updateRow((row) => ({ ...row, conversation }));
        void get().refreshInbox();
        return true;
      } catch (error) {
        reportError(error);
        return false;
      }
    },
    async restoreStatus(conversationId, status, snoozedUntil) {
      try {
        const conversation = await api.setStatus(conversationId, status, snoozedUntil);
        if (currentId === conversationId) updateRow((row) => ({ ...row, conversation }));
        void get().refreshInbox();
        return null;
      } catch (error) {
        return errorCodeOf(error);
      }
    },
    async setLabels(labels) {
      const id = currentId;
      if (!id) return false;
      try {
        const conversation = await api.setLabels(id, labels);
        updateRow((row) => ({ ...row, conversation }));
        void get().refreshInbox();
        return true;
      } catch (error) {
        reportError(error);
        return false;
      }
    },
    async decideHeldReply(clientId, action) {
      try {
        await api.decideHeldReply({ clientId, action });
        await get().reloadMessages();
      } catch (error) {
        reportError(error);
      }
    },
    async retryMessage(clientId) {
      try {
        await api.retryMessage(clientId);
        await get().reloadMessages();
      } catch (error) {
        reportError(error);
      }
    },
    async exportTranscript(options) {
      if (!currentId) return null;
      try {
        return await api.exportTranscript(currentId, options);
      } catch (error) {
        reportError(error);
        return null;
      }
    },
    resetConversation() {
      currentId = null;
      // Best effort, like typing: nobody else needs to see it open any more.
      api.setViewing(null).catch(() => undefined);
      set({ detail: null, messages: [], focus: null, assignable: null, selectedId: null, dialog: null });
    },
  };
};
