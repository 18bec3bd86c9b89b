import type { SliceCreator } from './app-store.js';
import type { ConversationStatus } from '../../../shared/domain.js';
import { langFromLocale, type Lang } from '../i18n/translate.js';
import { errorCodeOf } from './error-code.js';

export type Theme = 'system' | 'light' | 'dark';
export type DialogName = 'reassign' | 'help' | 'settings' | 'cannedReplies';
/** The two screens of the workspace: the inbox, or the admin console (admins only). */
export type WorkspaceView = 'inbox' | 'admin';
export const ADMIN_TABS = [
  'channels',
  'agents',
  'links',
  'templates',
  'cannedReplies',
  'credits',
  'clickToChat',
  'contactsTrash',
] as const;
export type AdminTab = (typeof ADMIN_TABS)[number];

export type Toast =
  | { id: number; kind: 'notification'; title: string; body: string; conversationId: string | null }
  | { id: number; kind: 'error'; code: string; undo?: StatusUndo }
  /** "Resolved · Undo" after `e`: Undo sets the status it had back through the hub. */
  | ({ id: number; kind: 'undo' } & StatusUndo)
  | { id: number; kind: 'window-warning'; conversationId: string; contactName: string; closesAt: number };
/** What Undo puts back on a conversation the agent just resolved by keyboard. */
export interface StatusUndo {
  readonly conversationId: string;
  readonly contactName: string;
  readonly status: ConversationStatus;
  readonly snoozedUntil: number | null;
}
type ToastInput = Toast extends infer T ? (T extends Toast ? Omit<T, 'id'> : never) : never;

export interface Lightbox {
  url: string;
  name: string;
}

export interface UiSlice {
  lang: Lang;
  theme: Theme;
  dialog: DialogName | null;
  view: WorkspaceView;
  adminTab: AdminTab;
  lightbox: Lightbox | null;
  toasts: Toast[];
  /** Bumped to ask the search box to take focus (the "/" shortcut). */
  searchFocusRequest: number;
  /** Whether the conversation's side panel (details and contact) is shown; remembered like the theme. */
  sidePanelOpen: boolean;
  setSidePanelOpen(open: boolean): void;
  /** A link in a message: the shell opens it with the system browser (never in the app); a refusal is a toast. */
  openLink(url: string): Promise<void>;
  setLang(lang: Lang): void;
  setTheme(theme: Theme): void;
  openDialog(dialog: DialogName): void;
  closeDialog(): void;
  /** Opens the admin console, on `tab` or where it was left. */
  openAdmin(tab?: AdminTab): void;
  closeAdmin(): void;
  openLightbox(lightbox: Lightbox): void;
  closeLightbox(): void;
  pushToast(toast: ToastInput): void;
  dismissToast(id: number): void;
  requestSearchFocus(): void;
}

const LANG_KEY = 'switchboard.lang';
const THEME_KEY = 'switchboard.theme';
const SIDE_PANEL_KEY = 'switchboard.sidePanel';
/** Older toasts drop off so a burst of messages cannot bury the screen. */
const MAX_TOASTS = 4;

function storedLang(value: string | null): Lang | null {
  return value === 'ja' || value === 'en' ? value : null;
}

function storedTheme(value: string | null): Theme {
  return value === 'light' || value === 'dark' ? value : 'system';
}

export const createUiSlice: SliceCreator<UiSlice> = ({ set, get, api, env }) => {
  let nextToastId = 1;
  return {
    lang: storedLang(env.storage.getItem(LANG_KEY)) ?? langFromLocale(env.locale),
    theme: storedTheme(env.storage.getItem(THEME_KEY)),
    dialog: null,
    view: 'inbox',
    adminTab: 'channels',
    lightbox: null,
    toasts: [],
    searchFocusRequest: 0,
    sidePanelOpen: env.storage.getItem(SIDE_PANEL_KEY) !== 'closed',
    setLang(lang) {
      env.storage.setItem(LANG_KEY, lang);
      set({ lang });
    },
    setTheme(theme) {
      env.storage.setItem(THEME_KEY, theme);
      set({ theme });
    },
    setSidePanelOpen(open) {
      env.storage.setItem(SIDE_PANEL_KEY, open ? 'open' : 'closed');
      set({ sidePanelOpen: open });
    },
    async openLink(url) {
      try {
        await api.openExternalLink(url);
      } catch (error) {
        get().pushToast({ kind: 'error', code: errorCodeOf(error) });
      }
    },
    openDialog(dialog) {
      set({ dialog });
    },
    closeDialog() {
      set({ dialog: null });
    },
    openAdmin(tab) {
      set({ view: 'admin', adminTab: tab ?? get().adminTab, dialog: null });
    },
    closeAdmin() {
      set({ view: 'inbox' });
    },
    openLightbox(lightbox) {
      set({ lightbox });
    },
    closeLightbox() {
      set({ lightbox: null });
    },
    pushToast(toast) {
      const id = nextToastId++;
      // Grouped per conversation: a newer notice about the same conversation replaces the older one.
      const replaced = (t: Toast) =>
        toast.kind !== 'error' &&
        t.kind === toast.kind &&
        'conversationId' in t &&
        t.conversationId === toast.conversationId;
      const kept = toast.kind === 'error' ? get().toasts : get().toasts.filter((t) => !replaced(t));
      set({ toasts: [...kept, { ...toast, id }].slice(-MAX_TOASTS) });
    },
    dismissToast(id) {
      set({ toasts: get().toasts.filter((t) => t.id !== id) });
    },
    requestSearchFocus() {
      set({ searchFocusRequest: get().searchFocusRequest + 1 });
    },
  };
};
