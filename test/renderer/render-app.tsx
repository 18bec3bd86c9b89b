/** Renders the app (or one part of it) against a FakeClientApi with a fresh store. */
import { render, type RenderResult } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { App } from '../../src/renderer/src/app.js';
import { createAppStore, connectStoreToEvents, type AppStore } from '../../src/renderer/src/stores/app-store.js';
import { StoreProvider } from '../../src/renderer/src/stores/store-context.js';
import { ApiProvider } from '../../src/renderer/src/common/use-api.js';
import { FakeClientApi } from './fake-client-api.js';

export function memoryStorage(initial: Record<string, string> = {}): Pick<Storage, 'getItem' | 'setItem'> {
  const values = new Map(Object.entries(initial));
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
  };
}

export function makeStore(
  api: FakeClientApi,
  options: { locale?: string; storage?: Record<string, string> } = {},
): AppStore {
  return createAppStore(api, {
    storage: memoryStorage(options.storage),
    locale: options.locale ?? 'en-US',
    draftDelayMs: 0,
  });
}

export interface Rendered extends RenderResult {
  store: AppStore;
  api: FakeClientApi;
  user: ReturnType<typeof userEvent.setup>;
}

/** The whole app, as main.tsx mounts it. */
export function renderApp(api: FakeClientApi, options: { locale?: string } = {}): Rendered {
  const store = makeStore(api, options);
  const user = userEvent.setup();
  return { ...render(<App store={store} api={api} />), store, api, user };
}

/** One component inside the store provider, wired to the fake's events. */
export function renderWithStore(ui: ReactElement, api: FakeClientApi, store: AppStore = makeStore(api)): Rendered {
  connectStoreToEvents(store, api);
  const user = userEvent.setup();
  return {
    ...render(
      <StoreProvider store={store}>
        <ApiProvider api={api}>{ui}</ApiProvider>
      </StoreProvider>,
    ),
    store,
    api,
    user,
  };
}
