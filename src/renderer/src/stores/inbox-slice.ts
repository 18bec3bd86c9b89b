import type { Channel, ConversationStatus } from '../../../shared/domain.js';
import type { ConversationRow, InboxView } from '../../../shared/api.js';
import type { SliceCreator } from './app-store.js';
import { coalesced } from './coalesce.js';
import { errorCodeOf } from './error-code.js';

export interface InboxFilters {
  view: InboxView;
  channelId: string | null;
  status: ConversationStatus | null;
  label: string | null;
}

export interface InboxSlice {
  channels: Channel[];
  filters: InboxFilters;
  /** Rows matching the filters; the list is as long as this, rows load as they scroll into view. */
  total: number;
  /** Loaded rows by position. Positions not loaded yet render as placeholders. */
  rowsByIndex: Readonly<Record<number, ConversationRow>>;
  inboxLoaded: boolean;
  inboxErrorCode: string | null;
  selectedId: string | null;
  /** Position of the selected conversation in the list, or -1 when it is not loaded. */
  selectedIndex: number;
  loadChannels(): Promise<void>;
  setFilters(filters: Partial<InboxFilters>): Promise<void>;
  /** Starts over from the first page (filters changed, signed in). */
  reloadInbox(): Promise<void>;
  /** Re-reads the rows on screen after a change, keeping the old ones shown until the new ones arrive. */
  refreshInbox(): Promise<void>;
  /** Makes sure rows start..end (inclusive) are loaded; the virtual list calls this as it scrolls. */
  ensureRows(start: number, end: number): Promise<void>;
  selectConversation(id: string, focus?: { messageId: string | null; terms: string[] }): void;
  /** j/k: the next (+1) or previous (-1) conversation of the list. */
  selectAdjacent(delta: 1 | -1): void;
}

/** Rows fetched per request: a screenful or two, small enough to stay instant with 100,000 rows. */
export const INBOX_PAGE_SIZE = 50;
/** Pages kept on each side of the visible ones. */
export const INBOX_PAGES_KEPT = 4;
/** At most this many pages in one request (the query's limit is 500 rows). */
const MAX_PAGES_PER_READ = 4;

export const INITIAL_FILTERS: InboxFilters = { view: 'all', channelId: null, status: null, label: null };

