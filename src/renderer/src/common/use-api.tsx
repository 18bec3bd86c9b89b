/**
 * Hands components the ClientApi for calls that belong to one screen and keep
 * no shared state (the admin console's hub calls). Inbox, conversation and
 * composer state stays in the store, whose actions are its only callers.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { ClientApi } from '../../../shared/api.js';

const ApiContext = createContext<ClientApi | null>(null);

export function ApiProvider({ api, children }: { api: ClientApi; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): ClientApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside <ApiProvider>');
  return api;
}
