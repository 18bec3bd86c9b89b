import type { Channel, ConversationStatus } from '../../../shared/domain.js';
import type { AssignableAgent, ConversationRow, InboxSort, InboxView } from '../../../shared/api.js';
import { BULK_MAX, type BulkAction } from '../../../shared/protocol.js';
import type { SliceCreator } from './app-store.js';
import { coalesced } from './coalesce.js';
import { errorCodeOf } from './error-code.js';

export interface InboxFilters {
  view: InboxView;
  channelId: string | null;
  status: ConversationStatus | null;
  label: string | null;
  sort: InboxSort;
  unreadOnly: boolean;
}

/** What the last bulk action did: how many changed, and the refusals grouped by their code. */
export interface BulkReport {
  total: number;
  changed: number;
  refusals: { code: string; count: number }[];
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

  /** Rows ticked for a bulk action, by conversation id (kept across scrolling, dropped on a new view). */
  checked: Readonly<Record<string, true>>;
  /** Where the last tick was (shift-click and shift+arrows extend from it). */
  checkAnchor: number | null;
  /** The row in the tab order (roving tabindex); arrows move it. */
  focusIndex: number;
  bulkBusy: boolean;
  bulkReport: BulkReport | null;
  bulkErrorCode: string | null;
  setFocusIndex(index: number): void;
  /** Ticks or unticks the row; `range` ticks every row from the anchor to it (shift-click). */
  toggleChecked(index: number, range?: boolean): void;
  /** Shift+arrow: moves the focus and ticks the row it lands on. */
  extendChecked(delta: 1 | -1): number;
  clearChecked(): void;
  runBulk(action: BulkAction): Promise<void>;
  dismissBulkReport(): void;
  markUnread(conversationId: string): Promise<void>;
  /** The row's "Mark read" (the open conversation is read by being shown). */
  markRowRead(conversationId: string): Promise<void>;
  /** conversationId → the other agents who have it open now (live `viewing` pushes). */
  viewingAgents: Readonly<Record<string, readonly { agentId: string; agentName: string }[]>>;
  applyViewing(notice: { conversationId: string; agentId: string; agentName: string; viewing: boolean }): void;
  /** Agents the selection can go to: those linked to the first ticked conversation's channel. */
  bulkAgents: AssignableAgent[];
  loadBulkAgents(): Promise<void>;
  /** The ticked conversations marked read, or unread (each through the hub). */
  markCheckedRead(read: boolean): Promise<void>;
  /** Marks read every conversation of the current view; resolves how many. */
  markAllRead(): Promise<number>;
}

/** Rows fetched per request: a screenful or two, small enough to stay instant with 100,000 rows. */
export const INBOX_PAGE_SIZE = 50;
/** Pages kept on each side of the visible ones. */
export const INBOX_PAGES_KEPT = 4;
/** At most this many pages in one request (the query's limit is 500 rows). */
const MAX_PAGES_PER_READ = 4;

export const INITIAL_FILTERS: InboxFilters = {
  view: 'all',
  channelId: null,
  status: null,
  label: null,
  sort: 'activity',
  unreadOnly: false,
};