export const createInboxSlice: SliceCreator<InboxSlice> = ({ set, get, api }) => {
  /** Page number → generation it was (being) loaded for; a newer generation makes a page stale. */
  const pages = new Map<number, number>();
  let generation = 0;
  let visible = { start: 0, end: INBOX_PAGE_SIZE - 1 };

  /** Reads `count` consecutive pages from `page` on in one request (the rows on screen span one or two). */
  async function loadPages(page: number, count: number, gen: number): Promise<void> {
    for (let p = page; p < page + count; p += 1) pages.set(p, gen);
    const { filters } = get();
    try {
      const list = await api.listConversations({
        view: filters.view,
        ...(filters.channelId ? { channelId: filters.channelId } : {}),
        ...(filters.status ? { status: filters.status } : {}),
        ...(filters.label ? { label: filters.label } : {}),
        offset: page * INBOX_PAGE_SIZE,
        limit: count * INBOX_PAGE_SIZE,
      });
      if (gen !== generation) return;
      const rowsByIndex = keptRows(get().rowsByIndex);
      const first = page * INBOX_PAGE_SIZE;
      let { selectedIndex } = get();
      for (let i = 0; i < count * INBOX_PAGE_SIZE; i += 1) {
        const row = list.rows[i];
        if (row) rowsByIndex[first + i] = row;
        else delete rowsByIndex[first + i];
        if (row && row.conversation.id === get().selectedId) selectedIndex = first + i;
      }
      set({ rowsByIndex, total: list.total, inboxLoaded: true, inboxErrorCode: null, selectedIndex });
    } catch (error) {
      for (let p = page; p < page + count; p += 1) if (pages.get(p) === gen) pages.delete(p);
      if (gen === generation) set({ inboxErrorCode: errorCodeOf(error), inboxLoaded: true });
    }
  }

  /** The pages first..last not loaded for `gen`, as runs of consecutive pages (one request each). */
  function missingRuns(first: number, last: number, gen: number): { page: number; count: number }[] {
    const runs: { page: number; count: number }[] = [];
    for (let page = first; page <= last; page += 1) {
      if (pages.get(page) === gen) continue;
      const run = runs.at(-1);
      if (run && run.page + run.count === page && run.count < MAX_PAGES_PER_READ) run.count += 1;
      else runs.push({ page, count: 1 });
    }
    return runs;
  }

  /**
   * After a change: the pages on screen again, in one request, while the old rows stay shown;
   * pages kept off screen are read again when they scroll into view. Changes arriving meanwhile
   * cost one more read after this one, not one each (coalesce.ts).
   */
  const refreshVisible = coalesced(async () => {
    generation += 1;
    pages.clear();
    await loadVisible();
  });

  /**
   * The loaded rows near the screen; pages far from it are forgotten (and fetched again if the
   * agent scrolls back), so scrolling through 100,000 conversations never piles them all up.
   */
  function keptRows(rows: Readonly<Record<number, ConversationRow>>): Record<number, ConversationRow> {
    const low = (Math.floor(visible.start / INBOX_PAGE_SIZE) - INBOX_PAGES_KEPT) * INBOX_PAGE_SIZE;
    const high = (Math.floor(visible.end / INBOX_PAGE_SIZE) + INBOX_PAGES_KEPT + 1) * INBOX_PAGE_SIZE;
    const kept: Record<number, ConversationRow> = {};
    for (const [key, row] of Object.entries(rows)) {
      const index = Number(key);
      if (index >= low && index < high) kept[index] = row;
    }
    for (const page of pages.keys()) {
      const start = page * INBOX_PAGE_SIZE;
      if (start < low || start >= high) pages.delete(page);
    }
    return kept;
  }

  function loadVisible(): Promise<void> {
    const { start, end } = visible;
    return get().ensureRows(start, end);
  }

  function rowIndexOf(id: string | null): number {
    if (id === null) return -1;
    for (const [index, row] of Object.entries(get().rowsByIndex)) {
      if (row.conversation.id === id) return Number(index);
    }
    return -1;
  }

  return {
    channels: [],
    filters: INITIAL_FILTERS,
    total: 0,
    rowsByIndex: {},
    inboxLoaded: false,
    inboxErrorCode: null,
    selectedId: null,
    selectedIndex: -1,
    async loadChannels() {
      set({ channels: await api.listChannels() });
    },
    async setFilters(filters) {
      set({ filters: { ...get().filters, ...filters } });
      await get().reloadInbox();
    },
    async reloadInbox() {
      generation += 1;
      pages.clear();
      visible = { start: 0, end: INBOX_PAGE_SIZE - 1 };
      set({ rowsByIndex: {}, total: 0, inboxLoaded: false });
      await loadVisible();
    },
    refreshInbox() {
      return refreshVisible();
    },
    async ensureRows(start, end) {
      visible = { start, end };
      const gen = generation;
      const first = Math.floor(Math.max(0, start) / INBOX_PAGE_SIZE);
      const last = Math.floor(Math.max(start, end) / INBOX_PAGE_SIZE);
      await Promise.all(missingRuns(first, last, gen).map((run) => loadPages(run.page, run.count, gen)));
    },
    selectConversation(id, focus) {
      set({ selectedId: id, selectedIndex: rowIndexOf(id) });
      void get().openConversation(id, focus ?? null);
    },
    selectAdjacent(delta) {
      const { rowsByIndex, total, selectedId, selectedIndex } = get();
      const current =
        selectedIndex >= 0 && rowsByIndex[selectedIndex]?.conversation.id === selectedId ? selectedIndex : -1;
      const target = current < 0 ? 0 : Math.min(Math.max(current + delta, 0), Math.max(total - 1, 0));
      const row = rowsByIndex[target];
      if (row && row.conversation.id !== selectedId) get().selectConversation(row.conversation.id);
    },
  };
};
