/**
 * The renderer's state: one zustand store built from slices (session,
 * connection, inbox, search, conversation, composer, typing, ui). Actions live here and
 * are the only code that talks to the main process, through the ClientApi it is
 * given — `window.api` in the app, an in-memory double in component tests.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ClientApi } from '../../../shared/api.js';
import { createSessionSlice, type SessionSlice } from './session-slice.js';
import { createConnectionSlice, type ConnectionSlice } from './connection-slice.js';
import { createInboxSlice, type InboxSlice } from './inbox-slice.js';
import { createSearchSlice, type SearchSlice } from './search-slice.js';
import { createConversationSlice, type ConversationSlice } from './conversation-slice.js';
import { createComposerSlice, type ComposerSlice } from './composer-slice.js';
import { createUiSlice, type UiSlice } from './ui-slice.js';
import { createTypingSlice, type TypingSlice } from './typing-slice.js';
import { createCannedRepliesSlice, type CannedRepliesSlice } from './canned-replies-slice.js';
import { createActivitySlice, type ActivitySlice } from './activity-slice.js';
import { createQueueSlice, type QueueSlice } from './queue-slice.js';
import { applyClientEvent } from './client-events.js';

export type AppState = SessionSlice &
  ConnectionSlice &
  InboxSlice &
  SearchSlice &
  ConversationSlice &
  ComposerSlice &
  TypingSlice &
  CannedRepliesSlice &
  ActivitySlice &
  QueueSlice &
  UiSlice;
export type AppStore = StoreApi<AppState>;

/** What the store needs from its surroundings besides the api; injectable for tests. */
export interface StoreEnv {
  /** Remembers the hub address, language and theme between runs. */
  readonly storage: Pick<Storage, 'getItem' | 'setItem'>;
  /** The OS language (navigator.language). */
  readonly locale: string;
  /** How long the composer waits after the last keystroke before saving the draft. */
  readonly draftDelayMs: number;
}

export interface SliceContext {
  readonly set: AppStore['setState'];
  readonly get: AppStore['getState'];
  readonly api: ClientApi;
  readonly env: StoreEnv;
}

export type SliceCreator<T> = (ctx: SliceContext) => T;

export function createAppStore(api: ClientApi, env: StoreEnv): AppStore {
  return createStore<AppState>()((set, get) => {
    const ctx: SliceContext = { set, get, api, env };
    return {
      ...createSessionSlice(ctx),
      ...createConnectionSlice(ctx),
      ...createInboxSlice(ctx),
      ...createSearchSlice(ctx),
      ...createConversationSlice(ctx),
      ...createComposerSlice(ctx),
      ...createTypingSlice(ctx),
      ...createCannedRepliesSlice(ctx),
      ...createActivitySlice(ctx),
      ...createQueueSlice(ctx),
      ...createUiSlice(ctx),
    };
  });
}

/** Subscribes the store to the main process's pushes; returns the unsubscribe function. */
export function connectStoreToEvents(store: AppStore, api: ClientApi): () => void {
  return api.onEvent((event) => applyClientEvent(store.getState(), event));
}
