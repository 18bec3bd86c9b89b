import { SNIPPET_MARK_END, SNIPPET_MARK_START, type SearchHit } from '../../../shared/api.js';
import type { SliceCreator } from './app-store.js';
import { errorCodeOf } from './error-code.js';

export interface SearchSlice {
  searchQuery: string;
  /** Null when no search is active; the inbox list shows instead. */
  searchHits: SearchHit[] | null;
  searching: boolean;
  searchErrorCode: string | null;
  runSearch(query: string): Promise<void>;
  clearSearch(): void;
  /** Opens the conversation of a hit, scrolled to the message with the matched words highlighted. */
  openSearchHit(hit: SearchHit): void;
}

export const SEARCH_LIMIT = 50;

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
    async runSearch(query) {
      const trimmed = query.trim();
      const ticket = ++latest;
      if (!trimmed) {
        set({ searchQuery: query, searchHits: null, searching: false, searchErrorCode: null });
        return;
      }
      set({ searchQuery: query, searching: true, searchErrorCode: null });
      try {
        const hits = await api.search({ query: trimmed, limit: SEARCH_LIMIT });
        if (ticket === latest) set({ searchHits: hits, searching: false });
      } catch (error) {
        if (ticket === latest) set({ searchHits: [], searching: false, searchErrorCode: errorCodeOf(error) });
      }
    },
    clearSearch() {
      latest += 1;
      set({ searchQuery: '', searchHits: null, searching: false, searchErrorCode: null });
    },
    openSearchHit(hit) {
      get().selectConversation(hit.conversationId, { messageId: hit.messageId, terms: matchedTerms(hit.snippet) });
    },
  };
};
