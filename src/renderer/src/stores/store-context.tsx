/** Hands the store to components; they read it through narrow selectors only. */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AppState, AppStore } from './app-store.js';
import type { SessionSlice } from './session-slice.js';
import type { ConnectionSlice } from './connection-slice.js';
import type { InboxSlice } from './inbox-slice.js';
import type { SearchSlice } from './search-slice.js';
import type { ConversationSlice } from './conversation-slice.js';
import type { ComposerSlice } from './composer-slice.js';
import type { UiSlice } from './ui-slice.js';
import type { TypingSlice } from './typing-slice.js';

const StoreContext = createContext<AppStore | null>(null);

export function StoreProvider({ store, children }: { store: AppStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useStoreApi(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStoreApi outside <StoreProvider>');
  return store;
}

export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(useStoreApi(), selector);
}

export const useSession = <T,>(selector: (s: SessionSlice) => T): T => useAppStore(selector);
export const useConnection = <T,>(selector: (s: ConnectionSlice) => T): T => useAppStore(selector);
export const useInbox = <T,>(selector: (s: InboxSlice) => T): T => useAppStore(selector);
export const useSearch = <T,>(selector: (s: SearchSlice) => T): T => useAppStore(selector);
export const useConversation = <T,>(selector: (s: ConversationSlice) => T): T => useAppStore(selector);
export const useComposer = <T,>(selector: (s: ComposerSlice) => T): T => useAppStore(selector);
export const useTyping = <T,>(selector: (s: TypingSlice) => T): T => useAppStore(selector);
export const useUi = <T,>(selector: (s: UiSlice) => T): T => useAppStore(selector);
