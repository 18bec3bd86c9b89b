/**
 * The preload exposes exactly the ClientApi contract as `window.api` and
 * nothing else: every method becomes one `ipcRenderer.invoke` on its own
 * channel, and pushes arrive on one event channel. No Node or Electron object
 * ever reaches the page (contextIsolation + sandbox).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_METHOD_NAMES, IPC_EVENT_CHANNEL, IPC_PREFIX } from '../shared/api-methods.js';

type Listener = (event: unknown) => void;

const api: Record<string, unknown> = {};
for (const method of API_METHOD_NAMES) {
  api[method] = (...args: unknown[]) => ipcRenderer.invoke(`${IPC_PREFIX}${method}`, ...args);
}
api.onEvent = (listener: Listener) => {
  const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
  ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
  return () => {
    ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward);
  };
};

contextBridge.exposeInMainWorld('api', Object.freeze(api));
