/**
 * The conversation list, virtualized: only the rows on screen exist in the
 * DOM, and the store fetches just the pages those rows fall in, so 100,000
 * conversations scroll as smoothly as ten.
 *
 * Keyboard (docs/renderer.md, "Triage"): the list is one stop in the tab order
 * (roving tabindex): ↑/↓ move between rows, Home/End go to the ends, Enter
 * opens, space or x ticks the row, shift+↑/↓ ticks as it moves, u marks read or
 * unread, Escape clears the ticks. j/k keep opening the next and previous
 * conversation from anywhere.
 */
import { useCallback, useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useShallow } from 'zustand/react/shallow';
import type { ConversationRow } from '../../../../shared/api.js';
import { mayDo } from '../../../../shared/agent-permissions.js';
import { useAppStore, useInbox, useStoreApi } from '../../stores/store-context.js';
import { useNow } from '../../common/use-now.js';
import { useT } from '../../common/use-t.js';
import { InboxRow, InboxRowPlaceholder } from './inbox-row.js';

export const INBOX_ROW_HEIGHT = 76;
const NO_TYPING: readonly string[] = [];

interface VirtualRowProps {
  index: number;
  now: number;
  tabbable: boolean;
  sharedKinds: ReadonlySet<string>;
  onSelect: (id: string) => void;
  onCheck: ((index: number, range: boolean) => void) | undefined;
}

function VirtualRow({ index, sharedKinds, ...rest }: VirtualRowProps) {
  const row = useInbox((s) => s.rowsByIndex[index]);
  const id = row?.conversation.id;
  const selected = useInbox((s) => id !== undefined && s.selectedId === id);
  const checked = useInbox((s) => id !== undefined && s.checked[id] === true);
  const showWaiting = useInbox((s) => s.filters.sort === 'waiting');
  const typingNames = useAppStore(
    useShallow((s) => (id === undefined ? NO_TYPING : (s.typingAgents[id] ?? []).map((a) => a.agentName))),
  );
  const viewingNames = useAppStore(
    useShallow((s) => (id === undefined ? NO_TYPING : (s.viewingAgents[id] ?? []).map((a) => a.agentName))),
  );
  if (!row) return <InboxRowPlaceholder />;
  return (
    <InboxRow
      row={row}
      index={index}
      selected={selected}
      checked={checked}
      showChannelName={sharedKinds.has(row.channelKind)}
      showWaiting={showWaiting}
      typingNames={typingNames.length === 0 ? NO_TYPING : typingNames}
      viewingNames={viewingNames.length === 0 ? NO_TYPING : viewingNames}
      {...rest}
    />
  );
}

