/**
 * Tray icon with the unread count in its tooltip and title, the dock/taskbar
 * badge, and a menu: open, status online/away, quit. The count comes from the
 * offline cache, so it stays right with no network.
 */
import { Menu, Tray, app, nativeImage, type BrowserWindow } from 'electron';
import type { Presence } from '../../shared/domain.js';
import { renderBadgePng } from './badge-image.js';

export interface TrayHandle {
  setUnread(count: number): void;
  setPresence(presence: Presence): void;
  destroy(): void;
}

export interface TrayOptions {
  readonly iconPath: string;
  readonly getWindow: () => BrowserWindow | null;
  readonly onPresence: (presence: Exclude<Presence, 'offline'>) => void;
  readonly onQuit: () => void;
  readonly label: (key: 'open' | 'online' | 'away' | 'quit' | 'unread', count?: number) => string;
}

export function createTray(options: TrayOptions): TrayHandle {
  const tray = new Tray(nativeImage.createFromPath(options.iconPath).resize({ width: 16, height: 16 }));
  let presence: Presence = 'online';
  let unread = 0;

  const showWindow = () => {
    const win = options.getWindow();
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };

  const rebuild = () => {
    tray.setToolTip(`Switchboard — ${options.label('unread', unread)}`);
    if (process.platform === 'darwin') tray.setTitle(unread > 0 ? String(unread) : '');
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: options.label('open'), click: showWindow },
        { type: 'separator' },
        {
          label: options.label('online'),
          type: 'radio',
          checked: presence === 'online',
          click: () => options.onPresence('online'),
        },
        {
          label: options.label('away'),
          type: 'radio',
          checked: presence === 'away',
          click: () => options.onPresence('away'),
        },
        { type: 'separator' },
        { label: options.label('quit'), click: options.onQuit },
      ]),
    );
  };
  tray.on('click', showWindow);
  rebuild();

  return {
    setUnread(count) {
      unread = count;
      // macOS dock and Linux Unity badges; Windows shows the count as a drawn badge over the taskbar button.
      app.setBadgeCount(count);
      const win = options.getWindow();
      if (process.platform === 'win32' && win) {
        const badge = count > 0 ? nativeImage.createFromBuffer(renderBadgePng(count)) : null;
        win.setOverlayIcon(badge, options.label('unread', count));
      }
      rebuild();
    },
    setPresence(next) {
      presence = next;
      rebuild();
    },
    destroy() {
      tray.destroy();
    },
  };
}