export const createInboxSlice: SliceCreator<InboxSlice> = ({ set, get, api }) => {
  /** Page number → generation it was (being) loaded for; a newer generation makes a page stale. */
  const pages = new Map<number, number>();
  let generation = 0;
  let visible = { start: 0, end: INBOX_PAGE_SIZE - 1 };

  /** The query of the current view, without paging. */
  function viewQuery() {
    const { filters } = get();
    return {
      view: filters.view,
      ...(filters.channelId ? { channelId: filters.channelId } : {}),
      ...(filters.status ? { status: filters.status } : {}),
      ...(filters.label ? { label: filters.label } : {}),
      sort: filters.sort,
      unreadOnly: filters.unreadOnly,
    };
  }

  /** Reads `count` consecutive pages from `page` on in one request (the rows on screen span one or two). */
  async function loadPages(page: number, count: number, gen: number): Promise<void> {
    for (let p = page; p < page + count; p += 1) pages.set(p, gen);
    try {
      const list = await api.listConversations({
        ...viewQuery(),
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
      set({ filters: { ...get().filters, ...filters }, checked: {}, checkAnchor: null, focusIndex: 0 });
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
      const index = rowIndexOf(id);
      // Best effort: the other agents see who has it open (docs/renderer.md, "Triage").
      if (id !== get().selectedId) api.setViewing(id).catch(() => undefined);
      set({ selectedId: id, selectedIndex: index, ...(index >= 0 ? { focusIndex: index } : {}) });
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
    checked: {},
    checkAnchor: null,
    focusIndex: 0,
    bulkBusy: false,
    bulkReport: null,
    bulkErrorCode: null,
    setFocusIndex(index) {
      set({ focusIndex: Math.min(Math.max(index, 0), Math.max(get().total - 1, 0)) });
    },
    toggleChecked(index, range = false) {
      const { rowsByIndex, checkAnchor } = get();
      const row = rowsByIndex[index];
      if (!row) return;
      const checked = { ...get().checked };
      if (range && checkAnchor !== null) {
        const [from, to] = checkAnchor < index ? [checkAnchor, index] : [index, checkAnchor];
        for (let i = from; i <= to; i += 1) {
          const id = rowsByIndex[i]?.conversation.id;
          if (id !== undefined) checked[id] = true;
        }
      } else if (checked[row.conversation.id]) delete checked[row.conversation.id];
      else checked[row.conversation.id] = true;
      set({ checked, checkAnchor: index, focusIndex: index, bulkReport: null, bulkErrorCode: null });
    },
    extendChecked(delta) {
      const { focusIndex, total, rowsByIndex } = get();
      const target = Math.min(Math.max(focusIndex + delta, 0), Math.max(total - 1, 0));
      const checked = { ...get().checked };
      for (const i of [focusIndex, target]) {
        const id = rowsByIndex[i]?.conversation.id;
        if (id !== undefined) checked[id] = true;
      }
      set({ checked, focusIndex: target, checkAnchor: get().checkAnchor ?? focusIndex, bulkReport: null });
      return target;
    },
    clearChecked() {
      set({ checked: {}, checkAnchor: null });
    },
    async runBulk(action) {
      const ids = Object.keys(get().checked);
      if (ids.length === 0 || get().bulkBusy) return;
      if (ids.length > BULK_MAX) {
        set({ bulkErrorCode: 'BULK_TOO_LARGE', bulkReport: null });
        return;
      }
      set({ bulkBusy: true, bulkErrorCode: null, bulkReport: null });
      try {
        const { outcomes } = await api.bulkUpdate({ conversationIds: ids, action });
        const refusals = new Map<string, number>();
        const checked: Record<string, true> = {};
        for (const outcome of outcomes) {
          if (outcome.ok) continue;
          refusals.set(outcome.error.code, (refusals.get(outcome.error.code) ?? 0) + 1);
          // The refused ones stay ticked: the agent sees which they were.
          checked[outcome.conversationId] = true;
        }
        set({
          checked,
          checkAnchor: null,
          bulkReport: {
            total: outcomes.length,
            changed: outcomes.filter((o) => o.ok).length,
            refusals: [...refusals].map(([code, count]) => ({ code, count })),
          },
        });
        await get().refreshInbox();
      } catch (error) {
        set({ bulkErrorCode: errorCodeOf(error) });
      } finally {
        set({ bulkBusy: false });
      }
    },
    dismissBulkReport() {
      set({ bulkReport: null, bulkErrorCode: null });
    },
    async markUnread(conversationId) {
      try {
        await api.markUnread(conversationId);
        // Left open, the conversation would be read again at once (it is on screen): close it.
        if (get().selectedId === conversationId) get().resetConversation();
        await get().refreshInbox();
      } catch (error) {
        set({ bulkErrorCode: errorCodeOf(error), bulkReport: null });
      }
    },
    viewingAgents: {},
    applyViewing({ conversationId, agentId, agentName, viewing }) {
      const others = (get().viewingAgents[conversationId] ?? []).filter((a) => a.agentId !== agentId);
      const viewingAgents = { ...get().viewingAgents };
      const next = viewing ? [...others, { agentId, agentName }] : others;
      if (next.length > 0) viewingAgents[conversationId] = next;
      else delete viewingAgents[conversationId];
      set({ viewingAgents });
    },
    bulkAgents: [],
    async loadBulkAgents() {
      const first = Object.keys(get().checked)[0];
      if (first === undefined) return;
      try {
        set({ bulkAgents: await api.listAssignableAgents(first) });
      } catch {
        // The list offers "me" and "nobody" anyway; the hub judges each conversation.
        set({ bulkAgents: [] });
      }
    },
    async markRowRead(conversationId) {
      try {
        await api.markRead(conversationId);
      } catch (error) {
        set({ bulkErrorCode: errorCodeOf(error), bulkReport: null });
      }
    },
    async markCheckedRead(read) {
      const ids = Object.keys(get().checked);
      set({ bulkBusy: true, bulkErrorCode: null, bulkReport: null });
      try {
        for (const id of ids) await (read ? api.markRead(id) : api.markUnread(id));
        if (!read && get().selectedId !== null && ids.includes(get().selectedId ?? '')) get().resetConversation();
        set({ checked: {}, checkAnchor: null });
        await get().refreshInbox();
      } catch (error) {
        set({ bulkErrorCode: errorCodeOf(error) });
      } finally {
        set({ bulkBusy: false });
      }
    },
    async markAllRead() {
      try {
        const count = await api.markAllRead(viewQuery());
        await get().refreshInbox();
        return count;
      } catch (error) {
        set({ bulkErrorCode: errorCodeOf(error), bulkReport: null });
        return 0;
      }
    },
  };
};
