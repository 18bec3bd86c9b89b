/**
 * IPC: one handler per ClientApi method. Each checks that the call comes from
 * our own renderer, then hands the raw arguments to the core's guard, which
 * parses them with the shared schemas before the service sees them.
 */
import { ipcMain, type BrowserWindow } from 'electron';
import { API_METHOD_NAMES, IPC_EVENT_CHANNEL, IPC_PREFIX } from '../../shared/api-methods.js';
import type { ClientEvent } from '../../shared/api.js';
import { AppError } from '../../shared/errors.js';
import { isTrustedSender } from './sender-check.js';

export type ApiCaller = (method: string, args: unknown[]) => Promise<unknown>;

export function registerIpcHandlers(callApi: ApiCaller, rendererUrl: string): void {
  for (const method of API_METHOD_NAMES) {
    ipcMain.handle(`${IPC_PREFIX}${method}`, async (event, ...args: unknown[]) => {
      if (!isTrustedSender(event.senderFrame?.url, rendererUrl)) {
        throw new AppError('FORBIDDEN', 'IPC from an untrusted frame');
      }
      try {
        return await callApi(method, args);
      } catch (error) {
        // Electron passes only the message across IPC: carry the code in it for the renderer.
        if (error instanceof AppError) throw new Error(JSON.stringify(error.toBody()));
        throw error;
      }
    });
  }
}

export function forwardEvent(win: BrowserWindow | null, event: ClientEvent): void {
  if (win && !win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, event);
}
