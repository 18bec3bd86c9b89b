/**
 * The conversation history, virtualized with measured rows. It opens at the
 * newest message (or the one a search hit points to), loads older pages as the
 * agent scrolls up while keeping the same message under their eyes, and
 * follows new messages only when the agent is already at the bottom. A
 * customer message the agent can see (at the bottom, window visible and
 * focused) is read at once; scrolled up, a "New messages ↓" button waits.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ClientMessage } from '../../../../shared/api.js';
import { contactDisplayName } from '../../../../shared/contact-name.js';
import { useComposer, useConversation, useSession } from '../../stores/store-context.js';
import { useT, type T } from '../../common/use-t.js';
import { useNow } from '../../common/use-now.js';
import { MessageBubble } from './message-bubble.js';
import { DaySeparator, dayKey } from './message-time.js';
import { buildThread } from './thread.js';
import { ActivityLine, useThreadActivity } from './activity-line.js';

/** Within this many pixels of an edge counts as "at" it. */
const EDGE_PX = 160;
const NO_TERMS: readonly string[] = [];
const NO_REACTIONS: readonly string[] = [];

interface Anchor {
  conversationId: string | null;
  firstId: string | null;
  lastId: string | null;
  focusKey: string | null;
}

/** The agent is looking at the app: the page is shown and the window has the focus. */
function windowSeen(): boolean {
  return document.visibilityState === 'visible' && document.hasFocus();
}

/** Whether the customer wrote anything after `lastId` (the newest message shown before). */
function customerWroteAfter(items: readonly ClientMessage[], lastId: string): boolean {
  const from = items.findIndex((m) => m.id === lastId);
  const after = from >= 0 ? items.slice(from + 1) : items.slice(-1);
  return after.some((m) => m.direction === 'in');
}

function useSenderName(t: T): (message: ClientMessage) => string | null {
  const meId = useSession((s) => s.session?.agent.id ?? null);
  const assignable = useConversation((s) => s.assignable);
  const { lang } = useT();
  const contactName = useConversation((s) =>
    s.detail ? contactDisplayName(s.detail.row.contact, s.detail.row.channelKind, lang) : null,
  );
  return useMemo(() => {
    const names = new Map((assignable ?? []).map((a) => [a.agent.id, a.agent.name]));
    return (message: ClientMessage) => {
      if (message.direction === 'in') return message.meta.groupSender ?? contactName;
      if (message.senderAgentId === null) return null;
      if (message.senderAgentId === meId) return t('message.you');
      return names.get(message.senderAgentId) ?? null;
    };
  }, [assignable, contactName, meId, t]);
}

