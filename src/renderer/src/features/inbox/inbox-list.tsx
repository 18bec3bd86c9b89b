/**
 * The conversation list, virtualized: only the rows on screen exist in the
 * DOM, and the store fetches just the pages those rows fall in, so 100,000
 * conversations scroll as smoothly as ten.
 */
import { useCallback, useEffect, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useInbox, useStoreApi } from '../../stores/store-context.js';
import { useNow } from '../../common/use-now.js';
import { useT } from '../../common/use-t.js';
import { InboxRow, InboxRowPlaceholder } from './inbox-row.js';

export const INBOX_ROW_HEIGHT = 76;

function VirtualRow({ index, now, onSelect }: { index: number; now: number; onSelect: (id: string) => void }) {
  const row = useInbox((s) => s.rowsByIndex[index]);
  const selected = useInbox((s) => row !== undefined && s.selectedId === row.conversation.id);
  return row ? <InboxRow row={row} selected={selected} now={now} onSelect={onSelect} /> : <InboxRowPlaceholder />;
}

export function InboxList() {
  const { t } = useT();
  const total = useInbox((s) => s.total);
  const loaded = useInbox((s) => s.inboxLoaded);
  const selectedId = useInbox((s) => s.selectedId);
  const ensureRows = useInbox((s) => s.ensureRows);
  const selectConversation = useInbox((s) => s.selectConversation);
  const now = useNow();
  const scroller = useRef<HTMLDivElement>(null);

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

  const onSelect = useCallback((id: string) => selectConversation(id), [selectConversation]);

  if (loaded && total === 0) return <p className="empty-state">{t('inbox.empty')}</p>;
  return (
    <div ref={scroller} className="inbox-list" role="list" aria-label={t('inbox.list')}>
      <div className="virtual-spacer" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => (
          <div
            key={item.key}
            role="listitem"
            className="virtual-row"
            style={{ height: item.size, transform: `translateY(${item.start}px)` }}
          >
            <VirtualRow index={item.index} now={now} onSelect={onSelect} />
          </div>
        ))}
      </div>
    </div>
  );
}
