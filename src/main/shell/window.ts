/**
 * The main window: locked down (contextIsolation, sandbox, no Node), a strict
 * CSP on every response, navigation and window.open refused (http(s) and mailto links go
 * to the OS browser), and its bounds remembered between runs.
 */
import { BrowserWindow, screen, session, shell } from 'electron';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { isExternalLink } from '../../shared/external-link.js';
import { CONTENT_SECURITY_POLICY, MEDIA_SCHEME } from './content-security-policy.js';
import { isAppUrl } from './sender-check.js';

const WindowState = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(400),
  height: z.number().int().min(300),
  maximized: z.boolean(),
});
type WindowState = z.infer<typeof WindowState>;

function loadWindowState(file: string): WindowState | null {
  try {
    const state = WindowState.parse(JSON.parse(readFileSync(file, 'utf8')));
    // Forget a position on a display that is no longer attached.
    const visible = screen.getAllDisplays().some((d) => {
      const a = d.workArea;
      return state.x >= a.x - 50 && state.y >= a.y - 50 && state.x < a.x + a.width && state.y < a.y + a.height;
    });
    return visible ? state : { ...state, x: 0, y: 0 };
  } catch {
    return null; // first run or an unreadable file: use the defaults
  }
}

/** The app's policy on every response but an attachment's, which keeps its own sandboxing one (media-protocol.ts). */
export function installContentSecurityPolicy(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    if (details.url.startsWith(`${MEDIA_SCHEME}:`)) return callback({});
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
}

export interface MainWindowOptions {
  readonly preloadPath: string;
  /** The dev server URL or the file:// URL of the built renderer. */
  readonly rendererUrl: string;
  readonly userDataDir: string;
  /** An attachment's Open or Save link (`sbmedia://attachment/<id>[?download=1]`). */
  readonly onMediaLink: (url: string) => void;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const stateFile = join(options.userDataDir, 'window-state.json');
  const saved = loadWindowState(stateFile);
  const win = new BrowserWindow({
    width: saved?.width ?? 1280,
    height: saved?.height ?? 800,
    ...(saved ? { x: saved.x, y: saved.y } : {}),
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Switchboard',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: true,
    },
  });
  if (saved?.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  win.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, options.rendererUrl)) event.preventDefault();
  });
  // The renderer opens message links through openExternalLink; a target=_blank link (the map of a location)
  // lands here. Either way only http:, https: and mailto: reach the OS (external-link.ts), never a new window.
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) void shell.openExternal(url);
    else if (url.startsWith(`${MEDIA_SCHEME}:`)) options.onMediaLink(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());

  const saveState = () => {
    const b = win.getNormalBounds();
    const state: WindowState = { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() };
    writeFileSync(stateFile, JSON.stringify(state));
  };
  win.on('close', saveState);

  void win.loadURL(options.rendererUrl);
  return win;
}