export function InboxList() {
  const { t } = useT();
  const total = useInbox((s) => s.total);
  const loaded = useInbox((s) => s.inboxLoaded);
  const selectedId = useInbox((s) => s.selectedId);
  const focusIndex = useInbox((s) => s.focusIndex);
  const channels = useInbox((s) => s.channels);
  const ensureRows = useInbox((s) => s.ensureRows);
  const selectConversation = useInbox((s) => s.selectConversation);
  const toggleChecked = useInbox((s) => s.toggleChecked);
  const markUnread = useInbox((s) => s.markUnread);
  const markRead = useInbox((s) => s.markRowRead);
  const canCheck = useAppStore((s) => s.session !== null && mayDo(s.session.agent, 'status'));
  const now = useNow();
  const scroller = useRef<HTMLDivElement>(null);
  /** Set when the keyboard moved the roving row: focus follows it once it is rendered. */
  const moveFocus = useRef(false);

  /** Kinds with two channels or more: their rows name the channel. */
  const sharedKinds = useMemo(() => {
    const counts = new Map<string, number>();
    for (const c of channels) counts.set(c.kind, (counts.get(c.kind) ?? 0) + 1);
    return new Set([...counts].filter(([, n]) => n > 1).map(([kind]) => kind));
  }, [channels]);

  // TanStack Virtual hands out fresh functions on purpose; the list re-renders on scroll anyway.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => INBOX_ROW_HEIGHT,
    overscan: 8,
    // Used until the element is measured (and in jsdom, which has no layout).
    initialRect: { width: 360, height: 800 },
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (total > 0) void ensureRows(first, last);
  }, [first, last, total, ensureRows]);

  // Keep the selected conversation in view when j/k moves past the edge (not when a refresh reorders rows).
  const store = useStoreApi();
  useEffect(() => {
    const index = store.getState().selectedIndex;
    if (selectedId !== null && index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [selectedId, store, virtualizer]);

  // The keyboard moved the roving row: bring it into view, then give it the focus.
  useEffect(() => {
    if (!moveFocus.current) return;
    virtualizer.scrollToIndex(focusIndex, { align: 'auto' });
    const frame = requestAnimationFrame(() => {
      const button = scroller.current?.querySelector<HTMLElement>(`[data-row-index="${focusIndex}"]`);
      if (button) {
        moveFocus.current = false;
        button.focus();
      }
    });
    return () => cancelAnimationFrame(frame);
  });

  const onSelect = useCallback((id: string) => selectConversation(id), [selectConversation]);
  const onCheck = useCallback((index: number, range: boolean) => toggleChecked(index, range), [toggleChecked]);
  const onToggleRead = useCallback(
    (row: ConversationRow) =>
      void (row.unreadCount > 0 ? markRead(row.conversation.id) : markUnread(row.conversation.id)),
    [markRead, markUnread],
  );

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const target = event.target;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    // Escape clears the ticks from anywhere in the list, the tick box just clicked included.
    if (event.key === 'Escape' && Object.keys(store.getState().checked).length > 0) {
      store.getState().clearChecked();
      event.preventDefault();
      event.stopPropagation();
      return;
    }
    if (!(target instanceof HTMLElement) || target.dataset['rowIndex'] === undefined) return;
    const state = store.getState();
    // Keys pressed faster than the focus follows (it moves on the next frame) count from where it is going.
    const index = moveFocus.current ? state.focusIndex : Number(target.dataset['rowIndex']);
    const go = (to: number) => {
      moveFocus.current = true;
      state.setFocusIndex(to);
    };
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        const delta = event.key === 'ArrowDown' ? 1 : -1;
        if (event.shiftKey && canCheck) {
          state.setFocusIndex(index);
          moveFocus.current = true;
          state.extendChecked(delta);
        } else go(index + delta);
        break;
      }
      case 'Home':
        go(0);
        break;
      case 'End':
        go(total - 1);
        break;
      case ' ':
      case 'x':
        if (!canCheck) return;
        state.toggleChecked(index, event.shiftKey);
        break;
      case 'u': {
        const row = state.rowsByIndex[index];
        if (row) onToggleRead(row);
        break;
      }
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  }

  if (loaded && total === 0) return <p className="empty-state">{t('inbox.empty')}</p>;
  // The roving row, or the first one on screen when it has scrolled away: Tab always finds one row.
  const rendered = items.some((item) => item.index === focusIndex);
  const tabbableIndex = rendered ? focusIndex : first;
  return (
    <div ref={scroller} className="inbox-list" role="list" aria-label={t('inbox.list')} onKeyDown={onKeyDown}>
      <div className="virtual-spacer" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => (
          <div
            key={item.key}
            role="listitem"
            className="virtual-row"
            style={{ height: item.size, transform: `translateY(${item.start}px)` }}
          >
            <VirtualRow
              index={item.index}
              now={now}
              tabbable={item.index === tabbableIndex}
              sharedKinds={sharedKinds}
              onSelect={onSelect}
              onCheck={canCheck ? onCheck : undefined}
            />
          </div>
        ))}
      </div>
    </div>
  );
}