export function MessageList() {
  const { t } = useT();
  const messages = useConversation((s) => s.messages);
  const hasOlder = useConversation((s) => s.hasOlderMessages);
  const loadingOlder = useConversation((s) => s.loadingOlder);
  const loadOlder = useConversation((s) => s.loadOlderMessages);
  const focus = useConversation((s) => s.focus);
  const conversationId = useConversation((s) => s.detail?.row.conversation.id ?? null);
  const markOpenRead = useConversation((s) => s.markOpenRead);
  const setReplyTo = useComposer((s) => s.setReplyTo);
  const senderName = useSenderName(t);
  const thread = useMemo(() => buildThread(messages), [messages]);
  const { items } = thread;
  const activity = useThreadActivity(conversationId, items, hasOlder);
  // "Today" becomes "Yesterday" at midnight without new data.
  const now = useNow(60_000);

  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const anchor = useRef<Anchor>({ conversationId: null, firstId: null, lastId: null, focusKey: null });
  /** A customer message arrived that the agent has not seen yet (scrolled up, or the window away). */
  const unseen = useRef(false);
  const [newBelow, setNewBelow] = useState(false);

  const readIfSeen = useCallback(() => {
    if (!unseen.current || !atBottom.current || !windowSeen()) return;
    unseen.current = false;
    void markOpenRead();
  }, [markOpenRead]);

  // TanStack Virtual hands out fresh functions on purpose; the list re-renders on scroll anyway.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 96,
    overscan: 6,
    initialRect: { width: 640, height: 600 },
    getItemKey: (index) => items[index]?.id ?? index,
  });
  // Rows grow once their images, players and PDF pages load; an agent reading the newest
  // message stays at the bottom, anyone scrolled up keeps their place.
  virtualizer.shouldAdjustScrollPositionOnItemSizeChange = (item, _delta, instance) =>
    atBottom.current || item.start < (instance.scrollOffset ?? 0);

  useLayoutEffect(() => {
    const prev = anchor.current;
    const firstId = items[0]?.id ?? null;
    const lastId = items[items.length - 1]?.id ?? null;
    const focusIndex = focus?.messageId ? items.findIndex((m) => m.id === focus.messageId) : -1;
    const focusKey = focusIndex >= 0 ? `${conversationId ?? ''}:${focus?.messageId ?? ''}` : prev.focusKey;
    anchor.current = { conversationId, firstId, lastId, focusKey };
    if (items.length === 0) return;
    if (focusIndex >= 0 && focusKey !== prev.focusKey) {
      virtualizer.scrollToIndex(focusIndex, { align: 'center' });
    } else if (prev.conversationId !== conversationId || prev.lastId === null) {
      virtualizer.scrollToIndex(items.length - 1, { align: 'end' });
      atBottom.current = true;
      unseen.current = false;
      setNewBelow(false);
    } else if (prev.firstId !== firstId && prev.firstId !== null) {
      const kept = items.findIndex((m) => m.id === prev.firstId);
      if (kept > 0) virtualizer.scrollToIndex(kept, { align: 'start' });
    } else if (prev.lastId !== lastId) {
      if (atBottom.current) virtualizer.scrollToIndex(items.length - 1, { align: 'end' });
      if (customerWroteAfter(items, prev.lastId)) {
        unseen.current = true;
        if (atBottom.current) readIfSeen();
        else setNewBelow(true);
      }
    }
  }, [items, conversationId, focus, virtualizer, readIfSeen]);

  // Back from another window or tab: what arrived meanwhile at the bottom is read now.
  useEffect(() => {
    window.addEventListener('focus', readIfSeen);
    document.addEventListener('visibilitychange', readIfSeen);
    return () => {
      window.removeEventListener('focus', readIfSeen);
      document.removeEventListener('visibilitychange', readIfSeen);
    };
  }, [readIfSeen]);

  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < EDGE_PX;
    if (atBottom.current) {
      setNewBelow(false);
      readIfSeen();
    }
    if (el.scrollTop < EDGE_PX && hasOlder && !loadingOlder) void loadOlder();
  }, [hasOlder, loadingOlder, loadOlder, readIfSeen]);

  const jumpToNewest = useCallback(() => {
    if (items.length > 0) virtualizer.scrollToIndex(items.length - 1, { align: 'end' });
    atBottom.current = true;
    setNewBelow(false);
    readIfSeen();
  }, [items.length, virtualizer, readIfSeen]);

  const focusedId = focus?.messageId ?? null;
  return (
    <div className="message-list-wrap">
      {hasOlder && (
        <button type="button" className="load-older" disabled={loadingOlder} onClick={() => void loadOlder()}>
          {loadingOlder ? t('conversation.loadingOlder') : t('conversation.loadOlder')}
        </button>
      )}
      <div
        ref={scroller}
        className="message-list"
        role="log"
        aria-label={t('conversation.messages')}
        aria-busy={loadingOlder}
        onScroll={onScroll}
      >
        <div className="virtual-spacer" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((row) => {
            const message = items[row.index];
            if (!message) return null;
            const quotedId = message.meta.replyToProviderMessageId;
            const previous = items[row.index - 1];
            const startsDay = !previous || dayKey(previous.createdAt) !== dayKey(message.createdAt);
            return (
              <div
                key={row.key}
                data-index={row.index}
                ref={virtualizer.measureElement}
                className="virtual-row"
                style={{ transform: `translateY(${row.start}px)` }}
              >
                {startsDay && <DaySeparator at={message.createdAt} now={now} />}
                {activity.before.get(message.id)?.map((view) => (
                  <ActivityLine key={view.id} view={view} meId={activity.meId} />
                ))}
                <MessageBubble
                  message={message}
                  senderName={senderName(message)}
                  quoted={quotedId ? (thread.byProviderId.get(quotedId) ?? null) : null}
                  reactions={
                    message.providerMessageId
                      ? (thread.reactionsByProviderId.get(message.providerMessageId) ?? NO_REACTIONS)
                      : NO_REACTIONS
                  }
                  terms={message.id === focusedId ? (focus?.terms ?? NO_TERMS) : NO_TERMS}
                  focused={message.id === focusedId}
                  onReply={setReplyTo}
                />
                {row.index === items.length - 1 &&
                  activity.after.map((view) => <ActivityLine key={view.id} view={view} meId={activity.meId} />)}
              </div>
            );
          })}
        </div>
      </div>
      {newBelow && (
        <button type="button" className="new-messages" onClick={jumpToNewest}>
          {t('conversation.newMessages')}
        </button>
      )}
    </div>
  );
}
