/**
 * IPC: one handler per ClientApi method. Each checks that the call comes from
 * our own renderer, then hands the raw arguments to the core's guard, which
 * parses them with the shared schemas before the service sees them. A handler
 * never throws: it resolves the guard's ApiResult, because Electron passes
 * only the message of a thrown error and the renderer needs the code.
 */
import { ipcMain, type BrowserWindow } from 'electron';
import { API_METHOD_NAMES, IPC_EVENT_CHANNEL, IPC_PREFIX } from '../../shared/api-methods.js';
import type { ApiResult, ClientEvent } from '../../shared/api.js';
import { AppError } from '../../shared/errors.js';
import { isTrustedSender } from './sender-check.js';

export type ApiCaller = (method: string, args: unknown[]) => Promise<ApiResult<unknown>>;

export function registerIpcHandlers(callApi: ApiCaller, rendererUrl: string): void {
  for (const method of API_METHOD_NAMES) {
    ipcMain.handle(`${IPC_PREFIX}${method}`, async (event, ...args: unknown[]): Promise<ApiResult<unknown>> => {
      if (!isTrustedSender(event.senderFrame?.url, rendererUrl)) {
        return { ok: false, error: new AppError('FORBIDDEN', 'IPC from an untrusted frame').toBody() };
      }
      return callApi(method, args);
    });
  }
}

export function forwardEvent(win: BrowserWindow | null, event: ClientEvent): void {
  if (win && !win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, event);
}
