import { SNIPPET_MARK_END, SNIPPET_MARK_START, type SearchFilters, type SearchHit } from '../../../shared/api.js';
import type { SliceCreator } from './app-store.js';
import { errorCodeOf } from './error-code.js';

export interface SearchSlice {
  searchQuery: string;
  /** Null when no search is active; the inbox list shows instead. */
  searchHits: SearchHit[] | null;
  searching: boolean;
  searchErrorCode: string | null;
  /** Channel, assigned agent and date range; kept while the agent refines the words. */
  searchFilters: SearchFilters;
  runSearch(query: string): Promise<void>;
  /** Changes some filters and searches again with the same words. */
  setSearchFilters(filters: Partial<SearchFilters>): Promise<void>;
  clearSearch(): void;
  /** Opens the conversation of a hit, scrolled to the message with the matched words highlighted. */
  openSearchHit(hit: SearchHit): void;
}

/** Enough for "12 matches in 3 conversations" to be whole for a usual query (the core's most). */
export const SEARCH_LIMIT = 200;

/** One conversation's hits, in the order the index ranked them; `hits[0]` is its best. */
export interface SearchGroup {
  readonly conversationId: string;
  readonly hits: readonly SearchHit[];
}

/** Hits grouped by conversation, groups in the order of their first hit. */
export function groupSearchHits(hits: readonly SearchHit[]): SearchGroup[] {
  const groups = new Map<string, SearchHit[]>();
  for (const hit of hits) {
    const group = groups.get(hit.conversationId);
    if (group) group.push(hit);
    else groups.set(hit.conversationId, [hit]);
  }
  return [...groups].map(([conversationId, grouped]) => ({ conversationId, hits: grouped }));
}

/** The words the offline index matched, taken from between the snippet markers. */
export function matchedTerms(snippet: string): string[] {
  const terms = new Set<string>();
  let from = 0;
  for (;;) {
    const start = snippet.indexOf(SNIPPET_MARK_START, from);
    if (start < 0) break;
    const end = snippet.indexOf(SNIPPET_MARK_END, start + 1);
    if (end < 0) break;
    const term = snippet.slice(start + 1, end).trim();
    if (term) terms.add(term);
    from = end + 1;
  }
  return [...terms];
}

export const createSearchSlice: SliceCreator<SearchSlice> = ({ set, get, api }) => {
  let latest = 0;
  return {
    searchQuery: '',
    searchHits: null,
    searching: false,
    searchErrorCode: null,
    searchFilters: {},
    async runSearch(query) {
      const trimmed = query.trim();
      const ticket = ++latest;
      if (!trimmed) {
        set({ searchQuery: query, searchHits: null, searching: false, searchErrorCode: null });
        return;
      }
      set({ searchQuery: query, searching: true, searchErrorCode: null });
      try {
        const hits = await api.search({ ...get().searchFilters, query: trimmed, limit: SEARCH_LIMIT });
        if (ticket === latest) set({ searchHits: hits, searching: false });
      } catch (error) {
        if (ticket === latest) set({ searchHits: [], searching: false, searchErrorCode: errorCodeOf(error) });
      }
    },
    async setSearchFilters(filters) {
      const next: SearchFilters = { ...get().searchFilters, ...filters };
      // An emptied filter is no filter (undefined keys would still reach the core's schema as present).
      for (const key of Object.keys(next) as (keyof SearchFilters)[]) if (next[key] === undefined) delete next[key];
      set({ searchFilters: next });
      await get().runSearch(get().searchQuery);
    },
    clearSearch() {
      latest += 1;
      set({ searchQuery: '', searchHits: null, searching: false, searchErrorCode: null, searchFilters: {} });
    },
    openSearchHit(hit) {
      get().selectConversation(hit.conversationId, { messageId: hit.messageId, terms: matchedTerms(hit.snippet) });
    },
  };
};
