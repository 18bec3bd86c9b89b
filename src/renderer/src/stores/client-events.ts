/**
 * Pushes from the main process tell the renderer what changed; the store
 * re-reads exactly that (the list rows on screen, the open conversation).
 */
import type { ClientEvent } from '../../../shared/api.js';
import type { AppState } from './app-store.js';

function contactNameOf(state: AppState, conversationId: string): string {
  if (state.detail?.row.conversation.id === conversationId) return state.detail.row.contact.name;
  const row = Object.values(state.rowsByIndex).find((r) => r.conversation.id === conversationId);
  return row?.contact.name ?? '';
}

export function applyClientEvent(state: AppState, event: ClientEvent): void {
  switch (event.type) {
    case 'connection':
      state.setConnection(event.state);
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
    case 'templates':
      // A template Meta just approved is offered in the open conversation's composer at once.
      if (state.detail && event.channelIds.includes(state.detail.channel.id))
        void state.loadTemplates(state.detail.channel);
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
    case 'attachment-progress':
      state.setAttachmentProgress(event.attachmentId, event.received, event.total);
      return;
  }
}
