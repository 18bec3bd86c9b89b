/**
 * Pushes from the main process tell the renderer what changed; the store
 * re-reads exactly that (the list rows on screen, the open conversation).
 */
import type { ClientEvent } from '../../../shared/api.js';
import type { AppState } from './app-store.js';
import { contactDisplayName } from '../../../shared/contact-name.js';

function contactNameOf(state: AppState, conversationId: string): string {
  const row =
    state.detail?.row.conversation.id === conversationId
      ? state.detail.row
      : Object.values(state.rowsByIndex).find((r) => r.conversation.id === conversationId);
  return row ? contactDisplayName(row.contact, row.channelKind, state.lang) : '';
}

type Changes = Extract<ClientEvent, { type: 'changes' }>;

/** The rows on screen (and the open conversation) show this contact. */
function showsContact(state: AppState, contactIds: readonly string[]): boolean {
  if (contactIds.length === 0) return false;
  const ids = new Set(contactIds);
  if (state.detail && ids.has(state.detail.row.contact.id)) return true;
  return Object.values(state.rowsByIndex).some((row) => ids.has(row.contact.id));
}

/**
 * One batch's change: the rows on screen are read again in one request when a conversation
 * changed (any may move into view), the open conversation's row comes from that read, and its
 * messages are read again only when the batch names it. Re-reads are coalesced (coalesce.ts).
 */
function applyChanges(state: AppState, change: Changes): void {
  const openId = state.detail?.row.conversation.id ?? state.selectedId;
  const contactShown = showsContact(state, change.contactIds);
  const detailNamed =
    state.detail !== null &&
    (change.all || change.conversationIds.includes(state.detail.row.conversation.id) || contactShown);
  if (change.all) void state.loadChannels();
  if (change.all || (change.queueChannelIds?.length ?? 0) > 0) void state.loadQueues();
  if (change.all || change.conversationIds.length > 0 || contactShown) {
    // More than the row may have changed (the contact, the channel): the whole conversation is read.
    void state.refreshInbox().then(() => (detailNamed ? state.refreshOpenRow(change.all || contactShown) : undefined));
  }
  if (openId !== null && (change.all || change.messages.some((m) => m.conversationId === openId)))
    void state.reloadMessages();
  if (state.detail && change.templateChannelIds.includes(state.detail.channel.id))
    void state.loadTemplates(state.detail.channel);
}

export function applyClientEvent(state: AppState, event: ClientEvent): void {
  switch (event.type) {
    case 'connection':
      state.setConnection(event.state);
      return;
    case 'changes':
      applyChanges(state, event);
      return;
    case 'conversations':
      void state.refreshInbox();
      // No ids: anything may have changed, channels too (a channel's health arrives that way).
      if (event.ids.length === 0) void state.loadChannels();
      if (state.detail && event.ids.includes(state.detail.row.conversation.id)) void state.reloadConversation();
      return;
    case 'messages':
      if (state.detail?.row.conversation.id === event.conversationId || state.selectedId === event.conversationId)
        void state.reloadMessages();
      return;
    case 'unread':
      state.setUnreadTotal(event.total);
      return;
    case 'session':
      state.applySession(event.session);
      return;
    case 'notification':
      // The agent is already looking at this conversation: the new message is on screen.
      if (event.conversationId !== null && event.conversationId === state.selectedId && document.hasFocus()) return;
      state.pushToast({
        kind: 'notification',
        title: event.title,
        body: event.body,
        conversationId: event.conversationId,
      });
      return;
    case 'window-warning':
      state.pushToast({
        kind: 'window-warning',
        conversationId: event.conversationId,
        contactName: contactNameOf(state, event.conversationId),
        closesAt: event.closesAt,
      });
      return;
    case 'open-conversation':
      state.selectConversation(event.conversationId);
      return;
    case 'typing':
      state.applyTyping(event);
      return;
    case 'viewing':
      state.applyViewing(event);
      return;
    case 'attachment-progress':
      state.setAttachmentProgress(event.attachmentId, event.received, event.total);
      return;
  }
}
