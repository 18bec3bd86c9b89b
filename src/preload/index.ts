/**
 * The preload exposes exactly the ClientApi methods as `window.api` and
 * nothing else: every method becomes one `ipcRenderer.invoke` on its own
 * channel and resolves the main process's ApiResult as it is (the renderer
 * reads `ok` and the error code; nothing is unwrapped here), and pushes arrive
 * on one event channel. No Node or Electron object ever reaches the page
 * (contextIsolation + sandbox). It imports only the zod-free name list.
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
