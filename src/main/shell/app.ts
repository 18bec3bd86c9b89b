/**
 * The Electron shell: wires the plain-Node client core to windows, tray,
 * notifications, IPC, deep links and power events. It holds no product logic;
 * everything it forwards is implemented and tested in src/main/core.
 */
import { app, BrowserWindow, net, shell } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
// electron-updater is CommonJS: its autoUpdater is a property of the default export under ESM.
import electronUpdater from 'electron-updater';
import type { ClientEvent } from '../../shared/api.js';
import { isExternalLink } from '../../shared/external-link.js';
import { createClientService, type ClientService } from '../core/client-service.js';
import { callApi } from '../core/ipc-guard.js';
import { consoleLogger } from './console-logger.js';
import { DEEP_LINK_SCHEME, conversationIdFromArgv, conversationIdFromLink } from './deep-link.js';
import { forwardEvent, registerIpcHandlers } from './ipc.js';
import { shellLabel } from './labels.js';
import { handleMediaProtocol, mediaUrlFor, openOrSaveMedia, registerMediaScheme } from './media-protocol.js';
import { showDesktopNotification } from './notifications.js';
import { watchPresence } from './presence-watch.js';
import { createSafeTokenStore } from './token-store.js';
import { createTray, type TrayHandle } from './tray.js';
import { createMainWindow, installContentSecurityPolicy } from './window.js';

export function runShell(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  registerMediaScheme();

  const rendererUrl =
    process.env['ELECTRON_RENDERER_URL'] ?? pathToFileURL(join(__dirname, '../renderer/index.html')).toString();
  const userDataDir = app.getPath('userData');
  let service: ClientService | null = null;

  let win: BrowserWindow | null = null;
  let tray: TrayHandle | null = null;
  let quitting = false;
  let pendingConversation: string | null = conversationIdFromArgv(process.argv);

  const openConversation = (conversationId: string | null) => {
    if (!win) return;
    win.show();
    win.focus();
    if (conversationId) forwardEvent(win, { type: 'open-conversation', conversationId });
  };

  app.on('second-instance', (_event, argv) => openConversation(conversationIdFromArgv(argv)));
  app.on('open-url', (event, url) => {
    event.preventDefault();
    const id = conversationIdFromLink(url);
    if (win) openConversation(id);
    else pendingConversation = id;
  });

  void app.whenReady().then(async () => {
    // The locale is known only once the app is ready.
    const core = createClientService({
      dataDir: join(userDataDir, 'accounts'),
      tokenStore: createSafeTokenStore(userDataDir),
      mediaUrlFor,
      locale: app.getLocale(),
    });
    service = core;
    installContentSecurityPolicy();
    // Open and Save act on what the core decided for the file (open-decision.ts), never on the renderer's say.
    const openableFileOf = async (id: string) => {
      const file = await core.attachmentFile(id);
      const { opening } = await core.openAttachment(id);
      return file && opening && { path: file.path, opening };
    };
    handleMediaProtocol((id) => core.attachmentFile(id));
    // A link in a message (openExternalLink, already checked by the guard's zod schema) goes to the OS's
    // browser or mail program; checked again here so nothing else ever reaches openExternal.
    core.onExternalLink((url) => {
      if (isExternalLink(url))
        void shell.openExternal(url).catch((error: unknown) => console.error('link failed', error));
    });

    const presence = watchPresence({
      publish: (next) => {
        void core.setPresence(next);
        tray?.setPresence(next);
      },
      onWake: () => core.wake(),
    });
    registerIpcHandlers((method, args) => {
      // The agent's own choice of presence wins over idle detection until they change it.
      if (method === 'setPresence' && (args[0] === 'online' || args[0] === 'away')) presence.choose(args[0]);
      return callApi(core, method, args, consoleLogger);
    }, rendererUrl);

    win = createMainWindow({
      preloadPath: join(__dirname, '../preload/index.cjs'),
      rendererUrl,
      userDataDir,
      onMediaLink: (url) =>
        void openOrSaveMedia(url, openableFileOf, win).catch((error: unknown) =>
          console.error('attachment link failed', error),
        ),
    });
    // Closing the window keeps the app in the tray; only Quit ends it.
    win.on('close', (event) => {
      if (quitting) return;
      event.preventDefault();
      win?.hide();
    });
    win.webContents.once('did-finish-load', () => {
      if (pendingConversation) openConversation(pendingConversation);
      pendingConversation = null;
    });

    const label = shellLabel(app.getLocale());
    tray = createTray({
      iconPath: join(__dirname, '../../build/icon.png'),
      getWindow: () => win,
      onPresence: (next) => presence.choose(next),
      onQuit: () => app.quit(),
      label,
    });

    core.onEvent((event: ClientEvent) => {
      forwardEvent(win, event);
      if (event.type === 'unread') tray?.setUnread(event.total);
      if (event.type === 'notification') {
        showDesktopNotification(event, { silent: event.silent, onOpen: openConversation });
      }
    });

    // Network back: reconnect at once instead of waiting for the next backoff step.
    let wasOnline = net.isOnline();
    setInterval(() => {
      const online = net.isOnline();
      if (online && !wasOnline) core.networkChanged();
      wasOnline = online;
    }, 5_000).unref();

    await core.start();
    if (app.isPackaged) void electronUpdater.autoUpdater.checkForUpdatesAndNotify();
  });

  app.on('window-all-closed', () => {
    // Stay in the tray: notifications keep arriving with the window closed.
  });
  app.on('before-quit', () => {
    quitting = true;
    tray?.destroy();
    void service?.stop();
  });
}
